# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import copy
import csv
import io
import json

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.sraps.provisioning.plugins.filter import book_report as book_report_plugin
from ansible_collections.sraps.provisioning.plugins.filter import book_report_merge as merge_plugin
from ansible_collections.sraps.provisioning.plugins.filter.book_report import book_report, book_report_merge

WHEN = '2026-12-04T08:00:00Z'
KINDS = ('company', 'users', 'profiles', 'product_defaults', 'phones')


def summary(**changed):
    """All five kinds, every count 0 but those given as kind=(counts dict)."""
    out = dict((kind, {'created': 0, 'updated': 0, 'deleted': 0, 'unchanged': 1, 'failed': 0}) for kind in KINDS)
    for kind, counts in changed.items():
        out[kind].update(counts)
    return out


def unchanged(host, name):
    return {'host': host, 'customer': name, 'status': 'ok', 'msg': '',
            'result': {'changed': False, 'customer': {'name': name, 'uuid': 'u-' + host, 'own': False},
                       'summary': summary(), 'changes': [], 'failures': []}}


def acme():
    return {'host': 'acme_dental', 'customer': 'Acme Dental', 'status': 'ok', 'msg': '', 'result': {
        'changed': True, 'customer': {'name': 'Acme Dental', 'uuid': '0f6c', 'own': False},
        'summary': summary(company={'updated': 1, 'unchanged': 0}, profiles={'updated': 1, 'unchanged': 1},
                           phones={'created': 1, 'deleted': 1, 'unchanged': 3}),
        'changes': [
            {'kind': 'company', 'object': 'Acme Dental', 'action': 'update', 'purged': False,
             'fields': [{'field': 'country', 'before': 'DE', 'after': 'AT'}]},
            {'kind': 'profile', 'object': 'Office', 'action': 'update', 'purged': False,
             'fields': [{'field': 'settings.setting_server', 'before': 'http://a', 'after': 'http://b'},
                        {'field': 'settings.admin_mode_password', 'before': '********',
                         'after': '******** (new value)'}]},
            {'kind': 'phone', 'object': '000413aabbcc', 'action': 'create', 'purged': False,
             'fields': [{'field': 'name', 'before': None, 'after': 'Reception'},
                        {'field': 'autoprovisioning', 'before': None, 'after': True}]},
            {'kind': 'phone', 'object': '000413aabbcd', 'action': 'delete', 'purged': True, 'fields': []},
        ],
        'failures': []}}


def bistro():
    return {'host': 'bistro_nord', 'customer': 'Bistro Nord', 'status': 'ok', 'msg': '', 'result': {
        'changed': True, 'customer': {'name': 'Bistro Nord', 'uuid': '1a2b', 'own': False},
        'summary': summary(users={'updated': 1, 'unchanged': 0}, phones={'failed': 1}),
        'changes': [{'kind': 'user', 'object': 'anna@bistro.example', 'action': 'update', 'purged': False,
                     'fields': [{'field': 'role', 'before': 'viewer', 'after': 'editor'}]}],
        'failures': [{'kind': 'phone', 'object': '000413020001', 'msg': 'HTTP 409: the MAC belongs to another company'}]}}


def clinic_failed():
    return {'host': 'clinic_sud', 'customer': 'Clinic Süd', 'status': 'failed',
            'msg': 'Nothing was written. 1 vault variable(s) of clinic_sud are not defined', 'result': {}}


def rows(text):
    return list(csv.reader(io.StringIO(text)))


def test_both_filters_are_registered_under_their_names():
    assert book_report_plugin.FilterModule().filters() == {'book_report': book_report}
    assert merge_plugin.FilterModule().filters() == {'book_report_merge': book_report_merge}


def test_no_drift():
    report = book_report([unchanged('echo', 'Echo Hotel & Spa'), unchanged('delta', 'Delta Logistics')],
                         mode='check', generated=WHEN)
    data = report['data']
    assert data['drift'] is False
    assert (data['customers_total'], data['customers_changed'], data['customers_failed']) == (2, 0, 0)
    assert [c['host'] for c in data['customers']] == ['delta', 'echo']
    assert data['totals']['phones'] == {'created': 0, 'updated': 0, 'deleted': 0, 'unchanged': 2, 'failed': 0}
    assert report['markdown'].startswith('# Drift report\n')
    assert 'No drift: SRAPS holds what the book says.' in report['markdown']
    assert '|' not in report['markdown'].split('No drift')[1]
    assert report['csv'] == 'host,customer,kind,object,action,field,before,after\n'
    assert report['stats'] == {'sraps_book': {'generated': WHEN, 'mode': 'check', 'drift': False, 'customers': 2,
                                              'changed': 0, 'failed': 0, 'totals': data['totals']}}
    assert book_report([unchanged('echo', 'Echo')], mode='apply', generated=WHEN)['markdown'].startswith('# Apply report')


def test_drift_in_two_customers_field_by_field():
    report = book_report([unchanged('echo', 'Echo Hotel & Spa'), bistro(), acme()], mode='check', generated=WHEN)
    data = report['data']
    assert data['drift'] is True
    assert (data['customers_total'], data['customers_changed'], data['customers_failed']) == (3, 2, 1)
    assert data['totals']['company'] == {'created': 0, 'updated': 1, 'deleted': 0, 'unchanged': 2, 'failed': 0}
    assert data['totals']['phones'] == {'created': 1, 'deleted': 1, 'updated': 0, 'unchanged': 5, 'failed': 1}
    assert [c['host'] for c in data['customers']] == ['acme_dental', 'bistro_nord', 'echo']
    assert data['customers'][0]['changes'][3] == {'kind': 'phone', 'object': '000413aabbcd', 'action': 'delete',
                                                  'purged': True, 'fields': []}
    md = report['markdown']
    assert '## Acme Dental (acme_dental)' in md
    assert '## Bistro Nord (bistro_nord)' in md
    assert 'Echo' not in md.split('| phones |')[1]      # an unchanged customer gets no section
    assert '| company | Acme Dental | update | country | DE | AT |' in md
    assert '| profile | Office | update | settings.setting_server | http://a | http://b |' in md
    assert '| phone | 000413aabbcc | create | name | — | Reception |' in md
    assert '| phone | 000413aabbcc | create | autoprovisioning | — | true |' in md
    assert '| phone | 000413aabbcd | delete (purge) |  | — | — |' in md
    assert md.index('## Acme Dental') < md.index('## Bistro Nord')


def test_failures_are_named_and_come_first():
    report = book_report([acme(), bistro(), clinic_failed()], mode='apply', generated=WHEN)
    data = report['data']
    assert data['customers_failed'] == 2
    clinic = data['customers'][2]
    assert clinic == {'host': 'clinic_sud', 'customer': 'Clinic Süd', 'status': 'failed',
                      'msg': 'Nothing was written. 1 vault variable(s) of clinic_sud are not defined',
                      'summary': summary(**dict((k, {'unchanged': 0}) for k in KINDS)), 'changes': [], 'failures': []}
    md = report['markdown']
    failed = md.split('## Failed\n')[1].split('\n## ')[0]
    assert '- **Bistro Nord** (bistro_nord): failed: 1 object(s) failed' in failed
    assert '- **Clinic Süd** (clinic_sud): failed: Nothing was written. 1 vault variable(s) of clinic_sud' in failed
    assert md.index('## Failed') < md.index('## Acme Dental')
    assert '- **failed** phone 000413020001: HTTP 409: the MAC belongs to another company' in md
    assert '**Failed**: Nothing was written.' in md.split('## Clinic Süd')[1]
    assert ['clinic_sud', 'Clinic Süd', 'customer', 'Clinic Süd', 'failed', 'msg', '',
            'Nothing was written. 1 vault variable(s) of clinic_sud are not defined'] in rows(report['csv'])


def test_csv_exactly():
    report = book_report([clinic_failed(), bistro(), acme()], mode='check', generated=WHEN)
    assert report['csv'] == (
        'host,customer,kind,object,action,field,before,after\n'
        'acme_dental,Acme Dental,company,Acme Dental,update,country,DE,AT\n'
        'acme_dental,Acme Dental,profile,Office,update,settings.setting_server,http://a,http://b\n'
        'acme_dental,Acme Dental,profile,Office,update,settings.admin_mode_password,********,******** (new value)\n'
        'acme_dental,Acme Dental,phone,000413aabbcc,create,name,,Reception\n'
        'acme_dental,Acme Dental,phone,000413aabbcc,create,autoprovisioning,,true\n'
        'acme_dental,Acme Dental,phone,000413aabbcd,delete,,,\n'
        'bistro_nord,Bistro Nord,phone,000413020001,failed,msg,,HTTP 409: the MAC belongs to another company\n'
        'bistro_nord,Bistro Nord,user,anna@bistro.example,update,role,viewer,editor\n'
        'clinic_sud,Clinic Süd,customer,Clinic Süd,failed,msg,,'
        'Nothing was written. 1 vault variable(s) of clinic_sud are not defined\n')


def test_csv_quotes_commas_quotes_and_line_breaks_and_shows_structures_as_json():
    entry = acme()
    entry['result']['changes'] = [{'kind': 'profile', 'object': 'Front, "desk"', 'action': 'update', 'fields': [
        {'field': 'settings.user_realname', 'before': {'1': 'A'}, 'after': {'1': 'A', '2': 'line\nbreak'}},
        {'field': 'settings.language', 'before': {'value': 'Deutsch', 'perm': 'RW'}, 'after': 0}]}]
    table = rows(book_report([entry], generated=WHEN)['csv'])
    assert table[1] == ['acme_dental', 'Acme Dental', 'profile', 'Front, "desk"', 'update', 'settings.user_realname',
                        '{"1": "A"}', '{"1": "A", "2": "line\\nbreak"}']
    assert table[2][6:] == ['Deutsch (perm RW)', '0']


def test_markdown_escapes_pipes_line_breaks_and_shortens_long_values():
    entry = acme()
    long_value = 'https://pbx.example.com/' + 'x' * 200 + '/end-of-url'
    entry['customer'] = 'Pipe | Co'
    entry['result']['changes'] = [{'kind': 'profile', 'object': 'A|B', 'action': 'update', 'fields': [
        {'field': 'settings.user_realname', 'before': 'two\nlines', 'after': 'win\r\nline'},
        {'field': 'settings.setting_server', 'before': None, 'after': long_value},
        {'field': 'settings.note', 'before': '*bold* `code` <b>', 'after': 'back\\slash'}]}]
    md = book_report([entry], generated=WHEN)['markdown']
    assert '## Pipe \\| Co (acme_dental)' in md
    assert '| profile | A\\|B | update | settings.user_realname | two<br>lines | win<br>line |' in md
    line = [x for x in md.splitlines() if 'setting_server' in x][0]
    assert line.count(' | ') == 5 and line.endswith('/end-of-url |')
    assert 'https://pbx.example.com/' in line and len(line) < 160 and ' … ' in line
    assert '| *bold* \\`code\\` \\<b\\> | back\\\\slash |' in md
    for table_line in [x for x in md.splitlines() if x.startswith('| profile')]:
        assert table_line.replace('\\|', '').count('|') == 7


def test_passwords_that_arrive_unmasked_are_masked_everywhere():
    entry = acme()
    entry['result']['changes'] = [{'kind': 'phone', 'object': '000413aabbcc', 'action': 'update', 'fields': [
        {'field': 'settings.user_pass', 'before': 'old-s3cret', 'after': {'1': 'new-s3cret'}},
        {'field': 'settings.http_pass', 'before': {'value': 'perm-s3cret', 'perm': 'R'}, 'after': '********'},
        {'field': 'settings.user_name', 'before': 'pass-the-salt', 'after': '101'}]}]
    report = book_report([entry], generated=WHEN)
    text = json.dumps(report, sort_keys=True)
    assert 's3cret' not in text
    fields = report['data']['customers'][0]['changes'][0]['fields']
    assert fields[0] == {'field': 'settings.user_pass', 'before': '********', 'after': '********'}
    assert fields[1]['before'] == {'value': '********', 'perm': 'R'}
    assert fields[2]['before'] == 'pass-the-salt'       # not a password setting: shown as it is


def test_merging_the_slices_equals_the_unsliced_report():
    entries = [acme(), bistro(), clinic_failed(), unchanged('delta', 'Delta Logistics'),
               unchanged('echo', 'Echo Hotel & Spa'), unchanged('fox', 'Fox Ltd')]
    whole = book_report(copy.deepcopy(entries), mode='check', generated=WHEN)
    hosts = sorted(e['host'] for e in entries)
    # AWX job slicing: slice k of 3 gets the hosts whose index in the sorted list modulo 3 is k - 1
    slices = [book_report([e for e in entries if hosts.index(e['host']) % 3 == k], mode='check',
                          generated='2026-12-04T08:0%d:00Z' % k) for k in range(3)]
    # as they come back from the slices' JSON files
    merged = book_report_merge([json.loads(json.dumps(s['data'])) for s in reversed(slices)])
    assert merged['data']['generated'] == '2026-12-04T08:02:00Z'
    assert dict(merged['data'], generated=WHEN) == whole['data']
    assert merged['csv'] == whole['csv']
    assert merged['markdown'] == whole['markdown'].replace(WHEN, '2026-12-04T08:02:00Z')


def test_a_customer_in_two_slices_is_refused_by_name():
    one = book_report([acme(), unchanged('echo', 'Echo')], generated=WHEN)['data']
    two = book_report([bistro(), acme()], generated=WHEN)['data']
    with pytest.raises(AnsibleFilterError, match=r'acme_dental \(Acme Dental\) is in report 0 and in report 1'):
        book_report_merge([one, two])


def test_bad_input_is_refused_with_a_message():
    with pytest.raises(AnsibleFilterError, match='appears twice'):
        book_report([acme(), acme()], generated=WHEN)
    with pytest.raises(AnsibleFilterError, match="mode is 'dry'"):
        book_report([acme()], mode='dry')
    with pytest.raises(AnsibleFilterError, match='has no host'):
        book_report([{'customer': 'X'}])
    with pytest.raises(AnsibleFilterError, match="status 'broken'"):
        book_report([dict(acme(), status='broken')])
    check = book_report([acme()], mode='check', generated=WHEN)['data']
    apply = book_report([bistro()], mode='apply', generated=WHEN)['data']
    with pytest.raises(AnsibleFilterError, match='mix modes'):
        book_report_merge([check, apply])
    with pytest.raises(AnsibleFilterError, match='non-empty list'):
        book_report_merge([])


def test_customer_name_and_generated_defaults():
    entry = acme()
    del entry['customer']
    report = book_report([entry, {'host': 'zulu', 'status': 'unreachable', 'msg': 'timed out'}])
    assert report['data']['customers'][0]['customer'] == 'Acme Dental'
    assert report['data']['customers'][1]['customer'] == 'zulu'
    assert report['data']['generated'].endswith('Z') and report['data']['generated'][10] == 'T'
    assert ['zulu', 'zulu', 'customer', 'zulu', 'unreachable', 'msg', '', 'timed out'] in rows(report['csv'])


def test_a_skipped_customer_counts_but_neither_changed_nor_failed():
    report = book_report([unchanged('echo', 'Echo'), {'host': 'fox', 'customer': 'Fox', 'status': 'skipped'}],
                         mode='apply', generated=WHEN)
    data = report['data']
    assert (data['customers_total'], data['customers_changed'], data['customers_failed'], data['drift']) == (2, 0, 0, False)
    assert data['customers'][1]['status'] == 'skipped'
    assert 'No change: SRAPS already held what the book says.' in report['markdown']
    assert '## ' not in report['markdown']
    assert report['csv'] == 'host,customer,kind,object,action,field,before,after\n'
