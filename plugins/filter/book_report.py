# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
name: book_report
short_description: One report (JSON, Markdown, CSV, set_stats) of a run of a book of customers
version_added: 0.4.0
author:
  - sraps.provisioning contributors (@sraps-provisioning)
description:
  - Turns the per-customer results of a run of a book (one host per customer company, as
    the playbook C(sraps.provisioning.export) writes it) into one report for the whole book. A check-mode run
    gives the drift report, what SRAPS holds that the book does not say; a real run gives the apply report,
    what was written.
  - Each entry of the input is one customer, C({host, customer, status, msg, result}), where C(result) is
    what the module M(sraps.provisioning.sraps_customer) returned for it (its C(summary), C(changes) and
    C(failures)), or C({}) when the customer failed before the module ran.
  - Returns the report as data (for a JSON file), as Markdown, as CSV, and as a small dict for
    M(ansible.builtin.set_stats).
  - The C(data) of several reports (the slices of a job sliced in AWX) merge into the report of the whole
    book with P(sraps.provisioning.book_report_merge#filter).
  - Values of a field whose name looks like a password (it contains C(pass), C(pw) or C(secret)) are shown
    masked, as C(********), even when they arrive unmasked.
positional: _input
options:
  _input:
    description:
      - One dict per customer (host of the play).
      - C(host), the inventory host name of the customer, is required and must be unique.
      - C(customer), the company name (defaults to the name in C(result.customer), else the host).
      - C(status), one of V(ok), V(failed), V(unreachable) or V(skipped) (default V(ok)).
      - C(msg), the failure message of a customer that failed (default empty).
      - C(result), the result of M(sraps.provisioning.sraps_customer) for the customer (default C({})).
    type: list
    elements: dict
    required: true
  mode:
    description: V(check) for a check-mode run (the drift report), V(apply) for a real run.
    type: str
    choices: [check, apply]
    default: check
  generated:
    description: When the run was made, an ISO 8601 UTC time such as V(2026-12-04T08:00:00Z). Default is now.
    type: str
notes:
  - A customer counts as changed when it has at least one change; as failed when its status is V(failed) or
    V(unreachable), or when one of its objects failed. C(drift) is true when any customer changed or failed.
  - "The CSV has the columns C(host), C(customer), C(kind), C(object), C(action), C(field), C(before) and
    C(after), lines end with a line feed. One row per field that changes; a change without fields (a
    delete) has one row with an empty C(field). A customer that failed has one row first, with C(kind)
    V(customer), its company name as C(object), its status (V(failed) or V(unreachable)) as C(action),
    V(msg) as C(field) and the message as C(after); an object that failed has a row with C(action)
    V(failed), C(field) V(msg) and the message as C(after). Rows are ordered by host, then failures, then
    the changes in the order the module made them. A null value is an empty cell; a setting with a perm
    is written C(GER+1 (perm R)), other structures (indexed settings) as JSON."
  - The Markdown lists the failed customers first, then a section per customer that changed or failed, with
    a table C(kind | object | action | field | before | after). Pipes and line breaks in values are escaped,
    a value longer than 80 characters is shortened in the middle, and a null value shows as C(—).
  - A delete done because purge is on shows as C(delete (purge)) in the Markdown, and has C(purged=true) in
    the data.
seealso:
  - plugin: sraps.provisioning.book_report_merge
    plugin_type: filter
'''

EXAMPLES = r'''
# In the last play of a run of a book, on localhost: book_entries is the list of one entry per customer.
- name: Build the report
  ansible.builtin.set_fact:
    book: "{{ book_entries | sraps.provisioning.book_report(mode='check' if ansible_check_mode else 'apply',
              generated=now(utc=true, fmt='%Y-%m-%dT%H:%M:%SZ')) }}"

- name: Write the report as JSON, Markdown and CSV
  ansible.builtin.copy:
    dest: "reports/book-{{ book.data.mode }}.{{ item.ext }}"
    content: "{{ item.text }}"
    mode: "0644"
  check_mode: false
  loop:
    - {ext: json, text: "{{ book.data | to_nice_json }}"}
    - {ext: md, text: "{{ book.markdown }}"}
    - {ext: csv, text: "{{ book.csv }}"}
  loop_control:
    label: "{{ item.ext }}"

- name: Show the summary in AWX
  ansible.builtin.set_stats:
    data: "{{ book.stats }}"
'''

RETURN = r'''
_value:
  description: The report in four forms.
  type: dict
  contains:
    data:
      description:
        - The report as data, for a JSON file.
        - C(generated), C(mode), C(drift) (true when anything changed or failed), C(customers_total),
          C(customers_changed), C(customers_failed).
        - C(totals), per kind (C(company), C(users), C(profiles), C(product_defaults), C(phones)) the sums of
          C(created), C(updated), C(deleted), C(unchanged) and C(failed) over the customers.
        - >-
          C(customers), sorted by host, each C({host, customer, status, msg, summary, changes, failures}):
          C(changes) as the module returned them (C(kind), C(object), C(action), C(purged), C(fields) with
          C(field), C(before), C(after)), C(failures) each C({kind, object, msg}).
      type: dict
      sample:
        generated: "2026-12-04T08:00:00Z"
        mode: check
        drift: true
        customers_total: 2
        customers_changed: 1
        customers_failed: 0
        totals:
          company: {created: 0, updated: 1, deleted: 0, unchanged: 1, failed: 0}
          users: {created: 0, updated: 0, deleted: 0, unchanged: 3, failed: 0}
          profiles: {created: 0, updated: 0, deleted: 0, unchanged: 2, failed: 0}
          product_defaults: {created: 0, updated: 0, deleted: 0, unchanged: 0, failed: 0}
          phones: {created: 0, updated: 0, deleted: 0, unchanged: 5, failed: 0}
        customers:
          - host: acme_dental
            customer: Acme Dental
            status: ok
            msg: ""
            summary: {company: {created: 0, updated: 1, deleted: 0, unchanged: 0, failed: 0}}
            changes:
              - kind: company
                object: Acme Dental
                action: update
                purged: false
                fields: [{field: country, before: DE, after: AT}]
            failures: []
    markdown:
      description: The report as Markdown, titled C(Drift report) in check mode and C(Apply report) otherwise.
      type: str
    csv:
      description: The changes and failures as CSV, one row per field (see the notes).
      type: str
      sample: |
        host,customer,kind,object,action,field,before,after
        acme_dental,Acme Dental,company,Acme Dental,update,country,DE,AT
    stats:
      description:
        - >-
          For M(ansible.builtin.set_stats), C({sraps_book: {generated, mode, drift, customers, changed, failed,
          totals}}), without any per-object detail.
      type: dict
      sample:
        sraps_book:
          generated: "2026-12-04T08:00:00Z"
          mode: check
          drift: true
          customers: 2
          changed: 1
          failed: 0
          totals: {phones: {created: 0, updated: 0, deleted: 0, unchanged: 5, failed: 0}}
'''

import csv
import datetime
import io
import json
import re
from collections.abc import Mapping

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.text.converters import to_text

from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_api import MASKED_VALUE

MODES = ('check', 'apply')
STATUSES = ('ok', 'failed', 'unreachable', 'skipped')
FAILED_STATUSES = ('failed', 'unreachable')
SUMMARY_KINDS = ('company', 'users', 'profiles', 'product_defaults', 'phones')
COUNTS = ('created', 'updated', 'deleted', 'unchanged', 'failed')
CSV_COLUMNS = ('host', 'customer', 'kind', 'object', 'action', 'field', 'before', 'after')
NO_DRIFT = 'No drift: SRAPS holds what the book says.'
NO_CHANGE = 'No change: SRAPS already held what the book says.'
NONE_MD = '—'
MD_MAX = 80

# Snom password parameters and the access key secret: admin_mode_password, http_pass, user_pass,
# keyboard_lock_pw, access_key_secret.
_SECRET_NAME = re.compile(r'pass|pw|secret', re.IGNORECASE)
# What would end a table cell, start a code span or HTML; the rest of Markdown is left readable.
_MD_SPECIAL = re.compile(r'([\\|`<>])')


def _fail(msg):
    raise AnsibleFilterError('book_report: %s' % msg)


def _text(value):
    """A value as text for a report: null as None, booleans as true/false, a setting with a perm as
    'GER+1 (perm R)', other structures as compact JSON."""
    if value is None:
        return None
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, Mapping) and 'value' in value and set(value) <= {'value', 'perm'}:
        shown = _text(value['value'])
        return '%s (perm %s)' % (shown, value['perm']) if value.get('perm') else shown
    if isinstance(value, (Mapping, list, tuple)):
        return json.dumps(value, sort_keys=True, separators=(', ', ': '), default=to_text, ensure_ascii=False)
    return to_text(value)


def _is_masked(value):
    if value is None or value == '':
        return True
    if isinstance(value, Mapping):
        return all(_is_masked(item) for key, item in value.items() if key != 'perm')
    if isinstance(value, (list, tuple)):
        return all(_is_masked(item) for item in value)
    return isinstance(value, str) and value.startswith(MASKED_VALUE)


def _mask(field, value):
    """value, or the mask when the field is a password and value is not masked already."""
    name = re.split(r'[.:]', to_text(field))[-1]
    if not _SECRET_NAME.search(name) or _is_masked(value):
        return value
    if isinstance(value, Mapping) and 'value' in value:
        return dict(value, value=MASKED_VALUE)
    return MASKED_VALUE


def _count(value, where):
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(value)
        except (TypeError, ValueError):
            _fail('%s is %r, not a count' % (where, value))
    return value


def _summary(raw, where):
    raw = raw or {}
    if not isinstance(raw, Mapping):
        _fail('%s.summary is not a dict' % where)
    out = {}
    for kind in SUMMARY_KINDS:
        counts = raw.get(kind) or {}
        if not isinstance(counts, Mapping):
            _fail('%s.summary.%s is not a dict' % (where, kind))
        out[kind] = dict((count, _count(counts.get(count, 0), '%s.summary.%s.%s' % (where, kind, count)))
                         for count in COUNTS)
    return out


def _changes(raw, where):
    if not isinstance(raw or [], list):
        _fail('%s.changes is not a list' % where)
    out = []
    for number, change in enumerate(raw or []):
        here = '%s.changes[%d]' % (where, number)
        if not isinstance(change, Mapping):
            _fail('%s is not a dict' % here)
        fields = []
        for item in change.get('fields') or []:
            if not isinstance(item, Mapping) or 'field' not in item:
                _fail('%s.fields holds %r, not a dict with a field' % (here, item))
            field = to_text(item['field'])
            fields.append({'field': field, 'before': _mask(field, item.get('before')),
                           'after': _mask(field, item.get('after'))})
        out.append({'kind': to_text(change.get('kind') or ''), 'object': to_text(change.get('object') or ''),
                    'action': to_text(change.get('action') or ''), 'purged': bool(change.get('purged')),
                    'fields': fields})
    return out


def _failures(raw, where):
    if not isinstance(raw or [], list):
        _fail('%s.failures is not a list' % where)
    out = []
    for failure in raw or []:
        if not isinstance(failure, Mapping):
            failure = {'msg': failure}
        out.append({'kind': to_text(failure.get('kind') or ''), 'object': to_text(failure.get('object') or ''),
                    'msg': to_text(failure.get('msg') or '')})
    return out


def _customer(host, customer, status, msg, summary, changes, failures, where):
    """One customer of the report, checked and in the report's shape."""
    if not host:
        _fail('%s has no host' % where)
    status = to_text(status or 'ok')
    if status not in STATUSES:
        _fail('%s has status %r, expected one of %s' % (where, status, ', '.join(STATUSES)))
    return {'host': to_text(host), 'customer': to_text(customer or host), 'status': status,
            'msg': to_text(msg or ''), 'summary': _summary(summary, where),
            'changes': _changes(changes, where), 'failures': _failures(failures, where)}


def _from_entry(number, entry):
    where = 'entry %d' % number
    if not isinstance(entry, Mapping):
        _fail('%s is not a dict' % where)
    if entry.get('host'):
        where = 'entry %d (%s)' % (number, entry['host'])
    result = entry.get('result') or {}
    if not isinstance(result, Mapping):
        _fail('%s.result is not a dict' % where)
    named = result.get('customer')
    named = named.get('name') if isinstance(named, Mapping) else None
    return _customer(entry.get('host'), entry.get('customer') or named, entry.get('status'), entry.get('msg'),
                     result.get('summary'), result.get('changes'), result.get('failures'), where)


def _from_record(where, record):
    if not isinstance(record, Mapping):
        _fail('%s is not a dict' % where)
    if record.get('host'):
        where = '%s (%s)' % (where, record['host'])
    return _customer(record.get('host'), record.get('customer'), record.get('status'), record.get('msg'),
                     record.get('summary'), record.get('changes'), record.get('failures'), where)


def _failed(customer):
    return customer['status'] in FAILED_STATUSES or bool(customer['failures'])


def _md(value):
    """A value for a Markdown table cell: shortened, escaped, on one line; null as a dash."""
    text = _text(value)
    if text is None:
        return NONE_MD
    if len(text) > MD_MAX:
        text = text[:MD_MAX - 21] + ' … ' + text[-18:]
    text = _MD_SPECIAL.sub(r'\\\1', text)
    return re.sub(r'\r\n|\r|\n', '<br>', text)


def _markdown(data):
    check = data['mode'] == 'check'
    lines = ['# %s' % ('Drift report' if check else 'Apply report'), '']
    lines.append('%s, %s: %d customers, %d %s, %d failed.' % (
        data['generated'], 'check mode, nothing was written' if check else 'applied',
        data['customers_total'], data['customers_changed'], 'with drift' if check else 'changed',
        data['customers_failed']))
    lines += ['', '| kind | ' + ' | '.join(COUNTS) + ' |', '|---' * (len(COUNTS) + 1) + '|']
    for kind in SUMMARY_KINDS:
        lines.append('| %s | %s |' % (kind, ' | '.join(str(data['totals'][kind][count]) for count in COUNTS)))
    lines.append('')
    if not data['drift']:
        lines += [NO_DRIFT if check else NO_CHANGE, '']
        return '\n'.join(lines)

    failed = [customer for customer in data['customers'] if _failed(customer)]
    if failed:
        lines += ['## Failed', '']
        for customer in failed:
            what = customer['msg'] or '%d object(s) failed' % len(customer['failures'])
            lines.append('- **%s** (%s): %s: %s' % (_md(customer['customer']), _md(customer['host']),
                                                    customer['status'] if customer['status'] != 'ok' else 'failed',
                                                    _md(what)))
        lines.append('')

    for customer in data['customers']:
        if not customer['changes'] and not _failed(customer):
            continue
        lines += ['## %s (%s)' % (_md(customer['customer']), _md(customer['host'])), '']
        if customer['status'] in FAILED_STATUSES:
            lines += ['**%s**: %s' % (customer['status'].capitalize(), _md(customer['msg'] or '(no message)')), '']
        for failure in customer['failures']:
            lines.append('- **failed** %s %s: %s' % (_md(failure['kind']), _md(failure['object']), _md(failure['msg'])))
        if customer['failures']:
            lines.append('')
        if customer['changes']:
            lines += ['| kind | object | action | field | before | after |', '|---|---|---|---|---|---|']
            for change in customer['changes']:
                action = change['action'] + (' (purge)' if change['purged'] else '')
                for field in change['fields'] or [{'field': None, 'before': None, 'after': None}]:
                    lines.append('| %s |' % ' | '.join((
                        _md(change['kind']), _md(change['object']), _md(action),
                        _md(field['field']) if field['field'] is not None else '', _md(field['before']),
                        _md(field['after']))))
            lines.append('')
    return '\n'.join(lines)


def _csv(data):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator='\n')
    writer.writerow(CSV_COLUMNS)

    def row(customer, kind, obj, action, field, before, after):
        writer.writerow([customer['host'], customer['customer'], kind, obj, action, field,
                         _text(before) or '', _text(after) or ''])

    for customer in data['customers']:
        if customer['status'] in FAILED_STATUSES:
            row(customer, 'customer', customer['customer'], customer['status'], 'msg', None, customer['msg'])
        for failure in customer['failures']:
            row(customer, failure['kind'], failure['object'], 'failed', 'msg', None, failure['msg'])
        for change in customer['changes']:
            for field in change['fields'] or [{'field': '', 'before': None, 'after': None}]:
                row(customer, change['kind'], change['object'], change['action'], field['field'],
                    field['before'], field['after'])
    return out.getvalue()


def render(customers, mode, generated):
    """The report (data, markdown, csv, stats) of customers in the report's shape; shared by both filters."""
    if mode not in MODES:
        _fail('mode is %r, expected check or apply' % (mode,))
    customers = sorted(customers, key=lambda customer: customer['host'])
    seen = {}
    for customer in customers:
        if customer['host'] in seen:
            _fail('customer %s (%s) appears twice: a run must report each customer exactly once'
                  % (customer['host'], customer['customer']))
        seen[customer['host']] = customer
    totals = dict((kind, dict((count, sum(c['summary'][kind][count] for c in customers)) for count in COUNTS))
                  for kind in SUMMARY_KINDS)
    changed = sum(1 for customer in customers if customer['changes'])
    failed = sum(1 for customer in customers if _failed(customer))
    data = {
        'generated': generated,
        'mode': mode,
        'drift': bool(changed or failed),
        'customers_total': len(customers),
        'customers_changed': changed,
        'customers_failed': failed,
        'totals': totals,
        'customers': customers,
    }
    stats = {'sraps_book': {'generated': generated, 'mode': mode, 'drift': data['drift'],
                            'customers': len(customers), 'changed': changed, 'failed': failed,
                            'totals': totals}}
    return {'data': data, 'markdown': _markdown(data), 'csv': _csv(data), 'stats': stats}


def now_utc():
    return datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


def book_report(entries, mode='check', generated=None):
    """The report of one run of a book; see DOCUMENTATION."""
    if not isinstance(entries, list):
        _fail('expects a list of entries, one per customer, got %s' % type(entries).__name__)
    customers = [_from_entry(number, entry) for number, entry in enumerate(entries)]
    return render(customers, mode, to_text(generated) if generated else now_utc())


def book_report_merge(reports):
    """The report of the union of the reports' customers; see book_report_merge's DOCUMENTATION."""
    if not isinstance(reports, list) or not reports:
        _fail('book_report_merge expects a non-empty list of report data dicts')
    modes = set()
    generated = []
    customers = []
    where = {}
    for number, report in enumerate(reports):
        if not isinstance(report, Mapping) or not isinstance(report.get('customers'), list):
            _fail('report %d is not the data of a report (a dict with customers)' % number)
        modes.add(report.get('mode'))
        if report.get('generated'):
            generated.append(to_text(report['generated']))
        for index, record in enumerate(report['customers']):
            customer = _from_record('report %d customer %d' % (number, index), record)
            if customer['host'] in where:
                _fail('customer %s (%s) is in report %d and in report %d: the slices of a run must apply each '
                      'customer exactly once' % (customer['host'], customer['customer'], where[customer['host']],
                                                 number))
            where[customer['host']] = number
            customers.append(customer)
    if len(modes) != 1:
        _fail('the reports mix modes (%s): merge the slices of one run' % ', '.join(sorted(to_text(m) for m in modes)))
    return render(customers, modes.pop(), max(generated) if generated else now_utc())


class FilterModule(object):
    """The book_report filter."""

    def filters(self):
        return {'book_report': book_report}
