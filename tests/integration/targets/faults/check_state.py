# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Compare the simulator's state with the declared state of the fault suite, EXACTLY.

    python check_state.py DECLARED PHONES BEFORE AFTER [--duplicates-only]

DECLARED: the demo customer as Ansible rendered it (run.yml); PHONES: the rollout phones (make_phones.py);
BEFORE and AFTER: /_sim/state before the first run and now. Prints one line per difference and a
summary; exit 1 when anything differs. The company must hold exactly the declared users, profiles,
product defaults and phones (each once, each field and setting as declared, passwords included);
every object of every other company must be as it was before. With --duplicates-only, only checks
that no name was created twice (after a run that failed half way).

Settings are resolved like a careful client, with the simulator's own catalogue: by the object's
product group, then section phone-settings. Independent of the collection's code on purpose.
"""

from __future__ import annotations

import collections
import json
import sys

from sraps_simulator.catalogue import Catalogue

CATALOGUE = Catalogue()
KINDS = ('profiles', 'endpoints', 'product_defaults', 'users')


def load(path):
    with open(path, encoding='utf-8') as fh:
        return json.load(fh)


def text(value):
    """A value as SRAPS stores it: booleans on/off, numbers as digits."""
    if isinstance(value, bool):
        return 'on' if value else 'off'
    return str(value)


def entry(raw):
    """(value, perm) of a user's setting value or {value, perm}."""
    if isinstance(raw, dict):
        return text(raw['value']), str(raw.get('perm') or '').upper()
    return text(raw), ''


def settings_manager(settings, group_uuid):
    """The settings_manager SRAPS holds for a user's settings (param_name: value) on a product group."""
    out = {}
    for name, raw in (settings or {}).items():
        uuid = CATALOGUE.resolve_setting(name, group_uuid)
        setting = CATALOGUE.setting_by_uuid[uuid]
        if setting['indexed']['enabled']:
            items = raw if isinstance(raw, dict) and set(raw) - {'value', 'perm'} else {setting['indexed']['start']: raw}
            out[uuid] = [{'index': int(i), 'value': entry(v)[0], 'attrs': {'perm': entry(v)[1]}}
                         for i, v in sorted(items.items(), key=lambda kv: int(kv[0]))]
        else:
            value, perm = entry(raw)
            out[uuid] = {'value': value, 'attrs': {'perm': perm}}
    return out


def merged(defaults, own):
    """own over defaults, key by key and recursively (ansible.builtin.combine(recursive=true))."""
    out = dict(defaults or {})
    for key, value in (own or {}).items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            value = merged(out[key], value)
        out[key] = value
    return out


class Checker(object):
    def __init__(self, declared, phones, before, after):
        self.declared = declared
        self.rollout = phones['rollout_phones']
        self.before = before
        self.after = after
        self.problems = []
        self.company = None

    def problem(self, text_):
        self.problems.append(text_)

    def find_company(self):
        name = self.declared['company']['name']
        found = [c for c in self.after['companies'].values() if c['name'] == name]
        if len(found) != 1:
            self.problem('company %r: %d in SRAPS, 1 declared' % (name, len(found)))
        self.company = found[0] if found else None
        return self.company

    def own(self, kind):
        return [o for o in self.after[kind].values() if self.company and o['company'] == self.company['uuid']]

    def duplicates(self):
        """Names created twice: a write applied, answered with an error, and repeated."""
        if not self.find_company():
            return
        for kind, key in (('profiles', 'name'), ('users', 'email'), ('product_defaults', 'product')):
            counts = collections.Counter(str(o[key]).lower() for o in self.own(kind))
            for name, count in sorted(counts.items()):
                if count > 1:
                    self.problem('%s: %r %d times' % (kind, name, count))

    def compare(self, kind, key, have, want):
        """have and want: {natural key: object}; fields of want compared exactly."""
        for name in sorted(set(want) - set(have)):
            self.problem('%s %s: missing' % (kind, name))
        for name in sorted(set(have) - set(want)):
            self.problem('%s %s: not declared, but in SRAPS' % (kind, name))
        for name in sorted(set(want) & set(have)):
            for field, value in sorted(want[name].items()):
                if have[name].get(field) != value:
                    self.problem('%s %s: %s is %s, declared %s' % (kind, name, field, json.dumps(have[name].get(field)),
                                                                   json.dumps(value)))

    def check_company(self):
        declared = self.declared['company']
        reseller = [c for c in self.after['companies'].values() if c['name'] == 'Demo Reseller'][0]
        want = {'name': declared['name'], 'country': declared.get('country', ''), 'city': declared.get('city', ''),
                'type': 'end_user', 'parent': reseller['uuid']}
        self.compare('company', 'name', {self.company['name']: self.company}, {declared['name']: want})

    def check_children(self):
        c = self.company['uuid']
        users = dict((u['email'].lower(), u) for u in self.own('users'))
        want = {}
        for user in self.declared['users']:
            want[user['email'].lower()] = {
                'email': user['email'], 'first_name': user.get('first_name', ''), 'last_name': user.get('last_name', ''),
                'role': user.get('role', 'viewer'), 'language': user.get('language', 'en'),
                'is_active': user.get('active', True), 'company': c}
        self.compare('user', 'email', users, want)

        profiles = dict((p['name'], p) for p in self.own('profiles'))
        want = {}
        self.profile_uuids = dict((p['name'], p['uuid']) for p in self.own('profiles'))
        self.profile_groups = {}
        for profile in self.declared['profiles']:
            group = CATALOGUE.product_group(profile['product_group'])['uuid']
            self.profile_groups[profile['name']] = group
            want[profile['name']] = {'product_group': group, 'company': c,
                                     'autoprovisioning_enabled': profile.get('autoprovisioning', True),
                                     'settings_manager': settings_manager(profile.get('settings'), group)}
        self.compare('profile', 'name', profiles, want)

        defaults = dict((CATALOGUE.product(d['product'])['name'], d) for d in self.own('product_defaults'))
        want = {}
        for default in self.declared['product_defaults']:
            product = CATALOGUE.product(default['product'])
            want[product['name']] = {'product': product['uuid'], 'company': c,
                                     'settings_manager': settings_manager(default.get('settings'), product['product_group'])}
        self.compare('product default', 'product', defaults, want)

    def phone_want(self, phone, defaults):
        profile = phone.get('profile', defaults.get('profile'))
        group = self.profile_groups.get(profile)
        return {'company': self.company['uuid'], 'name': phone.get('name', ''),
                'provisioning_profile': self.profile_uuids.get(profile, 'profile %r' % profile),
                'autoprovisioning_enabled': phone.get('autoprovisioning', defaults.get('autoprovisioning', True)),
                'warranty_exp_warning_period': 3, 'product': None, 'last_seen': None,
                'settings_manager': settings_manager(phone.get('settings'), group)}

    def check_phones(self):
        defaults = self.declared['phone_defaults'] or {}
        want = {}
        for phone in self.declared['phones']:
            own = dict(phone, settings=merged(defaults.get('settings'), phone.get('settings')))
            want[normal_mac(phone['mac'])] = self.phone_want(own, defaults)
        for phone in self.rollout:
            want[normal_mac(phone['mac'])] = self.phone_want(phone, {})
        have = dict((e['mac'], e) for e in self.own('endpoints'))
        self.compare('phone', 'mac', have, want)

    def check_others(self):
        """Every object outside the customer's company is as it was before the runs."""
        c = self.company['uuid'] if self.company else None
        for kind in KINDS + ('keys',):
            before = dict((k, o) for k, o in self.before[kind].items() if o.get('company') != c)
            after = dict((k, o) for k, o in self.after[kind].items() if o.get('company') != c)
            for key in sorted(set(before) | set(after)):
                if before.get(key) != after.get(key):
                    self.problem('%s %s of another company changed: %s -> %s' % (
                        kind, key, json.dumps(before.get(key)), json.dumps(after.get(key))))
        before = dict((k, o) for k, o in self.before['companies'].items())
        after = dict((k, o) for k, o in self.after['companies'].items() if k != c)
        if before != after:
            self.problem('the other companies changed: %s -> %s' % (json.dumps(before), json.dumps(after)))

    def run(self, duplicates_only=False):
        self.duplicates()
        if duplicates_only or not self.company:
            return
        self.check_others()
        self.check_company()
        self.check_children()
        self.check_phones()


def normal_mac(mac):
    return ''.join(ch for ch in mac.lower() if ch in '0123456789abcdef')


def main(argv):
    args = [a for a in argv if not a.startswith('--')]
    checker = Checker(*[load(path) for path in args[:4]])
    checker.run(duplicates_only='--duplicates-only' in argv)
    for line in checker.problems[:50]:
        print('  ' + line)
    if len(checker.problems) > 50:
        print('  ... and %d more' % (len(checker.problems) - 50))
    c = checker.company
    if c and '--duplicates-only' not in argv:
        counts = dict((kind, len(checker.own(kind))) for kind in KINDS)
        print('state of %r: %d phones, %d profiles, %d product defaults, %d users; differences from the declared '
              'state: %d' % (c['name'], counts['endpoints'], counts['profiles'], counts['product_defaults'],
                             counts['users'], len(checker.problems)))
    else:
        print('duplicated names: %d' % len(checker.problems))
    sys.exit(1 if checker.problems else 0)


if __name__ == '__main__':
    main(sys.argv[1:])
