# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Out of band, from the simulator's state (/_sim/state of SIM_URL): where the phones of the test are.

    python check_state.py VARS_FILE EXPECT

EXPECT is the name of the company that must hold every phone, 'either' (each phone in Existing
Customer or Bistro, none lost) or 'seeded' (every phone in Existing Customer as the seed has it).
A phone in the expected company must be as the task declared it (its name, no profile: the old
company's profile does not come along). Prints the count per company.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.request

with urllib.request.urlopen('%s/_sim/state' % os.environ['SIM_URL'].rstrip('/'), timeout=30) as answer:
    state = json.loads(answer.read().decode('utf-8'))
phones = json.load(open(sys.argv[1]))['move_phones']
expect = sys.argv[2]
names = dict((c['uuid'], c['name']) for c in state['companies'].values())
counts = {}
problems = []
for phone in phones:
    held = state['endpoints'].get(phone['mac'])
    where = names.get(held['company']) if held else 'no company'
    counts[where] = counts.get(where, 0) + 1
    if expect == 'seeded':
        if where != 'Existing Customer' or held['provisioning_profile'] is None or held['name'] == phone['name']:
            problems.append('%s is not as seeded' % phone['mac'])
    elif expect == 'either':
        if where not in ('Existing Customer', 'Bistro'):
            problems.append('%s is in %s' % (phone['mac'], where))
    elif where != expect:
        problems.append('%s is in %s, not %s' % (phone['mac'], where, expect))
    elif held['name'] != phone['name'] or held['provisioning_profile'] is not None:
        problems.append('%s in %s is %r with profile %r, not as declared' % (
            phone['mac'], where, held['name'], held['provisioning_profile']))
print(json.dumps(counts, sort_keys=True))
if problems:
    sys.exit('%d problem(s): %s' % (len(problems), '; '.join(problems[:10])))
