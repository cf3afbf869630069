# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""SrapsAccount: the company a task acts in (own company, uuid or name), companies planned by check
mode, and collections read once per run."""

from __future__ import annotations

import pytest

from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import SrapsError
from ansible_collections.sraps.provisioning.tests.unit.utils.sraps_fake import API_URL, COMPANY_UUID, KEY_ID, Reply

MAC = '000413aabbcc'
ENDPOINT = 'companies/%s/endpoints/%s' % (COMPANY_UUID, MAC)


def token_reply(company_url=API_URL + 'companies/' + COMPANY_UUID):
    links = {'self': API_URL + 'tokens/' + KEY_ID, 'company': company_url}
    return Reply(200, {'id': KEY_ID, 'role': 'admin', 'links': links})


COMPANIES = [
    {'uuid': 'a' * 32, 'name': 'Demo Reseller'},
    {'uuid': 'b' * 32, 'name': 'Acme'},
    {'uuid': 'c' * 32, 'name': 'acme'},
    {'uuid': 'd' * 32, 'name': 'Shop'},
    {'uuid': 'e' * 32, 'name': 'Shop'},
]


def test_company_from_the_access_key(sraps, make_client):
    sraps.route('GET', 'tokens/' + KEY_ID, token_reply())
    client = make_client()

    assert client.company_uuid == COMPANY_UUID
    assert client.url('endpoints') == API_URL + 'companies/%s/endpoints/' % COMPANY_UUID
    assert client.url('endpoint', mac=MAC) == API_URL + ENDPOINT
    assert sraps.count('GET', 'tokens/' + KEY_ID) == 1
    assert sraps.count() == 1


def test_company_from_the_access_key_empty_option(sraps, make_client):
    sraps.route('GET', 'tokens/' + KEY_ID, token_reply(API_URL + 'companies/' + 'f' * 32 + '/'))
    assert make_client(company='').company_uuid == 'f' * 32


def test_token_without_company_link(sraps, make_client):
    sraps.route('GET', 'tokens/' + KEY_ID, Reply(200, {'id': KEY_ID, 'links': {}}))
    with pytest.raises(SrapsError, match='set company'):
        make_client().company_uuid  # pylint: disable=expression-not-assigned


@pytest.mark.parametrize('given', [
    COMPANY_UUID,
    COMPANY_UUID.upper(),
    '3f2a9c0e-4b1d-4e8f-9a6b-5c4d3e2f1a0b',
    ' 3F2A9C0E-4B1D-4E8F-9A6B-5C4D3E2F1A0B ',
])
def test_company_uuid_used_as_is(sraps, make_client, given):
    client = make_client(company=given)
    assert client.company_uuid == COMPANY_UUID
    assert sraps.requests == []


@pytest.mark.parametrize('given, uuid', [
    ('Demo Reseller', 'a' * 32),
    ('demo reseller', 'a' * 32),
    (' DEMO RESELLER ', 'a' * 32),
    ('Acme', 'b' * 32),     # exact match wins over the case-insensitive ones
    ('acme', 'c' * 32),
])
def test_company_by_name(sraps, make_client, given, uuid):
    sraps.route('GET', 'companies/', Reply(200, COMPANIES))
    client = make_client(company=given)
    assert client.company_uuid == uuid
    assert client.company_uuid == uuid
    assert client.cached_list('companies') == COMPANIES
    assert sraps.count('GET', 'companies/') == 1
    assert sraps.count() == 1


def test_company_name_unknown(sraps, make_client):
    sraps.route('GET', 'companies/', Reply(200, COMPANIES))
    with pytest.raises(SrapsError) as exc_info:
        make_client(company='Nobody').company_uuid  # pylint: disable=expression-not-assigned
    msg = exc_info.value.msg
    assert "'Nobody'" in msg
    for name in ('Demo Reseller', 'Acme', 'acme', 'Shop'):
        assert name in msg


@pytest.mark.parametrize('given', ['Shop', 'ACME'])
def test_company_name_ambiguous(sraps, make_client, given):
    sraps.route('GET', 'companies/', Reply(200, COMPANIES))
    with pytest.raises(SrapsError) as exc_info:
        make_client(company=given).company_uuid  # pylint: disable=expression-not-assigned
    msg = exc_info.value.msg
    assert 'ambiguous' in msg
    expected = ('d' * 32, 'e' * 32) if given == 'Shop' else ('b' * 32, 'c' * 32)
    for uuid in expected:
        assert uuid in msg


def test_company_resolved_once_per_client(sraps, make_client):
    sraps.route('GET', 'tokens/' + KEY_ID, token_reply())
    sraps.route('GET', 'companies/' + COMPANY_UUID, Reply(200, {'uuid': COMPANY_UUID, 'name': 'Demo'}))
    sraps.route('GET', 'companies/%s/endpoints/' % COMPANY_UUID, Reply(200, []))
    client = make_client()

    assert client.company() == {'uuid': COMPANY_UUID, 'name': 'Demo'}
    client.list('endpoints')
    client.company()

    assert sraps.count('GET', 'tokens/' + KEY_ID) == 1
    assert sraps.count() == 4

    # another client (another module run) resolves again
    make_client().company_uuid  # pylint: disable=expression-not-assigned
    assert sraps.count('GET', 'tokens/' + KEY_ID) == 2


def test_check_mode_plans_a_company_created_by_the_same_run(sraps, make_client, warned):
    sraps.route('GET', 'companies/', Reply(200, COMPANIES))
    client = make_client(company='New Customer', check_mode=True, planned_company=True)

    assert client.company_uuid is None
    assert client.company() is None
    assert client.list('endpoints') == []
    assert client.get('endpoint', mac=MAC) is None
    assert [r.path for r in sraps.requests] == ['/api/v1/companies/']
    assert len(warned) == 1 and 'New Customer' in warned[0]


def test_unknown_company_still_fails_outside_check_mode(sraps, make_client):
    sraps.route('GET', 'companies/', Reply(200, COMPANIES))
    with pytest.raises(SrapsError, match='not among the companies'):
        make_client(company='New Customer', planned_company=True).list('endpoints')


def test_cached_list_reads_once(sraps, make_client):
    sraps.route('GET', 'settings/', Reply(200, [{'uuid': 's'}]))
    sraps.route('GET', 'companies/%s/endpoints/' % COMPANY_UUID, Reply(200, []))
    sraps.route('GET', 'companies/%s/endpoints/' % ('f' * 32), Reply(200, [{'mac': MAC}]))
    client = make_client(company=COMPANY_UUID)

    assert client.cached_list('settings') == [{'uuid': 's'}]
    assert client.cached_list('settings') == [{'uuid': 's'}]
    assert sraps.count('GET', 'settings/') == 1

    assert client.cached_list('endpoints') == []
    assert client.cached_list('endpoints', company='f' * 32) == [{'mac': MAC}]
    assert client.cached_list('endpoints', company='f' * 32) == [{'mac': MAC}]
    assert sraps.count() == 3
