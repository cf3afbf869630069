# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The drift of one customer (field_changes) and the purge's rails (Customer.guard, check_profiles_unused)."""

from __future__ import annotations

import pytest

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_customer as customer_mod
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_endpoints import Phone


def test_fields_that_differ_each_with_before_and_after():
    before = {'name': 'Front', 'city': 'Kiel', 'autoprovisioning': True}
    after = {'name': 'Front', 'city': 'Wien', 'autoprovisioning': True}
    assert customer_mod.field_changes(before, after) == [{'field': 'city', 'before': 'Kiel', 'after': 'Wien'}]


def test_views_of_an_object_that_comes_or_goes_differ_in_every_field():
    assert customer_mod.field_changes({}, {'mac': '000413000001', 'name': 'A'}) == [
        {'field': 'mac', 'before': None, 'after': '000413000001'}, {'field': 'name', 'before': None, 'after': 'A'}]
    assert customer_mod.field_changes({'mac': '000413000001'}, None) == [
        {'field': 'mac', 'before': '000413000001', 'after': None}]


def test_settings_one_by_one_their_value_as_the_field_and_perm_apart():
    before = {'settings': {'timezone': {'value': 'FIN+2', 'perm': 'R'}, 'language': 'Deutsch',
                           'admin_mode_password': '********'}}
    after = {'settings': {'timezone': {'value': 'GER+1', 'perm': 'RW'}, 'language': 'Deutsch',
                          'admin_mode_password': '******** (new value)', 'setting_server': 'http://pbx/{mac}'}}
    assert customer_mod.field_changes(before, after) == [
        {'field': 'settings.admin_mode_password', 'before': '********', 'after': '******** (new value)'},
        {'field': 'settings.setting_server', 'before': None, 'after': 'http://pbx/{mac}'},
        {'field': 'settings.timezone.perm', 'before': 'R', 'after': 'RW'},
        {'field': 'settings.timezone', 'before': 'FIN+2', 'after': 'GER+1'},
    ]


def test_a_setting_that_gains_a_perm_is_shown_whole():
    assert customer_mod.field_changes({'settings': {'language': 'Deutsch'}},
                                      {'settings': {'language': {'value': 'Deutsch', 'perm': 'R'}}}) == [
        {'field': 'settings.language', 'before': 'Deutsch', 'after': {'value': 'Deutsch', 'perm': 'R'}}]


class _Module(object):
    check_mode = True
    client = None
    no_log_values = set()

    def __init__(self, **params):
        self.params = dict(customer={'name': 'Acme'}, purge=['phones'], purge_max_fraction=0.1, purge_confirm=None,
                           masked_secrets='refuse', purge_settings=False, update_password='on_create', parallel=8)
        self.params.update(params)


def customer(**params):
    return customer_mod.Customer(_Module(**params))


@pytest.mark.parametrize('going, total, refused', [(1, 10, False), (2, 10, True), (0, 0, False), (1, 1, True)])
def test_the_purge_stops_beyond_its_fraction(going, total, refused):
    found = customer()
    found.guard('phones', ['m%d' % n for n in range(going)], total)
    assert bool(found.problems) is refused
    assert found.purged['phones'] == sorted('m%d' % n for n in range(going))
    if refused:
        assert 'purge would delete %d of the %d phones of \'Acme\'' % (going, total) in found.problems[0]
        assert "to 'Acme'" in found.problems[0]


def test_the_customers_name_confirms_a_larger_purge_and_another_name_does_not():
    confirmed = customer(purge_confirm='acme')
    confirmed.guard('users', ['a@x', 'b@x'], 2)
    assert confirmed.problems == []
    other = customer(purge_confirm='Bistro')
    other.guard('users', ['a@x', 'b@x'], 2)
    assert len(other.problems) == 1


def test_a_profile_that_goes_must_not_be_in_use_by_a_phone_that_stays():
    found = customer()
    step = customer_mod.Step('profiles', None, None, 'Old', {'uuid': 'p-old'}, action='delete', purged=True)
    found.deletes = [step]
    kept = Phone('000413000001', {})
    kept.action, kept.body = 'none', {'provisioning_profile': 'p-old'}
    moved = Phone('000413000002', {})
    moved.action, moved.body = 'update', {'provisioning_profile': 'p-new'}
    found.phones = [kept, moved]
    found.existing_phones = {'000413000003': {'provisioning_profile': 'p-old'}}
    found.check_profiles_unused()
    assert len(found.problems) == 1
    assert "profile 'Old' would be deleted but 2 phone(s) still use it: 000413000001, 000413000003" \
        in found.problems[0]


def test_phone_problems_are_said_once_per_reason():
    lines = customer_mod.ep_lines([('a', 'bad'), ('b', 'bad'), ('c', 'worse')])
    assert lines == ['phones a, b: bad', 'phone c: worse']


def test_only_an_update_lists_fields_and_every_change_is_counted():
    found = customer()
    found.record('phones', '000413000001', 'create', {}, {'mac': '000413000001', 'name': 'A'})
    found.record('phones', '000413000002', 'update', {'name': 'B'}, {'name': 'C'})
    found.record('users', 'a@x', 'delete', {'email': 'a@x'}, None, purged=True)
    changes = found.result()['changes']
    assert [(c['kind'], c['action'], c['purged'], c['fields']) for c in changes] == [
        ('phone', 'create', False, []),
        ('phone', 'update', False, [{'field': 'name', 'before': 'B', 'after': 'C'}]),
        ('user', 'delete', True, []),
    ]
    assert found.summary['phones'] == dict(created=1, updated=1, deleted=0, unchanged=0, failed=0)
    assert found.summary['users']['deleted'] == 1
    assert found.result()['changed'] is True


def test_the_purge_never_acts_in_the_access_keys_own_company():
    found = customer(purge=['phones', 'users'])
    found.own, found.name = True, 'Demo Reseller'
    found.existing_phones = {'000413000009': {'mac': '000413000009'}}
    found.plan_purge()
    assert len(found.problems) == 1
    assert "purge does not act in the access key's own company 'Demo Reseller'" in found.problems[0]
    assert found.phones == []
