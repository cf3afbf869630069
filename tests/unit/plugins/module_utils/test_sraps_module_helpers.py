# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The want/have helpers: normalised comparison (_sraps_match), lookup by natural key, full-replace bodies."""

from __future__ import annotations

import pytest

from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import SrapsError
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_match import (
    OBJECTS_MATCH, as_bool, resolve, same_value)
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_resources import replace_body

A = 'a' * 32
B = 'b' * 32


@pytest.mark.parametrize('value, expected', [
    (True, True), (False, False), ('true', True), ('True', True), (' false ', False), ('on', True),
    ('off', False), ('1', True), ('0', False), (1, True), (0, False), ('maybe', 'maybe'), (None, None),
])
def test_as_bool(value, expected):
    assert as_bool(value) == expected


@pytest.mark.parametrize('have, want, same', [
    (True, True, True),
    ('true', True, True),       # the server may store or echo a boolean as a string
    ('false', False, True),
    ('true', False, False),
    (False, True, False),
    (None, False, False),       # a missing value is not false
    ('3', 3, True),             # digits written as a string
    (3, '3', True),
    ('3', 4, False),
    ('Alice', 'Alice', True),
    ('Alice', 'alice', False),  # case matters unless the field says otherwise
    ({'a': 1}, {'a': 1}, True),
    ({'a': 1}, {'a': 2}, False),
])
def test_same_value(have, want, same):
    assert same_value(have, want) is same


def find_one(items, name, what, **kwargs):
    """The object a module manages, found by its name (the rule of _sraps_match.resolve)."""
    return resolve(items, name, what, several=OBJECTS_MATCH, **kwargs)


def by_name(name):
    return name


def test_find_one_none_one_and_several():
    items = [{'uuid': A, 'name': 'Sales'}, {'uuid': B, 'name': 'Sales'}, {'uuid': 'c' * 32, 'name': 'Desk'}]

    assert find_one(items, by_name('Nobody'), 'profile named Nobody') is None
    assert find_one(items, by_name('Desk'), 'profile named Desk') is items[2]
    with pytest.raises(SrapsError) as failure:
        find_one(items, by_name('Sales'), "profile named 'Sales'")
    assert failure.value.msg.startswith("2 objects match profile named 'Sales': %s, %s." % (A, B))
    assert 'Give the uuid' in failure.value.msg
    with pytest.raises(SrapsError, match=r'\. Rename one\.$'):
        find_one(items, by_name('Sales'), 'company name Sales', fix='Rename one.')


def test_find_one_uuid_picks_among_duplicates():
    items = [{'uuid': A, 'name': 'Sales'}, {'uuid': B, 'name': 'Sales'}]
    match = 'Sales'

    assert find_one(items, match, 'x', uuid=B) is items[1]
    assert find_one(items, match, 'x', uuid=B.upper()) is items[1]
    assert find_one(items, match, 'x', uuid='-'.join([B[:8], B[8:12], B[12:16], B[16:20], B[20:]])) is items[1]
    # A uuid that is not among the matches does not fall back to another object.
    assert find_one(items, match, 'x', uuid='c' * 32) is None
    with pytest.raises(SrapsError, match='not a SRAPS uuid'):
        find_one(items, match, 'x', uuid='sales')


def test_replace_body_sends_every_writable_field():
    have = {'uuid': A, 'links': {'self': 'u'}, 'name': 'Sales', 'autoprovisioning_enabled': True,
            'product_group': B, 'settings_manager': {'s': {'value': 'x', 'attrs': {}}}}

    body, changed = replace_body('profile', have, {'autoprovisioning_enabled': False})

    assert changed == ['autoprovisioning_enabled']
    assert body == {'name': 'Sales', 'autoprovisioning_enabled': False, 'product_group': B,
                    'settings_manager': {'s': {'value': 'x', 'attrs': {}}}}
    body['settings_manager']['s']['value'] = 'changed'
    assert have['settings_manager']['s']['value'] == 'x', 'the body must not share state with have'


def test_replace_body_keeps_the_stored_form_of_equal_values():
    have = {'uuid': A, 'links': {}, 'name': 'Sales', 'autoprovisioning_enabled': 'true'}

    body, changed = replace_body('profile', have, {'name': 'Sales', 'autoprovisioning_enabled': True})

    assert changed == []
    assert body == {'name': 'Sales', 'autoprovisioning_enabled': 'true'}


def test_replace_body_compare_per_field_and_missing_fields():
    have = {'uuid': A, 'links': {}, 'email': 'Alice@Example.com', 'role': 'viewer'}

    def same_case_insensitive(old, new):
        return old.lower() == new.lower()

    body, changed = replace_body('user', have, {'email': 'alice@example.COM', 'role': 'admin', 'language': 'de'},
                                 compare={'email': same_case_insensitive})

    assert changed == ['language', 'role']
    assert body == {'email': 'Alice@Example.com', 'role': 'admin', 'language': 'de'}


def test_replace_body_drops_server_owned_fields_of_a_company():
    have = {'uuid': A, 'links': {}, 'type': 'end_user', 'parent': B, 'name': 'Acme', 'country': 'DE', 'city': ''}

    body, changed = replace_body('company', have, {'city': 'Bonn'})

    assert changed == ['city']
    assert body == {'name': 'Acme', 'country': 'DE', 'city': 'Bonn'}


@pytest.mark.parametrize('ref, expected', [
    ('c' * 32, 2),                  # a uuid first
    ('C' * 8 + '-' + 'c' * 24, 2),  # in any case, dashes allowed
    ('Desk', 0),                    # then the exact name
    ('reception', 2),               # then without regard to case, when that is unique
    (' RECEPTION ', 2),
    ('Lobby', None),
])
def test_one_rule_for_name_or_uuid(ref, expected):
    items = [{'uuid': A, 'name': 'Desk'}, {'uuid': B, 'name': 'desk'}, {'uuid': 'c' * 32, 'name': 'Reception'}]
    assert resolve(items, ref, 'profile name %r' % ref) is (None if expected is None else items[expected])


def test_names_alike_without_an_exact_one_are_ambiguous():
    items = [{'uuid': A, 'name': 'Desk'}, {'uuid': B, 'name': 'desk'}]
    with pytest.raises(SrapsError, match="profile name 'DESK' is ambiguous: %s, %s; give the uuid instead" % (A, B)):
        resolve(items, 'DESK', 'profile name %r' % 'DESK')
