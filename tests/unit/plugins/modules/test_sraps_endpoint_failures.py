# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""sraps_endpoint's failed results: every failure path says per phone what happened (`failures`, and
the outcome lists), so that roles and reports never read the message."""

from __future__ import annotations

import pytest

from ansible_collections.sraps.provisioning.plugins.modules import sraps_endpoint
from ansible_collections.sraps.provisioning.tests.unit.plugins.module_utils.sraps_fakes import (
    PRODUCT_GROUPS, PRODUCTS, SETTINGS)
from ansible_collections.sraps.provisioning.tests.unit.utils.sraps_fake import (
    API_URL, COMPANY_UUID, KEY_ID, SECRET, Reply, run_module, serve_company)

BASE = 'companies/%s/' % COMPANY_UUID
ARGS = {'api_url': API_URL, 'access_key_id': KEY_ID, 'access_key_secret': SECRET, 'company': COMPANY_UUID,
        'retries': 0}
NOTHING = {'created': [], 'updated': [], 'deleted': [], 'unchanged': []}
FORMS = '00:04:13:AA:BB:CC, 00-04-13-aa-bb-cc, 0004.13aa.bbcc or 000413AABBCC'


@pytest.fixture
def server(fake_sraps_clients):
    sraps = serve_company(fake_sraps_clients, SETTINGS, PRODUCT_GROUPS, PRODUCTS)
    for last in ('01', '02', '03'):
        sraps.route('GET', BASE + 'endpoints/0004134000%s/' % last, Reply(404, {'detail': 'Not found.'}))
    return sraps


def outcome_lists(result):
    return dict((k, result[k]) for k in NOTHING)


def test_invalid_and_repeated_macs_are_failures_each_with_its_reason(server, capsys):
    args = dict(ARGS, endpoints=[{'mac': '00:04:13:40:00:01'}, {'mac': 'not-a-mac'}, {'mac': '0004.1340.0001'}])

    result = run_module(sraps_endpoint.main, args, capsys)

    assert result['failed'] is True
    # the message is unchanged: other tests and users' log searches rely on it
    assert result['msg'] == (
        "invalid MAC addresses, nothing was written: item 2: 'not-a-mac' is not a MAC address (write it as %s); "
        "item 3: '0004.1340.0001' is the same phone as item 1 (000413400001)" % FORMS)
    assert result['failures'] == [
        {'mac': 'not-a-mac', 'msg': "item 2: 'not-a-mac' is not a MAC address (write it as %s)" % FORMS},
        {'mac': '000413400001', 'msg': "item 3: '0004.1340.0001' is the same phone as item 1 (000413400001)"},
    ]
    assert outcome_lists(result) == NOTHING
    assert result['summary'] == {'created': 0, 'updated': 0, 'deleted': 0, 'unchanged': 0, 'failed': 2}
    assert server.requests == []


def test_an_invalid_single_mac_is_a_failure(server, capsys):
    result = run_module(sraps_endpoint.main, dict(ARGS, mac='00:04:13'), capsys)

    assert result['failures'] == [{'mac': '00:04:13', 'msg': "item 1: '00:04:13' is not a MAC address (write it as %s)"
                                   % FORMS}]
    assert server.requests == []


def test_invalid_input_of_one_phone_lists_that_phone_and_writes_nothing(server, capsys):
    args = dict(ARGS, endpoints=[{'mac': '00:04:13:40:00:01'}, {'mac': '00:04:13:40:00:02', 'profile': 'Nope'}])

    result = run_module(sraps_endpoint.main, args, capsys)

    assert result['msg'].startswith('nothing was written: phone 000413400002: unknown profile')
    assert [f['mac'] for f in result['failures']] == ['000413400002']
    assert result['failures'][0]['msg'].startswith("unknown profile 'Nope'")
    # the first phone is in no list: it was not written because of the second
    assert outcome_lists(result) == NOTHING
    assert result['summary']['failed'] == 1
    assert [r for r in server.requests if r.method != 'GET'] == []


def test_an_api_error_before_any_write_fails_every_phone_with_that_reason(server, capsys):
    server.route('GET', 'settings/', Reply(500, {'detail': 'database unavailable'}))
    args = dict(ARGS, endpoints=[{'mac': '00:04:13:40:00:01', 'settings': {'language': 'Deutsch'}},
                                 {'mac': '00:04:13:40:00:02', 'settings': {'language': 'Deutsch'}}])

    result = run_module(sraps_endpoint.main, args, capsys)

    assert result['failed'] is True and result['status'] == 500
    assert result['failures'] == [{'mac': '000413400001', 'msg': result['msg']},
                                  {'mac': '000413400002', 'msg': result['msg']}]
    assert 'database unavailable' in result['msg']
    assert outcome_lists(result) == NOTHING
    assert result['summary']['failed'] == 2


@pytest.mark.parametrize('extra, msg', [
    ({'parallel': 0}, 'parallel must be 1 or more, got 0'),
    ({'purge_endpoints': True, 'mac': '00:04:13:40:00:03'}, 'purge_endpoints works with the endpoints list, not with mac'),
])
def test_a_wrong_option_fails_every_phone_with_that_reason(server, capsys, extra, msg):
    args = dict(ARGS, **extra)
    if 'mac' not in args:
        args['endpoints'] = [{'mac': '00:04:13:40:00:03'}]

    result = run_module(sraps_endpoint.main, args, capsys)

    assert result['msg'] == msg
    assert result['failures'] == [{'mac': '000413400003', 'msg': msg}]
    assert outcome_lists(result) == NOTHING
    assert server.requests == []


def test_purge_with_an_empty_list_has_no_phone_to_name(server, capsys):
    result = run_module(sraps_endpoint.main, dict(ARGS, endpoints=[], purge_endpoints=True), capsys)

    assert 'every phone of the company' in result['msg']
    assert result['failures'] == [] and outcome_lists(result) == NOTHING
    assert server.requests == []
