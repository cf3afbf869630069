"""Print the simulator seed of a book of six customers (JSON on stdout).

The five customers of export_round_trip's rich seed (Acme Dental with --phones phones), and a sixth,
Foxtrot Fitness, with a user, a profile and two phones: six hosts, so that three slices get two each.
"""

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'export_round_trip', 'files'))
import rich_seed  # noqa: E402  pylint: disable=wrong-import-position


def seed(phones):
    out = rich_seed.seed(phones)
    out['companies'].append({'name': 'Foxtrot Fitness', 'parent': rich_seed.RESELLER, 'country': 'CH',
                             'city': 'Basel'})
    out['users'].append({'company': 'Foxtrot Fitness', 'email': 'desk@foxtrot.example', 'first_name': 'Front',
                         'last_name': 'Desk', 'role': 'admin', 'language': 'de', 'is_active': True})
    out['profiles'].append({'company': 'Foxtrot Fitness', 'name': 'Studio', 'product_group': 'D-Series',
                            'autoprovisioning_enabled': True, 'settings_manager': {'language': 'Deutsch'}})
    for n in (1, 2):
        out['endpoints'].append({'company': 'Foxtrot Fitness', 'mac': rich_seed.mac(6, n), 'name': 'Studio %d' % n,
                                 'provisioning_profile': 'Studio', 'autoprovisioning_enabled': True})
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--phones', type=int, default=10, help='phones of Acme Dental')
    print(json.dumps(seed(parser.parse_args().phones), indent=1, ensure_ascii=False, sort_keys=True))


if __name__ == '__main__':
    main()
