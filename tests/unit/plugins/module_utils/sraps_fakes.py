# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""A small settings catalogue and an in-memory client for the planning logic's tests."""

from __future__ import annotations

D_SERIES = 'd0000000000000000000000000000001'
M_SERIES = 'd0000000000000000000000000000002'


def _setting(uuid, param_name, field_type='text', section='phone-settings', groups=(D_SERIES, M_SERIES),
             indexed=False, choices=None):
    return {
        'uuid': uuid, 'name': param_name.replace('_', ' ').title(), 'param_name': param_name,
        'description': 'The %s setting' % param_name, 'field_type': field_type, 'default_value': '',
        'choices': choices, 'group': GENERAL, 'section': section, 'product_groups': list(groups),
        'indexed': {'enabled': indexed, 'start': 1, 'default_size': 4 if indexed else 0,
                    'max_size': 12 if indexed else 0},
    }


GENERAL = 'b0000000000000000000000000000001'
SETTING_GROUPS = [{'uuid': GENERAL, 'name': 'General', 'links': {}}]

SERVER_GLOBAL = 'a0000000000000000000000000000001'
SERVER_PHONE = 'a0000000000000000000000000000002'
LANGUAGE = 'a0000000000000000000000000000003'
REALNAME = 'a0000000000000000000000000000004'
USER_PASS = 'a0000000000000000000000000000005'
ADMIN_PASS = 'a0000000000000000000000000000006'
D_ONLY = 'a0000000000000000000000000000007'
NTP = 'a0000000000000000000000000000008'
M_SERVER = 'a0000000000000000000000000000009'

SETTINGS = [
    _setting(SERVER_GLOBAL, 'setting_server', field_type='url', section='global'),
    _setting(SERVER_PHONE, 'setting_server'),
    _setting(LANGUAGE, 'language', field_type='choice', choices=['English', 'Deutsch']),
    _setting(REALNAME, 'user_realname', indexed=True),
    _setting(USER_PASS, 'user_pass', field_type='password', indexed=True),
    _setting(ADMIN_PASS, 'admin_mode_password', field_type='password'),
    _setting(D_ONLY, 'dkey_directory', groups=(D_SERIES,)),
    _setting(NTP, 'ntp_server'),
    _setting(M_SERVER, 'dect_server', groups=(M_SERIES,), section='global'),
]
PRODUCT_GROUPS = [{'uuid': D_SERIES, 'name': 'D-Series'}, {'uuid': M_SERIES, 'name': 'M-Series'}]
PRODUCTS = [{'uuid': 'e0000000000000000000000000000001', 'name': 'D785', 'product_group': D_SERIES}]


class FakeClient(object):
    """Answers the reads the planners make from in-memory data and records every call."""

    def __init__(self, endpoints=None, profiles=None):
        self.endpoints = dict((e['mac'], e) for e in (endpoints or []))
        self.lists = {'settings': SETTINGS, 'product_groups': PRODUCT_GROUPS, 'products': PRODUCTS,
                      'setting_groups': SETTING_GROUPS, 'profiles': profiles or []}
        self.calls = []
        self.warnings = []

    def warn(self, msg):
        self.warnings.append(msg)

    def cached_list(self, resource, **params):
        self.calls.append(('cached_list', resource))
        return self.lists[resource]

    def list(self, resource, **params):
        self.calls.append(('list', resource))
        if resource == 'endpoints':
            return list(self.endpoints.values())
        return self.lists[resource]

    def pages(self, resource, **params):
        """The list as one page (the calls record it as a list)."""
        yield self.list(resource, **params)

    def get(self, resource, missing_ok=False, **params):
        self.calls.append(('get', resource, params.get('mac')))
        return self.endpoints.get(params['mac'])
