# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The seed of endpoint_moves and the phones of its tasks:

    python make_seed.py PHONES SEED_FILE VARS_FILE

The default seed plus a second customer of Demo Reseller, Bistro, holding one phone of its own; PHONES
phones in Existing Customer with the profile Existing Profile and a setting. VARS_FILE gets the phones as
the tasks declare them (a new name each, no profile) and the MACs of the sibling's and the foreign phone.
"""

from __future__ import annotations

import json
import subprocess
import sys

count, seed_file, vars_file = int(sys.argv[1]), sys.argv[2], sys.argv[3]
seed = json.loads(subprocess.check_output([sys.executable, '-m', 'sraps_simulator', '--print-default-seed']))
seed['companies'].append({'name': 'Bistro', 'parent': 'Demo Reseller', 'country': 'DE', 'city': 'Köln'})
macs = ['00041350%04x' % i for i in range(count)]
seed['endpoints'] = list(seed.get('endpoints') or []) + [
    {'company': 'Existing Customer', 'mac': mac, 'name': 'Old %d' % i, 'provisioning_profile': 'Existing Profile',
     'settings_manager': {'language': 'Deutsch'}}
    for i, mac in enumerate(macs)] + [{'company': 'Bistro', 'mac': '000413510001', 'name': 'Bistro bar'}]
json.dump(seed, open(seed_file, 'w'))
json.dump({'move_phones': [{'mac': mac, 'name': 'Desk %d' % i} for i, mac in enumerate(macs)],
           'move_macs': macs, 'sibling_mac': '000413510001', 'foreign_mac': '000413ffff01'},
          open(vars_file, 'w'))
