# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Export: an existing SRAPS account written as a book (an Ansible inventory folder) that re-applies with no change.

PRIVATE to this collection: not a public API, it may change in any release.

The reverse direction of the resource descriptions (_sraps_resources: Kind.options()) turns each object read
from SRAPS into the options that would create it; this module lays them out as the book:

    hosts.yml                               group sraps_customers, one host per company (a slug of its name)
    group_vars/sraps_customers/connection.yml   the connection from the SRAPS_* environment, never a key
    host_vars/<host>/customer.yml           the onboard_customer_* variables (company, users, profiles,
                                            product defaults) and the vault variables they reference
    host_vars/<host>/phones.csv             the phones, in the phones_from_csv format, when each fits a CSV
    host_vars/<host>/phones.yml             else sraps_customer_phones, the items of sraps_endpoint endpoints
    secrets-to-fill.yml                     each vault variable: customer, object, setting, what it is

Everything is sorted and written in a fixed key order with no timestamp, so an unchanged account exports to
byte-identical files. Settings are named as the apply resolves them back (_sraps_catalogue.resolve_setting for
the object's product group): param_name, else section:param_name, else the uuid. Passwords are never exported:
each becomes a reference to a vault variable. Files are written to a temporary folder beside dest and moved
into place, so a failure leaves dest as it was.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import tempfile
import unicodedata

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_api as api
from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_settings as settings_mod
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_catalogue import Catalogue
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import SrapsApiError, SrapsInputError
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_endpoints import Profiles
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_match import resolve
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_resources import (
    COMPANY, ENDPOINT, PROFILE, USER)

F = api.FIELDS
GROUP = 'sraps_customers'
SECRET_PREFIX = 'vault_sraps_'
PHONES_VAR = 'sraps_customer_phones'
SECRETS_VAR = 'sraps_customer_secrets'
HOSTS_FILE = 'hosts.yml'
CONNECTION_FILE = 'group_vars/%s/connection.yml' % GROUP
SECRETS_FILE = 'secrets-to-fill.yml'
# Where the user keeps the values of the vault variables: never written by an export, kept by replace.
VAULT_FILE = 'group_vars/%s/vault.yml' % GROUP
# The columns of phones.csv that are options of the phone (plugins/filter/phones_from_csv.py), in order.
PHONE_COLUMNS = ('mac', 'name', 'profile', 'autoprovisioning', 'warranty_warning_months')
CSV_RESERVED = PHONE_COLUMNS + ('state', 'company')
# A setting name phones_from_csv reads back as the same name from a column header.
CSV_LABEL = re.compile(r'^[a-z0-9][a-z0-9_.:-]*$')
# Text Ansible would template: such values are written !unsafe in YAML and never put in a CSV.
TEMPLATE_MARKS = ('{{', '{%', '{#')


# ------------------------------------------------------------------ strings of the book
class Unsafe(str):
    """A string Ansible must not template: written with the !unsafe tag."""


class VaultReference(str):
    """A reference to a vault variable ('{{ vault_sraps_... }}'): the one kind of string Ansible templates."""


# ------------------------------------------------------------------ names
def slug(text):
    """A name as lowercase ASCII letters, digits and underscores ('Müller & Söhne GmbH' -> muller_sohne_gmbh)."""
    folded = unicodedata.normalize('NFKD', str(text or '')).encode('ascii', 'ignore').decode('ascii').lower()
    return re.sub(r'[^a-z0-9]+', '_', folded).strip('_')


def host_names(companies):
    """{uuid: host name}: the slug of each company's name; companies whose slugs clash are sorted by name and uuid,
    the first keeps the slug and the others get the first 8 digits of their uuid appended."""
    by_slug = {}
    for company in companies:
        uuid = company[F['uuid']]
        base = slug(company.get(F['name'])) or 'customer_%s' % uuid[:8]
        by_slug.setdefault(base, []).append(company)
    out = {}
    for base, clashing in by_slug.items():
        clashing = sorted(clashing, key=lambda c: (c.get(F['name']) or '', c[F['uuid']]))
        for position, company in enumerate(clashing):
            out[company[F['uuid']]] = base if position == 0 else '%s_%s' % (base, company[F['uuid']][:8])
    return out


def setting_label(setting, catalogue, product_group):
    """How the book names a setting on an object of product_group (a uuid or None): the param_name when the
    apply resolves it to this entry, else section:param_name when that does, else the uuid."""
    name = setting.get(F['param_name'])
    for ref in (name, '%s:%s' % (setting.get(F['section']), name)):
        try:
            if catalogue.resolve_setting(ref, product_group, notes=[])['uuid'] == setting['uuid']:
                return ref
        except SrapsInputError:
            continue
    return setting['uuid']


class Secrets(object):
    """The vault variables of a book: one per password value, named vault_sraps_<host>_<object>_<setting>."""

    def __init__(self):
        self.items = []
        self._taken = set()

    def reference(self, host, customer, obj_slug, obj_label, label, index, setting):
        base = '%s%s_%s_%s' % (SECRET_PREFIX, host, obj_slug, slug(label) or 'setting')
        if index is not None:
            base += '_%s' % index
        name, number = base, 1
        while name in self._taken:
            number += 1
            name = '%s_%d' % (base, number)
        self._taken.add(name)
        what = '%s (section %s, %s)' % (
            setting.get(F['name']) or setting.get(F['param_name']), setting.get(F['section']),
            setting.get(F['field_type']))
        self.items.append(dict(variable=name, customer=customer, host=host, object=obj_label,
                               setting=label if index is None else '%s[%s]' % (label, index), what=what))
        return VaultReference('{{ %s }}' % name)

    def of_host(self, host):
        return [item['variable'] for item in self.items if item['host'] == host]


def export_settings(settings_manager, catalogue, product_group, secret, labels=None):
    """settings_manager in the book's words: {label: value, {value, perm} or {index: either}}, sorted.

    A password value becomes secret(label, index, setting): a reference to a vault variable; an empty one
    stays empty (there is no secret to keep). labels, when given, remembers the labels between calls."""
    labels = {} if labels is None else labels
    out = {}
    for uuid, entry in (settings_manager or {}).items():
        setting = catalogue.setting(uuid)
        if (uuid, product_group) not in labels:
            labels[(uuid, product_group)] = uuid if setting is None else setting_label(setting, catalogue, product_group)
        label = labels[(uuid, product_group)]
        is_secret = setting is not None and settings_mod.is_password(setting)

        def show(item, index):
            value = item.get('value')
            if is_secret and value:
                value = secret(label, index, setting)
            perm = (item.get('attrs') or {}).get('perm', '')
            return {'value': value, 'perm': perm} if perm else value

        if isinstance(entry, list):
            items = sorted((item for item in entry if isinstance(item, dict)), key=lambda i: i.get('index') or 0)
            out[label] = dict((item.get('index'), show(item, item.get('index'))) for item in items)
        elif isinstance(entry, dict):
            out[label] = show(entry, None)
    return dict(sorted(out.items()))


# ------------------------------------------------------------------ reading one company
class _CompanyProfiles(Profiles):
    """The profiles of one company, as read by the export (a phone's profile named by them)."""

    def __init__(self, items):
        super(_CompanyProfiles, self).__init__(None)
        self._items = items


class _View(object):
    """What the descriptions' option values need: the catalogue, and the company's profiles for a phone's."""

    def __init__(self, catalogue, profiles):
        self.catalogue = catalogue
        self.profiles = _CompanyProfiles(profiles)
        self.params = {}


def _options(kind, obj, view):
    """The options kind.options() gives for obj, except the settings (exported apart) and what is not set."""
    out = {}
    for field in kind.fields:
        if field.option != 'settings':
            value = field.option_value(obj, view)
            if value is not None:
                out[field.option] = value
    return out


def _duplicates(items, key, what, company):
    """Fail when two items have one name (compared without regard to case, as the apply finds them)."""
    seen = {}
    for item in items:
        seen.setdefault((key(item) or '').strip().lower(), []).append(item[F['uuid']])
    clashes = ['%s %r (%s)' % (what, name, ', '.join(sorted(uuids))) for name, uuids in sorted(seen.items())
               if len(uuids) > 1]
    if clashes:
        raise SrapsInputError('%s %s more than once; a book names each once. Rename or remove the duplicates in '
                              'SRAPS and export again. Nothing was written'
                              % ('company %r has' % company if company else 'the access key sees',
                                 '; '.join(clashes)))


def read_customer(client, catalogue, company, host, secrets, labels=None):
    """One company as the book holds it: (customer.yml data, phones list, summary). List reads only."""
    labels = {} if labels is None else labels
    uuid = company[F['uuid']]
    name = company.get(F['name'])
    view = _View(catalogue, client.list('profiles', company=uuid))
    users = client.list('users', company=uuid)
    defaults = client.list('product_defaults', company=uuid)
    phones = client.list('endpoints', company=uuid)
    _duplicates(view.profiles.items, lambda p: p.get(F['name']), 'the profile', name)
    _duplicates(users, lambda u: u.get(F['email']), 'the user', name)

    def secret_for(obj_slug, obj_label):
        return lambda label, index, setting: secrets.reference(host, name, obj_slug, obj_label, label, index, setting)

    data = {'onboard_customer_company': _options(COMPANY, company, view)}
    data['onboard_customer_users'] = [
        _options(USER, user, view) for user in sorted(users, key=lambda u: ((u.get(F['email']) or '').lower(),))]
    profiles = []
    for profile in sorted(view.profiles.items, key=lambda p: (p.get(F['name']) or '', p[F['uuid']])):
        item = _options(PROFILE, profile, view)
        item['settings'] = export_settings(
            profile.get(F['settings_manager']), catalogue, profile.get(F['product_group']),
            secret_for('profile_%s' % slug(profile.get(F['name'])), 'profile %s' % profile.get(F['name'])), labels)
        profiles.append(item)
    data['onboard_customer_profiles'] = profiles
    product_defaults = []
    for default in defaults:
        product = catalogue.product(default.get(F['product']))
        product_name = product.get(F['name'])
        product_defaults.append({'product': product_name, 'settings': export_settings(
            default.get(F['settings_manager']), catalogue, product.get(F['product_group']),
            secret_for('product_default_%s' % slug(product_name), 'product default %s' % product_name), labels)})
    data['onboard_customer_product_defaults'] = sorted(product_defaults, key=lambda d: d['product'])
    rows = []
    for phone in sorted(phones, key=lambda e: (e.get(F['mac']) or '').lower()):
        item = _options(ENDPOINT, phone, view)
        if not phone.get(F['profile']):
            item['profile'] = ''
        profile = view.profiles.by_uuid(phone.get(F['profile'])) if phone.get(F['profile']) else None
        settings = export_settings(
            phone.get(F['settings_manager']), catalogue, profile.get(F['product_group']) if profile else None,
            secret_for('phone_%s' % item['mac'], 'phone %s' % item['mac']), labels)
        if settings:
            item['settings'] = settings
        rows.append(dict((k, item[k]) for k in PHONE_COLUMNS + ('settings',) if k in item))
    summary = dict(host=host, name=name, uuid=uuid, phones=len(rows), profiles=len(profiles), users=len(users),
                   product_defaults=len(product_defaults))
    return data, rows, summary


# ------------------------------------------------------------------ phones as CSV
def _csv_cell(value):
    """The text of a CSV cell that phones_from_csv reads back as value, or None when no cell can."""
    if not isinstance(value, str) or not value or value != value.strip() or any(m in value for m in TEMPLATE_MARKS):
        return None
    return value


def csv_columns(phone):
    """{column: cell text} of a phone for phones.csv, or None when the phone does not fit a CSV (a perm, a
    password, an empty or padded value, a setting name a header cannot hold, an index below 1)."""
    cells = {'mac': phone['mac']}
    name = phone.get('name', '')
    if name:
        if _csv_cell(name) is None:
            return None
        cells['name'] = name
    if phone.get('profile'):
        if _csv_cell(phone['profile']) is None:
            return None
        cells['profile'] = phone['profile']
    if 'autoprovisioning' in phone:
        cells['autoprovisioning'] = 'true' if phone['autoprovisioning'] else 'false'
    if 'warranty_warning_months' in phone:
        cells['warranty_warning_months'] = str(phone['warranty_warning_months'])
    for label, value in (phone.get('settings') or {}).items():
        if not CSV_LABEL.match(label) or label in CSV_RESERVED:
            return None
        entries = value.items() if isinstance(value, dict) else [(None, value)]
        for index, entry in entries:
            if index is not None and (not isinstance(index, int) or index < 1):
                return None
            cell = _csv_cell(entry)
            if cell is None:
                return None
            cells[label if index is None else '%s[%s]' % (label, index)] = cell
    return cells


def phones_csv(phones):
    """The text of phones.csv, or None when a phone does not fit a CSV."""
    rows = []
    setting_columns = set()
    for phone in phones:
        cells = csv_columns(phone)
        if cells is None:
            return None
        rows.append(cells)
        setting_columns.update(c for c in cells if c not in PHONE_COLUMNS)

    def order(column):
        match = re.match(r'^(.*)\[(\d+)\]$', column)
        return (match.group(1), int(match.group(2))) if match else (column, 0)
    header = list(PHONE_COLUMNS) + sorted(setting_columns, key=order)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator='\n')
    writer.writerow(header)
    for cells in rows:
        writer.writerow([cells.get(column, '') for column in header])
    return out.getvalue()


# ------------------------------------------------------------------ YAML, written the same way every time
_PLAIN = re.compile(r'^[A-Za-z_][A-Za-z0-9_ ./@()+-]*$')
_YAML_WORDS = ('y', 'n', 'yes', 'no', 'true', 'false', 'on', 'off', 'null', 'none')


def _string(text):
    if not isinstance(text, Unsafe) and _PLAIN.match(text) and not text.endswith(' ') \
            and text.lower() not in _YAML_WORDS:
        return text
    printable = all(ch.isprintable() for ch in text)
    if printable and "'" not in text:
        quoted = "'%s'" % text
    else:
        quoted = json.dumps(text, ensure_ascii=False)
    return '!unsafe ' + quoted if isinstance(text, Unsafe) else quoted


def _scalar(value):
    if value is None:
        return 'null'
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, int):
        return str(value)
    return _string(value if isinstance(value, str) else str(value))


def _lines(value, indent):
    pad = ' ' * indent
    out = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                out.append('%s%s:' % (pad, _scalar(key)))
                out.extend(_lines(item, indent + 2))
            else:
                out.append('%s%s: %s' % (pad, _scalar(key), _inline(item)))
    else:
        for item in value:
            if isinstance(item, (dict, list)) and item:
                nested = _lines(item, indent + 2)
                out.append('%s- %s' % (pad, nested[0][indent + 2:]))
                out.extend(nested[1:])
            else:
                out.append('%s- %s' % (pad, _inline(item)))
    return out


def _inline(value):
    if isinstance(value, dict):
        return '{}'
    if isinstance(value, list):
        return '[]'
    return _scalar(value)


def to_yaml(data, comment=''):
    """data (dicts in their insertion order, lists, strings, numbers, booleans) as a YAML document."""
    head = ['---'] + ['# ' + line if line else '#' for line in comment.splitlines()]
    return '\n'.join(head + _lines(data, 0)) + '\n'


def _guarded(value):
    """value with every string Ansible would template marked Unsafe, except the vault references."""
    if isinstance(value, dict):
        return dict((k, _guarded(v)) for k, v in value.items())
    if isinstance(value, list):
        return [_guarded(v) for v in value]
    if isinstance(value, str) and not isinstance(value, VaultReference) and any(m in value for m in TEMPLATE_MARKS):
        return Unsafe(value)
    return value


# ------------------------------------------------------------------ the book
CONNECTION = to_yaml({
    'sraps_api_url': "{{ lookup('ansible.builtin.env', 'SRAPS_API_URL') | default('%s', true) }}"
                     % api.DEFAULT_API_URL,
    'sraps_access_key_id': "{{ lookup('ansible.builtin.env', 'SRAPS_ACCESS_KEY_ID') }}",
    'sraps_access_key_secret': "{{ lookup('ansible.builtin.env', 'SRAPS_ACCESS_KEY_SECRET') }}",
    'sraps_validate_certs': "{{ lookup('ansible.builtin.env', 'SRAPS_VALIDATE_CERTS') | default(true, true) | bool }}",
    'sraps_ca_path': "{{ lookup('ansible.builtin.env', 'SRAPS_CA_PATH') }}",
    'sraps_masked_secrets': "{{ lookup('ansible.builtin.env', 'SRAPS_MASKED_SECRETS') | default('refuse', true) }}",
    # The customers are hosts of the inventory, run on the controller with the Python that runs Ansible.
    'ansible_connection': 'local',
    'ansible_python_interpreter': '{{ ansible_playbook_python }}',
}, comment='The SRAPS connection of every customer: from the environment (SRAPS_API_URL, SRAPS_ACCESS_KEY_ID,\n'
           'SRAPS_ACCESS_KEY_SECRET, ...), as a shell or an AWX credential sets it. Never write an access key here.\n'
           'The passwords the book refers to (vault_sraps_*) go in %s, encrypted with ansible-vault\n'
           '(see %s).' % (VAULT_FILE, SECRETS_FILE))


def book_files(client, uuids=None):
    """(files, customers, secret count): {relative path: text} of the book of the companies named by uuids (all
    companies below the key's own when None), the customers' summaries. Reads only."""
    own = client.resolve_company(None)
    below = [c for c in client.cached_list('companies') if c.get(F['uuid']) != own]
    companies = below if uuids is None else [c for c in below if c[F['uuid']] in uuids]
    # The apply finds a company by its name, compared without regard to case: two such names cannot be told apart.
    exported = set((c.get(F['name']) or '').strip().lower() for c in companies)
    _duplicates([c for c in below if (c.get(F['name']) or '').strip().lower() in exported],
                lambda c: c.get(F['name']), 'the company name', None)
    # Named among every company the key sees, so that a company has the same host in a book of one or of all.
    hosts = host_names(below)
    catalogue = Catalogue(client)
    secrets = Secrets()
    files = {}
    customers = []
    inventory = {}
    labels = {}
    for company in sorted(companies, key=lambda c: hosts[c[F['uuid']]]):
        host = hosts[company[F['uuid']]]
        data, phones, summary = read_customer(client, catalogue, company, host, secrets, labels)
        data[SECRETS_VAR] = secrets.of_host(host)
        inventory[host] = {'sraps_customer_name': company.get(F['name']), 'sraps_customer_uuid': company[F['uuid']]}
        files['host_vars/%s/customer.yml' % host] = to_yaml(_guarded(data), comment=(
            'The customer %s as SRAPS holds it: the variables of the role sraps.provisioning.onboard_customer.\n'
            'Written by sraps.provisioning.sraps_export; apply with playbook sraps.provisioning.apply.'
            % company.get(F['name'])))
        if phones:
            text = phones_csv(phones)
            if text is not None:
                files['host_vars/%s/phones.csv' % host] = text
            else:
                files['host_vars/%s/phones.yml' % host] = to_yaml(_guarded({PHONES_VAR: phones}), comment=(
                    'The phones of %s: the items of sraps.provisioning.sraps_endpoint endpoints (YAML, as\n'
                    'some phones hold what a CSV cannot: perms, passwords, empty values).' % company.get(F['name'])))
        customers.append(summary)
    files[HOSTS_FILE] = to_yaml(_guarded({GROUP: {'hosts': inventory} if inventory else {}}), comment=(
        'The customers of the access key, one host each (a slug of the company name).'))
    files[CONNECTION_FILE] = CONNECTION
    files[SECRETS_FILE] = to_yaml(_guarded({'secrets_to_fill': secrets.items}), comment=(
        'The passwords the export cannot read: SRAPS reads them back masked. The book refers to each as a vault\n'
        'variable. Give each its value in %s and encrypt that file with ansible-vault:\n'
        '  ansible-vault encrypt %s\n'
        'The playbook sraps.provisioning.apply stops before any write while one is missing.' % (VAULT_FILE, VAULT_FILE)))
    return files, customers, len(secrets.items)


def select_companies(client, names):
    """The uuids of the companies names lists (names or uuids), below the key's own company; an error naming
    the unknown ones and the companies the key can see."""
    own = client.resolve_company(None)
    everything = client.cached_list('companies')
    below = [c for c in everything if c.get(F['uuid']) != own]
    own_name = [c.get(F['name']) for c in everything if c.get(F['uuid']) == own]
    uuids = set()
    unknown = []
    for name in names:
        found = resolve(below, name, 'company name %r' % name)
        if found is None:
            unknown.append(name)
        else:
            uuids.add(found[F['uuid']])
    if unknown:
        mine = [n for n in unknown if n in own_name or n == own]
        raise SrapsInputError('%s%s. The companies below the access key\'s own company are: %s. Check the names in '
                              'companies (or give uuids); nothing was written' % (
                                  'unknown company: %s' % ', '.join(repr(n) for n in unknown),
                                  ' (%s is the access key\'s own company; the export covers the companies below '
                                  'it)' % ', '.join(repr(n) for n in mine) if mine else '',
                                  ', '.join(sorted(c.get(F['name']) or '' for c in below)) or 'none'))
    return uuids


# ------------------------------------------------------------------ writing the folder
def kept(relative):
    """Entries of dest that are not the export's: top-level hidden ones (.git) and the vault file."""
    return relative.split('/', 1)[0].startswith('.') or relative == VAULT_FILE


def existing_files(dest):
    """{relative path: bytes} of the files in dest that an export owns (not kept()); None when dest is missing."""
    if not os.path.exists(dest):
        return None
    if not os.path.isdir(dest):
        raise SrapsInputError('dest %s is a file, not a folder; give the path of a folder (it is created when '
                              'missing). Nothing was written' % dest)
    out = {}
    for root, dirs, names in os.walk(dest):
        rel_root = os.path.relpath(root, dest)
        for name in names:
            relative = name if rel_root == '.' else '%s/%s' % (rel_root.replace(os.sep, '/'), name)
            if kept(relative):
                continue
            with open(os.path.join(root, name), 'rb') as handle:
                out[relative] = handle.read()
        if rel_root == '.':
            dirs[:] = [d for d in dirs if not d.startswith('.')]
    return out


def differs(files, existing):
    """Whether writing files changes dest (its export-owned files are existing)."""
    if existing is None:
        return True
    wanted = dict((path, text.encode('utf-8')) for path, text in files.items())
    return wanted != existing


def write_book(dest, files, replace):
    """Write files into dest atomically: a temporary folder beside dest, then renamed into place. With replace, the
    old dest is moved aside, the new one moved in (keeping kept() entries), the old one removed."""
    dest = os.path.abspath(dest)
    parent = os.path.dirname(dest)
    try:
        os.makedirs(parent, exist_ok=True)
        tmp = tempfile.mkdtemp(prefix='.%s.export-' % os.path.basename(dest), dir=parent)
    except OSError as exc:
        raise SrapsInputError('cannot write the book beside %s: %s. Choose a dest in a folder you may write to, or '
                              'fix the folder\'s permissions. Nothing was written' % (dest, exc.strerror or exc))
    umask = os.umask(0)
    os.umask(umask)
    old = None
    try:
        os.chmod(tmp, 0o777 & ~umask)
        for relative, text in sorted(files.items()):
            path = os.path.join(tmp, *relative.split('/'))
            folder = os.path.dirname(path)
            if not os.path.isdir(folder):
                os.makedirs(folder, 0o777 & ~umask)
            with open(path, 'wb') as handle:
                handle.write(text.encode('utf-8'))
        if os.path.exists(dest):
            for entry in sorted(os.listdir(dest)):
                if entry.startswith('.'):
                    os.rename(os.path.join(dest, entry), os.path.join(tmp, entry))
            vault = os.path.join(dest, *VAULT_FILE.split('/'))
            if os.path.exists(vault):
                os.makedirs(os.path.dirname(os.path.join(tmp, *VAULT_FILE.split('/'))), exist_ok=True)
                os.rename(vault, os.path.join(tmp, *VAULT_FILE.split('/')))
            old = tmp + '.old'
            os.rename(dest, old)
        os.rename(tmp, dest)
    except OSError as exc:
        if old is not None and not os.path.exists(dest):
            os.rename(old, dest)
            old = None
        _restore_kept(tmp, dest)
        shutil.rmtree(tmp, ignore_errors=True)
        raise SrapsInputError('cannot write the book to %s: %s. Nothing was written; %s is as it was'
                              % (dest, exc.strerror or exc, dest))
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _restore_kept(tmp, dest):
    """Move the kept() entries back from tmp into dest after a failed write."""
    if not os.path.isdir(tmp) or not os.path.isdir(dest):
        return
    for entry in os.listdir(tmp):
        if entry.startswith('.') and not os.path.exists(os.path.join(dest, entry)):
            os.rename(os.path.join(tmp, entry), os.path.join(dest, entry))
    vault = os.path.join(tmp, *VAULT_FILE.split('/'))
    target = os.path.join(dest, *VAULT_FILE.split('/'))
    if os.path.exists(vault) and not os.path.exists(target):
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.rename(vault, target)


def export(client, dest, companies=None, replace=False, check_mode=False):
    """Export the companies (names or uuids; None for all below the key's own) to the book at dest.

    Returns a dict: customers, files (relative paths, sorted), secrets_to_fill (count), changed."""
    existing = existing_files(dest)
    if existing and not replace:
        raise SrapsInputError('dest %s is not empty (%d files, such as %s); set replace to true to replace the book '
                              'it holds, or give an empty or new folder. Nothing was written'
                              % (dest, len(existing), sorted(existing)[0]))
    try:
        uuids = select_companies(client, companies) if companies else None
        files, customers, secret_count = book_files(client, uuids)
    except SrapsApiError as exc:
        # The book is written only once everything is read: a failed read leaves dest as it was.
        raise SrapsApiError('%s. Nothing was written to %s' % (exc.msg, dest), method=exc.method, path=exc.path,
                            status=exc.status, detail=exc.detail)
    changed = differs(files, existing)
    if changed and not check_mode:
        write_book(dest, files, replace)
    return dict(customers=customers, files=sorted(files), secrets_to_fill=secret_count, changed=changed)
