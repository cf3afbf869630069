# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""sraps_profile's want/have logic: lookup by name, the full-replace body, passwords, the diff view."""

from __future__ import annotations

import pytest

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_settings as settings_mod
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_catalogue import Catalogue
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import SrapsError
from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_resources as resources
from ansible_collections.sraps.provisioning.tests.unit.plugins.module_utils.sraps_fakes import (
    ADMIN_PASS, D_ONLY, D_SERIES, LANGUAGE, M_SERIES, REALNAME, FakeClient)

UUID = 'f' * 32
MASK = '********'


@pytest.fixture
def catalogue():
    return Catalogue(FakeClient())


def params(**kwargs):
    out = dict(name='Office', uuid=None, product_group=None, autoprovisioning=None, settings=None,
               purge_settings=False, update_password='on_create', state='present')
    out.update(kwargs)
    return out


def stored(**settings_manager):
    return {'uuid': UUID, 'name': 'Office', 'product_group': D_SERIES, 'autoprovisioning_enabled': True,
            'settings_manager': settings_manager, 'links': {'self': 'https://sraps.test/p'}}


def entry(value, perm=''):
    return {'value': value, 'attrs': {'perm': perm}}


def plan(have, catalogue, group=None, **kwargs):
    ctx = resources.Context(catalogue.client, params(product_group=group, **kwargs), catalogue=catalogue)
    return resources.PROFILE.plan(ctx, have)


class mod(object):  # pylint: disable=invalid-name
    """The planning steps of sraps_profile, over its description (_sraps_resources.PROFILE)."""

    foreign_settings = staticmethod(resources.foreign_settings)
    in_use_message = staticmethod(resources.in_use_message)

    @staticmethod
    def find_profile(profiles, name, uuid=None):
        return resources.PROFILE.locate(None, profiles, name, uuid=uuid)

    @staticmethod
    def predict(have, body):
        return resources.PROFILE.predict(None, have, body)

    @staticmethod
    def view(profile, catalogue, mark_new_secrets=False):
        return resources.PROFILE.options(profile, resources.Context(None, params(), catalogue=catalogue),
                                         after=mark_new_secrets)

    @staticmethod
    def ensure_absent(client, have):
        changed = resources.ensure_absent(resources.PROFILE, resources.Context(client, params()), have)
        return changed, have if changed else None, None


# ----------------------------------------------------------------------------------------- lookup
def test_find_profile_by_exact_name():
    profiles = [dict(stored(), name='Office'), dict(stored(), uuid='e' * 32, name='office')]
    assert mod.find_profile(profiles, 'Office') is profiles[0]
    assert mod.find_profile(profiles, 'Lobby') is None


def test_same_named_profiles_fail_listing_uuids_unless_uuid_picks_one():
    profiles = [stored(), dict(stored(), uuid='e' * 32)]
    with pytest.raises(SrapsError) as failure:
        mod.find_profile(profiles, 'Office')
    assert 'e' * 32 in failure.value.msg and UUID in failure.value.msg
    assert mod.find_profile(profiles, 'Office', uuid='e' * 32) is profiles[1]


# ------------------------------------------------------------------------------------------ create
def test_create_sends_only_what_is_set_and_predicts_server_defaults(catalogue):
    body, changed = plan(None, catalogue, group=D_SERIES, settings={'language': 'Deutsch'})

    assert body == {'name': 'Office', 'product_group': D_SERIES,
                    'settings_manager': {LANGUAGE: entry('Deutsch')}}
    assert changed == ['name', 'product_group', 'settings_manager']
    predicted = mod.predict(None, body)
    assert predicted['autoprovisioning_enabled'] is True     # the server default when omitted
    assert predicted['uuid'] is None


def test_create_with_autoprovisioning_false(catalogue):
    body, _changed = plan(None, catalogue, group=D_SERIES, autoprovisioning=False)
    assert body['autoprovisioning_enabled'] is False
    assert mod.predict(None, body)['autoprovisioning_enabled'] is False


# ------------------------------------------------------------------------------------------ update
def test_nothing_set_means_nothing_changes(catalogue):
    have = stored(**{LANGUAGE: entry('Deutsch')})
    body, changed = plan(have, catalogue)
    assert changed == []
    assert body == {'name': 'Office', 'product_group': D_SERIES, 'autoprovisioning_enabled': True,
                    'settings_manager': {LANGUAGE: entry('Deutsch')}}


def test_one_change_sends_the_whole_object(catalogue):
    have = stored(**{LANGUAGE: entry('Deutsch', 'RW'), ADMIN_PASS: entry(MASK, 'R')})

    body, changed = plan(have, catalogue, autoprovisioning=False)

    assert changed == ['autoprovisioning_enabled']
    # PUT is a full replace: the settings go back as they are, the masked secret included, so it is kept.
    assert body == {'name': 'Office', 'product_group': D_SERIES, 'autoprovisioning_enabled': False,
                    'settings_manager': {LANGUAGE: entry('Deutsch', 'RW'), ADMIN_PASS: entry(MASK, 'R')}}
    assert 'uuid' not in body and 'links' not in body


@pytest.mark.parametrize('server_value', [True, 'true', 'True', 1])
def test_string_booleans_from_the_server_are_not_a_change(catalogue, server_value):
    have = dict(stored(), autoprovisioning_enabled=server_value)
    _body, changed = plan(have, catalogue, autoprovisioning=True)
    assert changed == []


def test_product_group_by_uuid_same_as_stored_is_not_a_change(catalogue):
    _body, changed = plan(stored(), catalogue, group=D_SERIES)
    assert changed == []


def test_setting_change_keeps_other_settings(catalogue):
    have = stored(**{LANGUAGE: entry('Deutsch'), D_ONLY: entry('keyevent F_DIRECTORY_SEARCH')})

    body, changed = plan(have, catalogue, settings={'language': 'English'})

    assert changed == ['settings_manager']
    assert body['settings_manager'] == {LANGUAGE: entry('English'), D_ONLY: entry('keyevent F_DIRECTORY_SEARCH')}


def test_purge_settings_removes_unnamed_settings(catalogue):
    have = stored(**{LANGUAGE: entry('Deutsch'), D_ONLY: entry('x')})

    body, changed = plan(have, catalogue, settings={'language': 'Deutsch'}, purge_settings=True)

    assert changed == ['settings_manager']
    assert body['settings_manager'] == {LANGUAGE: entry('Deutsch')}
    # Already exact: purging again changes nothing.
    _body, changed = plan(dict(have, settings_manager=body['settings_manager']), catalogue,
                          settings={'language': 'Deutsch'}, purge_settings=True)
    assert changed == []


# ---------------------------------------------------------------------------------------- passwords
def test_stored_password_reads_masked_and_counts_as_unchanged_on_create_mode(catalogue):
    have = stored(**{ADMIN_PASS: entry(MASK)})
    _body, changed = plan(have, catalogue, settings={'admin_mode_password': 'new-secret'})
    assert changed == []


def test_update_password_always_sends_the_password(catalogue):
    have = stored(**{ADMIN_PASS: entry(MASK, 'R')})

    body, changed = plan(have, catalogue, settings={'admin_mode_password': 'new-secret'}, update_password='always')

    assert changed == ['settings_manager']
    assert body['settings_manager'][ADMIN_PASS] == {'value': 'new-secret', 'attrs': {'perm': 'R'}}


def test_new_password_is_marked_in_the_diff_but_never_shown(catalogue):
    have = stored(**{LANGUAGE: entry('Deutsch')})
    body, _changed = plan(have, catalogue, settings={'admin_mode_password': 'new-secret'})

    after = mod.view(mod.predict(have, body), catalogue, mark_new_secrets=True)
    before = mod.view(have, catalogue)

    assert after['settings']['admin_mode_password'] == settings_mod.NEW_SECRET_MARK
    assert 'new-secret' not in repr(after) + repr(before)
    assert before == {'name': 'Office', 'product_group': 'D-Series', 'autoprovisioning': True,
                      'settings': {'language': 'Deutsch'}}
    # A kept secret reads back masked and is not marked.
    kept = mod.view(stored(**{ADMIN_PASS: entry(MASK)}), catalogue, mark_new_secrets=True)
    assert kept['settings']['admin_mode_password'] == MASK


def test_indexed_setting_and_string_boolean_view(catalogue):
    have = dict(stored(**{REALNAME: [{'index': 1, 'value': 'Alice', 'attrs': {'perm': ''}}]}),
                autoprovisioning_enabled='false')
    view = mod.view(have, catalogue)
    assert view['autoprovisioning'] is False
    assert view['settings'] == {'user_realname': {1: 'Alice'}}
    assert mod.view(None, catalogue) == {}


# ------------------------------------------------------------------------------------ product group
def test_settings_that_do_not_fit_a_new_product_group_are_named(catalogue):
    have = stored(**{LANGUAGE: entry('Deutsch'), D_ONLY: entry('x')})
    assert mod.foreign_settings(have['settings_manager'], catalogue, M_SERIES) == ['dkey_directory']
    assert mod.foreign_settings(have['settings_manager'], catalogue, D_SERIES) == []


def test_moving_a_profile_keeps_its_settings_and_warns_about_those_of_other_groups(catalogue):
    have = stored(**{LANGUAGE: entry('Deutsch'), D_ONLY: entry('x')})
    ctx = resources.Context(catalogue.client, params(product_group='M-Series', settings={'language': 'English'}),
                            catalogue=catalogue)
    body, changed = resources.PROFILE.plan(ctx, have)
    send = resources.PROFILE.finalise(ctx, have, body)       # written: SRAPS accepts them
    assert changed == ['product_group', 'settings_manager'] and send['settings_manager'][D_ONLY] == entry('x')
    assert catalogue.client.warnings == [
        "profile 'Office' moves to product group M-Series and keeps settings SRAPS lists for other groups: "
        "dkey_directory. They are written, as SRAPS accepts them; remove them (set them to null in settings) or "
        "use purge_settings if phones of M-Series do not use them"]
    # Not moved: nothing to say about what it keeps.
    ctx = resources.Context(catalogue.client, params(settings={'language': 'English'}), catalogue=catalogue)
    body, _changed = resources.PROFILE.plan(ctx, have)
    resources.PROFILE.finalise(ctx, have, body)
    assert len(catalogue.client.warnings) == 1


def test_changing_the_product_group_is_a_change(catalogue):
    body, changed = plan(stored(), catalogue, group=M_SERIES)
    assert changed == ['product_group']
    assert body['product_group'] == M_SERIES


# -------------------------------------------------------------------------------------------- delete
def test_in_use_message_names_count_phones_and_the_fix():
    macs = ['000413%06d' % i for i in range(12)]
    msg = mod.in_use_message(stored(), macs)
    assert 'used by 12 phone(s)' in msg
    assert '000413000000' in msg and 'and 2 more' in msg and '000413000011' not in msg
    assert 'sraps.provisioning.sraps_endpoint' in msg
    assert 'nothing was deleted' in msg


class DeleteClient(object):
    def __init__(self, endpoints, check_mode=False):
        self.endpoints = endpoints
        self.check_mode = check_mode
        self.deleted = []

    def list(self, resource, **params):
        assert resource == 'endpoints'
        return self.endpoints

    def delete(self, resource, **params):
        self.deleted.append((resource, params))


def test_ensure_absent_refuses_a_profile_in_use_in_check_mode_too():
    client = DeleteClient([{'mac': '000413000001', 'provisioning_profile': UUID},
                           {'mac': '000413000002', 'provisioning_profile': 'e' * 32}], check_mode=True)
    with pytest.raises(SrapsError, match=r'used by 1 phone\(s\): 000413000001\.'):
        mod.ensure_absent(client, stored())
    assert client.deleted == []


@pytest.mark.parametrize('check_mode', [True, False])
def test_ensure_absent(check_mode):
    client = DeleteClient([{'mac': '000413000002', 'provisioning_profile': None}], check_mode=check_mode)
    assert mod.ensure_absent(client, stored()) == (True, stored(), None)
    assert client.deleted == ([] if check_mode else [('profile', {'uuid': UUID})])
    assert mod.ensure_absent(client, None) == (False, None, None)
