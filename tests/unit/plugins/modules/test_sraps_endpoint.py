# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""sraps_endpoint run end to end against the fake SRAPS: create, no-op, update, delete, check mode, diff,
and a bulk task in which some phones fail."""

from __future__ import annotations

import json

import pytest

from ansible_collections.sraps.provisioning.plugins.modules import sraps_customer, sraps_endpoint
from ansible_collections.sraps.provisioning.tests.unit.plugins.module_utils.sraps_fakes import (
    ADMIN_PASS, D_SERIES, LANGUAGE, PRODUCT_GROUPS, PRODUCTS, SETTINGS)
from ansible_collections.sraps.provisioning.tests.unit.utils.sraps_fake import (
    API_URL, COMPANY_UUID, KEY_ID, SECRET, Reply, run_module, serve_company)

BASE = 'companies/%s/' % COMPANY_UUID
MAC = '000413000001'
PROFILE_UUID = 'c' * 32
PROFILE = {'uuid': PROFILE_UUID, 'name': 'Office', 'product_group': D_SERIES, 'autoprovisioning_enabled': True,
           'settings_manager': {}, 'links': {}}
SECRET_VALUE = 'pw-4711-never-shown'
ARGS = {'api_url': API_URL, 'access_key_id': KEY_ID, 'access_key_secret': SECRET, 'company': COMPANY_UUID}


def stored(mac=MAC, **fields):
    out = {'uuid': 'e' * 32, 'mac': mac, 'name': 'Desk 1', 'autoprovisioning_enabled': True,
           'provisioning_profile': PROFILE_UUID,
           'settings_manager': {LANGUAGE: {'value': 'Deutsch', 'attrs': {'perm': ''}}},
           'warranty_exp_warning_period': 3, 'product': None, 'last_seen': None, 'links': {}}
    out.update(fields)
    return out


def echo(seen):
    """What SRAPS answers to a PUT: the body with the fields it fills in."""
    return Reply(200, dict(seen.json(), uuid='e' * 32, product=None, last_seen=None, links={}))


@pytest.fixture
def server(fake_sraps_clients):
    return serve_company(fake_sraps_clients, SETTINGS, PRODUCT_GROUPS, PRODUCTS, [PROFILE])


def writes(server):
    return [(r.method, r.path[len('/api/v1/' + BASE):]) for r in server.requests if r.method != 'GET']


def test_create_puts_the_whole_phone(server, capsys):
    server.route('PUT', BASE + 'endpoints/' + MAC, echo)

    result = run_module(sraps_endpoint.main, dict(ARGS, mac='00:04:13:00:00:01', name='Desk 1', profile='Office',
                                                  settings={'language': 'Deutsch'}), capsys)

    assert result['changed'] is True
    assert result['created'] == [MAC]
    (put,) = [r for r in server.requests if r.method == 'PUT']
    assert put.json() == {'mac': MAC, 'name': 'Desk 1', 'provisioning_profile': PROFILE_UUID,
                          'autoprovisioning_enabled': True, 'warranty_exp_warning_period': 3,
                          'settings_manager': {LANGUAGE: {'value': 'Deutsch', 'attrs': {'perm': ''}}}}
    assert result['endpoint']['settings'] == {'language': 'Deutsch'}
    assert 'links' not in result['endpoint']


def test_nothing_to_change_writes_nothing(server, capsys):
    server.route('GET', BASE + 'endpoints/' + MAC, Reply(200, stored(autoprovisioning_enabled='true')))

    result = run_module(sraps_endpoint.main, dict(ARGS, mac=MAC, name='Desk 1', profile='Office', autoprovisioning=True,
                                                  settings={'language': 'Deutsch'}), capsys)

    assert result['changed'] is False
    assert result['unchanged'] == [MAC]
    assert writes(server) == []
    assert result['endpoint']['name'] == 'Desk 1'


def test_update_keeps_what_is_not_set_and_shows_the_diff(server, capsys):
    server.route('GET', BASE + 'endpoints/' + MAC, Reply(200, stored()))
    server.route('PUT', BASE + 'endpoints/' + MAC, echo)

    result = run_module(sraps_endpoint.main, dict(ARGS, mac=MAC, name='Desk 2', _ansible_diff=True), capsys)

    assert result['changed'] is True and result['updated'] == [MAC]
    (put,) = [r for r in server.requests if r.method == 'PUT']
    assert put.json()['name'] == 'Desk 2'
    assert put.json()['settings_manager'] == stored()['settings_manager']
    assert result['diff']['before']['name'] == 'Desk 1'
    assert result['diff']['after']['name'] == 'Desk 2'
    assert result['diff']['after']['profile'] == 'Office'


def test_delete(server, capsys):
    server.route('GET', BASE + 'endpoints/' + MAC, Reply(200, stored()))
    server.route('DELETE', BASE + 'endpoints/' + MAC, Reply(204))

    result = run_module(sraps_endpoint.main, dict(ARGS, mac=MAC, state='absent', _ansible_diff=True), capsys)

    assert result['changed'] is True and result['deleted'] == [MAC]
    assert writes(server) == [('DELETE', 'endpoints/' + MAC)]
    assert result['endpoint'] is None
    assert result['diff']['after'] == {}


def test_delete_of_a_missing_phone_is_no_change(server, capsys):
    result = run_module(sraps_endpoint.main, dict(ARGS, mac=MAC, state='absent'), capsys)
    assert result['changed'] is False
    assert writes(server) == []


def test_check_mode_predicts_without_writing_and_never_shows_a_password(server, capsys):
    args = dict(ARGS, mac=MAC, profile='Office', settings={'admin_mode_password': SECRET_VALUE},
                _ansible_check_mode=True, _ansible_diff=True)

    result = run_module(sraps_endpoint.main, args, capsys)

    assert result['changed'] is True and result['created'] == [MAC]
    assert writes(server) == []
    assert result['endpoint']['settings'] == {'admin_mode_password': '********'}
    assert result['endpoint']['settings_manager'][ADMIN_PASS]['value'] == '********'
    assert result['diff']['before'] == {}
    assert result['diff']['after']['settings']['admin_mode_password'] == '******** (new value)'
    assert SECRET_VALUE not in json.dumps(result)


def test_bulk_failures_name_each_phone_and_the_others_are_written(server, capsys):
    macs = ['0004130000%02d' % i for i in range(1, 13)]     # more than one GET each: one paged list
    foreign = macs[3]
    server.handler = lambda seen: (
        Reply(400, {'mac': ['taken_mac_or_forbidden']}) if seen.method == 'PUT' and seen.path.endswith(foreign)
        else echo(seen) if seen.method == 'PUT' else Reply(404, {'detail': 'Not found.'}))

    result = run_module(sraps_endpoint.main, dict(ARGS, endpoints=[{'mac': m} for m in macs], profile='Office',
                                                  parallel=4), capsys)

    assert result['failed'] is True and result['changed'] is True
    assert result['failures'] == [{'mac': foreign, 'msg': 'the MAC belongs to another SRAPS account: remove it '
                                                          'from the list, or ask its owner to release it'}]
    assert sorted(result['created']) == sorted(m for m in macs if m != foreign)
    assert result['summary'] == {'created': 11, 'updated': 0, 'deleted': 0, 'unchanged': 0, 'failed': 1}
    assert '1 of 12 phones failed' in result['msg']


def test_input_problems_fail_before_any_write(server, capsys):
    result = run_module(sraps_endpoint.main, dict(ARGS, endpoints=[{'mac': MAC, 'profile': 'Ofice'},
                                                                   {'mac': '000413000002', 'profile': 'Office'}]),
                        capsys)

    assert result['failed'] is True
    assert "unknown profile 'Ofice' (did you mean Office?)" in result['msg']
    assert result['failures'] == [{'mac': MAC, 'msg': "unknown profile 'Ofice' (did you mean Office?); the "
                                                      "company has: Office"}]
    assert writes(server) == []


@pytest.mark.parametrize('masked_secrets', ['refuse', 'server_keeps'])
def test_a_stored_password_the_task_does_not_give(server, capsys, masked_secrets):
    """Writing the phone would send the mask read back: refused, unless the user says SRAPS keeps it."""
    have = stored(settings_manager={ADMIN_PASS: {'value': '********', 'attrs': {'perm': ''}}})
    server.route('GET', BASE + 'endpoints/' + MAC, Reply(200, have))
    server.route('PUT', BASE + 'endpoints/' + MAC, echo)

    result = run_module(sraps_endpoint.main, dict(ARGS, mac=MAC, name='Desk 2', masked_secrets=masked_secrets),
                        capsys)

    if masked_secrets == 'refuse':
        assert result['failed'] is True and writes(server) == []
        assert 'admin_mode_password' in result['failures'][0]['msg']
    else:
        assert result['changed'] is True and writes(server) == [('PUT', 'endpoints/' + MAC)]


SIBLING = {'uuid': 'b' * 32, 'name': 'Northwind Dental', 'type': 'end_user', 'parent': None}


@pytest.mark.parametrize('check_mode', [False, True])
def test_a_mac_a_sibling_company_holds_names_that_company(server, capsys, check_mode):
    """A MAC of another company the key can see: the error names it (found with list reads only)."""
    macs = ['0004130000%02d' % i for i in range(1, 13)]
    held = macs[5]
    server.route('GET', 'companies/', Reply(200, [{'uuid': COMPANY_UUID, 'name': 'Acting'}, SIBLING]))
    server.route('GET', 'companies/%s/endpoints/' % SIBLING['uuid'], Reply(200, [stored(mac=held)]))
    refused = Reply(400, {'mac': ['taken_mac_or_forbidden']})
    server.handler = lambda seen: (
        refused if seen.path.endswith(held) else echo(seen) if seen.method == 'PUT'
        else Reply(404, {'detail': 'Not found.'}))

    result = run_module(sraps_endpoint.main, dict(ARGS, endpoints=[{'mac': m} for m in macs], profile='Office',
                                                  _ansible_check_mode=check_mode), capsys)

    (failure,) = result['failures']
    assert failure['mac'] == held
    assert ("company 'Northwind Dental' (%s), which this access key can also see, holds it" % SIBLING['uuid']
            in failure['msg'])
    assert 'state: absent' in failure['msg'] and 'belongs to another SRAPS account' in failure['msg']
    assert not any(r.method == 'PUT' and r.path.endswith(held) for r in server.requests) or not check_mode


def test_a_mac_no_visible_company_holds_keeps_the_plain_message(server, capsys):
    server.route('GET', 'companies/', Reply(200, [{'uuid': COMPANY_UUID, 'name': 'Acting'}, SIBLING]))
    server.route('GET', 'companies/%s/endpoints/' % SIBLING['uuid'], Reply(200, []))
    server.route('GET', BASE + 'endpoints/' + MAC, Reply(403, {'detail': 'User lacks permission to endpoint'}))
    result = run_module(sraps_endpoint.main, dict(ARGS, mac=MAC), capsys)
    assert result['failures'] == [{'mac': MAC, 'msg': 'the MAC belongs to another SRAPS account: remove it '
                                                      'from the list, or ask its owner to release it'}]


def test_macs_outside_snoms_prefix_are_written_with_one_warning(server, capsys):
    macs = ['00:0b:82:00:00:%02d' % i for i in range(1, 8)] + ['00:04:13:00:00:01']
    server.handler = lambda seen: echo(seen) if seen.method == 'PUT' else Reply(404, {'detail': 'Not found.'})
    result = run_module(sraps_endpoint.main, dict(ARGS, endpoints=[{'mac': m} for m in macs]), capsys)
    assert len(result['created']) == 8
    (warning,) = [json.dumps(w)
                  for w in result.get('warnings', []) if '00:04:13' in json.dumps(w)]
    assert '7 MAC(s) do not start with 00:04:13, the prefix of Snom phones: 000b82000001, ' in warning
    assert 'and 2 more' in warning and 'typo' in warning


@pytest.mark.parametrize('mac', ['01:00:5e:00:00:01', 'ff:ff:ff:ff:ff:ff', '00:00:00:00:00:00'])
def test_a_mac_no_phone_has_is_refused_but_may_be_removed(server, capsys, mac):
    result = run_module(sraps_endpoint.main, dict(ARGS, mac=mac, name='x'), capsys)
    assert result['failed'] is True and 'no phone has' in result['msg'] and 'nothing was written' in result['msg']
    assert server.requests == []
    normalized = mac.replace(':', '')
    server.route('GET', BASE + 'endpoints/' + normalized, Reply(200, stored(mac=normalized)))
    server.route('DELETE', BASE + 'endpoints/' + normalized, Reply(204))
    result = run_module(sraps_endpoint.main, dict(ARGS, mac=mac, state='absent'), capsys)
    assert result['deleted'] == [normalized]


@pytest.mark.parametrize('check_mode', [False, True])
@pytest.mark.parametrize('returns, objects', [
    ('all', ['000413000001', '000413000002', '000413000003', '000413000004', '000413000005', '000413000006',
             '000413000007', '000413000008', '000413000009', '000413000010', '000413000011']),
    ('changed', ['000413000003', '000413000004', '000413000005', '000413000006', '000413000007', '000413000008',
                 '000413000009', '000413000010', '000413000011']),
    ('none', None),
    (None, None),
])
def test_return_objects_chooses_the_objects_and_never_the_lists(server, capsys, returns, objects, check_mode):
    macs = ['0004130000%02d' % i for i in range(1, 13)]
    foreign = macs[11]
    # Two phones as declared (unchanged), two with another name (updated), the rest new; one another account's.
    server.route('GET', BASE + 'endpoints/', Reply(200, [stored(m, name='Desk') for m in macs[:2]]
                                                   + [stored(m, name='Old') for m in macs[2:4]]))
    server.handler = lambda seen: (
        Reply(400, {'mac': ['taken_mac_or_forbidden']}) if seen.path.endswith(foreign)
        else echo(seen) if seen.method == 'PUT' else Reply(404, {'detail': 'Not found.'}))
    args = dict(ARGS, endpoints=[{'mac': m, 'name': 'Desk'} for m in macs], profile='Office',
                settings={'language': 'Deutsch'}, _ansible_check_mode=check_mode)
    if returns is not None:
        args['return_objects'] = returns

    result = run_module(sraps_endpoint.main, args, capsys)

    assert result['failed'] is True
    assert result['failures'][0]['mac'] == foreign
    assert result['unchanged'] == macs[:2] and result['updated'] == macs[2:4]
    assert sorted(result['created']) == macs[4:11]
    assert result['summary'] == {'created': 7, 'updated': 2, 'deleted': 0, 'unchanged': 2, 'failed': 1}
    if objects is None:
        assert 'endpoints' not in result
    else:
        assert sorted(e['mac'] for e in result['endpoints']) == objects
        assert set(e['name'] for e in result['endpoints']) == {'Desk'}


def test_the_result_gives_the_list_of_phones_as_a_count(server, capsys):
    macs = ['0004130000%02d' % i for i in range(1, 13)]
    server.handler = lambda seen: echo(seen) if seen.method == 'PUT' else Reply(404, {'detail': 'Not found.'})

    result = run_module(sraps_endpoint.main, dict(ARGS, endpoints=[{'mac': m} for m in macs]), capsys)

    args = result['invocation']['module_args']
    assert args['endpoints'] == '12 items, not repeated in the result'
    assert args['company'] == COMPANY_UUID and args['access_key_secret'] == 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'
    assert sorted(result['created']) == macs


@pytest.mark.parametrize('item, problem', [
    ({'mac': MAC, 'nmae': 'Desk'}, 'endpoints item 1: unsupported option nmae; supported: autoprovisioning, mac, name'),
    ({'name': 'Desk'}, 'endpoints item 1: mac is required'),
    ({'mac': MAC, 'state': 'gone'}, "endpoints item 1: state must be one of present, absent, got 'gone'"),
    ({'mac': MAC, 'autoprovisioning': 'maybe'}, 'endpoints item 1: autoprovisioning is not a valid bool'),
    ({'mac': MAC, 'warranty_warning_months': 'six'}, 'endpoints item 1: warranty_warning_months is not a valid int'),
    ({'mac': MAC, 'settings': ['language']}, 'endpoints item 1: settings is not a valid dict'),
    ('desk one', 'endpoints item 1: must be a dict with the options autoprovisioning, mac, name'),
    (5, 'endpoints item 1: must be a dict with the options autoprovisioning, mac, name'),
])
def test_each_item_of_endpoints_is_checked_before_anything_is_read(server, capsys, item, problem):
    result = run_module(sraps_endpoint.main, dict(ARGS, endpoints=[item]), capsys)

    assert result['failed'] is True
    assert problem in result['msg'] and 'nothing was written' in result['msg']
    assert server.requests == []


def test_item_values_are_converted_as_ansible_converts_them(server, capsys):
    server.route('PUT', BASE + 'endpoints/' + MAC, echo)

    result = run_module(sraps_endpoint.main, dict(ARGS, endpoints=[
        {'mac': MAC, 'name': 4711, 'autoprovisioning': 'no', 'warranty_warning_months': '6'}]), capsys)

    (put,) = [r for r in server.requests if r.method == 'PUT']
    sent = put.json()
    assert result['created'] == [MAC]
    assert sent['name'] == '4711' and sent['autoprovisioning_enabled'] is False
    assert sent['warranty_exp_warning_period'] == 6


def test_an_item_given_as_key_value_text_is_taken_as_ansible_takes_it(server, capsys):
    server.route('PUT', BASE + 'endpoints/' + MAC, echo)
    server.handler = lambda seen: Reply(404, {'detail': 'Not found.'})

    result = run_module(sraps_endpoint.main, dict(ARGS, endpoints=['mac=%s name=Desk' % MAC]), capsys)

    assert result['created'] == [MAC]
    put = [seen for seen in server.requests if seen.method == 'PUT'][0]
    assert put.json()['name'] == 'Desk'


def test_the_phones_of_a_customer_are_checked_by_the_same_rules_before_anything_is_read(server, capsys):
    phones = [{'mac': MAC}, {'mac': MAC, 'nmae': 'Desk'}, {'name': 'Desk'}]

    result = run_module(sraps_customer.main, dict(ARGS, customer={'name': 'Acme'}, phones=phones), capsys)

    assert result['failed'] is True and 'invalid phones, nothing was written' in result['msg']
    assert result['errors'] == ['phones item 2: unsupported option nmae; supported: autoprovisioning, mac, name, '
                                'profile, settings, state, warranty_warning_months',
                                'phones item 3: mac is required']
    assert result['invocation']['module_args']['phones'] == '3 items, not repeated in the result'
    assert server.requests == []


def test_endpoints_file_registers_the_phones_of_the_csv(server, capsys, tmp_path):
    other = '000413000002'
    for mac in (MAC, other):
        server.route('PUT', BASE + 'endpoints/' + mac, echo)
    server.handler = lambda seen: Reply(404, {'detail': 'Not found.'})
    path = tmp_path / 'phones.csv'
    path.write_text('\ufeffMAC;Name;Autoprovisioning\n00:04:13:00:00:01;Desk 1;no\n# a comment\n\n'
                    '00-04-13-00-00-02;Desk 2;\n', encoding='utf-8')

    result = run_module(sraps_endpoint.main, dict(ARGS, endpoints_file=str(path)), capsys)

    assert sorted(result['created']) == [MAC, other]
    puts = dict((seen.path.rsplit('/', 1)[-1], seen.json()) for seen in server.requests if seen.method == 'PUT')
    assert puts[MAC]['name'] == 'Desk 1' and puts[MAC]['autoprovisioning_enabled'] is False
    assert puts[other]['name'] == 'Desk 2'
    assert result['invocation']['module_args']['endpoints'] == '2 items, not repeated in the result'


@pytest.mark.parametrize('text, problems', [
    ('mac,name\nnot-a-mac,A\n00:04:13:00:00:01,B,extra\n',
     ["endpoints_file %s: 2 bad lines", "line 2: 'not-a-mac' is not a MAC address",
      'line 3: has 3 cells, the header names 2 columns', 'nothing was written']),
    ('name\nDesk\n', ['endpoints_file %s: the first line must be a header naming the columns, one of them mac']),
    ('mac,company\n00:04:13:00:00:01,Acme\n',
     ['column company: sraps_endpoint writes the phones of one company', 'site_rollout']),
    ('', ['the CSV is empty']),
])
def test_a_bad_endpoints_file_fails_naming_each_problem_before_anything_is_read(server, capsys, tmp_path, text,
                                                                                problems):
    path = tmp_path / 'phones.csv'
    path.write_text(text, encoding='utf-8')

    result = run_module(sraps_endpoint.main, dict(ARGS, endpoints_file=str(path)), capsys)

    assert result['failed'] is True
    for problem in problems:
        assert (problem % path if '%s' in problem else problem) in result['msg']
    assert server.requests == []


def test_an_endpoints_file_that_cannot_be_read_says_where_it_is_read(server, capsys, tmp_path):
    latin = tmp_path / 'latin.csv'
    latin.write_bytes('mac,name\n00:04:13:00:00:01,Büro\n'.encode('latin-1'))

    missing = run_module(sraps_endpoint.main, dict(ARGS, endpoints_file=str(tmp_path / 'missing.csv')), capsys)
    not_utf8 = run_module(sraps_endpoint.main, dict(ARGS, endpoints_file=str(latin)), capsys)

    assert 'cannot be read' in missing['msg'] and 'read on the host the module runs on' in missing['msg']
    assert 'is not UTF-8 text' in not_utf8['msg'] and 'save it as UTF-8' in not_utf8['msg']
    assert server.requests == []


def test_endpoints_file_excludes_mac_and_endpoints(server, capsys, tmp_path):
    result = run_module(sraps_endpoint.main, dict(ARGS, endpoints_file=str(tmp_path / 'x.csv'), mac=MAC), capsys)

    assert result['failed'] is True and 'mutually exclusive' in result['msg']
    assert server.requests == []


def test_a_purge_with_an_endpoints_file_of_no_phone_removes_nothing(server, capsys, tmp_path):
    path = tmp_path / 'phones.csv'
    path.write_text('mac,name\n# every line a comment\n', encoding='utf-8')

    result = run_module(sraps_endpoint.main, dict(ARGS, endpoints_file=str(path), purge_endpoints=True), capsys)

    assert result['failed'] is True
    assert result['msg'].startswith('endpoints_file %s lists no phone and purge_endpoints is true' % path)
    assert server.requests == []
