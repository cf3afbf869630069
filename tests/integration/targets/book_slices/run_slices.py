# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Run playbooks/apply.yml over a book the way AWX runs a sliced job template, against the simulator.

AWX job slicing splits a job into N jobs; slice k of N gets an inventory of the hosts whose index in
the sorted host list modulo N is k - 1, and the slices run at the same time. So this script, given a
book (exported from the seeded account, two customers changed beside it):

1. runs the playbook through ansible-runner in check mode over the whole book and as 3 slices, at
   the same time (each slice with an inventory of its hosts only, in the book's folder so that its
   group_vars and host_vars apply), each job with its own apply_report_dir;
2. checks that the unsliced report names exactly the two drifted customers, field by field, that the
   job's artifacts hold the summary set_stats gave, that every customer is in exactly one slice's play
   recap and report, and that the slices' reports merged with the filter book_report_merge
   (files/merge.yml) give the unsliced report, apart from when it was made;
3. applies the book for real as 3 slices and checks on the server (its write log) that each drifted
   customer was written exactly once per change the check-mode report predicted, nothing else, and
   that the slices' apply reports name those changes.

No report, job event or stdout may hold a password of the book or the access key secret.
"""

from __future__ import annotations

import collections
import glob
import json
import os
import subprocess
import sys
import tempfile
import time

import yaml

try:
    import ansible_runner
except ImportError as exc:
    sys.exit('ansible-runner is not installed for %s (%s): pip install ansible-runner' % (sys.executable, exc))

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'setup_sraps_tools'))
import sraps_tools  # noqa: E402  pylint: disable=wrong-import-position

PLAYBOOK = os.path.join('playbooks', 'apply.yml')
SLICES = 3
CUSTOMERS = 6
# What files/out_of_band.py changed beside the book: host -> (kind, object, SRAPS holds, the book says).
DRIFTED = {
    'acme_dental': ('phone', '000413010001', 'Handsets', 'Office'),
    'bistro_nord': ('profile', 'Bar', 'FIN+2', 'GER+1'),
}
# The passwords of the seed (rich_seed.py) and the key's secret: never in a report or a job's output.
SECRETS = ('acme-4711', 'bistro-web', 'bar-secret-', os.environ['SRAPS_ACCESS_KEY_SECRET'])
# kind of a change -> the simulator's log event prefix of a write of it
EVENTS = {'company': 'company', 'user': 'user', 'profile': 'profile', 'product_default': 'product_default',
          'phone': 'endpoint'}


def fail(msg):
    sys.exit('book_slices: FAILED: %s' % msg)


def collection_root():
    """The collection that ansible-test put on ANSIBLE_COLLECTIONS_PATH, else the one above this target."""
    candidates = []
    for entry in os.environ.get('ANSIBLE_COLLECTIONS_PATH', '').split(os.pathsep):
        if entry:
            candidates.append(os.path.join(entry, 'ansible_collections', 'sraps', 'provisioning'))
            if os.path.basename(os.path.normpath(entry)) == 'ansible_collections':
                candidates.append(os.path.join(entry, 'sraps', 'provisioning'))
    candidates.append(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..'))
    for root in candidates:
        if os.path.isfile(os.path.join(root, PLAYBOOK)):
            return os.path.abspath(root)
    return fail('%s not found in %s' % (PLAYBOOK, ', '.join(candidates)))


def tail(text, lines=40):
    return '\n'.join(text.splitlines()[-lines:])


def text_of(value):
    return json.dumps(value, sort_keys=True) if isinstance(value, (dict, list)) else str(value)


def slice_hosts(hosts, count):
    """AWX's slicing: slice k (1-based) gets the hosts whose index in the sorted list modulo count is k - 1."""
    ordered = sorted(hosts)
    return [[host for index, host in enumerate(ordered) if index % count == k] for k in range(count)]


def slice_inventory(book, inventory, hosts, number):
    """An inventory of the book's group with only hosts, beside hosts.yml (so group_vars and host_vars apply)."""
    group = inventory['sraps_customers']
    sliced = {'sraps_customers': dict(group, hosts=dict((h, group['hosts'][h]) for h in hosts))}
    path = os.path.join(book, 'slice-%d-of-%d.yml' % (number, SLICES))
    with open(path, 'w', encoding='utf-8') as handle:
        yaml.safe_dump(sliced, handle, default_flow_style=False, allow_unicode=True)
    return path


class Job(object):
    """One job of the playbook: a private data dir, an inventory, a report dir of its own."""

    def __init__(self, label, root, work, inventory, mode, extravars=None):
        self.label = label
        self.mode = mode
        self.dir = tempfile.mkdtemp(prefix='job_%s_' % label, dir=work)
        self.report_dir = os.path.join(self.dir, 'reports')
        kwargs = dict(private_data_dir=self.dir, playbook=os.path.join(root, PLAYBOOK), inventory=inventory,
                      extravars=dict(extravars or {}, apply_report_dir=self.report_dir), quiet=True, timeout=600)
        if mode == 'check':
            kwargs['cmdline'] = '--check --diff'
        self.start = time.time()
        self.thread, self.runner = ansible_runner.run_async(**kwargs)
        self.stdout = ''
        self.events = []

    def wait(self):
        self.thread.join()
        self.events = list(self.runner.events)
        with open(os.path.join(self.runner.config.artifact_dir, 'stdout'), encoding='utf-8') as handle:
            self.stdout = handle.read()
        print('%-10s status=%s rc=%s %.1fs' % (self.label, self.runner.status, self.runner.rc, time.time() - self.start))
        if self.runner.status != 'successful' or self.runner.rc != 0:
            fail('%s: job status %s, rc %s\n%s' % (self.label, self.runner.status, self.runner.rc, tail(self.stdout)))
        return self

    def recap(self):
        stats = [e['event_data'] for e in self.events if e.get('event') == 'playbook_on_stats']
        if len(stats) != 1:
            fail('%s: expected one playbook_on_stats event, got %d' % (self.label, len(stats)))
        return stats[0]

    def recap_customers(self, customers):
        """The customers (hosts of the book) the play recap names."""
        named = set()
        for key in ('ok', 'changed', 'failures', 'dark', 'skipped', 'processed'):
            named.update(self.recap().get(key) or {})
        return sorted(named & set(customers))

    def artifacts(self):
        """What the playbook gave set_stats, as AWX keeps it with the job (the stats event's artifact_data)."""
        return self.recap().get('artifact_data') or {}

    def report(self):
        """(data, markdown, csv, path of the JSON) of the one report the job wrote."""
        found = sorted(glob.glob(os.path.join(self.report_dir, 'book-%s-*.json' % self.mode)))
        if len(found) != 1:
            fail('%s: expected one book-%s-*.json in apply_report_dir, found %s (all: %s)\n%s'
                 % (self.label, self.mode, found, os.listdir(self.report_dir) if os.path.isdir(self.report_dir)
                    else 'no such folder', tail(self.stdout)))
        stem = found[0][:-len('.json')]
        texts = []
        for ext in ('json', 'md', 'csv'):
            if not os.path.isfile('%s.%s' % (stem, ext)):
                fail('%s: the report %s.%s is missing' % (self.label, stem, ext))
            with open('%s.%s' % (stem, ext), encoding='utf-8') as handle:
                texts.append(handle.read())
        for secret in SECRETS:
            for text in texts + [self.stdout, json.dumps(self.events, default=str)]:
                if secret in text:
                    fail('%s: a secret (%s...) is in the report or the job output' % (self.label, secret[:4]))
        return json.loads(texts[0]), texts[1], texts[2], found[0]


def run_jobs(jobs):
    return [job.wait() for job in jobs]


def merge(work, label, files):
    """files/merge.yml over the slices' JSON reports: (data, markdown, csv) of the merged report."""
    dest = tempfile.mkdtemp(prefix='merge_%s_' % label, dir=work)
    here = os.path.dirname(os.path.abspath(__file__))
    extra = json.dumps({'merge_files': files, 'merge_dest': dest})
    done = subprocess.run(['ansible-playbook', '-i', 'localhost,', '-e', 'ansible_python_interpreter=%s' % sys.executable,
                           os.path.join(here, 'files', 'merge.yml'), '-e', extra],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        fail('merging the %s reports failed\n%s%s' % (label, tail(done.stdout), tail(done.stderr)))
    texts = []
    for ext in ('json', 'md', 'csv'):
        with open(os.path.join(dest, 'merged.%s' % ext), encoding='utf-8') as handle:
            texts.append(handle.read())
    return json.loads(texts[0]), texts[1], texts[2]


def without_generated(data):
    return dict((key, value) for key, value in data.items() if key != 'generated')


def check_drift(data, customers):
    """The unsliced check-mode report names exactly the two drifted customers, with the fields that drifted."""
    hosts = [c['host'] for c in data['customers']]
    if hosts != sorted(customers):
        fail('the report lists %s, the book holds %s' % (hosts, sorted(customers)))
    if data['mode'] != 'check' or data['drift'] is not True:
        fail('the check-mode report should be mode check with drift: %s' % without_generated(data))
    if (data['customers_total'], data['customers_changed'], data['customers_failed']) != (CUSTOMERS, 2, 0):
        fail('expected 6 customers, 2 changed, 0 failed: %s, %s, %s'
             % (data['customers_total'], data['customers_changed'], data['customers_failed']))
    for customer in data['customers']:
        if customer['host'] not in DRIFTED:
            if customer['changes'] or customer['failures'] or customer['status'] != 'ok':
                fail('%s did not drift, the report says %s' % (customer['host'], customer))
            continue
        kind, obj, before, after = DRIFTED[customer['host']]
        changes = [(c['kind'], c['object'], c['action']) for c in customer['changes']]
        if changes != [(kind, obj, 'update')]:
            fail('%s: expected the one change (%s, %s, update), the report has %s' % (customer['host'], kind, obj, changes))
        fields = customer['changes'][0]['fields']
        if not any(before in text_of(f['before']) and after in text_of(f['after']) for f in fields):
            fail('%s: no field of %s %s goes from %s (SRAPS) to %s (the book): %s'
                 % (customer['host'], kind, obj, before, after, fields))


def main():
    book, work = sys.argv[1], sys.argv[2]
    root = collection_root()
    with open(os.path.join(book, 'hosts.yml'), encoding='utf-8') as handle:
        inventory = yaml.safe_load(handle)
    customers = sorted(inventory['sraps_customers']['hosts'])
    if len(customers) != CUSTOMERS:
        fail('the book should hold %d customers, it holds %s' % (CUSTOMERS, customers))
    uuids = dict((host, values['sraps_customer_uuid']) for host, values in inventory['sraps_customers']['hosts'].items())
    parts = slice_hosts(customers, SLICES)
    slice_paths = [slice_inventory(book, inventory, hosts, k + 1) for k, hosts in enumerate(parts)]
    whole_path = os.path.join(book, 'hosts.yml')

    # 1. check mode: the whole book and its slices, at the same time (they only read; AWX runs slices so)
    sraps_tools.admin('POST', 'stats/reset', {})
    jobs = run_jobs([Job('check', root, work, whole_path, 'check')]
                    + [Job('check-%d' % (k + 1), root, work, path, 'check') for k, path in enumerate(slice_paths)])
    whole, sliced = jobs[0], jobs[1:]
    data, markdown, csv_text, _path = whole.report()
    check_drift(data, customers)
    if not markdown.startswith('# Drift report'):
        fail('the Markdown report should start with "# Drift report":\n%s' % markdown[:300])
    if not csv_text.startswith('host,customer,kind,object,action,field,before,after\n'):
        fail('the CSV report should start with its header:\n%s' % csv_text[:300])
    if sraps_tools.admin('GET', 'stats')['writes']:
        fail('a check-mode run wrote to SRAPS')
    summary = {'generated': data['generated'], 'mode': 'check', 'drift': True, 'customers': CUSTOMERS, 'changed': 2,
               'failed': 0, 'totals': data['totals']}
    if whole.artifacts() != {'sraps_book': summary}:
        fail('the job artifacts (set_stats) should be %s, not %s' % ({'sraps_book': summary}, whole.artifacts()))

    # 2. every customer in exactly one slice; the merge of the slices is the unsliced report
    seen = collections.Counter()
    files = []
    for job, hosts in zip(sliced, parts):
        if job.recap_customers(customers) != hosts:
            fail('%s: the play ran %s, the slice holds %s' % (job.label, job.recap_customers(customers), hosts))
        slice_data, _md, _csv, path = job.report()
        reported = [c['host'] for c in slice_data['customers']]
        if reported != hosts:
            fail('%s: the report lists %s, the slice holds %s' % (job.label, reported, hosts))
        seen.update(reported)
        files.append(path)
    if sorted(seen) != customers or set(seen.values()) != {1}:
        fail('every customer should be in exactly one slice\'s report: %s' % dict(seen))
    merged, merged_md, merged_csv = merge(work, 'check', files)
    if without_generated(merged) != without_generated(data):
        fail('the merged slices differ from the unsliced report:\n%s\n%s'
             % (json.dumps(without_generated(merged), sort_keys=True), json.dumps(without_generated(data), sort_keys=True)))
    if merged_csv != csv_text:
        fail('the merged CSV differs from the unsliced one:\n%s\n%s' % (merged_csv, csv_text))
    if merged_md.replace(merged['generated'], data['generated']) != markdown:
        fail('the merged Markdown differs from the unsliced one:\n%s\n%s' % (merged_md, markdown))
    print('check: %d customers, drift in %s; %d slices of %s, merged equal to the unsliced report'
          % (len(customers), ', '.join(sorted(DRIFTED)), SLICES, [len(p) for p in parts]))

    # 3. the real run, sliced: each change the check predicted is written once, by one slice
    logs_before = len(sraps_tools.admin('GET', 'state')['logs'])
    sraps_tools.admin('POST', 'stats/reset', {})
    applied = run_jobs([Job('apply-%d' % (k + 1), root, work, path, 'apply') for k, path in enumerate(slice_paths)])
    predicted = dict((c['host'], [(x['kind'], x['object'], x['action']) for x in c['changes']]) for c in data['customers'])
    done = {}
    for job, hosts in zip(applied, parts):
        slice_data = job.report()[0]
        if slice_data['mode'] != 'apply' or [c['host'] for c in slice_data['customers']] != hosts:
            fail('%s: the apply report lists %s, the slice holds %s' % (job.label, slice_data['customers'], hosts))
        done.update((c['host'], [(x['kind'], x['object'], x['action']) for x in c['changes']])
                    for c in slice_data['customers'] if not c['failures'] and c['status'] == 'ok')
    if done != predicted:
        fail('the apply reports should hold the changes the check predicted: %s, predicted %s' % (done, predicted))
    writes = sraps_tools.admin('GET', 'state')['logs'][logs_before:]
    stats = sraps_tools.admin('GET', 'stats')
    expected = sum(len(changes) for changes in predicted.values())
    if stats['writes'] != expected or len(writes) != expected:
        fail('expected %d writes (one per predicted change), SRAPS counted %d and logged %s'
             % (expected, stats['writes'], [(w['event'], w['message']) for w in writes]))
    for host, changes in predicted.items():
        mine = [w for w in writes if w['company'] == uuids[host]]
        for kind, obj, action in changes:
            event = '%s_%sed' % (EVENTS[kind], action.rstrip('e'))
            hits = [w for w in mine if w['event'] == event and obj in w['message']]
            if len(hits) != 1:
                fail('%s: %s %s should be written exactly once (%s), SRAPS logged %s'
                     % (host, kind, obj, event, [(w['event'], w['message']) for w in mine]))
    print('apply: %d slices wrote %d change(s), each once: %s'
          % (SLICES, expected, ', '.join('%s %s' % (w['event'], w['message']) for w in writes)))

    print('book_slices: PASS: %d customers, %d slices: check reports merged equal the unsliced report, '
          'each customer applied exactly once' % (CUSTOMERS, SLICES))


if __name__ == '__main__':
    main()
