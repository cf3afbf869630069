# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The resource descriptions both ways: options -> body -> SRAPS's answer -> options is the identity for
every option of every kind (settings with perms and indexes included); secrets come back masked only."""

from __future__ import annotations

import copy
import json

import pytest

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_api as api
from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_endpoints as ep
from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_resources as resources
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_catalogue import Catalogue
from ansible_collections.sraps.provisioning.tests.unit.plugins.module_utils import sraps_fakes as fx

OWN = 'a' * 32
PROFILE_UUID = 'c' * 32
SECRET_VALUE = 'pw-0815-never-shown'
# Every option of a settings kind's settings: a plain value, one with a perm, a shared param_name in
# its section:param_name form, and an indexed setting with a plain and a perm'd entry.
SETTINGS = {
    'language': 'Deutsch',
    'ntp_server': {'value': 'ntp.example.com', 'perm': 'R'},
    'phone-settings:setting_server': {'value': 'https://pbx.example.com/{mac}', 'perm': 'RW'},
    'user_realname': {1: 'Alice', 3: {'value': 'Bob', 'perm': 'RW'}},
}
OPTIONS = {
    'company': {'name': 'Acme Dental', 'country': 'DE', 'city': 'Bonn'},
    'user': {'email': 'alice@example.com', 'first_name': 'Alice', 'last_name': 'Example', 'role': 'admin',
             'language': 'de', 'active': False},
    'profile': {'name': 'Office', 'product_group': 'D-Series', 'autoprovisioning': False, 'settings': SETTINGS},
    'product_default': {'product': 'D785', 'settings': SETTINGS},
    'endpoint': {'mac': '000413000001', 'name': 'Desk 1', 'profile': 'Office', 'autoprovisioning': False,
                 'warranty_warning_months': 6, 'settings': SETTINGS},
}
DEFAULTS = {'purge_settings': False, 'update_password': 'on_create', 'state': 'present', 'uuid': None}


def catalogue():
    client = fx.FakeClient(profiles=[{'uuid': PROFILE_UUID, 'name': 'Office', 'product_group': fx.D_SERIES}])
    return Catalogue(client)


def server_answer(kind, body, cat):
    """What SRAPS answers to a write of body (as the simulator renders it): the fields it fills in added,
    indexed settings as a list sorted by index, password values masked."""
    out = copy.deepcopy(body)
    out.update({'uuid': 'f' * 32, 'links': {'self': 'https://sraps.test/x'}})
    if kind == 'company':
        out.update(type='end_user', parent=OWN)
    if kind == 'endpoint':
        out.update(product=None, last_seen=None)
    for uuid, entry in (out.get('settings_manager') or {}).items():
        items = entry if isinstance(entry, list) else [entry]
        if isinstance(entry, list):
            entry.sort(key=lambda item: item['index'])
        for item in items:
            if cat.setting(uuid).get('field_type') == 'password':
                item['value'] = api.MASKED_VALUE
    return out


def body_of(kind, options, cat):
    """The body the collection sends to create an object with these options."""
    if kind == 'endpoint':
        planner = ep.Planner(cat.client, cat)
        phones, problems = ep.build_phones(dict(options, endpoints=None, purge_settings=False))
        assert problems == []
        planner.plan(phones[0])
        return phones[0].body, planner
    description = getattr(resources, kind.upper())
    ctx = resources.Context(cat.client, dict(DEFAULTS, **options), catalogue=cat)
    ctx.own_uuid = OWN
    if kind == 'product_default':
        description.prepare(ctx)     # the product, by name (company's prepare asks SRAPS for the own company)
    body, changed = description.plan(ctx, None)
    assert changed == sorted(body)
    return body, ctx


@pytest.mark.parametrize('kind', sorted(OPTIONS))
def test_options_to_sraps_and_back_is_the_identity(kind):
    cat = catalogue()
    body, ctx = body_of(kind, OPTIONS[kind], cat)
    answer = server_answer(kind, body, cat)
    description = getattr(resources, kind.upper())

    back = description.options(answer, ctx)
    if kind == 'endpoint':
        # Read back without the task at hand (note_diff names a phone's settings as its task wrote them):
        # a shared param_name is bare where the bare name means the same entry for the phone's product group.
        expected = dict(OPTIONS[kind], settings=dict(
            (k.split(':', 1)[-1], v) for k, v in OPTIONS[kind]['settings'].items()))
        assert back == expected
    else:
        assert back == OPTIONS[kind]
    assert body_of(kind, back, cat)[0] == body         # the options read back write the same object
    assert set(description.server_filled) & set(body) == set()   # the server's fields are never sent


def test_no_warranty_warning_round_trips_as_minus_one():
    cat = catalogue()
    options = dict(OPTIONS['endpoint'], warranty_warning_months=-1)
    body, ctx = body_of('endpoint', options, cat)
    assert body['warranty_exp_warning_period'] is None
    back = resources.ENDPOINT.options(server_answer('endpoint', body, cat), ctx)
    assert back['warranty_warning_months'] == -1


def test_every_option_of_every_kind_is_in_the_round_trip():
    for description in resources.KINDS:
        assert sorted(OPTIONS[description.name]) == sorted(f.option for f in description.fields)


def test_settings_reach_the_body_with_perms_and_indexes():
    body, _ctx = body_of('profile', OPTIONS['profile'], catalogue())
    assert body['settings_manager'] == {
        fx.LANGUAGE: {'value': 'Deutsch', 'attrs': {'perm': ''}},
        fx.NTP: {'value': 'ntp.example.com', 'attrs': {'perm': 'R'}},
        fx.SERVER_PHONE: {'value': 'https://pbx.example.com/{mac}', 'attrs': {'perm': 'RW'}},
        fx.REALNAME: [{'index': 1, 'value': 'Alice', 'attrs': {'perm': ''}},
                      {'index': 3, 'value': 'Bob', 'attrs': {'perm': 'RW'}}],
    }


@pytest.mark.parametrize('kind', ['profile', 'product_default', 'endpoint'])
def test_a_secret_goes_out_but_comes_back_only_masked(kind):
    cat = catalogue()
    options = dict(OPTIONS[kind], settings={'admin_mode_password': {'value': SECRET_VALUE, 'perm': 'R'}})
    body, ctx = body_of(kind, options, cat)
    assert body['settings_manager'][fx.ADMIN_PASS]['value'] == SECRET_VALUE

    back = getattr(resources, kind.upper()).options(server_answer(kind, body, cat), ctx)

    assert back['settings'] == {'admin_mode_password': {'value': api.MASKED_VALUE, 'perm': 'R'}}
    assert SECRET_VALUE not in json.dumps(back)


def test_argument_spec_comes_from_the_description():
    spec = resources.PROFILE.argument_spec()
    assert sorted(spec) == ['autoprovisioning', 'name', 'product_group', 'purge_settings', 'settings', 'state',
                            'update_password', 'uuid']
    assert spec['update_password']['no_log'] is False
    assert resources.USER.argument_spec()['role']['choices'] == list(api.USER_ROLES)


class _CheckModeClient(object):
    check_mode = True

    def __init__(self):
        self.writes = []

    def create(self, *args, **kwargs):
        self.writes.append(args)

    put = create


@pytest.mark.parametrize('kind, params, words', [
    (resources.COMPANY, {'name': 'x' * 300}, ['company name %r' % ('x' * 300), 'name is 300 characters long',
                                              'over the 255 SRAPS accepts']),
    (resources.COMPANY, {'name': 'Acme', 'country': 'Germany'}, ['country is 7 characters long',
                                                                 'over the 2 SRAPS accepts']),
    (resources.USER, {'email': 'a@example.com', 'first_name': 'y' * 151, 'last_name': 'z' * 200},
     ['first_name is 151 characters long, over the 150', 'last_name is 200 characters long, over the 150']),
])
def test_a_value_over_the_limits_is_refused_in_check_mode_too(kind, params, words):
    p = dict((f.option, None) for f in kind.fields)
    p.update(params, state='present')
    ctx = resources.Context(_CheckModeClient(), p)
    body, changed = kind.plan(ctx, None)
    with pytest.raises(resources.SrapsInputError) as exc_info:
        resources.ensure_present(kind, ctx, None, body, changed)
    for word in words + ['nothing was written']:
        assert word in exc_info.value.msg
    assert ctx.client.writes == []


def test_a_stored_value_over_the_limits_is_left_alone_when_the_task_does_not_set_it():
    have = {'uuid': 'b' * 32, 'name': 'Acme', 'country': 'Germany', 'city': '', 'type': 'end_user', 'parent': None}
    assert resources.limit_problems(resources.COMPANY, have, ['city']) == []
    assert resources.limit_problems(resources.COMPANY, have, ['country']) == [
        'country is 7 characters long, over the 2 SRAPS accepts: shorten it']


@pytest.mark.parametrize('options, words', [
    ({'name': 'n' * 300}, 'name is 300 characters long, over the 255 SRAPS accepts'),
    ({'warranty_warning_months': 99999}, 'warranty_warning_months is 99999, outside the 0 to 120 SRAPS accepts'),
])
def test_a_phone_over_the_limits_is_refused_by_the_planner(options, words):
    client = fx.FakeClient()
    planner = ep.Planner(client, Catalogue(client))
    phone = ep.Phone('000413000001', ep.Options(dict(options, state='present'), {}))
    with pytest.raises(resources.SrapsInputError, match=words):
        planner.plan(phone)
    ok = ep.Phone('000413000001', ep.Options({'state': 'present', 'warranty_warning_months': 120, 'name': 'n' * 255},
                                             {}))
    planner.plan(ok)
    assert ok.action == 'create'


def test_diffs_name_settings_as_the_task_wrote_them():
    """setting_server, not phone-settings:setting_server, unless the task wrote it so or the bare name would
    mean another entry for the object's product group."""
    cat = catalogue()
    for written in ('setting_server', 'phone-settings:setting_server', fx.SERVER_PHONE):
        options = dict(OPTIONS['endpoint'], settings={written: 'https://pbx.example.com/{mac}'})
        body, planner = body_of('endpoint', options, cat)
        phones, dummy = ep.build_phones(dict(options, endpoints=None, purge_settings=False))
        planner.plan(phones[0])
        planner.note_diff(phones[0])
        before, after = phones[0].diff
        assert before is None and list(after['settings']) == [written]
        planner.settle(phones[0])
        assert list(phones[0].output['settings']) == [written]
    # A profile of the M-Series: the bare name means the global entry there, so the phone-settings one
    # is qualified when the task did not name it.
    stored = {fx.SERVER_GLOBAL: {'value': 'https://a/', 'attrs': {'perm': ''}},
              fx.SERVER_PHONE: {'value': 'https://b/', 'attrs': {'perm': ''}}}
    client = fx.FakeClient()
    client.lists['settings'] = [dict(s, product_groups=[fx.M_SERIES]) if s['uuid'] == fx.SERVER_GLOBAL
                                else dict(s, product_groups=[fx.D_SERIES]) if s['uuid'] == fx.SERVER_PHONE else s
                                for s in fx.SETTINGS]
    ctx = resources.Context(client, dict(DEFAULTS, name='M', product_group='M-Series', autoprovisioning=None,
                                         settings={'language': 'Deutsch'}), catalogue=Catalogue(client))
    ctx.product_group = fx.M_SERIES
    assert resources.PROFILE.options({'settings_manager': stored}, ctx)['settings'] == {
        'setting_server': 'https://a/', 'phone-settings:setting_server': 'https://b/'}
    ctx.product_group = fx.D_SERIES
    assert resources.PROFILE.options({'settings_manager': stored}, ctx)['settings'] == {
        'global:setting_server': 'https://a/', 'setting_server': 'https://b/'}
