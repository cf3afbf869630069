# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_settings as settings
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_catalogue import Catalogue
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import SrapsError
from ansible_collections.sraps.provisioning.tests.unit.plugins.module_utils import sraps_fakes as fx


@pytest.fixture
def catalogue():
    return Catalogue(fx.FakeClient())


def test_setting_server_prefers_phone_settings_section(catalogue):
    assert catalogue.resolve_setting('setting_server', fx.D_SERIES)['uuid'] == fx.SERVER_PHONE
    assert catalogue.resolve_setting('setting_server')['uuid'] == fx.SERVER_PHONE


def test_section_prefix_and_uuid_pick_the_other_entry(catalogue):
    assert catalogue.resolve_setting('global:setting_server', fx.D_SERIES)['uuid'] == fx.SERVER_GLOBAL
    assert catalogue.resolve_setting(fx.SERVER_GLOBAL.upper())['uuid'] == fx.SERVER_GLOBAL


def test_product_group_filters_before_section(catalogue):
    with pytest.raises(SrapsError, match='does not apply to product group M-Series; it applies to D-Series'):
        catalogue.resolve_setting('dkey_directory', fx.M_SERIES)
    assert catalogue.resolve_setting('dkey_directory', fx.D_SERIES)['uuid'] == fx.D_ONLY


def test_still_ambiguous_lists_candidates():
    client = fx.FakeClient()
    client.lists['settings'] = fx.SETTINGS + [dict(fx.SETTINGS[1], uuid='b' * 32, field_type='url')]
    with pytest.raises(SrapsError) as err:
        Catalogue(client).resolve_setting('setting_server', fx.D_SERIES)
    assert fx.SERVER_PHONE in err.value.msg and 'b' * 32 in err.value.msg
    assert 'section:param_name' in err.value.msg


def test_unknown_name_suggests_closest(catalogue):
    with pytest.raises(SrapsError, match="unknown setting 'langauge'.*Did you mean: language"):
        catalogue.resolve_setting('langauge')


def test_catalogue_read_once_for_many_lookups():
    client = fx.FakeClient()
    cat = Catalogue(client)
    for attempt in range(50):
        assert cat.resolve_setting('language')['uuid'] == fx.LANGUAGE, attempt
    assert client.calls.count(('cached_list', 'settings')) == 1


def test_values_written_as_the_phone_expects(catalogue):
    wants = settings.resolve({'language': 'Deutsch', 'ntp_server': 3, 'setting_server': True,
                              'user_realname': {1: 'Alice', '2': {'value': 'Bob', 'perm': 'rw'}}}, catalogue)
    assert wants[fx.LANGUAGE] == ('one', 'Deutsch', None)
    assert wants[fx.NTP] == ('one', '3', None)
    assert wants[fx.SERVER_PHONE] == ('one', 'on', None)
    assert wants[fx.REALNAME] == ('indexed', {1: ('Alice', None), 2: ('Bob', 'RW')})


def test_every_bad_setting_named_in_one_error(catalogue):
    with pytest.raises(SrapsError) as err:
        settings.resolve({'nope': 'x', 'language': {'value': 'x', 'perm': 'W'},
                          'user_realname': {99: 'x'}}, catalogue)
    msg = err.value.msg
    assert "unknown setting 'nope'" in msg
    assert "perm 'W' is not valid" in msg
    assert 'index 99 is outside 1..12' in msg


def test_apply_keeps_unnamed_settings_and_reports_no_change_when_equal(catalogue):
    have = {fx.LANGUAGE: {'value': 'Deutsch', 'attrs': {'perm': 'R'}},
            fx.NTP: {'value': 'pool.ntp.org', 'attrs': {}}}
    new, changed = settings.apply(have, settings.resolve({'language': 'Deutsch'}, catalogue), catalogue)
    assert not changed
    assert new == have
    new, changed = settings.apply(have, settings.resolve({'language': {'value': 'Deutsch', 'perm': 'RW'}},
                                                         catalogue), catalogue)
    assert changed
    assert new[fx.LANGUAGE] == {'value': 'Deutsch', 'attrs': {'perm': 'RW'}}
    assert new[fx.NTP] == have[fx.NTP]


def test_purge_makes_settings_exact(catalogue):
    have = {fx.LANGUAGE: {'value': 'Deutsch', 'attrs': {}}, fx.NTP: {'value': 'pool', 'attrs': {}},
            fx.REALNAME: [{'index': 1, 'value': 'A', 'attrs': {}}, {'index': 2, 'value': 'B', 'attrs': {}}]}
    new, changed = settings.apply(have, settings.resolve({'language': 'Deutsch', 'user_realname': {2: 'B'}},
                                                         catalogue), catalogue, purge=True)
    assert changed
    assert set(new) == {fx.LANGUAGE, fx.REALNAME}
    assert new[fx.REALNAME] == [{'index': 2, 'value': 'B', 'attrs': {}}]
    again, changed = settings.apply(new, settings.resolve({'language': 'Deutsch', 'user_realname': {2: 'B'}},
                                                          catalogue), catalogue, purge=True)
    assert not changed and again == new


def test_null_removes_a_setting(catalogue):
    have = {fx.NTP: {'value': 'pool', 'attrs': {}}}
    new, changed = settings.apply(have, settings.resolve({'ntp_server': None}, catalogue), catalogue)
    assert changed and new == {}
    _new, changed = settings.apply({}, settings.resolve({'ntp_server': None}, catalogue), catalogue)
    assert not changed


def test_masked_password_counts_as_unchanged_unless_always(catalogue):
    have = {fx.ADMIN_PASS: {'value': '********', 'attrs': {}}}
    wants = settings.resolve({'admin_mode_password': 's3cret-Pin'}, catalogue)
    new, changed = settings.apply(have, wants, catalogue)
    assert not changed and new == have
    new, changed = settings.apply(have, wants, catalogue, update_password='always')
    assert changed and new[fx.ADMIN_PASS]['value'] == 's3cret-Pin'
    new, changed = settings.apply({}, wants, catalogue)
    assert changed and new[fx.ADMIN_PASS]['value'] == 's3cret-Pin'
    assert settings.secret_values(wants, catalogue) == {'s3cret-Pin'}


def test_describe_and_masked_hide_passwords_and_name_duplicates(catalogue):
    stored = {fx.ADMIN_PASS: {'value': 'real', 'attrs': {}},
              fx.SERVER_PHONE: {'value': 'http://x/{mac}', 'attrs': {'perm': 'R'}},
              fx.USER_PASS: [{'index': 1, 'value': 'sip-secret', 'attrs': {}}]}
    view = settings.describe(stored, catalogue)
    assert view == {'admin_mode_password': '********',
                    'phone-settings:setting_server': {'value': 'http://x/{mac}', 'perm': 'R'},
                    'user_pass': {1: '********'}}
    hidden = settings.masked(stored, catalogue)
    assert 'real' not in str(hidden) and 'sip-secret' not in str(hidden)
    assert stored[fx.ADMIN_PASS]['value'] == 'real'


def test_values_checked_against_the_field_type():
    client = fx.FakeClient()
    client.lists['settings'] = fx.SETTINGS + [
        dict(fx.SETTINGS[7], uuid='c' * 32, param_name='backlight', field_type='int'),
        dict(fx.SETTINGS[7], uuid='d' * 32, param_name='time_24_format', field_type='bool')]
    cat = Catalogue(client)
    wants = settings.resolve({'time_24_format': 'Yes', 'backlight': 8, 'language': 'Deutsch'}, cat)
    assert wants['d' * 32] == ('one', 'on', None)
    assert wants['c' * 32] == ('one', '8', None)
    assert settings.resolve({'time_24_format': False}, cat)['d' * 32] == ('one', 'off', None)
    with pytest.raises(SrapsError) as err:
        settings.resolve({'time_24_format': 'maybe', 'backlight': 'bright', 'language': 'Deutch'}, cat)
    msg = err.value.msg
    assert "time_24_format: 'maybe' is not on or off" in msg
    assert "backlight: 'bright' is not a whole number" in msg
    assert "language: 'Deutch' is not one of its choices (did you mean Deutsch)" in msg


def test_masked_value_is_not_checked_as_a_choice(catalogue):
    assert settings.resolve({'language': '********'}, catalogue)[fx.LANGUAGE] == ('one', '********', None)
