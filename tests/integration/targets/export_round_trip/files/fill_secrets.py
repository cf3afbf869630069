"""Fill in the secrets of a book as its user would: for each variable secrets-to-fill.yml lists, the
value SRAPS holds (read out of band from the simulator's state), written to
group_vars/sraps_customers/vault.yml (plain here; a user encrypts it with ansible-vault)."""

import os
import re
import sys

import yaml
from sraps_simulator.catalogue import make_uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'setup_sraps_tools'))
import sraps_tools  # noqa: E402  pylint: disable=wrong-import-position


def stored(state, company, obj, setting):
    kind, name = obj.split(' ', 1)
    if kind == 'profile':
        found = [p for p in state['profiles'].values() if p['company'] == company and p['name'] == name]
    else:
        found = [e for e in state['endpoints'].values() if e['company'] == company and e['mac'] == name]
    assert len(found) == 1, (obj, found)
    param, index = re.match(r'^([a-z_]+)(?:\[(\d+)\])?$', setting).groups()
    value = found[0]['settings_manager'][make_uuid('setting', 'phone-settings/%s' % param)]
    if isinstance(value, list):
        value = next(item for item in value if item['index'] == int(index or 1))
    return value['value']


def main(book):
    state = sraps_tools.admin('GET', 'state')
    with open(os.path.join(book, 'hosts.yml')) as fh:
        hosts = yaml.safe_load(fh)['sraps_customers']['hosts']
    with open(os.path.join(book, 'secrets-to-fill.yml')) as fh:
        wanted = yaml.safe_load(fh)['secrets_to_fill']
    values = dict((s['variable'], stored(state, hosts[s['host']]['sraps_customer_uuid'], s['object'], s['setting']))
                  for s in wanted)
    with open(os.path.join(book, 'group_vars', 'sraps_customers', 'vault.yml'), 'w') as fh:
        yaml.safe_dump(values, fh, default_flow_style=False)
    print('filled %d secret(s)' % len(values))


if __name__ == '__main__':
    main(sys.argv[1])
