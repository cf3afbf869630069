# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""sraps_company_info run end to end against the fake SRAPS."""

from __future__ import annotations

import json

import pytest

from ansible_collections.sraps.provisioning.plugins.modules import sraps_company_info
from ansible_collections.sraps.provisioning.tests.unit.utils.sraps_fake import (
    API_URL, COMPANY_UUID, KEY_ID, SECRET, Reply, run_module)

CUSTOMER = 'c' * 32
COMPANY = {'uuid': COMPANY_UUID, 'name': 'Demo Reseller', 'type': 'reseller', 'parent': None, 'country': 'DE',
           'city': 'Berlin', 'links': {'self': API_URL + 'companies/' + COMPANY_UUID,
                                       'endpoints': API_URL + 'companies/%s/endpoints/' % COMPANY_UUID}}
CUSTOMER_COMPANY = {'uuid': CUSTOMER, 'name': 'Demo Customer', 'type': 'end_user', 'parent': COMPANY_UUID,
                    'country': 'DE', 'city': 'Hamburg', 'links': {}}
COMPANIES = [
    {'uuid': COMPANY_UUID, 'name': 'Demo Reseller', 'type': 'reseller', 'parent': None},
    {'uuid': CUSTOMER, 'name': 'Demo Customer', 'type': 'end_user', 'parent': COMPANY_UUID},
    {'uuid': 'd' * 32, 'name': 'Other Customer', 'type': 'end_user', 'parent': COMPANY_UUID},
]
ARGS = {'api_url': API_URL, 'access_key_id': KEY_ID, 'access_key_secret': SECRET}


@pytest.fixture
def server(fake_sraps_clients):
    sraps = fake_sraps_clients
    sraps.route('GET', 'tokens/' + KEY_ID, Reply(200, {
        'id': KEY_ID, 'role': 'admin', 'links': {'company': API_URL + 'companies/' + COMPANY_UUID}}))
    sraps.route('GET', 'companies/' + COMPANY_UUID, Reply(200, COMPANY))
    sraps.route('GET', 'companies/' + CUSTOMER, Reply(200, CUSTOMER_COMPANY))
    sraps.route('GET', 'companies/', Reply(200, COMPANIES))
    return sraps


def test_own_company_and_companies(server, capsys):
    result = run_module(sraps_company_info.main, ARGS, capsys)

    assert result['_rc'] == 0
    assert result['changed'] is False
    assert 'failed' not in result
    assert result['company'] == COMPANY
    assert result['companies'] == COMPANIES
    assert result['access_key'] == {'id': KEY_ID, 'role': 'admin', 'description': None}
    assert SECRET not in json.dumps(result)
    # The token is read once: for the key's own company and for its role.
    assert [(r.method, r.path) for r in server.requests] == [
        ('GET', '/api/v1/tokens/' + KEY_ID),
        ('GET', '/api/v1/companies/' + COMPANY_UUID),
        ('GET', '/api/v1/companies/')]
    assert all(r.receiver is not None for r in server.requests)


@pytest.mark.parametrize('name, expected', [
    ('demo CUSTOMER', [COMPANIES[1]]),
    ('Demo Reseller', [COMPANIES[0]]),
    ('Nobody', []),
])
def test_filter_by_name(server, capsys, name, expected):
    result = run_module(sraps_company_info.main, dict(ARGS, name=name), capsys)
    assert result['changed'] is False
    assert result['companies'] == expected
    assert result['company'] == COMPANY


def test_company_named_by_the_user_reads_the_list_once(server, capsys):
    result = run_module(sraps_company_info.main, dict(ARGS, company='Demo Customer', _ansible_check_mode=True),
                        capsys)

    assert result['changed'] is False
    assert result['company'] == CUSTOMER_COMPANY
    assert result['companies'] == COMPANIES
    assert server.count('GET', 'companies/') == 1
    # Only for the access key's role: the company was named.
    assert server.count('GET', 'tokens/' + KEY_ID) == 1
    assert result['access_key'] == {'id': KEY_ID, 'role': 'admin', 'description': None}
    assert {r.method for r in server.requests} == {'GET'}


def test_unauthorized_fails_readably(server, capsys):
    server.route('GET', 'tokens/' + KEY_ID, Reply(401, {'detail': 'Invalid credentials %s' % SECRET}, {
        'WWW-Authenticate': 'Hawk error="Unknown credentials"'}))

    result = run_module(sraps_company_info.main, ARGS, capsys)

    assert result['_rc'] == 1
    assert result['failed'] is True
    assert result['status'] == 401
    assert result['msg'].startswith('GET /api/v1/tokens/%s failed with HTTP 401: authentication failed' % KEY_ID)
    assert 'access_key_secret' in result['msg'] and 'clock' in result['msg']
    assert 'Invalid credentials' in result['msg']
    assert SECRET not in repr(result)
    assert server.count() == 1


def test_retries_are_reported_as_warnings(server, capsys):
    server.route('GET', 'companies/', Reply(503, {'detail': 'maintenance'}, {'Retry-After': '2'}),
                 Reply(200, COMPANIES))

    result = run_module(sraps_company_info.main, ARGS, capsys)

    assert result['companies'] == COMPANIES
    assert server.clock.sleeps == [2.0]
    warnings = json.dumps(result.get('warnings', []))
    assert 'HTTP 503, retry 1 of 5' in warnings
