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
SERVER_OWNED, OBJECT_FIELDS, ENDPOINT_DEFAULTS and DEFAULT_STATUS, CREATE_DEFAULTS and FACTS
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
    'setting_groups': Resource('setting-groups/', ASSUMED, ('GET',),
                               'groups of the settings catalogue; settings link to theirs (links.group)'),
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
    'last_seen': 'last_seen',
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
    'last_seen': (ASSUMED, "a phone's last contact, ISO 8601 or null (read only; verification and audit)"),
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

# The fields of each object SRAPS returns, as (KNOWN, ASSUMED): the first contact check
# (sraps_api_check) compares them with what an account's answers hold.
OBJECT_FIELDS = {
    'token': (('links',), ('id', 'description', 'role')),
    'company': (('links',), ('uuid', 'name', 'type', 'parent', 'country', 'city')),
    'user': ((), ('uuid', 'email', 'first_name', 'last_name', 'role', 'language', 'is_active', 'links')),
    'profile': (('uuid', 'name', 'product_group', 'autoprovisioning_enabled'), ('settings_manager', 'links')),
    'product_default': ((), ('uuid', 'product', 'settings_manager', 'links')),
    'endpoint': (('mac', 'autoprovisioning_enabled', 'provisioning_profile', 'name', 'settings_manager',
                  'warranty_exp_warning_period'), ('uuid', 'product', 'last_seen', 'links')),
    'product': ((), ('uuid', 'name', 'product_group')),
    'product_group': (('uuid', 'name'), ()),
    'setting': (('uuid', 'name', 'param_name', 'description', 'field_type', 'default_value', 'choices', 'group',
                 'section', 'product_groups', 'multiple', 'fkey', 'sortable', 'uses_permissions', 'attrs',
                 'no_profiles', 'indexed', 'links'), ()),
    'setting_group': ((), ('uuid', 'name', 'links')),
    'log': ((), ('uuid', 'timestamp', 'mac', 'event', 'message', 'ip')),
}
# The links an object carries: token and company links are KNOWN (production clients follow them).
TOKEN_COMPANY_LINK = 'company'                      # KNOWN: absolute, no trailing slash
COMPANY_LINKS = ('self', 'endpoints', 'provisioning-profiles', 'product-defaults', 'users', 'logs')  # ASSUMED

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
PAGE_SIZE_DEFAULT = 20               # KNOWN: a list read without page_size
PAGE_QUERY = 'page'                  # ASSUMED: the page parameter of next links (clients only follow them)
ERROR_DETAIL = 'detail'              # ASSUMED: error bodies other than 400 are {"detail": "..."}
STALE_HEADER_ATTRS = ('ts', 'tsm')   # ASSUMED: a stale timestamp's 401 WWW-Authenticate carries both
SERVER_SIGNS_ANSWERS = True          # ASSUMED: answers carry Server-Authorization (verified when present)
MAX_BODY_BYTES = 10 * 1024 * 1024    # KNOWN: larger bodies get 413
ACCEPTED_API_VERSIONS = ('1', '1.0', 'v1')   # ASSUMED
# ASSUMED: the longest text (characters) and the range of whole numbers SRAPS accepts per object and
# field (the contract names no limits; these are Django REST Framework's usual ones). The modules refuse
# a value outside them before writing, in check mode too.
TEXT_LIMITS = {
    'company': {'name': 255, 'country': 2, 'city': 255},
    'profile': {'name': 255},
    'endpoint': {'name': 255},
    'user': {'email': 254, 'first_name': 150, 'last_name': 150},
}
NUMBER_LIMITS = {
    'endpoint': {'warranty_exp_warning_period': (0, 120)},   # months
}
MASKED_VALUE = '********'            # ASSUMED: password values read back masked
# UNKNOWN: whether a write that sends the mask back keeps the stored secret or stores the mask. The
# collection never sends it unless the user says so (the masked_secrets option, _sraps_settings).
PERMS = ('RW', 'R', '')              # KNOWN: Snom XML perm values
# ASSUMED: how the server checks a value by the setting's field_type (a value it rejects with 400).
BOOL_VALUES = ('on', 'off')          # Snom phones write booleans as on/off
INT_PATTERN = r'^[0-9]+$'
CHOICE_FIELD_TYPES = ('choice',)     # the value must be one of the setting's choices
USER_ROLES = ('admin', 'editor', 'viewer')   # ASSUMED
KEY_ROLES = ('admin', 'readonly', 'none')    # ASSUMED: an access key's role (tokens/{id}); only admin writes
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
    Fact(('PAGE_SIZE_DEFAULT',), KNOWN, 'the page size of a list read without `page_size`'),
    Fact(('PAGE_QUERY',), ASSUMED, 'the page parameter of `next` links (clients only follow them)'),
    Fact(('ERROR_DETAIL',), ASSUMED, 'error bodies other than 400 are `{"detail": "..."}`'),
    Fact(('STALE_HEADER_ATTRS',), ASSUMED, "a stale timestamp's 401 `WWW-Authenticate` carries both"),
    Fact(('SERVER_SIGNS_ANSWERS',), ASSUMED, 'answers carry `Server-Authorization` (verified when present)'),
    Fact(('TOKEN_COMPANY_LINK',), KNOWN, "the token's link to its company: absolute, no trailing slash"),
    Fact(('COMPANY_LINKS',), ASSUMED, 'the links a company carries'),
    Fact(('MAX_BODY_BYTES',), KNOWN, 'request bodies at most this many bytes (else 413)'),
    Fact(('PERMS',), KNOWN, '`perm` values of a setting'),
    Fact(('PHONE_SETTINGS_SECTION',), KNOWN, 'where a `param_name` is not unique, prefer this section'),
    Fact(('ACCEPTED_API_VERSIONS',), ASSUMED, '`Accept` versions accepted (`api_version`)'),
    Fact(('TEXT_LIMITS', 'NUMBER_LIMITS'), ASSUMED,
         'the longest text and the range of numbers SRAPS accepts, per object and field (the modules refuse '
         'other values before writing, in check mode too)'),
    Fact(('MASKED_VALUE',), ASSUMED, 'password settings read back as this'),
    Fact(('BOOL_VALUES', 'INT_PATTERN', 'CHOICE_FIELD_TYPES'), ASSUMED,
         "how SRAPS checks a setting's value by its `field_type`: booleans, `int` values, and the types whose "
         "value is one of the setting's `choices` (the modules check the same before writing)"),
    Fact(('USER_ROLES',), ASSUMED, 'user roles'),
    Fact(('KEY_ROLES',), ASSUMED, "an access key's role (`tokens/{key_id}`); only admin writes"),
    Fact(('USER_LANGUAGES',), ASSUMED, 'user languages'),
    Fact(('LOG_EVENTS',), ASSUMED, 'log events (the contract names the endpoint, profile and redirect events; '
                                   'the others follow their pattern)'),
)
