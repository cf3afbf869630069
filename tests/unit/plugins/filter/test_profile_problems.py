# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.sraps.provisioning.plugins.filter.near_names import FilterModule as NearFilters, near_names
from ansible_collections.sraps.provisioning.plugins.filter.profile_problems import FilterModule, profile_problems

PROFILES = [{'name': 'Desk Phones', 'uuid': 'd7aa2195d06e51ac92379daf15358058', 'product_group': 'D-Series'},
            {'name': 'Conference', 'uuid': '0123456789abcdef0123456789abcdef', 'product_group': 'M-Series'}]


def phones(count, **extra):
    return [dict({'mac': '00:04:13:60:%02x:%02x' % divmod(i, 256)}, **extra) for i in range(1, count + 1)]


def test_the_filters_are_registered_under_their_names():
    assert FilterModule().filters() == {'profile_problems': profile_problems}
    assert NearFilters().filters() == {'near_names': near_names}


def test_known_profiles_by_name_any_case_or_uuid_and_phones_without_one():
    listed = [{'mac': '1', 'profile': 'Desk Phones'}, {'mac': '2', 'profile': ' desk phones'},
              {'mac': '3', 'profile': 'D7AA2195-D06E-51AC-9237-9DAF15358058'}, {'mac': '4'}, {'mac': '5', 'profile': ''}]
    assert profile_problems(listed, PROFILES) == []


def test_a_typo_in_the_default_is_one_item_that_names_the_option():
    problems = profile_problems(phones(200), PROFILES, default='Desk Phone', default_option='site_rollout_profile')
    assert len(problems) == 1
    problem = problems[0]
    assert problem['profile'] == 'Desk Phone' and problem['count'] == 200 and problem['from_default'] is True
    assert problem['did_you_mean'] == ['Desk Phones']
    assert problem['msg'].startswith("profile 'Desk Phone' does not exist (did you mean 'Desk Phones'?): "
                                     "200 phone(s) take it from site_rollout_profile - 00:04:13:60:00:01, ")
    assert problem['msg'].endswith(' and 195 more')
    assert len(problem['msg']) < 300


def test_unknown_profiles_are_grouped_by_name_with_counts():
    listed = (phones(3, profile='Conferense') + [{'mac': 'x', 'name': 'Typo', 'profile': 'Desk Phonez'}]
              + [{'mac': 'y', 'profile': 'Nothing Like It'}] + [{'mac': 'z', 'profile': 'Conferense', 'state': 'absent'}])
    problems = profile_problems(listed, PROFILES, default='Desk Phones')
    assert [(p['profile'], p['count'], p['from_default']) for p in problems] == [
        ('Conferense', 3, False), ('Desk Phonez', 1, False), ('Nothing Like It', 1, False)]
    assert problems[0]['did_you_mean'] == ['Conference']
    assert "3 phone(s) name it - 00:04:13:60:00:01" in problems[0]['msg']
    assert "x (Typo)" in problems[1]['msg']
    assert problems[2]['did_you_mean'] == [] and 'did you mean' not in problems[2]['msg']


def test_a_default_that_some_phones_also_name():
    listed = [{'mac': '1'}, {'mac': '2', 'profile': 'Desk'}]
    problem = profile_problems(listed, PROFILES, default='Desk', default_option='site_rollout_profile')[0]
    assert problem['count'] == 2
    assert '1 phone(s) take it from site_rollout_profile, 1 name it' in problem['msg']
    assert problem['did_you_mean'] == ['Desk Phones']


@pytest.mark.parametrize('bad', ['text', {'mac': '1'}, None])
def test_input_must_be_lists(bad):
    with pytest.raises(AnsibleFilterError, match='profile_problems: expected a list of phones'):
        profile_problems(bad, PROFILES)
    with pytest.raises(AnsibleFilterError, match='profile_problems: profiles must be a list'):
        profile_problems([], bad)


@pytest.mark.parametrize('given, expected', [
    ('Northwind', ['Northwind Dental']),                  # -e decommission_company=Northwind Dental, unquoted
    ('northwind dental', ['Northwind Dental']),           # another case
    ('Northwind Dental GmbH', ['Northwind Dental']),      # longer than the real name
    ('Northwind Dental', []),                             # the exact name is not "near"
    ('Contoso', []),
    ('', []),
])
def test_near_names(given, expected):
    assert near_names(['Northwind Dental', 'Existing Customer', 'Demo Reseller'], given) == expected


def test_near_names_needs_a_list():
    with pytest.raises(AnsibleFilterError, match='near_names: expected a list of names'):
        near_names('Northwind Dental', 'Northwind')
