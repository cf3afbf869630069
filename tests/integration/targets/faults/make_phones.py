# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Print the rollout phones of the fault suite as extra vars (JSON): python make_phones.py COUNT

Every phone has a name, a profile of the demo customer, a redirect URL, a language and line 1
(display name, account, registrar, password); every tenth phone a second line too; every fifth
phone is a DECT handset. MACs 00:04:13:7x:xx:xx, apart from the demo customer's own phones.
"""

from __future__ import annotations

import json
import sys


def phone(number):
    mac = '00:04:13:%02x:%02x:%02x' % (0x70 + (number >> 16), (number >> 8) & 0xff, number & 0xff)
    dect = number % 5 == 4
    settings = {
        'setting_server': 'https://pbx-fault.example/provisioning/{mac}',
        'language': 'Deutsch',
        'user_realname': {1: 'Fault User %d' % number},
        'user_name': {1: str(70000 + number)},
        'user_host': 'sip-fault.example',
        'user_pass': {1: 'fault-line1-pw-%05d' % number},
    }
    if number % 10 == 0:
        settings['user_name'][2] = str(90000 + number)
        settings['user_pass'][2] = 'fault-line2-pw-%05d' % number
    return {'mac': mac, 'name': 'Fault %05d' % number,
            'profile': 'DECT Handsets' if dect else 'Desk Phones', 'settings': settings}


def main(argv):
    count = int(argv[0])
    json.dump({'rollout_phones': [phone(n) for n in range(1, count + 1)]}, sys.stdout)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main(sys.argv[1:])
