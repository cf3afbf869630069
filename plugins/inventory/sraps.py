# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
name: sraps
short_description: The customer companies of a SRAPS access key as inventory hosts
version_added: 0.4.0
author:
  - sraps.provisioning contributors (@sraps-provisioning)
description:
  - >-
    Reads the companies a SRAPS access key can see and makes each company below the key's own company (a
    reseller's customers, and the resellers below it with their customers) an inventory host, the inventory
    a book's playbooks run on (C(hosts: sraps_customers) in the playbook C(sraps.provisioning.apply)).
  - Each host is named by a slug of the company's name (lowercase ASCII letters, digits and underscores,
    C(Müller & Söhne GmbH) becomes C(muller_sohne_gmbh)), the same name the module
    M(sraps.provisioning.sraps_export) gives it in a book's C(hosts.yml). Of companies whose slugs clash,
    the first of them by name (then uuid) keeps the slug; the others get the first 8 digits of their uuid
    appended (C(delta_logistics_e487c1ed)).
  - Every such host is in the group C(sraps_customers), and in the group of its parent company,
    O(reseller_group_prefix) followed by the slug of the parent's name (C(reseller_demo_reseller)).
  - The key's own company is not a host, as the export does not export it, unless O(own_company=true).
  - "Host variables: C(sraps_customer_name), C(sraps_customer_uuid) (as the export writes them),
    C(sraps_company_type) (C(reseller) or C(end_user)), C(sraps_parent_name), C(sraps_parent_uuid),
    C(sraps_country), C(sraps_city); with O(counts=true) also C(sraps_phone_count),
    C(sraps_profile_count) and C(sraps_user_count)."
  - "Requests: one for the access key (which company it belongs to) and one for the list of companies
    (one per 1,000 companies). With O(counts=true), three list reads per company (phones, profiles, users),
    one more per 1,000 phones, profiles or users of a company: a book of 200 customers costs about 602
    requests, made O(parallel) at a time. With O(cache=true) a cached inventory makes none."
  - The connection options are the modules' and are read from the same environment variables, so the
    collection's AWX credential type (C(extensions/awx/credential_type_sraps.yml)) serves an inventory
    source unchanged. E(SRAPS_COMPANY) is not used.
  - The access key secret signs the requests (Hawk) and never appears in the inventory, the cache or an
    error message.
requirements:
  - requests (Python library, on the controller or in the execution environment)
  - mohawk (Python library, on the controller or in the execution environment)
extends_documentation_fragment:
  - ansible.builtin.constructed
  - ansible.builtin.inventory_cache
options:
  plugin:
    description:
      - The name of this plugin. An inventory file whose name ends in C(sraps.yml) or C(sraps.yaml) and that
        holds this key is read by it.
    type: str
    required: true
    choices: [sraps.provisioning.sraps]
  api_url:
    description:
      - Base URL of the SRAPS REST API, ending in C(/api/v1/).
    type: str
    default: https://api.sraps.snom.com/api/v1/
    env:
      - name: SRAPS_API_URL
  access_key_id:
    description:
      - Id of the SRAPS API access key (C(ck_) followed by 32 hex digits).
      - Required, here or in the environment.
    type: str
    env:
      - name: SRAPS_ACCESS_KEY_ID
  access_key_secret:
    description:
      - Secret of the API access key. Requests are signed with it (Hawk, SHA-256); it is never sent.
      - Required, here or in the environment. Prefer the environment (or an AWX credential) to writing it in
        the inventory file.
    type: str
    env:
      - name: SRAPS_ACCESS_KEY_SECRET
  validate_certs:
    description:
      - Whether to verify the server's TLS certificate. Set to V(false) only for testing.
    type: bool
    default: true
    env:
      - name: SRAPS_VALIDATE_CERTS
  ca_path:
    description:
      - Path of a CA bundle (PEM) to verify the server's certificate with, instead of the system's.
      - An empty value (as the AWX credential injects when it holds no CA certificate) means the system's.
    type: str
    env:
      - name: SRAPS_CA_PATH
  timeout:
    description:
      - Seconds to wait for each HTTP request.
    type: int
    default: 30
  retries:
    description:
      - How often a request is retried after HTTP 429, 502, 503, 504 or a connection error, with exponential
        backoff and jitter, honouring C(Retry-After). Each retry is reported as a warning.
    type: int
    default: 5
  counts:
    description:
      - Whether to count each company's phones, profiles and users (C(sraps_phone_count),
        C(sraps_profile_count), C(sraps_user_count)).
      - Each count is a list read per company; V(false) reads only the access key and the companies.
    type: bool
    default: true
  parallel:
    description:
      - How many companies are counted at a time.
    type: int
    default: 4
  own_company:
    description:
      - Whether the access key's own company is a host too, in the group C(sraps_own_company) and not in
        C(sraps_customers), so that the book's playbooks never run on it.
    type: bool
    default: false
  reseller_group_prefix:
    description:
      - The start of the name of the group of each parent company; the slug of the parent's name follows.
    type: str
    default: reseller_
'''

EXAMPLES = r'''
# sraps.yml: the customers of the access key in the SRAPS_* environment variables (or an AWX SRAPS credential).
# "plugin: sraps.provisioning.sraps" alone is enough; ansible-inventory -i sraps.yml --graph shows the hosts.
# Here also: counts, groups by country and by size, a variable composed from the company's, a cache for an hour.
plugin: sraps.provisioning.sraps
counts: true
compose:
  sraps_location: sraps_city ~ ', ' ~ sraps_country
groups:
  large_customers: sraps_phone_count | default(0) >= 500
  without_phones: sraps_phone_count | default(0) == 0
keyed_groups:
  - key: sraps_country | lower
    prefix: country
  - key: sraps_company_type
    prefix: type
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/sraps-inventory
cache_timeout: 3600
# Only the companies, no counts (two requests in all), the key's own company as a host too:
#   counts: false
#   own_company: true
#   reseller_group_prefix: partner_
'''

import concurrent.futures
import hashlib
import os

from ansible.errors import AnsibleParserError
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable
from ansible.utils.unsafe_proxy import wrap_var

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_api as api
from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_client as client_mod
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_account import SrapsAccount
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import SrapsClient, SrapsError
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_export import GROUP, host_names, slug

F = api.FIELDS
OWN_GROUP = 'sraps_own_company'
# The company fields kept (and cached) per company: what the host variables are made of.
# The keys are _sraps_api.FIELDS names.
COMPANY_FIELDS = ('uuid', 'name', 'company_type', 'parent', 'country', 'city')
# The collections counted per company: (resource, host variable).
COUNTED = (('endpoints', 'sraps_phone_count'), ('profiles', 'sraps_profile_count'), ('users', 'sraps_user_count'))
# The form of the data this plugin caches; a cache of another form is read again.
CACHE_FORMAT = 1


def _data(value):
    """Text from SRAPS (a company's name) as data, never a template: marked unsafe when it holds a brace, the
    character every Jinja construct starts with; other values as they are, so that the inventory shows them
    plainly."""
    if isinstance(value, str) and ('{' in value or '}' in value):
        return wrap_var(value)
    return value


def _fields(company):
    """The fields of a company the inventory keeps, by their FIELDS names."""
    return dict((name, company.get(F[name])) for name in COMPANY_FIELDS)


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):
    """The companies below an access key's own company, one host each."""

    NAME = 'sraps.provisioning.sraps'

    def verify_file(self, path):
        return super(InventoryModule, self).verify_file(path) and path.endswith(('sraps.yml', 'sraps.yaml'))

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache=cache)
        self._read_config_data(path)
        key = '%s_%s' % (self.get_cache_key(path), self._account_key())
        use_cache = self.get_option('cache')
        data = None
        if use_cache and cache:
            try:
                data = self._cache[key]
            except KeyError:
                data = None
            if not self._usable(data):
                data = None
        if data is None:
            data = self._read_account()
            if use_cache:
                self._cache[key] = data
        self._populate(data)

    # ------------------------------------------------------------------ reading SRAPS
    def _account_key(self):
        """What a cached inventory depends on besides the file: the API, the key (its id, never its secret) and
        which counts were read. Another key or API never finds this cache entry."""
        text = '%s\n%s\n%s\n%s' % (self._api_url(), self.get_option('access_key_id') or '',
                                   bool(self.get_option('counts')), bool(self.get_option('own_company')))
        return hashlib.sha256(text.encode('utf-8')).hexdigest()[:12]

    def _api_url(self):
        return self.get_option('api_url') or api.DEFAULT_API_URL

    def _usable(self, data):
        return (isinstance(data, dict) and data.get('format') == CACHE_FORMAT
                and isinstance(data.get('companies'), list)
                and (data.get('counts') is not None or not self.get_option('counts')))

    def _client(self):
        """The account over the collection's client, built from the options (or the SRAPS_* environment)."""
        if client_mod.IMPORT_ERRORS:
            raise AnsibleParserError('the SRAPS inventory needs the Python libraries requests and mohawk where '
                                     'ansible-inventory runs (the controller, or the execution environment in AWX); '
                                     'missing: %s. pip install requests mohawk'
                                     % ', '.join(sorted(client_mod.IMPORT_ERRORS)))
        key_id = self.get_option('access_key_id')
        secret = self.get_option('access_key_secret')
        missing = [name for name, value in (('access_key_id', key_id), ('access_key_secret', secret)) if not value]
        if missing:
            raise AnsibleParserError(
                'no SRAPS access key: set %s in the inventory file, or the environment variable%s %s (an AWX '
                'credential of the SRAPS type sets them)' % (
                    ' and '.join(missing), 's' if len(missing) > 1 else '',
                    ' and '.join('SRAPS_%s' % name.upper() for name in missing)))
        for option, least in (('timeout', 1), ('retries', 0), ('parallel', 1)):
            if self.get_option(option) < least:
                raise AnsibleParserError('%s must be at least %d, got %d' % (option, least, self.get_option(option)))
        validate_certs = self.get_option('validate_certs')
        if not validate_certs:
            self.display.warning('validate_certs is false: the SRAPS server\'s TLS certificate is not checked')
        ca_path = os.path.expanduser(self.get_option('ca_path') or '') or None
        transport = SrapsClient(self._api_url(), key_id, secret, validate_certs=validate_certs, ca_path=ca_path,
                                timeout=self.get_option('timeout'), retries=self.get_option('retries'),
                                warn=self.display.warning, pool_size=max(self.get_option('parallel'), 4))
        return SrapsAccount(transport)

    def _read_account(self):
        """What the inventory is made of, as it is cached: the key's own company, the companies, the counts."""
        client = None
        try:
            client = self._client()
            own = client.resolve_company(None)
            companies = [_fields(c) for c in client.cached_list('companies')]
            if own not in [c['uuid'] for c in companies]:
                # The list of companies may leave the key's own company out: read it by itself.
                companies.append(dict(_fields(client.get('company', company=own) or {}), uuid=own))
            counted = [c['uuid'] for c in companies if c['uuid'] != own or self.get_option('own_company')]
            counts = self._counts(client, counted) if self.get_option('counts') else None
        except SrapsError as exc:
            raise AnsibleParserError(
                'the SRAPS inventory could not read the companies of access key %s at %s: %s. The connection is '
                'read from the options of the inventory file, else from the environment variables SRAPS_API_URL, '
                'SRAPS_ACCESS_KEY_ID, SRAPS_ACCESS_KEY_SECRET, SRAPS_VALIDATE_CERTS and SRAPS_CA_PATH (an AWX '
                'credential of the SRAPS type sets them)' % (self.get_option('access_key_id'), self._api_url(), exc))
        finally:
            if client is not None:
                client.session.close()
        self.display.vvv('sraps inventory: %d companies read with %d requests'
                         % (len(companies), sum(client.stats[m] for m in ('GET', 'POST', 'PUT', 'DELETE'))))
        return {'format': CACHE_FORMAT, 'own': own, 'companies': companies, 'counts': counts}

    def _counts(self, client, uuids):
        """{uuid: {host variable: count}}: one paged list read per counted collection of each company."""
        def count(uuid):
            return uuid, dict((var, len(client.list(resource, company=uuid))) for resource, var in COUNTED)

        with concurrent.futures.ThreadPoolExecutor(max_workers=self.get_option('parallel')) as pool:
            return dict(pool.map(count, uuids))

    # ------------------------------------------------------------------ the inventory
    def _populate(self, data):
        own = data['own']
        by_uuid = dict((c['uuid'], c) for c in data['companies'])
        below = [c for c in data['companies'] if c['uuid'] != own]
        # host_names over the companies below the key's own, as the export names them: the same host in both.
        hosts = host_names(below)
        if self.get_option('own_company') and own in by_uuid:
            own_host = host_names([by_uuid[own]])[own]
            hosts[own] = own_host if own_host not in hosts.values() else '%s_%s' % (own_host, own[:8])
        counts = data.get('counts') or {}
        strict = self.get_option('strict')
        prefix = self.get_option('reseller_group_prefix') or ''
        self.inventory.add_group(GROUP)
        if own in hosts:
            self.inventory.add_group(OWN_GROUP)
        for company in sorted((c for c in data['companies'] if c['uuid'] in hosts), key=lambda c: hosts[c['uuid']]):
            uuid = company['uuid']
            host = hosts[uuid]
            self.inventory.add_host(host, group=OWN_GROUP if uuid == own else GROUP)
            parent = by_uuid.get(company.get('parent')) if company.get('parent') else None
            if parent is not None:
                group = self.inventory.add_group(prefix + (slug(parent.get('name')) or parent['uuid'][:8]))
                self.inventory.add_child(group, host)
            variables = {
                'sraps_customer_name': company.get('name'),
                'sraps_customer_uuid': uuid,
                'sraps_company_type': company.get('company_type'),
                'sraps_parent_name': parent.get('name') if parent else None,
                'sraps_parent_uuid': company.get('parent'),
                'sraps_country': company.get('country'),
                'sraps_city': company.get('city'),
            }
            variables.update(counts.get(uuid) or {})
            for name, value in variables.items():
                self.inventory.set_variable(host, name, _data(value))
            hostvars = self.inventory.get_host(host).get_vars()
            self._set_composite_vars(self.get_option('compose'), hostvars, host, strict=strict)
            self._add_host_to_composed_groups(self.get_option('groups'), hostvars, host, strict=strict)
            self._add_host_to_keyed_groups(self.get_option('keyed_groups'), hostvars, host, strict=strict)
