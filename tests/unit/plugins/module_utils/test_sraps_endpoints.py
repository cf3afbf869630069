# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_endpoints as ep
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_catalogue import Catalogue
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import SrapsApiError, SrapsError
from ansible_collections.sraps.provisioning.tests.unit.plugins.module_utils import sraps_fakes as fx

PROFILE_A = {'uuid': 'c' * 32, 'name': 'Office', 'product_group': fx.D_SERIES}
PROFILE_B = {'uuid': 'd' * 32, 'name': 'Lobby', 'product_group': fx.M_SERIES}
EXISTING = {'mac': '000413000001', 'uuid': 'e' * 32, 'name': 'Reception', 'provisioning_profile': 'c' * 32,
            'autoprovisioning_enabled': 'true', 'warranty_exp_warning_period': 3, 'product': None,
            'last_seen': None, 'links': {},
            'settings_manager': {fx.LANGUAGE: {'value': 'Deutsch', 'attrs': {}},
                                 fx.ADMIN_PASS: {'value': '********', 'attrs': {}}}}


def params(**kw):
    base = dict((k, None) for k in ep.PHONE_OPTIONS)
    base.update(mac=None, endpoints=None, state='present')
    base.update(kw)
    return base


def planner(endpoints=(EXISTING,), profiles=(PROFILE_A, PROFILE_B), **kw):
    client = fx.FakeClient(endpoints=list(endpoints), profiles=list(profiles))
    return ep.Planner(client, Catalogue(client), **kw), client


def planned(p, module_params):
    phones, problems = ep.build_phones(module_params)
    assert problems == []
    p.read(phones)
    for phone in phones:
        p.plan(phone)
    return phones


def test_top_level_options_are_defaults_for_items():
    phones, _problems = ep.build_phones(params(profile='Office', name='Desk', endpoints=[
        {'mac': '00:04:13:00:00:02'}, {'mac': '000413000003', 'name': 'Boss', 'state': 'absent'}]))
    assert [p.mac for p in phones] == ['000413000002', '000413000003']
    assert phones[0].options['profile'] == 'Office' and phones[0].options['name'] == 'Desk'
    assert phones[1].options['name'] == 'Boss' and phones[1].options['state'] == 'absent'
    assert phones[0].options['state'] == 'present'


def test_duplicate_macs_after_normalisation_are_refused():
    _phones, problems = ep.build_phones(params(endpoints=[{'mac': '00:04:13:00:00:02'}, {'mac': '0004.1300.0002'}]))
    assert len(problems) == 1 and 'same phone' in problems[0]


def test_unchanged_phone_plans_no_write_despite_server_normalised_values():
    p, _client = planner()
    phone = planned(p, params(mac='00:04:13:00:00:01', name='Reception', profile='Office', autoprovisioning=True,
                              settings={'language': 'Deutsch', 'admin_mode_password': 'pin-1234'}))[0]
    assert phone.action == 'none'
    assert phone.secrets == {'pin-1234'}


def test_changing_only_the_profile_keeps_name_and_settings():
    p, _client = planner()
    phone = planned(p, params(mac='000413000001', profile='Lobby'))[0]
    assert phone.action == 'update'
    assert phone.body['provisioning_profile'] == 'd' * 32
    assert phone.body['name'] == 'Reception'
    assert phone.body['settings_manager'] == EXISTING['settings_manager']
    assert phone.body['autoprovisioning_enabled'] is True
    assert set(phone.body) == set(ep.WRITABLE)


def test_new_phone_gets_server_defaults_for_what_is_not_set():
    p, _client = planner()
    phone = planned(p, params(mac='000413000009', name='New'))[0]
    assert phone.action == 'create'
    assert phone.body == {'mac': '000413000009', 'name': 'New', 'provisioning_profile': None,
                          'autoprovisioning_enabled': True, 'warranty_exp_warning_period': 3,
                          'settings_manager': {}}


def test_settings_resolved_against_the_profile_product_group():
    p, client = planner()
    # A setting SRAPS lists for the D-Series only, on a phone of an M-Series profile: planned with one warning
    # for all the phones, not refused.
    phones = planned(p, params(profile='Lobby', endpoints=[
        {'mac': '000413000001', 'settings': {'dkey_directory': 'x'}},
        {'mac': '000413000002', 'settings': {'dkey_directory': 'y', 'language': 'Deutsch'}}]))
    assert [phone.body['settings_manager'][fx.D_ONLY]['value'] for phone in phones] == ['x', 'y']
    assert [phone.action for phone in phones] == ['update', 'create']
    assert len(client.warnings) == 1
    assert client.warnings[0].startswith("setting 'dkey_directory' on product group M-Series: written as the entry")
    phone = planned(p, params(mac='000413000001', settings={'dkey_directory': 'x'}))[0]
    assert phone.body['settings_manager'][fx.D_ONLY] == {'value': 'x', 'attrs': {'perm': ''}}


def test_unknown_profile_names_the_closest_and_planned_ones_pass_with_a_note():
    p, _client = planner()
    with pytest.raises(SrapsError, match="unknown profile 'Ofice' \\(did you mean Office\\?\\)"):
        planned(p, params(mac='000413000009', profile='Ofice'))
    p, _client = planner(planned_profiles=['Warehouse'])
    phone = planned(p, params(mac='000413000009', profile='Warehouse'))[0]
    assert phone.action == 'create' and 'does not exist yet' in phone.notes[0]
    assert p.predicted(phone)['provisioning_profile'] is None


def test_ambiguous_profile_name_lists_uuids():
    twin = dict(PROFILE_A, uuid='f' * 32)
    p, _client = planner(profiles=(PROFILE_A, twin))
    with pytest.raises(SrapsError, match='ambiguous: c+, f+'):
        planned(p, params(mac='000413000001', profile='Office'))
    phone = planned(p, params(mac='000413000001', profile='f' * 32))[0]
    assert phone.body['provisioning_profile'] == 'f' * 32


def test_absent_deletes_only_existing_phones():
    p, _client = planner()
    phones = planned(p, params(state='absent', endpoints=[{'mac': '000413000001'}, {'mac': '000413000002'}]))
    assert [ph.action for ph in phones] == ['delete', 'none']


def test_many_phones_read_with_one_list_few_with_gets():
    p, client = planner()
    planned(p, params(endpoints=[{'mac': '0004130000%02d' % i} for i in range(1, ep.LIST_READ_THRESHOLD + 2)]))
    assert [c for c in client.calls if c[0] in ('list', 'get')] == [('list', 'endpoints')]
    p, client = planner()
    planned(p, params(endpoints=[{'mac': '000413000001'}, {'mac': '000413000002'}]))
    assert [c[0] for c in client.calls if c[0] in ('list', 'get')] == ['get', 'get']


def test_view_and_public_mask_passwords():
    p, _client = planner()
    stored = dict(EXISTING, settings_manager={fx.ADMIN_PASS: {'value': 'clear', 'attrs': {}}})
    assert 'clear' not in str(p.view(stored)) and 'clear' not in str(p.public(stored))
    assert p.view(stored)['profile'] == 'Office'


def test_an_item_option_left_out_falls_back_to_the_top_level_one():
    item = {'mac': '000413000002', 'name': None, 'autoprovisioning': True, 'state': None}
    top = params(name='Desk', autoprovisioning=False, endpoints=[item])
    phone = ep.build_phones(top)[0][0]
    assert phone.options['name'] == 'Desk'                    # None in the item: the top-level value
    assert phone.options['autoprovisioning'] is True           # set in the item: the item's value
    assert phone.options.get('profile') is None and phone.options.get('profile', 'x') == 'x'
    assert phone.options['state'] == 'present'


class WritingClient(fx.FakeClient):
    """Answers a PUT like SRAPS: the phone as stored, with its uuid and links; refuses one MAC."""

    refused = '000413000003'

    def put(self, resource, body, mac):
        self.calls.append(('put', resource, mac))
        if mac == self.refused:
            raise SrapsApiError('PUT failed with HTTP 400', method='PUT', path='/x', status=400,
                                detail={'mac': ['taken_mac_or_forbidden']})
        if fx.D_ONLY in body['settings_manager'] and body['provisioning_profile'] == PROFILE_B['uuid']:
            # SRAPS in a strict mode: a setting it does not list for the profile's group.
            raise SrapsApiError('PUT /x failed with HTTP 400: SRAPS rejected the request as invalid', method='PUT',
                                path='/x', status=400, detail={'settings_manager': [
                                    '%s: setting does not apply to product group M-Series' % fx.D_ONLY]})

        class Answer(object):
            status = 200
            data = dict(body, uuid='u' * 32, product=None, last_seen=None,
                        links={'self': 'https://sraps.test/api/v1/endpoints/%s' % mac})
        return Answer()


def test_a_written_phone_keeps_only_what_the_task_returns():
    client = WritingClient(endpoints=[EXISTING], profiles=[PROFILE_A])
    p = ep.Planner(client, Catalogue(client))
    phones = planned(p, params(name='Desk', settings={'admin_mode_password': 'pin-1234'}, endpoints=[
        {'mac': '000413000001'}, {'mac': '000413000002'}, {'mac': '000413000003'}]))
    ep.apply(client, phones, 2, p)
    for phone in phones:
        p.settle(phone)     # a second settle changes nothing

    updated, created, refused = phones
    for phone in phones:
        assert (phone.have, phone.body, phone.result, phone.options) == (None, None, None, None)
    assert created.output['name'] == 'Desk' and created.output['uuid'] == 'u' * 32
    assert 'links' not in created.output
    assert created.output['settings'] == {'admin_mode_password': '********'}
    assert 'pin-1234' not in str(created.output) and 'pin-1234' not in str(updated.output)
    assert updated.output['settings']['language'] == 'Deutsch'
    assert refused.output is None and 'another SRAPS account' in refused.error


def test_a_setting_sraps_refuses_for_the_group_fails_only_those_phones_naming_it():
    client = WritingClient(endpoints=[EXISTING], profiles=[PROFILE_A, PROFILE_B])
    p = ep.Planner(client, Catalogue(client))
    phones = planned(p, params(endpoints=[
        {'mac': '000413000002', 'profile': 'Lobby', 'settings': {'dkey_directory': 'x'}},
        {'mac': '000413000004', 'profile': 'Office', 'settings': {'dkey_directory': 'x'}},
        {'mac': '000413000005', 'profile': 'Lobby', 'settings': {'language': 'Deutsch'}}]))
    ep.apply(client, phones, 2, p)
    refused, written, other = phones
    assert written.error is None and other.error is None and written.output['uuid'] == 'u' * 32
    assert refused.error == (
        "PUT failed with HTTP 400: SRAPS refused a setting for product group M-Series: setting 'dkey_directory', "
        "entry 'Dkey Directory' (section phone-settings, uuid %s, text, listed for D-Series): setting does not "
        "apply to product group M-Series. This SRAPS refuses settings its catalogue does not list for the "
        "object's product group: remove the setting" % fx.D_ONLY)


def test_an_unwritten_phone_returns_its_planned_state():
    p, _client = planner()
    phone = planned(p, params(mac='000413000009', name='New', profile='Office'))[0]
    p.settle(phone)
    assert phone.output['name'] == 'New' and phone.output['provisioning_profile'] == 'c' * 32
    assert 'links' not in phone.output and phone.body is None


# ------------------------------------------------------------------ the warranty period: null is "no warning"
NO_WARNING = dict(EXISTING, warranty_exp_warning_period=None)


def test_a_null_warranty_period_stays_null_in_the_body_of_another_change():
    p, _client = planner(endpoints=[NO_WARNING])
    phone = planned(p, params(mac='000413000001', name='Renamed'))[0]
    assert phone.action == 'update'
    assert phone.body['warranty_exp_warning_period'] is None     # never the default 3: that re-enables it
    assert p.predicted(phone)['warranty_exp_warning_period'] is None
    assert p.view(p.after(phone), after=True)['warranty_warning_months'] == -1


def test_minus_one_stores_null_and_is_unchanged_when_null():
    p, _client = planner()
    phone = planned(p, params(mac='000413000001', warranty_warning_months=-1))[0]
    assert phone.action == 'update' and phone.body['warranty_exp_warning_period'] is None
    p, _client = planner(endpoints=[NO_WARNING])
    phone = planned(p, params(mac='000413000001', warranty_warning_months=-1))[0]
    assert phone.action == 'none'
    phone = planned(p, params(mac='000413000001', warranty_warning_months=3))[0]
    assert phone.action == 'update' and phone.body['warranty_exp_warning_period'] == 3


def test_minus_one_per_phone_in_endpoints_items():
    p, _client = planner()
    phones = planned(p, params(warranty_warning_months=6, endpoints=[
        {'mac': '000413000001', 'warranty_warning_months': -1}, {'mac': '000413000009'}]))
    assert [ph.body['warranty_exp_warning_period'] for ph in phones] == [None, 6]


def test_other_negative_warranty_periods_are_refused():
    p, _client = planner()
    with pytest.raises(SrapsError, match='0 or more months, or -1 for no warranty warning'):
        planned(p, params(mac='000413000001', warranty_warning_months=-2))


class PagedClient(fx.FakeClient):
    """The company's phones in pages of 100, each page a new list (as from SRAPS)."""

    def pages(self, resource, **params):
        phones = list(self.endpoints.values())
        for start in range(0, len(phones), 100):
            self.calls.append(('page', resource))
            yield [dict(phone) for phone in phones[start:start + 100]]


@pytest.mark.parametrize('all_phones', [False, True])
def test_read_keeps_only_the_named_phones_unless_all_are_asked_for(all_phones):
    company = [{'mac': '000413%06x' % i, 'name': 'Desk %d' % i} for i in range(1000)]
    client = PagedClient(company)
    named = [ep.Phone('000413%06x' % i, ep.Options({'mac': '000413%06x' % i}, {})) for i in range(0, 1000, 50)]
    named.append(ep.Phone('000413ffffff', ep.Options({'mac': '000413ffffff'}, {})))

    existing = ep.Planner(client, Catalogue(client)).read(named, all_phones=all_phones)

    assert client.calls.count(('page', 'endpoints')) == 10
    assert [phone.have['name'] for phone in named[:-1]] == ['Desk %d' % i for i in range(0, 1000, 50)]
    assert named[-1].have is None
    assert sorted(existing) == (sorted(p['mac'] for p in company) if all_phones else [])
