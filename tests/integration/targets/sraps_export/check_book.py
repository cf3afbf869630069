# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks the book sraps_export wrote for the seed of this target against the simulator's state.
    python check_book.py BOOK STATE_JSON RESULT_JSON
Exit 1 naming the first thing that is wrong."""

from __future__ import annotations

import csv
import json
import os
import sys

import yaml


class Loader(yaml.SafeLoader):
    """SafeLoader that reads !unsafe (as Ansible does) into a marked string."""


class Unsafe(str):
    pass


Loader.add_constructor('!unsafe', lambda loader, node: Unsafe(loader.construct_scalar(node)))


def fail(msg):
    print('FAILED: %s' % msg, file=sys.stderr)
    sys.exit(1)


def load(book, relative):
    with open(os.path.join(book, relative), encoding='utf-8') as handle:
        return yaml.load(handle, Loader=Loader)   # noqa: S506 (a SafeLoader)


def main(book, state_file, result_file):
    with open(state_file, encoding='utf-8') as handle:
        state = json.load(handle)
    with open(result_file, encoding='utf-8') as handle:
        result = json.load(handle)
    uuid_of = dict((c['name'], u) for u, c in state['companies'].items())
    other = uuid_of['Nordwind-Dental'][:8]
    want = sorted(['hosts.yml', 'secrets-to-fill.yml', 'group_vars/sraps_customers/connection.yml',
                   'host_vars/backerei_muller/customer.yml', 'host_vars/backerei_muller/phones.yml',
                   'host_vars/nordwind_dental/customer.yml', 'host_vars/nordwind_dental/phones.csv',
                   'host_vars/nordwind_dental_%s/customer.yml' % other])
    files = sorted(os.path.relpath(os.path.join(root, name), book)
                   for root, dirs, names in os.walk(book) for name in names)
    if files != want or result['files'] != want:
        fail('files %s (returned %s), expected %s' % (files, result['files'], want))

    hosts = load(book, 'hosts.yml')['sraps_customers']['hosts']
    expected = {'backerei_muller': 'Bäckerei Müller', 'nordwind_dental': 'Nordwind Dental',
                'nordwind_dental_' + other: 'Nordwind-Dental'}
    for host, name in expected.items():
        if hosts.get(host) != {'sraps_customer_name': name, 'sraps_customer_uuid': uuid_of[name]}:
            fail('host %s in hosts.yml: %r' % (host, hosts.get(host)))
    if sorted(hosts) != sorted(expected):
        fail('hosts %s: the hidden reseller\'s customer or the key\'s own company is in the book' % sorted(hosts))
    summary = dict((c['host'], (c['phones'], c['profiles'], c['users'], c['product_defaults']))
                   for c in result['customers'])
    if summary != {'backerei_muller': (2, 1, 2, 1), 'nordwind_dental': (3, 2, 0, 0), 'nordwind_dental_' + other: (0, 0, 0, 0)}:
        fail('customers returned: %r' % summary)

    # Settings by param_name, section:param_name where the param_name names another entry for the group.
    nordwind = load(book, 'host_vars/nordwind_dental/customer.yml')
    desk = [p for p in nordwind['onboard_customer_profiles'] if p['name'] == 'Desk'][0]
    if desk['settings'].get('global:setting_server') != 'https://legacy.nordwind.example/' \
            or desk['settings'].get('setting_server') != 'https://pbx.nordwind.example/{mac}' \
            or desk['settings'].get('timezone') != {'value': 'GER+1', 'perm': 'RW'}:
        fail('profile Desk settings: %r' % desk['settings'])
    cordless = [p for p in nordwind['onboard_customer_profiles'] if p['name'] == 'Cordless'][0]
    if cordless != {'name': 'Cordless', 'product_group': 'M-Series', 'autoprovisioning': False,
                    'settings': {'setting_server': 'https://dect.nordwind.example/'}}:
        fail('profile Cordless: %r' % cordless)

    # Phones that fit a CSV: a CSV; warranty null as -1, a phone without profile with an empty cell.
    with open(os.path.join(book, 'host_vars/nordwind_dental/phones.csv'), encoding='utf-8') as handle:
        rows = list(csv.DictReader(handle))
    if [r['mac'] for r in rows] != ['000413300001', '000413300002', '000413300003'] \
            or rows[0]['user_name[2]'] != '201' or rows[1]['warranty_warning_months'] != '-1' \
            or rows[2]['autoprovisioning'] != 'false' or rows[2]['profile'] != '':
        fail('phones.csv rows: %r' % rows)

    # Perms, empty values and passwords: YAML; passwords as vault references, never a value.
    muller = load(book, 'host_vars/backerei_muller/customer.yml')
    phones = load(book, 'host_vars/backerei_muller/phones.yml')['sraps_customer_phones']
    secrets = load(book, 'secrets-to-fill.yml')['secrets_to_fill']
    names = ['vault_sraps_backerei_muller_profile_theke_admin_mode_password',
             'vault_sraps_backerei_muller_product_default_d785_http_pass',
             'vault_sraps_backerei_muller_phone_000413400001_user_pass_1']
    if muller['sraps_customer_secrets'] != names or [s['variable'] for s in secrets] != names:
        fail('vault variables %r / %r' % (muller['sraps_customer_secrets'], secrets))
    theke = muller['onboard_customer_profiles'][0]['settings']
    if theke['admin_mode_password'] != {'value': '{{ %s }}' % names[0], 'perm': 'R'} \
            or isinstance(theke['admin_mode_password']['value'], Unsafe):
        fail('profile Theke admin_mode_password: %r' % theke['admin_mode_password'])
    if not isinstance(theke['user_realname'][2], Unsafe):
        fail('a value with {{ is not written !unsafe: %r' % theke['user_realname'])
    if phones[0]['settings']['user_pass'] != {1: '{{ %s }}' % names[2]} or phones[1]['profile'] != '' \
            or phones[1]['settings']['user_host'] != {1: ''}:
        fail('phones.yml: %r' % phones)
    if muller['onboard_customer_users'][1] != {'email': 'ben@mueller.example', 'first_name': 'Ben', 'last_name': '',
                                               'role': 'viewer', 'language': 'en', 'active': False}:
        fail('users: %r' % muller['onboard_customer_users'])
    if secrets[1] != {'variable': names[1], 'customer': 'Bäckerei Müller', 'host': 'backerei_muller',
                      'object': 'product default D785', 'setting': 'http_pass',
                      'what': 'Web password (section phone-settings, password)'}:
        fail('secrets-to-fill.yml: %r' % secrets[1])

    for root, dirs, filenames in os.walk(book):
        for name in filenames:
            with open(os.path.join(root, name), encoding='utf-8') as handle:
                text = handle.read()
            for secret in ('theke-admin-0815', 'web-admin-2323', 'kasse-sip-4711', '********',
                           os.environ['SRAPS_ACCESS_KEY_SECRET'], os.environ['SRAPS_ACCESS_KEY_ID']):
                if secret in text:
                    fail('%s holds a secret or a mask' % name)
    print('book: %d files, %d customers, %d vault variables' % (len(files), len(hosts), len(secrets)))


if __name__ == '__main__':
    main(*sys.argv[1:4])
