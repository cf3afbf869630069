# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""A write never sends the password mask back unless masked_secrets says SRAPS keeps it.

SRAPS reads passwords back as ******** and every write replaces the whole object; whether it keeps
the stored password when the mask comes back is not known. So a declared password is sent with its
declared value, and an object holding an undeclared one is refused.
"""

from __future__ import annotations

import pytest

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_settings as settings_mod
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_catalogue import Catalogue
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import SrapsError
from ansible_collections.sraps.provisioning.tests.unit.plugins.module_utils.sraps_fakes import (
    ADMIN_PASS, LANGUAGE, USER_PASS, FakeClient)

MASK = '********'


@pytest.fixture
def catalogue():
    return Catalogue(FakeClient())


def stored():
    """What SRAPS returns for an object holding two passwords (masked) and a language."""
    return {
        ADMIN_PASS: {'value': MASK, 'attrs': {'perm': ''}},
        USER_PASS: [{'index': 1, 'value': MASK, 'attrs': {'perm': ''}},
                    {'index': 2, 'value': MASK, 'attrs': {'perm': 'R'}}],
        LANGUAGE: {'value': 'Deutsch', 'attrs': {'perm': ''}},
    }


def plan(catalogue, user, update_password='on_create', masked_secrets='refuse'):
    wants = settings_mod.resolve(user, catalogue)
    new, changed = settings_mod.apply(stored(), wants, catalogue, update_password=update_password)
    body = {'name': 'Desk', 'settings_manager': new}
    return settings_mod.outgoing_body(body, wants, catalogue, 'the phone', masked_secrets), changed


def test_undeclared_secrets_refuse_the_write_naming_settings_not_values(catalogue):
    with pytest.raises(SrapsError) as err:
        plan(catalogue, {'language': 'English'})
    msg = err.value.msg
    assert 'admin_mode_password, user_pass[1], user_pass[2]' in msg
    assert 'masked_secrets: server_keeps' in msg and 'vault' in msg and 'Nothing was written' in msg
    assert err.value.status is None


def test_one_undeclared_secret_is_enough_to_refuse(catalogue):
    with pytest.raises(SrapsError, match=r'no value for: user_pass\[2\]\.'):
        plan(catalogue, {'admin_mode_password': 'a-1', 'user_pass': {1: 'u-1'}})


def test_declared_secrets_are_sent_with_their_values_even_when_unchanged(catalogue):
    body, changed = plan(catalogue, {'language': 'English', 'admin_mode_password': 'a-1',
                                     'user_pass': {1: 'u-1', 2: {'value': 'u-2', 'perm': 'R'}}})
    sent = body['settings_manager']
    assert changed  # the language
    assert sent[ADMIN_PASS] == {'value': 'a-1', 'attrs': {'perm': ''}}
    assert sent[USER_PASS] == [{'index': 1, 'value': 'u-1', 'attrs': {'perm': ''}},
                               {'index': 2, 'value': 'u-2', 'attrs': {'perm': 'R'}}]
    assert MASK not in repr(sent)


def test_unchanged_declared_secret_is_no_reason_to_write_and_shows_masked(catalogue):
    wants = settings_mod.resolve({'admin_mode_password': 'a-1', 'user_pass': {1: 'u-1', 2: 'u-2'}}, catalogue)
    new, changed = settings_mod.apply(stored(), wants, catalogue)
    assert not changed
    # The diff's after side is built from new: the mask, not a new value.
    assert settings_mod.describe(new, catalogue, mark_new_secrets=True)['admin_mode_password'] == MASK


def test_update_password_always_sends_and_marks_the_new_value(catalogue):
    body, changed = plan(catalogue, {'admin_mode_password': 'a-2', 'user_pass': {1: 'u-1', 2: 'u-2'}},
                         update_password='always')
    assert changed
    assert body['settings_manager'][ADMIN_PASS]['value'] == 'a-2'


def test_server_keeps_sends_the_mask(catalogue):
    body, dummy = plan(catalogue, {'language': 'English'}, masked_secrets='server_keeps')
    assert body['settings_manager'][ADMIN_PASS]['value'] == MASK
    assert body['settings_manager'][LANGUAGE]['value'] == 'English'


def test_a_declared_mask_is_no_value(catalogue):
    with pytest.raises(SrapsError, match='no value for: admin_mode_password, user_pass'):
        plan(catalogue, {'admin_mode_password': MASK})


def test_nothing_to_write_is_not_checked(catalogue):
    body = {'settings_manager': stored()}
    assert settings_mod.outgoing_body(body, {}, catalogue, 'the phone', write=False) is body


def test_no_secret_no_copy(catalogue):
    body = {'settings_manager': {LANGUAGE: {'value': 'Deutsch', 'attrs': {'perm': ''}}}}
    assert settings_mod.outgoing_body(body, {}, catalogue, 'the phone') is body


def test_purge_drops_undeclared_secrets_so_nothing_masked_is_sent(catalogue):
    wants = settings_mod.resolve({'language': 'English'}, catalogue)
    new, changed = settings_mod.apply(stored(), wants, catalogue, purge=True)
    body = settings_mod.outgoing_body({'settings_manager': new}, wants, catalogue, 'the phone')
    assert set(body['settings_manager']) == {LANGUAGE} and changed


def test_a_list_given_to_a_password_is_hidden_and_named(catalogue):
    user = {'admin_mode_password': ['s3cr3t-in-a-list', 'other-s3cr3t']}
    assert settings_mod.likely_secret_values(user) == {'s3cr3t-in-a-list', 'other-s3cr3t'}
    with pytest.raises(SrapsError) as err:
        settings_mod.resolve(user, catalogue)
    assert 'admin_mode_password: a setting value must be a string, number or boolean, not list' in err.value.msg
    assert 's3cr3t' not in err.value.msg
