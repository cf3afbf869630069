# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks of endpoint_info_filters, computed from the seed and the simulator's state, not by the collection:

    python check.py filters SEED_FILE RECORD_FILE    every case of filters.yml
    python check.py logs STATE_FILE RECORD_FILE      every case of logs.yml

RECORD_FILE is what the sraps_record callback wrote of the playbook: each case's module result and the
simulator's request counts before and after it. A case passes when the module returned exactly the phones
(or the entries) the seed or the state says, and the simulator counted no request but the paged list reads
the case needs. Prints one line per case; exits 1 naming every case that failed.
"""

from __future__ import annotations

import datetime
import fnmatch
import json
import math
import re
import sys

UTC = datetime.timezone.utc
PAGE = 1000     # the largest page size, which the client asks for
COMPANY = 'Existing Customer'
PROFILE = 'Existing Profile'
PREFIX = 'GET /api/v1/companies/{company}/'
# Reads any case may make besides its own: the company by name, the catalogues, the profiles.
SHARED = {'GET /api/v1/companies/', 'GET /api/v1/products/', 'GET /api/v1/product-groups/',
          'GET /api/v1/settings/', 'GET /api/v1/setting-groups/', PREFIX + 'provisioning-profiles/'}
GROUP = {'D785': 'D-Series', 'D385': 'D-Series', 'D717': 'D-Series', 'M500': 'M-Series', 'C620': 'C-Series'}
UNITS = {'m': 60, 'h': 3600, 'd': 86400}


def when(text, now):
    """A case's time: an age such as 7d, or ISO 8601 with Z."""
    match = re.match(r'^(\d+)([mhd])$', text)
    if match:
        return now - datetime.timedelta(seconds=int(match.group(1)) * UNITS[match.group(2)])
    return datetime.datetime.strptime(text, '%Y-%m-%dT%H:%M:%SZ').replace(tzinfo=UTC)


def seen(phone):
    raw = phone.get('last_seen')
    return datetime.datetime.strptime(raw, '%Y-%m-%dT%H:%M:%SZ').replace(tzinfo=UTC) if raw else None


def expected_phones(phones, case, now):
    out = []
    macs = set(m.lower() for m in case.get('macs') or [])
    for phone in phones:
        last = seen(phone)
        tests = [
            not macs or phone['mac'] in macs,
            'profile' not in case or phone.get('provisioning_profile') == case['profile'],
            'seen_since' not in case or (last is not None and last >= when(case['seen_since'], now)),
            'not_seen_since' not in case or last is None or last < when(case['not_seen_since'], now),
            'never_seen' not in case or (last is None) == case['never_seen'],
            'product' not in case or (phone.get('product') or '').lower() == case['product'].lower(),
            'product_group' not in case or GROUP.get(phone.get('product')) == case['product_group'],
            'name_pattern' not in case or fnmatch.fnmatchcase((phone.get('name') or '').lower(),
                                                              case['name_pattern'].lower()),
        ]
        if all(tests):
            out.append(phone)
    return out


def cases(record_file, prefix):
    """(label, options, result, stats) of each case: its module's result, the options it ran with, and
    the requests the simulator counted between the counts before and after it."""
    found = []
    before = pending = None
    with open(record_file) as handle:
        for line in handle:
            record = json.loads(line)
            counts = (record['result'].get('ansible_facts') or {}).get('counts')
            if counts is not None:
                if pending is not None:
                    requests = dict((k, n - before['requests'].get(k, 0)) for k, n in counts['requests'].items()
                                    if n != before['requests'].get(k, 0))
                    found.append(pending + ({'requests': requests, 'writes': counts['writes'] - before['writes'],
                                             'requests_total': sum(requests.values())},))
                    pending = None
                before = counts
            elif record['task'].startswith(prefix):
                if record['status'] != 'ok':
                    sys.exit('%s failed: %s' % (record['task'], record['result'].get('msg')))
                options = dict((k, v) for k, v in record['result']['invocation']['module_args'].items()
                               if v is not None)
                pending = (record['task'][len(prefix):], options, record['result'])
    if not found:
        sys.exit('no case of %r in %s' % (prefix, record_file))
    return found


def short(stats):
    """The requests of a case as "GET endpoints/ 11, GET products/ 1"."""
    return ', '.join('%s %d' % (key.replace('/api/v1/', '').replace('companies/{company}/', ''), n)
                     for key, n in sorted(stats['requests'].items()))


def requests_besides(stats, allowed):
    return dict((key, n) for key, n in stats['requests'].items() if key not in allowed and key not in SHARED)


def check_filters(seed_file, record_file):
    seed = json.load(open(seed_file))
    phones = [p for p in seed['endpoints'] if p['company'] == COMPANY]
    for phone in phones:
        phone['mac'] = phone['mac'].lower()
    by_mac = dict((p['mac'], p) for p in phones)
    list_pages = math.ceil(len(phones) / PAGE)
    now = datetime.datetime.now(UTC)
    failed = []
    for label, case, result, stats in cases(record_file, 'Read the phones: '):
        want = [p['mac'] for p in expected_phones(phones, case, now)]
        got = [e['mac'] for e in result['endpoints']]
        problems = []
        if not want:
            problems.append('the seed has no phone for this case: it tests nothing')
        if sorted(got) != sorted(want):
            problems.append('returned %d phones, the seed has %d: %d too many (%s), %d missing (%s)' % (
                len(got), len(want), len(set(got) - set(want)), sorted(set(got) - set(want))[:3],
                len(set(want) - set(got)), sorted(set(want) - set(got))[:3]))
        for endpoint in result['endpoints']:
            phone = by_mac.get(endpoint['mac'])
            if phone is None:
                continue
            shown = (endpoint['last_seen'], endpoint['product_name'], endpoint['product_group_name'],
                     endpoint['name'])
            if shown != (phone.get('last_seen'), phone.get('product'), GROUP.get(phone.get('product')),
                         phone.get('name') or ''):
                problems.append('phone %s shown as %s' % (endpoint['mac'], shown))
                break
        macs = case.get('macs')
        missing = sorted(set(m.lower() for m in macs or []) - set(by_mac))
        if sorted(result['missing']) != missing:
            problems.append('missing %s, expected %s' % (result['missing'], missing))
        if macs is not None and len(macs) <= 10:
            # a short MAC list is read one phone at a time
            allowed = {PREFIX + 'endpoints/{mac}': len(macs)}
        else:
            allowed = {PREFIX + 'endpoints/': list_pages}
        for key, count in allowed.items():
            if stats['requests'].get(key, 0) != count:
                problems.append('%s: %d requests, expected %d' % (key, stats['requests'].get(key, 0), count))
        others = requests_besides(stats, allowed)
        if others or stats['writes']:
            problems.append('other requests: %s, writes: %d' % (others, stats['writes']))
        print('%-56s %5d phones; requests: %s; %s' % (label, len(got), short(stats), '; '.join(problems) or 'ok'))
        if problems:
            failed.append(label)
    return failed


def check_logs(state_file, record_file):
    state = json.load(open(state_file))
    company = next(uuid for uuid, c in state['companies'].items() if c['name'] == COMPANY)
    log = [e for e in reversed(state['logs']) if e['company'] == company]     # newest first
    failed = []
    for label, case, result, stats in cases(record_file, 'Read the log: '):
        macs = [m.lower() for m in case['macs']]
        limit = case['limit']
        since = case.get('since')
        entries = [e for e in log if (not case.get('event') or e['event'] == case['event'])
                   and (not since or e['timestamp'] >= since)]
        # The newest limit entries and the newest contact of each MAC, and the position of the last entry
        # the read needs: every page up to it, or all pages when a MAC lacks entries or a contact.
        want, needed = [], 0
        for mac in macs:
            own = [(i, e) for i, e in enumerate(entries) if e['mac'] == mac]
            kept = own[:limit] if limit else own
            contact = next(((i, e) for i, e in own if e['event'] == 'redirect_served'), None)
            want.append({'mac': mac, 'last_contact': contact[1]['timestamp'] if contact else None,
                         'last_contact_ip': contact[1]['ip'] if contact else None,
                         'entries': [e['uuid'] for i, e in kept]})
            if not limit or len(kept) < limit or contact is None:
                needed = len(entries)
            else:
                needed = max(needed, kept[-1][0] + 1, contact[0] + 1)
        pages = max(1, math.ceil(needed / PAGE))
        got = [dict(p, entries=[e['uuid'] for e in p['entries']]) for p in result['phones']]
        problems = []
        if got != want:
            problems.append('phones %s, expected %s' % (json.dumps(got)[:300], json.dumps(want)[:300]))
        if sorted(e['uuid'] for e in result['logs']) != sorted(u for p in want for u in p['entries']):
            problems.append('logs are not the entries of the phones')
        count = stats['requests'].get(PREFIX + 'logs/', 0)
        if count != pages:
            problems.append('%d log pages read, %d needed (%d entries)' % (count, pages, len(entries)))
        others = requests_besides(stats, {PREFIX + 'logs/'})
        if others or stats['writes']:
            problems.append('other requests: %s, writes: %d' % (others, stats['writes']))
        print('%-56s %d log pages of %d; requests: %s; %s' % (label, count, math.ceil(len(entries) / PAGE),
                                                              short(stats), '; '.join(problems) or 'ok'))
        if problems:
            failed.append(label)
    return failed


def main(argv):
    kind, source, record_file = argv
    failed = check_filters(source, record_file) if kind == 'filters' else check_logs(source, record_file)
    if failed:
        sys.exit('FAILED: %s' % ', '.join(failed))


if __name__ == '__main__':
    main(sys.argv[1:])
