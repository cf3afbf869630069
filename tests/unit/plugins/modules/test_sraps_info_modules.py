# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The filters of the _info modules and the log query built from the options."""

from __future__ import annotations

import datetime

import pytest

from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_catalogue import Catalogue
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import SrapsError
from ansible_collections.sraps.provisioning.plugins.modules import sraps_log_info
from ansible_collections.sraps.provisioning.plugins.modules import sraps_profile_info
from ansible_collections.sraps.provisioning.plugins.modules import sraps_setting_info
from ansible_collections.sraps.provisioning.plugins.modules import sraps_user_info
from ansible_collections.sraps.provisioning.tests.unit.plugins.module_utils.sraps_fakes import (
    D_ONLY, FakeClient)

UTC = datetime.timezone.utc


def test_profile_select():
    profiles = [{'uuid': 'a' * 32, 'name': 'Office'}, {'uuid': 'b' * 32, 'name': 'Office'},
                {'uuid': 'c' * 32, 'name': 'Lobby'}]
    assert sraps_profile_info.select(profiles) == profiles
    assert sraps_profile_info.select(profiles, name='Office') == profiles[:2]
    assert sraps_profile_info.select(profiles, uuid='b' * 32) == [profiles[1]]
    assert sraps_profile_info.select(profiles, name='Lobby', uuid='b' * 32) == []


def test_user_select_ignores_case():
    users = [{'email': 'Alice@Example.com'}, {'email': 'bob@example.com'}]
    assert sraps_user_info.select(users) == users
    assert sraps_user_info.select(users, 'alice@EXAMPLE.com') == [users[0]]
    assert sraps_user_info.select(users, 'carol@example.com') == []


def test_setting_shown_names_its_product_groups():
    catalogue = Catalogue(FakeClient())
    shown = sraps_setting_info.shown(catalogue.setting(D_ONLY), catalogue)
    assert shown['product_group_names'] == ['D-Series']
    assert shown['param_name'] == 'dkey_directory'


@pytest.mark.parametrize('text, expected', [
    ('2026-11-28T08:00:00Z', datetime.datetime(2026, 11, 28, 8, tzinfo=UTC)),
    ('2026-11-28T09:00:00+01:00', datetime.datetime(2026, 11, 28, 8, tzinfo=UTC)),
    ('2026-11-28 08:00:00', datetime.datetime(2026, 11, 28, 8, tzinfo=UTC)),    # no offset: UTC
    ('2026-11-28', datetime.datetime(2026, 11, 28, tzinfo=UTC)),
    ('2026-11-28T08:00:00.250000z', datetime.datetime(2026, 11, 28, 8, 0, 0, 250000, tzinfo=UTC)),
])
def test_parse_time(text, expected):
    assert sraps_log_info.parse_when('since', text) == expected


def test_parse_time_rejects_other_forms():
    with pytest.raises(SrapsError, match="since 'yesterday' is neither a time nor an age"):
        sraps_log_info.parse_when('since', 'yesterday')


def test_build_query():
    query = sraps_log_info.build_query({'mac': '00:04:13:AA:BB:CC', 'since': '2026-11-28T09:00:00+01:00',
                                        'until': '2026-11-28T10:00:00.5Z', 'event': 'redirect_served',
                                        'limit': 5})
    assert query == {'mac': '000413aabbcc', 'since': '2026-11-28T08:00:00Z',
                     'until': '2026-11-28T10:00:00.500000Z', 'event': 'redirect_served'}
    assert sraps_log_info.build_query({'limit': 0}) == {}


@pytest.mark.parametrize('options, words', [
    ({'mac': '00:04:13'}, 'not a MAC address'),
    ({'since': '2026-11-29', 'until': '2026-11-28'}, 'since (2026-11-29T00:00:00Z) is after until'),
    ({'limit': -1}, 'limit must be 0'),
])
def test_build_query_rejects(options, words):
    with pytest.raises(SrapsError, match=r'%s' % words.replace('(', r'\(').replace(')', r'\)')):
        sraps_log_info.build_query(options)


def check_items(*items):
    return [dict({'product': None, 'product_group': None}, **item) for item in items]


def test_setting_validate_names_each_problem_once_with_what_it_concerns():
    import types
    module = types.SimpleNamespace(no_log_values=set())
    catalogue = Catalogue(FakeClient())
    phones = [{'label': 'phone 00041320000%d' % i, 'settings': {'languag': 'Deutsch'}} for i in range(7)]
    problems, notes, checked = sraps_setting_info.validate(module, catalogue, check_items(
        {'label': 'profile Desk', 'product_group': 'D-Series',
         'settings': {'language': 'Deutsch', 'dkey_directory': 'x', 'admin_mode_password': 'pin-4711'}},
        {'label': 'profile Base', 'product_group': 'M-Series', 'settings': {'dkey_directory': 'x'}},
        {'label': 'product default D785', 'product': 'D785', 'settings': {'language': 'Klingon'}},
        {'label': 'product default X1', 'product': 'X1', 'settings': {'language': 'English'}},
        *phones))

    # A setting SRAPS lists for another product group is a note (SRAPS accepts it), not a problem.
    assert len(problems) == 3
    assert problems[0].startswith('product default D785: invalid settings: language:') and 'Klingon' in problems[0]
    assert problems[1].startswith("product default X1: unknown product 'X1'")
    assert problems[2].startswith('phone 000413200000, phone 000413200001, phone 000413200002, phone 000413200003, '
                                  "phone 000413200004 and 2 more: invalid settings: unknown setting 'languag'")
    assert 'Did you mean: language?' in problems[2]
    assert notes == ["profile Base: setting 'dkey_directory' on product group M-Series: written as the entry "
                     "'Dkey Directory' (section phone-settings, uuid %s), which SRAPS lists for D-Series, not for "
                     "M-Series. SRAPS accepts such a write; if phones of M-Series ignore it, remove it" % D_ONLY]
    dkey = [c for c in checked if c['setting'] == 'dkey_directory']
    assert dkey == [
        {'setting': 'dkey_directory', 'uuid': D_ONLY, 'param_name': 'dkey_directory', 'section': 'phone-settings',
         'name': 'Dkey Directory', 'group': 'General', 'product_group': 'D-Series', 'listed': True,
         'labels': ['profile Desk']},
        {'setting': 'dkey_directory', 'uuid': D_ONLY, 'param_name': 'dkey_directory', 'section': 'phone-settings',
         'name': 'Dkey Directory', 'group': 'General', 'product_group': 'M-Series', 'listed': False,
         'labels': ['profile Base']}]
    assert not [c for c in checked if c['setting'] == 'languag']       # unknown: a problem, not an entry
    assert not [c for c in checked if 'product default X1' in c['labels']]    # its product is unknown
    # one entry per setting, entry and group: the D785 is a D-Series phone too
    assert [c['labels'] for c in checked if c['setting'] == 'language'] == [['profile Desk', 'product default D785']]
    assert 'pin-4711' in module.no_log_values           # hidden from the task's output


def test_setting_validate_is_empty_for_right_settings():
    import types
    catalogue = Catalogue(FakeClient())
    assert sraps_setting_info.validate(types.SimpleNamespace(no_log_values=set()), catalogue, check_items(
        {'label': 'phone 000413200001', 'settings': {'user_realname': {'1': 'Alice', '2': 'Bob'}, 'language': None}},
    ))[:2] == ([], [])
