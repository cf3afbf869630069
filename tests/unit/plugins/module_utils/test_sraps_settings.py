# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_settings as settings
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_catalogue import Catalogue
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import SrapsApiError, SrapsError
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


# The production pair (contract section 5): the global entry lists one group, phone-settings another.
C_SERIES = 'd0000000000000000000000000000003'
MSC_SERIES = 'd0000000000000000000000000000004'
PAIR_GLOBAL = dict(fx.SETTINGS[0], name='Setting Server URL', product_groups=[fx.M_SERIES])
PAIR_PHONE = dict(fx.SETTINGS[1], name='Setting Server', product_groups=[fx.D_SERIES])


@pytest.fixture
def production():
    client = fx.FakeClient()
    client.lists['settings'] = [PAIR_GLOBAL, PAIR_PHONE] + fx.SETTINGS[2:]
    client.lists['product_groups'] = fx.PRODUCT_GROUPS + [{'uuid': C_SERIES, 'name': 'C-Series'},
                                                          {'uuid': MSC_SERIES, 'name': 'MSC-Series'}]
    return Catalogue(client), client


def test_the_entry_listing_the_product_group_wins_without_a_warning(production):
    catalogue, client = production
    assert catalogue.resolve_setting('setting_server', fx.M_SERIES)['uuid'] == fx.SERVER_GLOBAL
    assert catalogue.resolve_setting('setting_server', fx.D_SERIES)['uuid'] == fx.SERVER_PHONE
    assert catalogue.resolve_setting('setting_server')['uuid'] == fx.SERVER_PHONE     # no group: the section
    assert client.warnings == []


def test_no_entry_listing_the_group_takes_phone_settings_with_a_warning(production):
    catalogue, client = production
    for group in (C_SERIES, MSC_SERIES):
        assert catalogue.resolve_setting('setting_server', group)['uuid'] == fx.SERVER_PHONE
    assert client.warnings == [
        "setting 'setting_server' on product group %s: written as the entry 'Setting Server' (section "
        "phone-settings, uuid %s), which SRAPS lists for D-Series, not for %s. SRAPS accepts such a write; if "
        "phones of %s ignore it, remove it" % (name, fx.SERVER_PHONE, name, name)
        for name in ('C-Series', 'MSC-Series')]


def test_given_entries_are_taken_as_given_and_warned_about_once_per_entry_and_group(production):
    catalogue, client = production
    for attempt in range(3):
        assert catalogue.resolve_setting('phone-settings:setting_server', fx.M_SERIES)['uuid'] == fx.SERVER_PHONE
        assert catalogue.resolve_setting(fx.SERVER_PHONE, fx.M_SERIES)['uuid'] == fx.SERVER_PHONE
        assert catalogue.resolve_setting('global:setting_server', fx.D_SERIES)['uuid'] == fx.SERVER_GLOBAL
    assert len(client.warnings) == 2
    assert client.warnings[0].endswith('not for M-Series. SRAPS accepts such a write; the entry it lists for '
                                       'M-Series is global:setting_server')
    assert "written as the entry 'Setting Server URL' (section global" in client.warnings[1]
    assert 'the entry it lists for D-Series is phone-settings:setting_server' in client.warnings[1]


def test_a_single_entry_of_another_group_is_written_with_a_warning(catalogue):
    assert catalogue.resolve_setting('dkey_directory', fx.D_SERIES)['uuid'] == fx.D_ONLY
    assert catalogue.client.warnings == []
    notes = []
    assert catalogue.resolve_setting('dkey_directory', fx.M_SERIES, notes)['uuid'] == fx.D_ONLY
    assert catalogue.client.warnings == []          # notes given: nothing told through the client
    assert notes == ["setting 'dkey_directory' on product group M-Series: written as the entry 'Dkey Directory' "
                     "(section phone-settings, uuid %s), which SRAPS lists for D-Series, not for M-Series. SRAPS "
                     "accepts such a write; if phones of M-Series ignore it, remove it" % fx.D_ONLY]
    wants = settings.resolve({'dkey_directory': 'x'}, catalogue, fx.M_SERIES)
    assert wants == {fx.D_ONLY: ('one', 'x', None)}
    assert len(catalogue.client.warnings) == 1


def test_two_entries_listing_the_group_in_one_section_fail_listing_both(production):
    catalogue, client = production
    client.lists['settings'] = client.lists['settings'] + [
        dict(PAIR_GLOBAL, uuid='b' * 32, product_groups=[fx.M_SERIES])]
    with pytest.raises(SrapsError) as err:
        Catalogue(client).resolve_setting('setting_server', fx.M_SERIES)
    assert "setting 'setting_server' is ambiguous: 'Setting Server URL' (section global, uuid %s, url, listed for " \
           "M-Series); 'Setting Server URL' (section global, uuid %s, url, listed for M-Series)" \
           % (fx.SERVER_GLOBAL, 'b' * 32) in err.value.msg
    assert fx.SERVER_PHONE not in err.value.msg     # the group narrowed the candidates first


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
                    'setting_server': {'value': 'http://x/{mac}', 'perm': 'R'},
                    'user_pass': {1: '********'}}
    # The other entry of a shared name is qualified: the bare name would mean the phone-settings one.
    assert settings.describe({fx.SERVER_GLOBAL: {'value': 'http://y/', 'attrs': {}}}, catalogue) == {
        'global:setting_server': 'http://y/'}
    # As the task wrote it, when given.
    assert sorted(settings.describe(stored, catalogue, written={fx.SERVER_PHONE: 'phone-settings:setting_server'})) \
        == ['admin_mode_password', 'phone-settings:setting_server', 'user_pass']
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


def test_setting_group_name_from_setting_groups_else_the_group_as_held(catalogue):
    assert catalogue.setting_group_name(fx.SETTINGS[0]) == 'General'
    assert catalogue.setting_group_name(dict(fx.SETTINGS[0], group='c' * 32)) == 'c' * 32

    class NoGroups(fx.FakeClient):
        def cached_list(self, resource, **params):
            if resource == 'setting_groups':     # ASSUMED: a SRAPS without the list
                raise SrapsApiError('GET setting-groups/ failed with HTTP 404', status=404)
            return super(NoGroups, self).cached_list(resource, **params)

    assert Catalogue(NoGroups()).setting_group_name(fx.SETTINGS[0]) == fx.GENERAL


@pytest.mark.parametrize('ref, value, warned', [
    ('global:setting_server', 'pbx.example.com/fw', True),      # field_type url
    ('global:setting_server', 'https://pbx.example.com/{mac}', False),
    ('global:setting_server', '', False),
    ('setting_server', 'pbx.example.com/fw', False),            # the phone-settings entry is text
    ('ntp_server', 'pool.ntp.org', False),
])
def test_a_url_setting_without_a_scheme_is_written_with_a_warning(catalogue, ref, value, warned):
    wants = settings.resolve({ref: value}, catalogue)
    assert list(wants.values())[0][1] == value
    notes = []
    settings.resolve({ref: value}, catalogue, notes=notes)
    if warned:
        assert notes == ["setting %r: %r has no scheme (such as https://); it is written, as SRAPS may accept it, "
                         "but a phone will not use it: write the whole URL" % (ref, value)]
        assert len(catalogue.client.warnings) == 1
    else:
        assert notes == [] and catalogue.client.warnings == []


def test_a_setting_named_url_is_a_url():
    assert settings.is_url({'field_type': 'text', 'param_name': 'firmware_url', 'name': 'Firmware'})
    assert settings.is_url({'field_type': 'text', 'param_name': 'fw', 'name': 'Firmware status URL'})
    assert not settings.is_url({'field_type': 'text', 'param_name': 'curly_brace', 'name': 'Curly'})
