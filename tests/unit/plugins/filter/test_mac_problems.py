# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.sraps.provisioning.plugins.filter import mac_problems as mac_problems_plugin
from ansible_collections.sraps.provisioning.plugins.filter import normalize_mac as normalize_mac_plugin
from ansible_collections.sraps.provisioning.plugins.filter.mac_problems import mac_problems
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_mac import normalize_macs

FORMS = '00:04:13:AA:BB:CC, 00-04-13-aa-bb-cc, 0004.13aa.bbcc or 000413AABBCC'


def test_the_filters_are_registered_under_their_names():
    assert mac_problems_plugin.FilterModule().filters() == {'mac_problems': mac_problems}
    assert list(normalize_mac_plugin.FilterModule().filters()) == ['normalize_mac']


def test_no_problem_gives_an_empty_list():
    assert mac_problems(['00:04:13:20:00:01', '00-04-13-20-00-02', '0004.1320.0003', ' 000413AABBCC ']) == []
    assert mac_problems([]) == []


def test_invalid_and_repeated_macs_in_list_order():
    assert mac_problems(['00:04:13:20:00:01', 'nonsense', '0004.1320.0001', '000413200001']) == [
        {'item': 2, 'mac': 'nonsense', 'problem': 'invalid', 'normalized': None, 'same_as': None,
         'msg': "item 2: 'nonsense' is not a MAC address (write it as %s)" % FORMS},
        {'item': 3, 'mac': '0004.1320.0001', 'problem': 'duplicate', 'normalized': '000413200001', 'same_as': 1,
         'msg': "item 3: '0004.1320.0001' is the same phone as item 1 (000413200001)"},
        {'item': 4, 'mac': '000413200001', 'problem': 'duplicate', 'normalized': '000413200001', 'same_as': 1,
         'msg': "item 4: '000413200001' is the same phone as item 1 (000413200001)"},
    ]


def test_phones_as_dicts_and_the_label():
    phones = [{'mac': '00:04:13:20:00:01', 'name': 'Reception'}, {'name': 'No MAC'}, {'mac': '00:04:13:20:00:01'}]
    found = mac_problems(phones, label='phone')
    assert [(p['item'], p['problem']) for p in found] == [(2, 'invalid'), (3, 'duplicate')]
    assert found[0]['mac'] is None and found[0]['msg'].startswith('phone 2: None is not a MAC address')
    assert found[1]['msg'] == "phone 3: '00:04:13:20:00:01' is the same phone as phone 1 (000413200001)"


def test_a_number_is_invalid_with_a_hint_to_quote_it():
    # YAML reads an unquoted 000413200001 as the number 413200001
    (found,) = mac_problems([{'mac': 413200001}])
    assert found['problem'] == 'invalid' and found['mac'] == 413200001
    assert found['msg'].startswith('item 1: 413200001 is not a MAC address')
    assert 'quote MAC addresses in YAML' in found['msg']


def test_the_messages_are_those_of_the_module():
    values = ['00:04:13:20:00:01', 'zz', '000413200001']
    assert [p['msg'] for p in mac_problems(values)] == normalize_macs(values)[1]


@pytest.mark.parametrize('value', ['00:04:13:20:00:01', {'mac': '00:04:13:20:00:01'}, None, 5])
def test_input_that_is_not_a_list_fails(value):
    with pytest.raises(AnsibleFilterError, match='mac_problems: expected a list'):
        mac_problems(value)


@pytest.mark.parametrize('value, expected', [
    ('00:04:13:AA:BB:CC', '000413aabbcc'), ('00-04-13-aa-bb-cc', '000413aabbcc'), ('0004.13aa.bbcc', '000413aabbcc'),
    (' 000413AABBCC ', '000413aabbcc'), ('00:04:13:aa:bb', None), (413200001, None), (None, None)])
def test_normalize_mac(value, expected):
    normalize = normalize_mac_plugin.FilterModule().filters()['normalize_mac']
    assert normalize(value) == expected


@pytest.mark.parametrize('value, words', [
    ('01:00:5e:00:00:01', 'a multicast address'),
    ('33-33-00-00-00-01', 'a multicast address'),
    ('00:04:13:20:00:01'.replace('00', '01', 1), 'a multicast address'),   # 01:04:13:...: multicast bit set
    ('ff:ff:ff:ff:ff:ff', 'the broadcast address'),
    ('000000000000', 'the all-zero address'),
])
def test_multicast_broadcast_and_zero_macs_are_problems(value, words):
    (found,) = mac_problems(['00:04:13:20:00:01', value], label='phone')
    assert found['item'] == 2 and found['problem'] == 'unusable' and found['mac'] == value
    assert found['normalized'] == value.replace(':', '').replace('-', '').lower()
    assert found['same_as'] is None
    assert found['msg'].startswith("phone 2: %r is %s" % (value, words))
    assert 'no phone has' in found['msg']


def test_a_mac_of_another_maker_is_a_warning_not_a_problem():
    phones = [{'mac': '00:04:13:20:00:01'}, {'mac': '00:0b:82:11:22:33'}, {'mac': '000b.8211.2233'},
              {'mac': '01:00:5e:00:00:01'}, {'mac': 'nonsense'}]
    problems = mac_problems(phones, label='phone')
    assert [p['problem'] for p in problems] == ['duplicate', 'unusable', 'invalid']
    assert mac_problems(phones, label='phone', warnings=True) == [
        {'item': 2, 'mac': '00:0b:82:11:22:33', 'problem': 'foreign_oui', 'normalized': '000b82112233',
         'same_as': None,
         'msg': "phone 2: '00:0b:82:11:22:33' does not start with 00:04:13, the prefix of Snom phones: check it "
                "for a typo (another maker's phone is written as given)"}]
    assert mac_problems(['00:04:13:20:00:01'], warnings=True) == []


def test_an_unusable_mac_may_be_removed_or_read():
    """Only a write is refused: a read, or the removal of an earlier registration, is not."""
    macs, problems = normalize_macs(['01:00:5e:00:00:01'])
    assert (macs, problems) == (['01005e000001'], [])
    macs, problems = normalize_macs(['01:00:5e:00:00:01', 'ff:ff:ff:ff:ff:ff'], deletes={2})
    assert macs == ['ffffffffffff'] and len(problems) == 1 and 'item 1' in problems[0]
