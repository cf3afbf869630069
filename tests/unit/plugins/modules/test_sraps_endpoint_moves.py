# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""sraps_endpoint's move_from against the fake SRAPS: the check-mode prediction and diff, the restore of a
phone whose create failed, and the refusal of a sibling's MAC that names move_from."""

from __future__ import annotations

import pytest

from ansible_collections.sraps.provisioning.plugins.modules import sraps_endpoint
from ansible_collections.sraps.provisioning.tests.unit.plugins.module_utils.sraps_fakes import (
    LANGUAGE, PRODUCT_GROUPS, PRODUCTS, SETTINGS)
from ansible_collections.sraps.provisioning.tests.unit.utils.sraps_fake import (
    API_URL, COMPANY_UUID, KEY_ID, SECRET, Reply, run_module, serve_company)

HERE = 'companies/%s/' % COMPANY_UUID
ACME_UUID = 'b' * 32
ACME = 'companies/%s/' % ACME_UUID
MAC = '000413000001'
ARGS = {'api_url': API_URL, 'access_key_id': KEY_ID, 'access_key_secret': SECRET, 'company': COMPANY_UUID}
OLD = {'uuid': 'e' * 32, 'mac': MAC, 'name': 'Reception', 'autoprovisioning_enabled': False,
       'provisioning_profile': 'f' * 32, 'settings_manager': {LANGUAGE: {'value': 'Deutsch', 'attrs': {'perm': ''}}},
       'warranty_exp_warning_period': 3, 'product': None, 'last_seen': None, 'links': {}}
REFUSED = Reply(403, {'detail': 'User lacks permission to endpoint'})


@pytest.fixture
def server(fake_sraps_clients):
    sraps = serve_company(fake_sraps_clients, SETTINGS, PRODUCT_GROUPS, PRODUCTS)
    sraps.route('GET', 'companies/', Reply(200, [{'uuid': COMPANY_UUID, 'name': 'Bistro'},
                                                 {'uuid': ACME_UUID, 'name': 'Acme'}]))
    sraps.route('GET', HERE + 'endpoints/' + MAC, REFUSED)
    sraps.route('GET', ACME + 'endpoints/', Reply(200, [OLD]))
    return sraps


def writes(server):
    return [(r.method, r.path) for r in server.requests if r.method != 'GET']


def test_check_mode_predicts_the_move_and_shows_both_companies(server, capsys):
    result = run_module(sraps_endpoint.main, dict(ARGS, mac=MAC, name='Bar', move_from=['Acme'],
                                                  _ansible_check_mode=True, _ansible_diff=True), capsys)

    assert result['changed'] is True and writes(server) == []
    assert result['moved'] == [{'mac': MAC, 'from_company': 'Acme', 'from_uuid': ACME_UUID}]
    assert result['created'] == [] and result['summary']['moved'] == 1 and result['summary']['created'] == 0
    assert result['diff']['before']['company'] == 'Acme' and result['diff']['before']['name'] == 'Reception'
    assert result['diff']['after']['company'] == 'Bistro' and result['diff']['after']['name'] == 'Bar'
    assert result['endpoint']['name'] == 'Bar' and result['endpoint']['provisioning_profile'] is None


def test_a_create_that_keeps_failing_puts_the_phone_back(server, capsys):
    server.route('DELETE', ACME + 'endpoints/' + MAC, Reply(204))
    server.route('PUT', HERE + 'endpoints/' + MAC, Reply(503, {'detail': 'down'}))
    server.route('PUT', ACME + 'endpoints/' + MAC, lambda seen: Reply(200, dict(seen.json(), uuid='e' * 32)))

    result = run_module(sraps_endpoint.main, dict(ARGS, mac=MAC, name='Bar', move_from=['any'], retries=1), capsys)

    assert result['failed'] is True and result['moved'] == [] and result['summary']['failed'] == 1
    (failure,) = result['failures']
    assert failure['msg'].startswith("moving it from company 'Acme' failed: the create here failed because PUT "
                                     "failed with HTTP 503")
    assert failure['msg'].endswith("; restored to 'Acme' as it was")
    restore = [r for r in server.requests if r.method == 'PUT' and r.path.endswith(ACME + 'endpoints/' + MAC)]
    assert restore[-1].json() == {'mac': MAC, 'name': 'Reception', 'autoprovisioning_enabled': False,
                                  'provisioning_profile': 'f' * 32, 'warranty_exp_warning_period': 3,
                                  'settings_manager': OLD['settings_manager']}


def test_without_move_from_a_siblings_mac_fails_naming_move_from(server, capsys):
    server.route('PUT', HERE + 'endpoints/' + MAC, Reply(400, {'mac': ['taken_mac_or_forbidden']}))

    result = run_module(sraps_endpoint.main, dict(ARGS, mac=MAC, name='Bar'), capsys)

    assert result['failed'] is True and writes(server) == []
    assert "company 'Acme'" in result['failures'][0]['msg']
    assert result['failures'][0]['msg'].endswith('or move it here with move_from: ["Acme"]')
    assert result['moved'] == [] and 'moved' not in result['summary']


def test_an_unknown_company_in_move_from_writes_nothing(server, capsys):
    result = run_module(sraps_endpoint.main, dict(ARGS, mac=MAC, move_from=['Acne']), capsys)

    assert result['failed'] is True and writes(server) == []
    assert "move_from: company 'Acne' is not among the companies this key can see (Acme, Bistro)" in result['msg']


def test_a_delete_whose_answer_was_lost_counts_as_done(server, capsys):
    # SRAPS deleted the phone, but the answer was lost (502): the retry finds it gone (404).
    server.route('DELETE', ACME + 'endpoints/' + MAC, Reply(502, {'detail': 'bad gateway'}), Reply(404, {}))
    server.route('PUT', HERE + 'endpoints/' + MAC, lambda seen: Reply(200, dict(seen.json(), uuid='e' * 32)))

    result = run_module(sraps_endpoint.main, dict(ARGS, mac=MAC, name='Bar', move_from=['Acme']), capsys)

    assert result.get('failed') is not True, result.get('msg')
    assert result['moved'] == [{'mac': MAC, 'from_company': 'Acme', 'from_uuid': ACME_UUID}]
    assert result['summary']['moved'] == 1
    assert [m for m, dummy in writes(server)] == ['DELETE', 'DELETE', 'PUT']
