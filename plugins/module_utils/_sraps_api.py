# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The SRAPS resource table: every API path and field name the collection uses.

PRIVATE to this collection: not a public API, it may change in any release.

SRAPS publishes its full reference only behind a customer login. Each entry below
is tagged KNOWN (seen in production clients or the public docs) or ASSUMED (the
collection's choice where nothing public shows the real shape). When the real
reference disagrees with an ASSUMED entry, this file is the one place to correct.
The tables of docs/api-coverage.md are generated from RESOURCES, FIELDS and FIELD_NOTES,
SERVER_OWNED, ENDPOINT_DEFAULTS and DEFAULT_STATUS, CREATE_DEFAULTS and FACTS
(tests/ci/api_coverage.py; a unit test fails when the page and this file disagree).
"""

from __future__ import annotations

import collections

KNOWN = 'KNOWN'
ASSUMED = 'ASSUMED'

DEFAULT_API_URL = 'https://api.sraps.snom.com/api/v1/'

Resource = collections.namedtuple('Resource', ['path', 'status', 'methods', 'note'])

# Paths are relative to api_url. '{company}', '{mac}', '{uuid}' and '{key_id}'
# are filled in by SrapsClient.path(); collections end with '/', items do not.
RESOURCES = {
    'token': Resource('tokens/{key_id}', KNOWN, ('GET',),
                      'links.company is the absolute URL of the key\'s company'),
    'companies': Resource('companies/', ASSUMED, ('GET', 'POST'),
                          'companies the key can see (its own and, for a reseller, its customers); '
                          'POST creates a customer (reseller keys only)'),
    'company': Resource('companies/{company}', KNOWN, ('GET', 'PUT', 'DELETE'),
                        'GET is KNOWN; PUT and DELETE are ASSUMED: PUT replaces name, country and city, '
                        'DELETE removes a customer that has no phones'),
    'settings': Resource('settings/', KNOWN, ('GET',),
                         'the global settings catalogue (about 1,200 entries, paged)'),
    'product_groups': Resource('product-groups/', KNOWN, ('GET',),
                               'C-Series, D-Series, M-Series, MSC-Series'),
    'products': Resource('products/', ASSUMED, ('GET',),
                         'phone models (D785, M500, ...) and their product group'),
    'profiles': Resource('companies/{company}/provisioning-profiles/', KNOWN, ('GET', 'POST'),
                         'list and create'),
    'profile': Resource('companies/{company}/provisioning-profiles/{uuid}', ASSUMED,
                        ('GET', 'PUT', 'DELETE'), 'PUT is a full replace'),
    'endpoints': Resource('companies/{company}/endpoints/', KNOWN, ('GET',), 'list'),
    'endpoint': Resource('companies/{company}/endpoints/{mac}', KNOWN, ('GET', 'PUT', 'DELETE'),
                         'PUT creates or fully replaces'),
    'product_defaults': Resource('companies/{company}/product-defaults/', ASSUMED, ('GET', 'POST'),
                                 'one per product per company'),
    'product_default': Resource('companies/{company}/product-defaults/{uuid}', ASSUMED,
                                ('GET', 'PUT', 'DELETE'), ''),
    'users': Resource('companies/{company}/users/', ASSUMED, ('GET', 'POST'), ''),
    'user': Resource('companies/{company}/users/{uuid}', ASSUMED, ('GET', 'PUT', 'DELETE'), ''),
    'logs': Resource('companies/{company}/logs/', ASSUMED, ('GET',),
                     'filters mac, since, until, event; newest first'),
}

# Field names of request and response bodies, in the API's words.
FIELDS = {
    # KNOWN
    'uuid': 'uuid',
    'links': 'links',
    'settings_manager': 'settings_manager',
    'autoprovisioning': 'autoprovisioning_enabled',
    'profile': 'provisioning_profile',
    'product_group': 'product_group',
    'mac': 'mac',
    'name': 'name',
    'warranty_warning_months': 'warranty_exp_warning_period',
    'param_name': 'param_name',
    'section': 'section',
    'field_type': 'field_type',
    'indexed': 'indexed',
    # ASSUMED
    'product': 'product',
    'email': 'email',
    'role': 'role',
    'language': 'language',
    'first_name': 'first_name',
    'last_name': 'last_name',
    'active': 'is_active',
    'country': 'country',
    'city': 'city',
    'company_type': 'type',
    'parent': 'parent',
}

# Per FIELDS entry: its status and what it is to the modules (docs/api-coverage.md's field table).
FIELD_NOTES = {
    'uuid': (KNOWN, "every object's id (`uuid` options and return values)"),
    'links': (KNOWN, 'not used except `links.company` of a token'),
    'settings_manager': (KNOWN, '`settings` (by `param_name`); KNOWN for phones, ASSUMED for profiles and '
                                'product defaults'),
    'autoprovisioning': (KNOWN, '`autoprovisioning`'),
    'profile': (KNOWN, '`profile` of a phone'),
    'product_group': (KNOWN, '`product_group` of a profile'),
    'mac': (KNOWN, '`mac`'),
    'name': (KNOWN, '`name`'),
    'warranty_warning_months': (KNOWN, '`warranty_warning_months`'),
    'param_name': (KNOWN, 'catalogue: the setting names of `settings`'),
    'section': (KNOWN, 'catalogue: which of two settings of the same name is meant'),
    'field_type': (KNOWN, 'catalogue: how a value is checked'),
    'indexed': (KNOWN, 'catalogue: indexed (per line) settings'),
    'product': (ASSUMED, '`product` of a product default; a phone\'s model (read only)'),
    'email': (ASSUMED, '`email` of a user'),
    'role': (ASSUMED, '`role` of a user'),
    'language': (ASSUMED, '`language` of a user'),
    'first_name': (ASSUMED, '`first_name`'),
    'last_name': (ASSUMED, '`last_name`'),
    'active': (ASSUMED, '`active` of a user'),
    'country': (ASSUMED, '`country` of a company'),
    'city': (ASSUMED, '`city` of a company'),
    'company_type': (ASSUMED, "a company's type, `reseller` or `end_user` (read only)"),
    'parent': (ASSUMED, "a company's parent company (read only)"),
}

# Fields the server owns: never sent back in a PUT, never compared.
SERVER_OWNED = {
    'endpoint': ('uuid', 'product', 'last_seen', 'links'),
    'profile': ('uuid', 'links'),
    'product_default': ('uuid', 'links'),
    'user': ('uuid', 'links'),
    'company': ('uuid', 'links', 'type', 'parent'),
}

# Server defaults for an endpoint PUT (a full replace): an omitted field takes these.
ENDPOINT_DEFAULTS = {
    'autoprovisioning_enabled': True,     # ASSUMED
    'provisioning_profile': None,         # KNOWN: endpoints may have no profile
    'name': '',                           # ASSUMED
    'settings_manager': {},               # KNOWN: optional
    'warranty_exp_warning_period': 3,     # KNOWN
}
DEFAULT_STATUS = {
    'autoprovisioning_enabled': ASSUMED,
    'provisioning_profile': KNOWN,
    'name': ASSUMED,
    'settings_manager': KNOWN,
    'warranty_exp_warning_period': KNOWN,
}

# Server defaults for fields a create (POST) omits, per object kind: the check mode
# prediction of a created object uses them. ASSUMED (the contract names no defaults).
CREATE_DEFAULTS = {
    'profile': {'autoprovisioning_enabled': True, 'settings_manager': {}},
    'product_default': {'settings_manager': {}},
    'user': {'first_name': '', 'last_name': '', 'role': 'viewer', 'language': 'en', 'is_active': True},
    'company': {'country': '', 'city': '', 'type': 'end_user'},   # a reseller's child company
}

# Protocol facts.
PAGE_SIZE_MAX = 1000                 # KNOWN: page_size maximum
MAX_BODY_BYTES = 10 * 1024 * 1024    # KNOWN: larger bodies get 413
ACCEPTED_API_VERSIONS = ('1', '1.0', 'v1')   # ASSUMED
MASKED_VALUE = '********'            # ASSUMED: password values read back masked
MASK_KEEPS_SECRET = True             # ASSUMED: a write that sends the mask back keeps the stored secret
PERMS = ('RW', 'R', '')              # KNOWN: Snom XML perm values
# ASSUMED: how the server checks a value by the setting's field_type (a value it rejects with 400).
BOOL_VALUES = ('on', 'off')          # Snom phones write booleans as on/off
INT_PATTERN = r'^[0-9]+$'
CHOICE_FIELD_TYPES = ('choice',)     # the value must be one of the setting's choices
COMPANY_TYPES = ('reseller', 'end_user')     # ASSUMED
USER_ROLES = ('admin', 'editor', 'viewer')   # ASSUMED
USER_LANGUAGES = ('en', 'de', 'fr', 'it', 'es')  # ASSUMED
PHONE_SETTINGS_SECTION = 'phone-settings'    # KNOWN: preferred section for duplicate names
# The contract names the endpoint, profile and redirect events; the others follow their pattern.
LOG_EVENTS = ('endpoint_created', 'endpoint_updated', 'endpoint_deleted', 'profile_created',
              'profile_updated', 'profile_deleted', 'redirect_served',
              'product_default_created', 'product_default_updated', 'product_default_deleted',
              'user_created', 'user_updated', 'user_deleted',
              'company_created', 'company_updated', 'company_deleted')  # ASSUMED

# Each constant above (one or more names per fact), with its status and meaning: docs/api-coverage.md's
# table of values. Every constant of this file that is not a table above belongs to one fact.
Fact = collections.namedtuple('Fact', ['names', 'status', 'meaning'])
FACTS = (
    Fact(('DEFAULT_API_URL',), KNOWN, 'the default `api_url`'),
    Fact(('PAGE_SIZE_MAX',), KNOWN, 'page size at most this (`page_size`), lists paged with '
                                    '`Link: <url>; rel="next"`'),
    Fact(('MAX_BODY_BYTES',), KNOWN, 'request bodies at most this many bytes (else 413)'),
    Fact(('PERMS',), KNOWN, '`perm` values of a setting'),
    Fact(('PHONE_SETTINGS_SECTION',), KNOWN, 'where a `param_name` is not unique, prefer this section'),
    Fact(('ACCEPTED_API_VERSIONS',), ASSUMED, '`Accept` versions accepted (`api_version`)'),
    Fact(('MASKED_VALUE',), ASSUMED, 'password settings read back as this'),
    Fact(('MASK_KEEPS_SECRET',), ASSUMED, 'sending the masked value back keeps the stored password'),
    Fact(('BOOL_VALUES', 'INT_PATTERN', 'CHOICE_FIELD_TYPES'), ASSUMED,
         "how SRAPS checks a setting's value by its `field_type`: booleans, `int` values, and the types whose "
         "value is one of the setting's `choices` (the modules check the same before writing)"),
    Fact(('COMPANY_TYPES',), ASSUMED, 'company types'),
    Fact(('USER_ROLES',), ASSUMED, 'user roles'),
    Fact(('USER_LANGUAGES',), ASSUMED, 'user languages'),
    Fact(('LOG_EVENTS',), ASSUMED, 'log events (the contract names the endpoint, profile and redirect events; '
                                   'the others follow their pattern)'),
)
