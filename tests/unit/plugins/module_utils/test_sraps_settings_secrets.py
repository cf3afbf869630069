# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""likely_secret_values: password values are hidden even when resolving the settings fails."""

from __future__ import annotations

import pytest

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_settings as settings_mod
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_catalogue import Catalogue
from ansible_collections.sraps.provisioning.tests.unit.plugins.module_utils.sraps_fakes import (
    ADMIN_PASS, FakeClient)


@pytest.fixture
def catalogue():
    return Catalogue(FakeClient())


def test_by_name_without_a_catalogue():
    found = settings_mod.likely_secret_values({
        'admin_mode_password': 'a1', 'http_pass': {'value': 'a2', 'perm': 'R'}, 'keyboard_lock_pw': 'a3',
        'user_pass': {1: 'a4', 2: {'value': 'a5'}, 3: None}, 'language': 'Deutsch', 'ntp_server': None})
    assert found == {'a1', 'a2', 'a3', 'a4', 'a5'}


def test_nothing_given():
    assert settings_mod.likely_secret_values(None) == set()
    assert settings_mod.likely_secret_values({'language': 'Deutsch'}) == set()


def test_the_mask_and_empty_values_are_not_secrets():
    assert settings_mod.likely_secret_values({'user_pass': {1: '********', 2: ''}}) == set()


def test_by_catalogue_uuid_section_and_typo(catalogue):
    # The fake catalogue's password settings are admin_mode_password and user_pass.
    found = settings_mod.likely_secret_values({
        ADMIN_PASS: 'by-uuid',
        'phone-settings:user_pass': 'by-section',
        'user_pas': 'typo',              # unknown name, closest is user_pass: hidden
        'languag': 'Deutsch',            # unknown name, closest is language: shown
    }, catalogue)
    assert found == {'by-uuid', 'by-section', 'typo'}


def test_resolved_secret_values_agree(catalogue):
    user = {'admin_mode_password': 'x1', 'user_pass': {1: 'x2'}, 'language': 'Deutsch'}
    wants = settings_mod.resolve(user, catalogue)
    assert settings_mod.secret_values(wants, catalogue) <= settings_mod.likely_secret_values(user, catalogue)
