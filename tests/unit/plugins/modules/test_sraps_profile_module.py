# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""sraps_profile run end to end against the fake SRAPS: requests made, check mode, diff, secrets."""

from __future__ import annotations

import json

import pytest

from ansible_collections.sraps.provisioning.plugins.modules import sraps_profile
from ansible_collections.sraps.provisioning.tests.unit.plugins.module_utils.sraps_fakes import (
    ADMIN_PASS, D_SERIES, LANGUAGE, PRODUCT_GROUPS, PRODUCTS, SETTINGS)
from ansible_collections.sraps.provisioning.tests.unit.utils.sraps_fake import (
    API_URL, COMPANY_UUID, KEY_ID, SECRET, Reply, run_module)

BASE = 'companies/%s/' % COMPANY_UUID
UUID = 'f' * 32
SECRET_VALUE = 'pw-0815-never-shown'
ARGS = {'api_url': API_URL, 'access_key_id': KEY_ID, 'access_key_secret': SECRET, 'company': COMPANY_UUID,
        'name': 'Office'}
STORED = {'uuid': UUID, 'name': 'Office', 'product_group': D_SERIES, 'autoprovisioning_enabled': True,
          'settings_manager': {LANGUAGE: {'value': 'Deutsch', 'attrs': {'perm': ''}},
                               ADMIN_PASS: {'value': '********', 'attrs': {'perm': 'R'}}},
          'links': {}}


@pytest.fixture
def server(fake_sraps_clients):
    sraps = fake_sraps_clients
    sraps.route('GET', 'settings/', Reply(200, SETTINGS))
    sraps.route('GET', 'product-groups/', Reply(200, PRODUCT_GROUPS))
    sraps.route('GET', 'products/', Reply(200, PRODUCTS))
    sraps.route('GET', BASE + 'provisioning-profiles/', Reply(200, [STORED]))
    sraps.route('GET', BASE + 'endpoints/', Reply(200, []))
    return sraps


def writes(server):
    return [(r.method, r.path) for r in server.requests if r.method != 'GET']


def test_create_in_check_mode_writes_nothing_and_predicts(server, capsys):
    server.route('GET', BASE + 'provisioning-profiles/', Reply(200, []))
    args = dict(ARGS, product_group='D-Series', settings={'language': 'Deutsch', 'admin_mode_password': SECRET_VALUE},
                _ansible_check_mode=True, _ansible_diff=True)

    result = run_module(sraps_profile.main, args, capsys)

    assert result['changed'] is True
    assert writes(server) == []
    assert result['profile']['uuid'] is None
    assert result['profile']['settings'] == {'language': 'Deutsch', 'admin_mode_password': '********'}
    assert result['diff']['before'] == {}
    assert result['diff']['after']['settings']['admin_mode_password'] == '******** (new value)'
    assert SECRET_VALUE not in json.dumps(result)


def test_create_posts_the_object(server, capsys):
    server.route('GET', BASE + 'provisioning-profiles/', Reply(200, []))
    created = dict(STORED, settings_manager={LANGUAGE: {'value': 'Deutsch', 'attrs': {'perm': ''}}})
    server.route('POST', BASE + 'provisioning-profiles/', Reply(201, created))

    result = run_module(sraps_profile.main, dict(ARGS, product_group='d-series', settings={'language': 'Deutsch'}),
                        capsys)

    assert result['changed'] is True
    (post,) = [r for r in server.requests if r.method == 'POST']
    assert post.json() == {'name': 'Office', 'product_group': D_SERIES,
                           'settings_manager': {LANGUAGE: {'value': 'Deutsch', 'attrs': {'perm': ''}}}}
    assert result['profile']['uuid'] == UUID


def test_no_change_with_stored_password_and_string_boolean(server, capsys):
    server.route('GET', BASE + 'provisioning-profiles/', Reply(200, [dict(STORED, autoprovisioning_enabled='true')]))
    args = dict(ARGS, autoprovisioning='yes', settings={'language': 'Deutsch', 'admin_mode_password': SECRET_VALUE})

    result = run_module(sraps_profile.main, args, capsys)

    assert result['changed'] is False
    assert writes(server) == []
    assert result['profile']['settings']['admin_mode_password'] == {'value': '********', 'perm': 'R'}
    assert SECRET_VALUE not in json.dumps(result)


def test_update_refused_when_it_would_send_an_undeclared_password_back_masked(server, capsys):
    result = run_module(sraps_profile.main, dict(ARGS, autoprovisioning=False, _ansible_check_mode=True), capsys)
    assert result['failed'] is True
    result = run_module(sraps_profile.main, dict(ARGS, autoprovisioning=False), capsys)

    assert result['failed'] is True
    assert "profile 'Office' holds password settings that this task gives no value for: admin_mode_password" \
        in result['msg']
    assert writes(server) == []


def test_update_puts_the_whole_object_with_the_declared_password(server, capsys):
    server.route('PUT', BASE + 'provisioning-profiles/' + UUID,
                 lambda seen: Reply(200, dict(seen.json(), uuid=UUID, links={})))
    args = dict(ARGS, autoprovisioning=False, settings={'admin_mode_password': SECRET_VALUE}, _ansible_diff=True)

    result = run_module(sraps_profile.main, args, capsys)

    assert result['changed'] is True
    (put,) = [r for r in server.requests if r.method == 'PUT']
    sent = dict(STORED['settings_manager'], **{ADMIN_PASS: {'value': SECRET_VALUE, 'attrs': {'perm': 'R'}}})
    assert put.json() == {'name': 'Office', 'product_group': D_SERIES, 'autoprovisioning_enabled': False,
                          'settings_manager': sent}
    assert result['diff']['before']['autoprovisioning'] is True
    assert result['diff']['after']['autoprovisioning'] is False
    # Re-sent, not changed: the diff shows no new password.
    assert result['diff']['after']['settings'] == result['diff']['before']['settings']
    assert SECRET_VALUE not in json.dumps(result)


def test_update_with_server_keeps_puts_the_mask_back(server, capsys):
    server.route('PUT', BASE + 'provisioning-profiles/' + UUID,
                 lambda seen: Reply(200, dict(seen.json(), uuid=UUID, links={})))

    result = run_module(sraps_profile.main, dict(ARGS, autoprovisioning=False, masked_secrets='server_keeps'), capsys)

    assert result['changed'] is True
    (put,) = [r for r in server.requests if r.method == 'PUT']
    assert put.json()['settings_manager'] == STORED['settings_manager']


def test_update_password_always_sends_it_but_never_shows_it(server, capsys):
    server.route('PUT', BASE + 'provisioning-profiles/' + UUID, Reply(200, STORED))
    args = dict(ARGS, settings={'admin_mode_password': SECRET_VALUE}, update_password='always', _ansible_diff=True)

    result = run_module(sraps_profile.main, args, capsys)

    assert result['changed'] is True
    (put,) = [r for r in server.requests if r.method == 'PUT']
    assert put.json()['settings_manager'][ADMIN_PASS] == {'value': SECRET_VALUE, 'attrs': {'perm': 'R'}}
    assert SECRET_VALUE not in json.dumps(result)


def test_delete_of_a_profile_in_use_fails_before_writing(server, capsys):
    server.route('GET', BASE + 'endpoints/', Reply(200, [{'mac': '000413000001', 'provisioning_profile': UUID}]))

    result = run_module(sraps_profile.main, dict(ARGS, state='absent'), capsys)

    assert result['failed'] is True
    assert 'used by 1 phone(s): 000413000001' in result['msg']
    assert writes(server) == []


def test_delete(server, capsys):
    server.route('DELETE', BASE + 'provisioning-profiles/' + UUID, Reply(204))
    result = run_module(sraps_profile.main, dict(ARGS, state='absent', _ansible_diff=True), capsys)
    assert result['changed'] is True
    assert result['profile'] == {}
    assert result['diff']['after'] == {}
    assert writes(server) == [('DELETE', '/api/v1/' + BASE + 'provisioning-profiles/' + UUID)]


def test_missing_product_group_on_create_fails_clearly(server, capsys):
    server.route('GET', BASE + 'provisioning-profiles/', Reply(200, []))
    result = run_module(sraps_profile.main, ARGS, capsys)
    assert result['failed'] is True
    assert 'product_group is required to create profile' in result['msg']


def test_unknown_uuid_fails_instead_of_creating(server, capsys):
    result = run_module(sraps_profile.main, dict(ARGS, uuid='e' * 32), capsys)
    assert result['failed'] is True
    assert 'leave uuid out to create' in result['msg']
    assert writes(server) == []


@pytest.mark.parametrize('settings', [
    {'admin_mode_pasword': SECRET_VALUE},                                # a typo of a password setting
    {'admin_mode_password': SECRET_VALUE, 'no_such_setting': 'x'},       # a password next to an error
])
def test_a_failing_task_does_not_echo_password_values(server, capsys, settings):
    result = run_module(sraps_profile.main, dict(ARGS, settings=settings), capsys)

    assert result['failed'] is True
    assert 'invalid settings' in result['msg']
    assert SECRET_VALUE not in json.dumps(result)
    assert writes(server) == []


def test_password_hidden_when_the_first_request_fails(server, capsys):
    server.route('GET', 'settings/', Reply(503, {'detail': 'maintenance'}))
    result = run_module(sraps_profile.main, dict(ARGS, retries=0, settings={'http_pass': SECRET_VALUE}), capsys)
    assert result['failed'] is True
    assert SECRET_VALUE not in json.dumps(result)
