# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
name: audit_report
short_description: One report (JSON, Markdown, CSV, HTML, set_stats) of a fleet audit of a book of customers
version_added: 0.5.0
author:
  - sraps.provisioning contributors (@sraps-provisioning)
description:
  - Turns the per-customer results of M(sraps.provisioning.sraps_audit_info) over a book of customers (one host
    per customer company) into one report for the whole book.
  - Each entry of the input is one customer, C({host, customer, status, msg, result}), where C(result) is what
    M(sraps.provisioning.sraps_audit_info) returned for it, or C({}) when the customer failed before it ran.
  - Returns the report as data (for a JSON file), as Markdown, as CSV, as a self-contained HTML page (no
    script, no external file; a bar chart of the phones that called in against those registered, per customer,
    as inline SVG), and as a small dict for M(ansible.builtin.set_stats).
  - A C(value) of a finding about a setting whose name looks like a password (it contains C(pass), C(pw) or
    C(secret)) is shown masked, as C(********), even when it arrives unmasked.
positional: _input
options:
  _input:
    description:
      - One dict per customer (host of the play).
      - C(host), the inventory host name of the customer, is required and must be unique.
      - C(customer), the company name (defaults to the name in C(result.company), else the host).
      - C(status), V(ok) or V(failed) (default V(ok)).
      - C(msg), the failure message of a customer that failed (default empty).
      - C(result), the result of M(sraps.provisioning.sraps_audit_info) for the customer (default C({})).
    type: list
    elements: dict
    required: true
  generated:
    description: When the audit was made, an ISO 8601 UTC time such as V(2026-12-04T08:00:00Z). Default is now.
    type: str
notes:
  - The CSV has the columns C(customer), C(kind), C(object) and C(detail), one row per finding, lines end with a
    line feed. A customer that failed has one row with C(kind) V(failed), its company name as C(object) and the
    message as C(detail). Rows are ordered by host, then by kind (in the order of the module's C(checks)), then
    by object.
  - The Markdown has a table of the counts per kind, the customers that failed with their message, then a
    section per customer with findings, a table C(kind | object | detail). Pipes and line breaks are escaped.
  - In the HTML page every text from SRAPS or the inventory is escaped.
seealso:
  - module: sraps.provisioning.sraps_audit_info
  - plugin: sraps.provisioning.book_report
    plugin_type: filter
'''

EXAMPLES = r'''
# audit_entries: one entry per customer, as the role sraps.provisioning.fleet_audit collects them.
- name: Build the report
  ansible.builtin.set_fact:
    audit: "{{ audit_entries | sraps.provisioning.audit_report(generated=now(utc=true, fmt='%Y-%m-%dT%H:%M:%SZ')) }}"

- name: Write it
  ansible.builtin.copy:
    dest: "reports/audit.{{ item.ext }}"
    content: "{{ item.text }}"
    mode: "0644"
  check_mode: false
  loop:
    - {ext: json, text: "{{ audit.data | to_nice_json }}"}
    - {ext: md, text: "{{ audit.markdown }}"}
    - {ext: csv, text: "{{ audit.csv }}"}
    - {ext: html, text: "{{ audit.html }}"}
  loop_control:
    label: "{{ item.ext }}"

- name: Show the counts in AWX
  ansible.builtin.set_stats:
    data: "{{ audit.stats }}"
'''

RETURN = r'''
_value:
  description: The report in five forms.
  type: dict
  contains:
    data:
      description:
        - The report as data, for a JSON file.
        - C(generated), C(customers_total), C(customers_failed), C(customers_with_findings), C(phones) and
          C(called_in) (summed over the customers), C(counts) (per kind, summed; every kind is there, V(0) when
          not checked).
        - >-
          C(customers), sorted by host, each C({host, customer, uuid, status, msg, phones, called_in,
          stale_before, checks, counts, findings}), C(findings) per kind checked as the module returned them.
      type: dict
      sample:
        generated: "2026-12-04T08:00:00Z"
        customers_total: 1
        customers_failed: 0
        customers_with_findings: 1
        phones: 3
        called_in: 2
        counts: {never_seen: 1, stale: 0, no_profile: 0, wrong_product: 0, unused_profiles: 0,
                 redundant_settings: 0, foreign_oui: 0}
        customers:
          - host: acme_dental
            customer: Acme Dental
            uuid: 0f4c1e8a2b3d4e5f6a7b8c9d0e1f2a3b
            status: ok
            msg: ""
            phones: 3
            called_in: 2
            stale_before: "2026-11-04T08:00:00Z"
            checks: [never_seen]
            counts: {never_seen: 1}
            findings:
              never_seen: [{kind: never_seen, object: 000413100002, detail: "registered, but has never called in"}]
    markdown:
      description: The report as Markdown.
      type: str
    csv:
      description: One row per finding (see the notes).
      type: str
      sample: |
        customer,kind,object,detail
        Acme Dental,never_seen,000413100002,"registered, but has never called in"
    html:
      description: The report as one HTML page with the chart of the phones that called in and the findings.
      type: str
    stats:
      description: >-
        For M(ansible.builtin.set_stats), C({sraps_audit: {generated, customers, failed, with_findings, phones,
        called_in, counts}}), without any per-object detail.
      type: dict
      sample:
        sraps_audit:
          generated: "2026-12-04T08:00:00Z"
          customers: 6
          failed: 0
          with_findings: 2
          phones: 120
          called_in: 112
          counts: {never_seen: 3, stale: 5, no_profile: 1, wrong_product: 0, unused_profiles: 2,
                   redundant_settings: 4, foreign_oui: 1}
'''

import csv
import html
import io
from collections.abc import Mapping

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.text.converters import to_text

from ansible_collections.sraps.provisioning.plugins.filter.book_report import _mask, _md, now_utc
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_audit import KINDS

STATUSES = ('ok', 'failed')
CSV_COLUMNS = ('customer', 'kind', 'object', 'detail')
NO_FINDINGS = 'No findings: every customer audited looks healthy.'
# The chart: one row per customer, two bars (registered, called in).
BAR_WIDTH = 360
LABEL_WIDTH = 220
ROW_HEIGHT = 34
LABEL_CHARS = 30     # a longer customer name is shortened in the chart (in full in its tooltip)


def _fail(msg):
    raise AnsibleFilterError('audit_report: %s' % msg)


def _count(value, where):
    if isinstance(value, bool):
        _fail('%s is %r, not a count' % (where, value))
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        _fail('%s is %r, not a count' % (where, value))


def _finding(kind, raw, where):
    if not isinstance(raw, Mapping):
        _fail('%s is not a dict' % where)
    out = dict(raw)
    out.update(kind=kind, object=to_text(raw.get('object') or ''), detail=to_text(raw.get('detail') or ''))
    if 'value' in out:
        out['value'] = _mask(to_text(out.get('setting') or ''), out['value'])
    return out


def _customer(number, entry):
    where = 'entry %d' % number
    if not isinstance(entry, Mapping):
        _fail('%s is not a dict' % where)
    if not entry.get('host'):
        _fail('%s has no host' % where)
    where = 'entry %d (%s)' % (number, entry['host'])
    result = entry.get('result') or {}
    if not isinstance(result, Mapping):
        _fail('%s.result is not a dict' % where)
    status = to_text(entry.get('status') or 'ok')
    if status not in STATUSES:
        _fail('%s has status %r, expected ok or failed' % (where, status))
    company = result.get('company') if isinstance(result.get('company'), Mapping) else {}
    raw = result.get('findings') or {}
    if not isinstance(raw, Mapping):
        _fail('%s.findings is not a dict' % where)
    findings = {}
    for kind in KINDS:
        if kind in raw:
            if not isinstance(raw[kind], list):
                _fail('%s.findings.%s is not a list' % (where, kind))
            findings[kind] = [_finding(kind, item, '%s.findings.%s[%d]' % (where, kind, index))
                              for index, item in enumerate(raw[kind])]
    return {
        'host': to_text(entry['host']),
        'customer': to_text(entry.get('customer') or company.get('name') or entry['host']),
        'uuid': company.get('uuid'),
        'status': status,
        'msg': to_text(entry.get('msg') or ''),
        'phones': _count(result.get('phones'), '%s.phones' % where),
        'called_in': _count(result.get('called_in'), '%s.called_in' % where),
        'stale_before': result.get('stale_before'),
        'checks': [kind for kind in KINDS if kind in findings],
        'counts': dict((kind, len(items)) for kind, items in findings.items()),
        'findings': findings,
    }


def _rows(customer):
    """(kind, object, detail) of each finding of a customer, in the report's order."""
    for kind in KINDS:
        for finding in customer['findings'].get(kind, []):
            yield kind, finding['object'], finding['detail']


def _markdown(data):
    lines = ['# Fleet audit', '']
    lines.append('%s: %d customers, %d with findings, %d failed; %d of %d phones have called in.' % (
        data['generated'], data['customers_total'], data['customers_with_findings'], data['customers_failed'],
        data['called_in'], data['phones']))
    lines += ['', '| kind | findings |', '|---|---|']
    lines += ['| %s | %d |' % (kind, data['counts'][kind]) for kind in KINDS]
    lines.append('')
    failed = [c for c in data['customers'] if c['status'] == 'failed']
    if failed:
        lines += ['## Failed', '']
        lines += ['- **%s** (%s): %s' % (_md(c['customer']), _md(c['host']), _md(c['msg'] or 'failed')) for c in failed]
        lines.append('')
    if not any(c['counts'].get(kind) for c in data['customers'] for kind in KINDS) and not failed:
        return '\n'.join(lines + [NO_FINDINGS, ''])
    for customer in data['customers']:
        rows = list(_rows(customer))
        if not rows:
            continue
        lines += ['## %s (%s)' % (_md(customer['customer']), _md(customer['host'])), '',
                  '%d of %d phones have called in.' % (customer['called_in'], customer['phones']), '',
                  '| kind | object | detail |', '|---|---|---|']
        lines += ['| %s | %s | %s |' % (_md(kind), _md(obj), _md(detail)) for kind, obj, detail in rows]
        lines.append('')
    return '\n'.join(lines)


def _csv(data):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator='\n')
    writer.writerow(CSV_COLUMNS)
    for customer in data['customers']:
        if customer['status'] == 'failed':
            writer.writerow([customer['customer'], 'failed', customer['customer'], customer['msg']])
        for kind, obj, detail in _rows(customer):
            writer.writerow([customer['customer'], kind, obj, detail])
    return out.getvalue()


def _chart(customers):
    """An inline SVG bar chart: per customer, its registered phones and those that called in."""
    most = max([c['phones'] for c in customers] + [1])
    height = ROW_HEIGHT * len(customers) + 30
    width = LABEL_WIDTH + BAR_WIDTH + 80
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" role="img" '
             'aria-label="Phones that called in, against those registered, per customer">' % (width, height),
             '<rect x="%d" y="4" width="12" height="10" fill="#c8d3e0"/><text x="%d" y="13">registered</text>'
             % (LABEL_WIDTH, LABEL_WIDTH + 16),
             '<rect x="%d" y="4" width="12" height="10" fill="#2f6f9f"/><text x="%d" y="13">called in</text>'
             % (LABEL_WIDTH + 110, LABEL_WIDTH + 126)]
    for row, customer in enumerate(customers):
        top = 24 + row * ROW_HEIGHT
        name = html.escape(customer['customer'])
        shown = customer['customer'] if len(customer['customer']) <= LABEL_CHARS else customer['customer'][:LABEL_CHARS - 1] + '…'
        parts.append('<text x="%d" y="%d" text-anchor="end"><title>%s</title>%s</text>' % (
            LABEL_WIDTH - 8, top + 17, name, html.escape(shown)))
        if customer['status'] == 'failed':
            parts.append('<text x="%d" y="%d" fill="#a00">not audited: failed</text>' % (LABEL_WIDTH, top + 17))
            continue
        registered = int(round(BAR_WIDTH * customer['phones'] / most))
        called = int(round(BAR_WIDTH * customer['called_in'] / most))
        parts.append('<rect x="%d" y="%d" width="%d" height="12" fill="#c8d3e0"><title>%s: %d registered</title>'
                     '</rect>' % (LABEL_WIDTH, top, registered, name, customer['phones']))
        parts.append('<rect x="%d" y="%d" width="%d" height="12" fill="#2f6f9f"><title>%s: %d called in</title>'
                     '</rect>' % (LABEL_WIDTH, top + 13, called, name, customer['called_in']))
        parts.append('<text x="%d" y="%d">%d / %d</text>' % (
            LABEL_WIDTH + max(registered, called) + 6, top + 17, customer['called_in'], customer['phones']))
    parts.append('</svg>')
    return '\n'.join(parts)


def _html(data):
    e = html.escape
    out = ['<!DOCTYPE html>', '<html lang="en">', '<head>', '<meta charset="utf-8">',
           '<title>Fleet audit %s</title>' % e(data['generated']),
           '<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}'
           'th,td{border:1px solid #bbb;padding:4px 8px;text-align:left;vertical-align:top}th{background:#eef2f6}'
           'svg text{font-size:12px;font-family:sans-serif}.failed{color:#a00}</style>',
           '</head>', '<body>', '<h1>Fleet audit</h1>',
           '<p>%s: %d customers, %d with findings, %d failed; %d of %d phones have called in.</p>' % (
               e(data['generated']), data['customers_total'], data['customers_with_findings'],
               data['customers_failed'], data['called_in'], data['phones']),
           '<h2>Phones that called in</h2>', _chart(data['customers']),
           '<h2>Findings per kind</h2>', '<table>', '<tr><th>kind</th><th>findings</th></tr>']
    out += ['<tr><td>%s</td><td>%d</td></tr>' % (e(kind), data['counts'][kind]) for kind in KINDS]
    out.append('</table>')
    failed = [c for c in data['customers'] if c['status'] == 'failed']
    if failed:
        out += ['<h2>Failed</h2>', '<ul>']
        out += ['<li class="failed"><b>%s</b> (%s): %s</li>' % (e(c['customer']), e(c['host']), e(c['msg'] or 'failed'))
                for c in failed]
        out.append('</ul>')
    out += ['<h2>Findings</h2>', '<table>', '<tr><th>customer</th><th>kind</th><th>object</th><th>detail</th></tr>']
    rows = 0
    for customer in data['customers']:
        for kind, obj, detail in _rows(customer):
            rows += 1
            out.append('<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>' % (
                e(customer['customer']), e(kind), e(obj), e(detail)))
    out.append('</table>')
    if not rows:
        out.append('<p>%s</p>' % e(NO_FINDINGS))
    out += ['</body>', '</html>', '']
    return '\n'.join(out)


def audit_report(entries, generated=None):
    """The report of a fleet audit of a book; see DOCUMENTATION."""
    if not isinstance(entries, list):
        _fail('expects a list of entries, one per customer, got %s' % type(entries).__name__)
    customers = sorted((_customer(number, entry) for number, entry in enumerate(entries)), key=lambda c: c['host'])
    hosts = [c['host'] for c in customers]
    repeated = sorted(set(h for h in hosts if hosts.count(h) > 1))
    if repeated:
        _fail('host(s) %s appear more than once: a report names each customer once' % ', '.join(repeated))
    generated = to_text(generated) if generated else now_utc()
    counts = dict((kind, sum(c['counts'].get(kind, 0) for c in customers)) for kind in KINDS)
    data = {
        'generated': generated,
        'customers_total': len(customers),
        'customers_failed': sum(1 for c in customers if c['status'] == 'failed'),
        'customers_with_findings': sum(1 for c in customers if any(c['counts'].values())),
        'phones': sum(c['phones'] for c in customers),
        'called_in': sum(c['called_in'] for c in customers),
        'counts': counts,
        'customers': customers,
    }
    stats = {'sraps_audit': {'generated': generated, 'customers': data['customers_total'],
                             'failed': data['customers_failed'], 'with_findings': data['customers_with_findings'],
                             'phones': data['phones'], 'called_in': data['called_in'], 'counts': counts}}
    return {'data': data, 'markdown': _markdown(data), 'csv': _csv(data), 'html': _html(data), 'stats': stats}


class FilterModule(object):
    """The audit_report filter."""

    def filters(self):
        return {'audit_report': audit_report}
