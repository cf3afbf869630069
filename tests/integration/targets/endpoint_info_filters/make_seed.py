# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The seed of endpoint_info_filters and the variables of its playbooks:

    python make_seed.py PHONES SEED_FILE VARS_FILE CONTACTS_FILE

The default seed plus PHONES phones in Existing Customer, a known mix by the phone's number i:
  - last contact: i % 5 == 0 never (no model either), 1 or 2 within the last 20 hours, 3 between 20 and 80
    days ago, 4 between 3 and 5 days ago (times in the middle of their range, far from the filters' bounds);
  - the model reported: i % 4 == 0 D785, 1 D385, 2 M500 (M-Series, outside the profile's D-Series), 3 C620;
  - the name: i % 10 == 0 "Reception <i>", i % 10 == 1 "reception-<i>", i % 7 == 0 "Lobby <i>", else
    "Desk <i>"; i % 13 == 0 has no profile, the others Existing Profile.
VARS_FILE gets a time ten days ago (ISO), MACs for the macs cases and the log cases' phones; CONTACTS_FILE the
phone contacts the log cases need, oldest first: three early ones, many in between, then two late ones.
"""

from __future__ import annotations

import datetime
import json
import subprocess
import sys

count, seed_file, vars_file, contacts_file = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
MODELS = ('D785', 'D385', 'M500', 'C620')


def iso(when):
    return when.strftime('%Y-%m-%dT%H:%M:%SZ')


def seen(i):
    bucket = i % 5
    if bucket == 0:
        return None
    if bucket in (1, 2):
        return iso(now - datetime.timedelta(minutes=60 + i % 1080))          # 1 to 19 hours
    if bucket == 3:
        return iso(now - datetime.timedelta(days=20, hours=i % 1440))        # 20 to 80 days
    return iso(now - datetime.timedelta(days=3, minutes=i % 2880))           # 3 to 5 days


def name(i):
    if i % 10 == 0:
        return 'Reception %d' % i
    if i % 10 == 1:
        return 'reception-%d' % i
    if i % 7 == 0:
        return 'Lobby %d' % i
    return 'Desk %d' % i


def endpoint(i):
    out = {'company': 'Existing Customer', 'mac': '00041360%04x' % i, 'name': name(i)}
    if i % 13:
        out['provisioning_profile'] = 'Existing Profile'
    if seen(i):
        out['last_seen'] = seen(i)
        out['product'] = MODELS[i % 4]
    return out


seed = json.loads(subprocess.check_output([sys.executable, '-m', 'sraps_simulator', '--print-default-seed']))
phones = [endpoint(i) for i in range(count)]
seed['endpoints'] = list(seed.get('endpoints') or []) + phones
json.dump(seed, open(seed_file, 'w'))

macs = [p['mac'] for p in phones]
early, filler, late = macs[1:4], macs[100:100 + 2400], macs[4:6]
contacts = ([{'mac': mac, 'product': 'D785'} for mac in early] + [{'mac': mac} for mac in filler]
            + [{'mac': mac, 'product': 'D717'} for mac in late])
json.dump(contacts, open(contacts_file, 'w'))
json.dump({'ten_days_ago': iso(now - datetime.timedelta(days=10)),
           # every 601st phone (all four kinds of contact) and one MAC nobody has: more than ten, so one paged list
           'some_macs': macs[::601] + ['000413ffffee'],
           'few_macs': macs[5:8],
           'early_macs': early, 'late_macs': late, 'silent_mac': macs[7]}, open(vars_file, 'w'))
