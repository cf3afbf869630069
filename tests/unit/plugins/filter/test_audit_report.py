# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import csv
import html.parser
import io
import json

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.sraps.provisioning.plugins.filter import audit_report as plugin
from ansible_collections.sraps.provisioning.plugins.filter.audit_report import audit_report

WHEN = '2026-12-04T08:00:00Z'


def acme():
    return {'host': 'acme', 'customer': 'Acme <Dental> & "Co"', 'status': 'ok', 'msg': '', 'result': {
        'changed': False, 'company': {'name': 'Acme <Dental> & "Co"', 'uuid': 'u-acme'},
        'phones': 4, 'called_in': 3, 'stale_before': '2026-11-04T08:00:00Z',
        'checks': ['never_seen', 'redundant_settings', 'foreign_oui'],
        'counts': {'never_seen': 1, 'redundant_settings': 1, 'foreign_oui': 1},
        'findings': {
            'never_seen': [{'kind': 'never_seen', 'object': '000413000002', 'mac': '000413000002',
                            'detail': 'registered, but has never called in'}],
            'redundant_settings': [{'kind': 'redundant_settings', 'object': 'Office|Desk', 'profile': 'Office|Desk',
                                    'setting': 'admin_mode_password', 'product': 'D785',
                                    'value': {'value': 'leaked-4711', 'perm': 'R'},
                                    'detail': 'sets admin_mode_password as the product default of D785 does'}],
            'foreign_oui': [{'kind': 'foreign_oui', 'object': '00041e000006', 'detail': '<script>alert(1)</script>'}],
        }}}


def bistro():
    return {'host': 'bistro', 'result': {'company': {'name': 'Bistro', 'uuid': 'u-b'}, 'phones': 2, 'called_in': 2,
                                         'findings': {'never_seen': []}, 'counts': {'never_seen': 0}}}


def failed():
    return {'host': 'clinic', 'customer': 'Clinic', 'status': 'failed', 'msg': 'HTTP 403: no access', 'result': {}}


def test_data_sums_counts_and_sorts_customers_by_host():
    report = audit_report([failed(), bistro(), acme()], generated=WHEN)
    data = report['data']
    assert [c['host'] for c in data['customers']] == ['acme', 'bistro', 'clinic']
    assert data['counts'] == {'never_seen': 1, 'stale': 0, 'no_profile': 0, 'wrong_product': 0,
                              'unused_profiles': 0, 'redundant_settings': 1, 'foreign_oui': 1}
    assert (data['customers_total'], data['customers_failed'], data['customers_with_findings']) == (3, 1, 1)
    assert (data['phones'], data['called_in']) == (6, 5)
    assert data['customers'][1]['customer'] == 'Bistro' and data['customers'][1]['checks'] == ['never_seen']
    assert report['stats'] == {'sraps_audit': {'generated': WHEN, 'customers': 3, 'failed': 1, 'with_findings': 1,
                                               'phones': 6, 'called_in': 5, 'counts': data['counts']}}
    json.dumps(data)


def test_a_password_value_never_reaches_any_form():
    report = audit_report([acme()], generated=WHEN)
    finding = report['data']['customers'][0]['findings']['redundant_settings'][0]
    assert finding['value'] == {'value': '********', 'perm': 'R'}
    for form in (json.dumps(report['data']), report['markdown'], report['csv'], report['html'], json.dumps(report['stats'])):
        assert 'leaked-4711' not in form


def test_csv_has_one_row_per_finding_and_one_per_failed_customer():
    rows = list(csv.reader(io.StringIO(audit_report([acme(), bistro(), failed()], generated=WHEN)['csv'])))
    assert rows[0] == ['customer', 'kind', 'object', 'detail']
    assert [(r[1], r[2]) for r in rows[1:]] == [('never_seen', '000413000002'), ('redundant_settings', 'Office|Desk'),
                                                ('foreign_oui', '00041e000006'), ('failed', 'Clinic')]
    assert rows[-1][3] == 'HTTP 403: no access'


class _Collect(html.parser.HTMLParser):
    def __init__(self):
        html.parser.HTMLParser.__init__(self)
        self.tags = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def test_html_is_self_contained_escaped_and_has_the_chart():
    page = audit_report([acme(), bistro(), failed()], generated=WHEN)['html']
    parsed = _Collect()
    parsed.feed(page)
    assert 'svg' in parsed.tags and parsed.tags.count('rect') >= 6
    assert 'script' not in parsed.tags and 'link' not in parsed.tags and 'img' not in parsed.tags
    assert 'http://' not in page.replace('http://www.w3.org/2000/svg', '') and 'https://' not in page
    text = ''.join(parsed.text)
    assert '<script>alert(1)</script>' in text and 'Acme <Dental> & "Co"' in text
    assert 'HTTP 403: no access' in text
    # A customer that failed has no bars (it was not counted), and says so.
    assert 'not audited: failed' in text and 'Clinic: 0 registered' not in text


def test_the_chart_shortens_long_names_and_scales_to_the_largest_customer():
    long_name = dict(bistro(), customer='Northwind Dental Practice of Lower Saxony and Bremen')
    page = audit_report([acme(), long_name], generated=WHEN)['html']
    assert 'Northwind Dental Practice of …<' in page
    assert '<title>Northwind Dental Practice of Lower Saxony and Bremen</title>' in page
    # Acme's 4 phones fill the bar; Bistro's 2 take half of it.
    assert 'width="%d" height="12" fill="#c8d3e0"><title>Acme' % plugin.BAR_WIDTH in page
    assert 'width="%d" height="12" fill="#c8d3e0"><title>Northwind' % (plugin.BAR_WIDTH // 2) in page


def test_markdown_names_failures_and_escapes_cells():
    md = audit_report([acme(), failed()], generated=WHEN)['markdown']
    assert '- **Clinic** (clinic): HTTP 403: no access' in md
    assert 'Office\\|Desk' in md and '\\<script\\>' in md
    clean = audit_report([bistro()], generated=WHEN)['markdown']
    assert plugin.NO_FINDINGS in clean


@pytest.mark.parametrize('entries, message', [
    ('nope', 'list'),
    ([{'customer': 'x'}], 'no host'),
    ([bistro(), bistro()], 'more than once'),
    ([dict(bistro(), status='maybe')], 'status'),
    ([dict(bistro(), result={'findings': {'stale': 'x'}})], 'findings.stale'),
    ([dict(bistro(), result={'phones': 'many'})], 'phones'),
])
def test_bad_input_is_named(entries, message):
    with pytest.raises(AnsibleFilterError) as err:
        audit_report(entries, generated=WHEN)
    assert message in str(err.value)


def test_the_plugin_offers_the_filter():
    assert plugin.FilterModule().filters() == {'audit_report': audit_report}
