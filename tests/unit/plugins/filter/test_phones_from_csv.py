# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.sraps.provisioning.plugins.filter.phones_from_csv import FilterModule, phones_from_csv


def test_the_filter_is_registered_under_its_name():
    assert FilterModule().filters() == {'phones_from_csv': phones_from_csv}


def test_phone_columns_and_settings():
    text = ('mac,name,profile,autoprovisioning,warranty_warning_months,state,user_realname,user_name\n'
            '00:04:13:20:00:01,Reception,Office Phones,false,6,present,Reception,100\n')
    assert phones_from_csv(text) == [{
        'mac': '000413200001', 'name': 'Reception', 'profile': 'Office Phones', 'autoprovisioning': False,
        'warranty_warning_months': 6, 'state': 'present',
        'settings': {'user_realname': 'Reception', 'user_name': '100'},
    }]


def test_a_company_column_is_the_phone_s_company_not_a_setting():
    # site_rollout declares a phone with a company there; an empty cell leaves it the rollout's
    text = 'Mac,Company,user_name\n000413200001,Move Target,100\n000413200002,,101\n'
    assert phones_from_csv(text) == [
        {'mac': '000413200001', 'company': 'Move Target', 'settings': {'user_name': '100'}},
        {'mac': '000413200002', 'settings': {'user_name': '101'}},
    ]


def test_minus_one_in_the_warranty_column_asks_for_no_warning():
    # sraps_endpoint stores -1 as null (no warranty warning); an empty cell keeps what SRAPS has
    text = 'mac,warranty_warning_months\n000413200001,-1\n000413200002,\n'
    assert phones_from_csv(text) == [{'mac': '000413200001', 'warranty_warning_months': -1},
                                     {'mac': '000413200002'}]


def test_empty_cells_are_dropped_and_settings_left_out_when_all_empty():
    text = 'mac,name,profile,user_realname\n000413200002,,Office Phones,\n'
    assert phones_from_csv(text) == [{'mac': '000413200002', 'profile': 'Office Phones'}]


def test_only_a_mac_column():
    assert phones_from_csv('mac\n0004.1320.0003\n00-04-13-20-00-04') == [
        {'mac': '000413200003'}, {'mac': '000413200004'}]


def test_header_names_ignore_case_blanks_and_a_byte_order_mark():
    text = u'\ufeff MAC , Name ,User_Name\n000413200005,Desk 5,105\n'
    assert phones_from_csv(text) == [{'mac': '000413200005', 'name': 'Desk 5', 'settings': {'user_name': '105'}}]


def test_cells_are_stripped_and_quoted_cells_keep_delimiters():
    text = 'mac,name,setting_server\n 000413200006 ,"Desk 6, window", https://pbx.example.com/{mac} \n'
    assert phones_from_csv(text) == [{'mac': '000413200006', 'name': 'Desk 6, window',
                                      'settings': {'setting_server': 'https://pbx.example.com/{mac}'}}]


def test_indexed_columns():
    text = 'mac,user_name,user_name[2],user_realname[3]\n000413200007,107,207,Third line\n'
    assert phones_from_csv(text)[0]['settings'] == {'user_name': {1: '107', 2: '207'},
                                                    'user_realname': {3: 'Third line'}}


def test_indexed_column_before_the_plain_one():
    text = 'mac,user_name[2],user_name\n000413200008,208,108\n'
    assert phones_from_csv(text)[0]['settings'] == {'user_name': {1: '108', 2: '208'}}


def test_blank_and_comment_lines_are_skipped():
    text = '# site Berlin\nmac,name\n\n000413200009,Desk 9\n# 00041320000a,retired\n,\n'
    assert phones_from_csv(text) == [{'mac': '000413200009', 'name': 'Desk 9'}]


def test_other_delimiter():
    text = 'mac;name;language\n000413200010;Desk 10;Deutsch\n'
    assert phones_from_csv(text, delimiter=';') == [
        {'mac': '000413200010', 'name': 'Desk 10', 'settings': {'language': 'Deutsch'}}]


@pytest.mark.parametrize('value, expected', [('true', True), ('Yes', True), ('1', True), ('on', True),
                                             ('FALSE', False), ('no', False), ('0', False), ('off', False)])
def test_autoprovisioning_booleans(value, expected):
    assert phones_from_csv('mac,autoprovisioning\n000413200011,%s\n' % value)[0]['autoprovisioning'] is expected


def test_order_of_lines_is_kept():
    text = 'mac\n' + '\n'.join('0004132%05x' % i for i in range(50, 0, -1))
    assert [p['mac'] for p in phones_from_csv(text)] == ['0004132%05x' % i for i in range(50, 0, -1)]


@pytest.mark.parametrize('text, expected', [
    ('mac,name\n000413200012,Desk\n,No MAC\n', 'line 3: no mac'),
    ('mac,name\n000413200012,Desk\n\n# x\nnot-a-mac,Desk\n', "line 5: 'not-a-mac' is not a MAC address"),
    ('mac\n000413200012\n00:04:13:20:00:12\n', 'line 3: MAC 00:04:13:20:00:12 is the same phone as on line 2'),
    ('mac,autoprovisioning\n000413200012,maybe\n', "line 2: column autoprovisioning: 'maybe' is not a boolean"),
    ('mac,warranty_warning_months\n000413200012,six\n', "line 2: column warranty_warning_months: 'six'"),
    ('mac,state\n000413200012,gone\n', "line 2: column state: 'gone' is not a state"),
    ('mac,name\n000413200012,Desk,extra\n', 'line 2: has 3 cells, the header names 2 columns'),
    ('mac,name,name\n000413200012,a,b\n', "line 1: column 'name' appears twice"),
    ('mac,,name\n000413200012,,b\n', 'line 1: column 2 of the header has no name'),
    ('mac,name\n"000413200012,Desk\n', 'line 2: not valid CSV'),
])
def test_errors_name_the_line(text, expected):
    with pytest.raises(AnsibleFilterError) as err:
        phones_from_csv(text)
    assert str(err.value).startswith('phones_from_csv: ')
    assert expected in str(err.value)


@pytest.mark.parametrize('text', ['000413200013,Desk 13\n000413200014,Desk 14\n', 'name,profile\nDesk,P\n'])
def test_a_header_with_a_mac_column_is_required(text):
    with pytest.raises(AnsibleFilterError, match='first line must be a header'):
        phones_from_csv(text)


@pytest.mark.parametrize('text', ['', '\n\n', '# only a comment\n'])
def test_empty_input_fails(text):
    with pytest.raises(AnsibleFilterError, match='the CSV is empty'):
        phones_from_csv(text)


def test_header_only_gives_no_phones():
    assert phones_from_csv('mac,name\n') == []


@pytest.mark.parametrize('data', [None, ['mac'], b'mac\n000413200015'])
def test_input_must_be_text(data):
    with pytest.raises(AnsibleFilterError, match='expected the CSV text as a string'):
        phones_from_csv(data)


@pytest.mark.parametrize('delimiter', ['', ';;', None])
def test_delimiter_must_be_one_character(delimiter):
    with pytest.raises(AnsibleFilterError, match='delimiter must be one character'):
        phones_from_csv('mac\n000413200016\n', delimiter=delimiter)


def test_every_bad_line_is_reported_in_one_error():
    text = ('mac,name,autoprovisioning,state\n'
            '000413200020,Fine,true,present\n'
            ',No MAC,,\n'
            'not-a-mac,Typo,,\n'
            '000413200021,Two problems,maybe,gone\n'
            '00:04:13:20:00:20,Again,,\n'
            '000413200022,Fine too,,absent\n')
    with pytest.raises(AnsibleFilterError) as err:
        phones_from_csv(text)
    message = str(err.value)
    assert message.startswith('phones_from_csv: 4 bad lines - line 3: no mac')
    assert "line 4: 'not-a-mac' is not a MAC address" in message
    assert ("line 5: column autoprovisioning: 'maybe' is not a boolean (write true or false); "
            "column state: 'gone' is not a state") in message
    assert 'line 6: MAC 00:04:13:20:00:20 is the same phone as on line 2' in message
    assert 'line 2:' not in message and 'line 7:' not in message
    # in the order of the file
    assert message.index('line 3:') < message.index('line 4:') < message.index('line 5:') < message.index('line 6:')


def test_bad_lines_before_invalid_csv_are_reported_with_it():
    with pytest.raises(AnsibleFilterError) as err:
        phones_from_csv('mac,name\n,No MAC\n"000413200023,Desk\n')
    assert 'line 2: no mac' in str(err.value)
    assert 'not valid CSV' in str(err.value)


def test_a_state_column_with_absent_removes_the_phone():
    text = 'mac,name,state\n000413200024,Stays,\n000413200025,Leaves,ABSENT\n'
    assert phones_from_csv(text) == [{'mac': '000413200024', 'name': 'Stays'},
                                     {'mac': '000413200025', 'name': 'Leaves', 'state': 'absent'}]


def test_lines_adds_the_line_of_each_phone_header_comments_and_empty_lines_counted():
    text = 'mac,name\n# a comment\n00:04:13:20:00:01,One\n\n00:04:13:20:00:02,Two\n'
    assert phones_from_csv(text, lines=True) == [{'mac': '000413200001', 'name': 'One', 'line': 3},
                                                 {'mac': '000413200002', 'name': 'Two', 'line': 5}]
    assert 'line' not in phones_from_csv(text)[0]
