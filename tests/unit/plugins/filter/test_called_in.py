# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.sraps.provisioning.plugins.filter.called_in import FilterModule, called_in

PHONES = [
    {'mac': '000413200001', 'last_seen': '2026-12-04T10:00:00Z'},
    {'mac': '000413200002', 'last_seen': None},
    {'mac': '000413200003', 'last_seen': '2026-12-04T12:30:00+01:00'},
    {'mac': '000413200004', 'last_seen': '2026-12-04T11:59:59.250000Z'},
    {'mac': '000413200005', 'last_seen': 'yesterday'},
    {'mac': '000413200006'},
]


def test_the_filter_is_registered_under_its_name():
    assert FilterModule().filters() == {'called_in': called_in}


def test_phones_that_called_in_with_their_last_contact_in_utc():
    assert called_in(PHONES) == {'000413200001': '2026-12-04T10:00:00Z', '000413200003': '2026-12-04T11:30:00Z',
                                 '000413200004': '2026-12-04T11:59:59.250000Z'}


def test_only_the_phones_asked_for_in_any_mac_form():
    assert called_in(PHONES, macs=['00:04:13:20:00:01', '0004.1320.0002', 'not a mac']) == {
        '000413200001': '2026-12-04T10:00:00Z'}
    assert called_in(PHONES, macs=[]) == {}


def test_since_a_time_counts_contacts_at_or_after_it():
    assert sorted(called_in(PHONES, since='2026-12-04T11:30:00Z')) == ['000413200003', '000413200004']
    assert sorted(called_in(PHONES, since='2026-12-04T12:30:00+01:00')) == ['000413200003', '000413200004']
    assert sorted(called_in(PHONES, since='2026-12-05')) == []


def test_since_an_age_counts_back_from_now():
    assert sorted(called_in(PHONES, since='1h', now='2026-12-04T12:30:00Z')) == ['000413200003', '000413200004']
    assert sorted(called_in(PHONES, since='3h', now='2026-12-04T12:30:00Z')) == [
        '000413200001', '000413200003', '000413200004']
    # without now, the current time: these contacts are long before the last two hours of today
    assert called_in([{'mac': '000413200001', 'last_seen': '2020-01-01T00:00:00Z'}], since='2h') == {}


@pytest.mark.parametrize('kwargs, text', [
    ({'since': '2 fortnights'}, "since '2 fortnights' is neither a time nor an age"),
    ({'now': 'soon'}, "now 'soon' is neither a time nor an age"),
])
def test_a_bad_time_is_refused_naming_it(kwargs, text):
    with pytest.raises(AnsibleFilterError, match='called_in: ' + text):
        called_in(PHONES, **kwargs)


def test_not_a_list_is_refused():
    with pytest.raises(AnsibleFilterError, match='expected a list of phones, got dict'):
        called_in({'mac': '000413200001'})
