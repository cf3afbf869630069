# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""First contact with a SRAPS account: which of the collection's assumptions about the API hold.

PRIVATE to this collection: not a public API, it may change in any release.

Each check makes the reads the collection makes (and, only when asked, one write round trip on a MAC
the user names) and compares what SRAPS answers with _sraps_api.py: the check holds, differs (with
what was seen), or is not observable in this account. A difference names the entry of _sraps_api.py
it concerns, the one place to correct. No value of a password setting and no secret is ever put in
a check: passwords are counted, never shown.
"""

from __future__ import annotations

import inspect
import re
import time
from urllib.parse import parse_qs, urlsplit

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_api as api
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import (
    SrapsError, parse_hawk_header)

HOLDS = 'holds'
DIFFERS = 'differs'
UNSEEN = 'not observable'
STALE_SECONDS = 3600
SAMPLE = 5          # items read of each collection: enough to see an object's fields
SAMPLE_COMPANIES = 5  # companies looked into for objects when the key's own company has none
COLLECTIONS = (('user', 'users'), ('profile', 'profiles'), ('product_default', 'product_defaults'),
               ('endpoint', 'endpoints'), ('log', 'logs'), ('product', 'products'),
               ('product_group', 'product_groups'), ('setting_group', 'setting_groups'))
WITH_SETTINGS = ('profile', 'product_default', 'endpoint')


def api_ref(name):
    """'_sraps_api.py:LINE NAME' for a name of _sraps_api.py ('PAGE_QUERY', "RESOURCES['users']")."""
    try:
        lines = inspect.getsource(api).splitlines()
    except (OSError, TypeError):
        return '_sraps_api.py %s' % name
    table, dummy, key = name.partition('[')
    wanted = re.compile(r'^%s\b' % re.escape(table))
    start = next((i for i, line in enumerate(lines) if wanted.match(line)), None)
    if start is not None and key:
        needle = "'%s'" % key.strip("]'\"")
        start = next((i for i in range(start, len(lines)) if lines[i].lstrip().startswith(needle)), start)
    return '_sraps_api.py%s %s' % ('' if start is None else ':%d' % (start + 1), name)


class Observer(object):
    """Every raw answer a client gets (status and headers), through a requests response hook."""

    def __init__(self, client):
        self.answers = []
        client.session.hooks.setdefault('response', []).append(self._record)

    def _record(self, response, *args, **kwargs):
        self.answers.append((response.request.method, urlsplit(response.url).path, response.status_code,
                             dict(response.headers)))

    def last(self, method=None):
        found = [a for a in self.answers if method is None or a[0] == method]
        return found[-1] if found else None


class Report(object):
    """The checks, in the order they were made."""

    def __init__(self):
        self.checks = []

    def add(self, check_id, title, status, seen, concerns, expected=''):
        self.checks.append(dict(id=check_id, title=title, status=status, expected=expected, seen=seen,
                                concerns=api_ref(concerns) if status == DIFFERS and concerns else ''))

    def summary(self):
        out = dict((status.replace(' ', '_'), 0) for status in (HOLDS, DIFFERS, UNSEEN))
        for check in self.checks:
            out[check['status'].replace(' ', '_')] += 1
        return out


def _get(client, url):
    """(status, data, headers) of one signed GET, an API error included (never raised)."""
    try:
        response = client.request('GET', url)
        return response.status, response.data, response.headers
    except SrapsError as exc:
        if exc.status is None:
            raise
        return exc.status, exc.detail, {}


def check_fields(report, kind, obj, where):
    """Whether an object has the fields OBJECT_FIELDS expects of its kind; extra fields are no difference."""
    known, assumed = api.OBJECT_FIELDS[kind]
    noun = kind.replace('_', ' ')
    title = 'fields of %s %s (%s)' % ('an' if noun[0] in 'aeio' else 'a', noun, where)
    expected = ', '.join(known + assumed)
    if not isinstance(obj, dict):
        report.add('fields.' + kind, title, UNSEEN, 'no %s to read in this account' % noun, None, expected)
        return
    missing = [f for f in known + assumed if f not in obj]
    extra = sorted(set(obj) - set(known + assumed))
    seen = 'fields: %s' % ', '.join(sorted(obj)) + ('; not expected: %s' % ', '.join(extra) if extra else '')
    if missing:
        report.add('fields.' + kind, title, DIFFERS, '%s; missing: %s' % (seen, ', '.join(missing)),
                   "OBJECT_FIELDS['%s']" % kind, expected)
    else:
        report.add('fields.' + kind, title, HOLDS, seen, None, expected)


def check_accept(report, make_client):
    """No version, each accepted version, and a wrong one (406)."""
    refused = []
    for version in (None,) + api.ACCEPTED_API_VERSIONS:
        client = make_client(api_version=version)
        status = _get(client, client.url('token', key_id=client.key_id))[0]
        if status != 200:
            refused.append('%s: HTTP %d' % (version or 'no version', status))
    report.add('accept.versions', 'Accept without a version and with version 1, 1.0, v1',
               DIFFERS if refused else HOLDS, '; '.join(refused) or 'all answered 200', 'ACCEPTED_API_VERSIONS',
               'HTTP 200 for each')
    client = make_client(api_version='99')
    status, data = _get(client, client.url('token', key_id=client.key_id))[:2]
    ok = status == 406 and isinstance(data, dict) and api.ERROR_DETAIL in data
    report.add('accept.wrong_version', 'Accept with an unknown version (99)', HOLDS if ok else DIFFERS,
               'HTTP %d %s' % (status, _shape(data)), 'ACCEPTED_API_VERSIONS', 'HTTP 406 {"detail": ...}')


def _shape(data):
    """An answer's shape without its content: keys of an object, length of a list."""
    if isinstance(data, dict):
        return '{%s}' % ', '.join(sorted(str(k) for k in data))
    if isinstance(data, list):
        return 'a list of %d' % len(data)
    return '' if data is None else 'a %s' % type(data).__name__


def check_token(report, client):
    """The key's token: its fields, its company link (KNOWN: absolute, no trailing slash) and its role."""
    status, token = _get(client, client.url('token', key_id=client.key_id))[:2]
    check_fields(report, 'token', token if status == 200 else None, 'tokens/{id}')
    link = ((token or {}).get('links') or {}).get(api.TOKEN_COMPANY_LINK) if isinstance(token, dict) else None
    base = urlsplit(client.api_url)
    parts = urlsplit(link or '')
    ok = bool(link) and parts.netloc == base.netloc and not link.endswith('/')
    report.add('token.company_link', 'links.company of the key: absolute, on the host called, no trailing /',
               HOLDS if ok else DIFFERS, link or 'no links.company', "RESOURCES['token']",
               '%s://%s/.../companies/<uuid>' % (base.scheme, base.netloc))
    role = (token or {}).get('role') if isinstance(token, dict) else None
    report.add('token.role', 'the key\'s role', HOLDS if role in api.KEY_ROLES else DIFFERS, repr(role),
               'KEY_ROLES', ', '.join(api.KEY_ROLES))
    return role


def check_company(report, client):
    """The companies the key sees (a bare list with its own) and its company's fields and links.

    Returns the uuids of the companies to look into for objects: the key's own first.
    """
    own = client.company_uuid
    status, listed = _get(client, client.url('companies'))[:2]
    ok = status == 200 and isinstance(listed, list) and any(
        isinstance(c, dict) and c.get('uuid') == own for c in listed)
    report.add('companies.list', 'companies/: a bare list holding the key\'s company', HOLDS if ok else DIFFERS,
               'HTTP %d, %s' % (status, _shape(listed)), "RESOURCES['companies']", 'HTTP 200, a list')
    status, company = _get(client, client.url('company', company=own))[:2]
    company = company if status == 200 and isinstance(company, dict) else None
    check_fields(report, 'company', company, 'companies/{uuid}')
    links = (company or {}).get('links') or {}
    endpoints = links.get('endpoints') or ''
    ok = endpoints.startswith(('http://', 'https://')) and endpoints.endswith('/')
    report.add('company.endpoints_link', 'links.endpoints of the company: absolute, ending in /',
               HOLDS if ok else (UNSEEN if company is None else DIFFERS), endpoints or 'none',
               "RESOURCES['company']", '.../companies/<uuid>/endpoints/')
    missing = [name for name in api.COMPANY_LINKS if name not in links]
    report.add('company.links', 'links of the company', UNSEEN if company is None else
               (DIFFERS if missing else HOLDS), 'missing: %s' % ', '.join(missing) if missing else
               ', '.join(sorted(links)), 'COMPANY_LINKS', ', '.join(api.COMPANY_LINKS))
    others = [c.get('uuid') for c in listed if isinstance(c, dict) and c.get('uuid') != own] \
        if isinstance(listed, list) else []
    return [own] + others[:SAMPLE_COMPANIES - 1]


def _sample(client, resource, companies):
    """(status, data) of a short page of the collection in the first company, and the objects found
    there or, when it has none, in the first of the other companies that has some."""
    scoped = '{company}' in api.RESOURCES[resource].path
    status, data = _get(client, client.url(resource, query={'page_size': SAMPLE},
                                           **({'company': companies[0]} if scoped else {})))[:2]
    found = data if isinstance(data, list) else []
    for company in companies[1:] if scoped and status == 200 and not found else ():
        more = _get(client, client.url(resource, query={'page_size': SAMPLE}, company=company))[1]
        if isinstance(more, list) and more:
            found = more
            break
    return status, data, [item for item in found if isinstance(item, dict)]


def check_collections(report, client, companies):
    """One short page of each collection: a bare list, and the fields of its first object.

    Returns the objects read that carry settings, for the password check.
    """
    with_settings = []
    for kind, resource in COLLECTIONS:
        status, data, found = _sample(client, resource, companies)
        title = '%s: a bare list' % api.RESOURCES[resource].path
        if status != 200 or not isinstance(data, list):
            report.add('list.' + resource, title, DIFFERS, 'HTTP %d, %s' % (status, _shape(data)),
                       "RESOURCES['%s']" % resource, 'HTTP 200, a list')
            continue
        report.add('list.' + resource, title, HOLDS, 'a list of %d' % len(data), None, 'HTTP 200, a list')
        check_fields(report, kind, found[0] if found else None, api.RESOURCES[resource].path)
        if kind in WITH_SETTINGS:
            with_settings.extend(found)
    return with_settings


def _next_link(headers):
    for part in (headers or {}).get('Link', '').split(','):
        if 'rel="next"' in part and '<' in part:
            return part[part.index('<') + 1:part.index('>')]
    return None


def check_paging(report, client):
    """The settings catalogue read as production clients read it: default page size, Link next, page_size
    at most 1000, a page past the end."""
    status, first, headers = _get(client, client.url('settings'))
    size = len(first) if isinstance(first, list) else None
    report.add('paging.default_size', 'settings/ without page_size: %d items and a next link'
               % api.PAGE_SIZE_DEFAULT, HOLDS if size == api.PAGE_SIZE_DEFAULT else DIFFERS,
               'HTTP %d, %s' % (status, _shape(first)), 'PAGE_SIZE_DEFAULT', '%d items' % api.PAGE_SIZE_DEFAULT)
    link = _next_link(headers)
    base = urlsplit(client.api_url)
    ok = bool(link) and urlsplit(link).netloc == base.netloc
    report.add('paging.link', 'Link: <absolute url>; rel="next"', HOLDS if ok else DIFFERS,
               link or 'no next link', 'PAGE_SIZE_MAX', 'a next link on the host called')
    query = parse_qs(urlsplit(link or '').query)
    report.add('paging.page_parameter', 'the page parameter of next links', UNSEEN if not link else
               (HOLDS if api.PAGE_QUERY in query else DIFFERS), 'parameters: %s' % ', '.join(sorted(query)),
               'PAGE_QUERY', api.PAGE_QUERY)
    status, big = _get(client, client.url('settings', query={'page_size': api.PAGE_SIZE_MAX * 5}))[:2]
    ok = isinstance(big, list) and len(big) <= api.PAGE_SIZE_MAX
    report.add('paging.max', 'page_size over %d: at most %d items' % (api.PAGE_SIZE_MAX, api.PAGE_SIZE_MAX),
               HOLDS if ok else DIFFERS, 'HTTP %d, %s' % (status, _shape(big)), 'PAGE_SIZE_MAX',
               'at most %d items' % api.PAGE_SIZE_MAX)
    if link and api.PAGE_QUERY in query:
        past = link.replace('%s=%s' % (api.PAGE_QUERY, query[api.PAGE_QUERY][0]), '%s=999999' % api.PAGE_QUERY)
        status, data = _get(client, past)[:2]
        ok = status == 404 and isinstance(data, dict) and api.ERROR_DETAIL in data
        report.add('paging.past_end', 'a page past the end', HOLDS if ok else DIFFERS,
                   'HTTP %d %s' % (status, _shape(data)), 'PAGE_QUERY', 'HTTP 404 {"detail": ...}')
    else:
        report.add('paging.past_end', 'a page past the end', UNSEEN, 'no page parameter to change', None)
    return first if isinstance(first, list) else []


def check_catalogue(report, client, first_page):
    """The whole settings catalogue: its fields and the KNOWN setting_server pair on the first page."""
    catalogue = client.list('settings')
    check_fields(report, 'setting', catalogue[0] if catalogue else None, 'settings/')
    pair = [s for s in catalogue if s.get(api.FIELDS['param_name']) == 'setting_server']
    sections = sorted(str(s.get(api.FIELDS['section'])) for s in pair)
    on_first = sum(1 for s in first_page if isinstance(s, dict) and s.get(api.FIELDS['param_name']) == 'setting_server')
    ok = sections == ['global', api.PHONE_SETTINGS_SECTION] and on_first == 2
    report.add('settings.setting_server', 'two setting_server entries (global, phone-settings) on the first page',
               HOLDS if ok else DIFFERS, 'sections: %s; %d on the first page; %d settings in all'
               % (', '.join(sections) or 'none', on_first, len(catalogue)), 'PHONE_SETTINGS_SECTION',
               'global and phone-settings, both among the first %d' % api.PAGE_SIZE_DEFAULT)
    return catalogue


def check_passwords(report, objects, catalogue):
    """Whether password values read back masked (what masked_secrets is about). Counts only."""
    secret = set(s.get('uuid') for s in catalogue if s.get(api.FIELDS['field_type']) == 'password')
    masked = clear = 0
    for obj in objects:
        for uuid, entry in (obj.get(api.FIELDS['settings_manager']) or {}).items():
            if uuid not in secret:
                continue
            for item in entry if isinstance(entry, list) else [entry]:
                value = item.get('value') if isinstance(item, dict) else None
                if value == api.MASKED_VALUE:
                    masked += 1
                elif value:
                    clear += 1
    title = 'password values read back masked (%s)' % api.MASKED_VALUE
    if not masked + clear:
        report.add('passwords.masked', title, UNSEEN, 'no password setting in the objects read', None)
    elif clear:
        report.add('passwords.masked', title, DIFFERS, '%d of %d password values read back in clear (values not '
                   'shown here)' % (clear, masked + clear), 'MASKED_VALUE', 'every one masked')
    else:
        report.add('passwords.masked', title, HOLDS, '%d password values, all masked: the modules never send the '
                   'mask back unless masked_secrets is server_keeps' % masked, None, 'every one masked')


def check_not_found(report, client):
    status, data = _get(client, client.url('profile', uuid='0' * 32))[:2]
    ok = status == 404 and isinstance(data, dict) and api.ERROR_DETAIL in data
    report.add('errors.not_found', 'the body of a 404', HOLDS if ok else DIFFERS, 'HTTP %d %s' % (status, _shape(data)),
               'ERROR_DETAIL', 'HTTP 404 {"detail": ...}')


def check_server_signature(report, observer):
    answers = [a for a in observer.answers if a[2] < 300]
    signed = sum(1 for a in answers if a[3].get('Server-Authorization'))
    report.add('hawk.server_authorization', 'successful answers signed with Server-Authorization (verified)',
               HOLDS if answers and signed == len(answers) else DIFFERS,
               '%d of %d answers signed' % (signed, len(answers)), 'SERVER_SIGNS_ANSWERS', 'every answer')


def check_stale(report, make_client):
    """A request an hour stale: a 401 whose WWW-Authenticate carries the server's ts and a tsm to verify it."""
    client = make_client(clock=lambda: time.time() - STALE_SECONDS)
    observer = Observer(client)
    status = _get(client, client.url('token', key_id=client.key_id))[0]
    first = observer.answers[0] if observer.answers else None
    attrs = parse_hawk_header(first[3].get('WWW-Authenticate', '')) if first else {}
    has = [name for name in api.STALE_HEADER_ATTRS if name in attrs]
    ok = first is not None and first[2] == 401 and len(has) == len(api.STALE_HEADER_ATTRS) and status == 200
    seen = 'HTTP %s with %s; %s' % (first[2] if first else '-', ', '.join(has) or 'no ts, no tsm',
                                    'the retry at the server\'s time answered %d' % status)
    report.add('hawk.stale_timestamp', 'a request %d s stale: 401 with ts and tsm, then a corrected retry'
               % STALE_SECONDS, HOLDS if ok else DIFFERS, seen, 'STALE_HEADER_ATTRS', '401 with ts and tsm, then 200')


def _write(client, method, url, body=None):
    """(status, data) of one write, an API error included; the client counts it."""
    try:
        response = client.request(method, url, body)
        return response.status, response.data
    except SrapsError as exc:
        if exc.status is None:
            raise
        return exc.status, exc.detail


def check_write(report, client, observer, mac, skip_reason=None):
    """Opt-in: register a MAC nobody has, read it, replace it with one field left out, delete it.

    Returns the number of writes made. A MAC that SRAPS already knows is never touched.
    """
    title = 'write round trip on %s: PUT 201, GET, PUT 200 as a full replace, DELETE 204' % (mac or 'a MAC')
    url = client.url('endpoint', mac=mac) if mac else None
    if not skip_reason and _get(client, url)[0] != 404:
        skip_reason = 'SRAPS already knows %s (in this account or another): name a MAC nobody has' % mac
    if skip_reason:
        report.add('write.round_trip', title, UNSEEN, skip_reason, None)
        return 0
    first = {'mac': mac, 'name': 'sraps.provisioning api_check', 'autoprovisioning_enabled': False,
             'warranty_exp_warning_period': 6}
    status, data = _write(client, 'PUT', url, first)
    location = (observer.last('PUT') or (None, None, None, {}))[3].get('Location')
    ok = status == 201 and bool(location) and isinstance(data, dict) and (data.get('mac') or '').lower() == mac
    report.add('write.create', 'PUT of a new phone: 201 with Location and the phone', HOLDS if ok else DIFFERS,
               'HTTP %d, Location %s, %s' % (status, location or 'none', _shape(data)), "RESOURCES['endpoint']",
               'HTTP 201, Location, the phone')
    writes = 1
    try:
        if status >= 300:
            return writes
        status, data = _get(client, url)[:2]
        ok = status == 200 and isinstance(data, dict) and data.get('name') == first['name']
        report.add('write.read_back', 'GET of the new phone', HOLDS if ok else DIFFERS,
                   'HTTP %d, name %r' % (status, (data or {}).get('name') if isinstance(data, dict) else None),
                   "RESOURCES['endpoint']", 'HTTP 200 with the name sent')
        status, data = _write(client, 'PUT', url, {'mac': mac, 'name': first['name'] + ' 2',
                                                   'autoprovisioning_enabled': False})
        writes += 1
        kept = data.get(api.FIELDS['warranty_warning_months']) if isinstance(data, dict) else None
        default = api.ENDPOINT_DEFAULTS[api.FIELDS['warranty_warning_months']]
        report.add('write.full_replace', 'PUT leaving out warranty_exp_warning_period: 200, the field back to %d'
                   % default, HOLDS if status == 200 and kept == default else DIFFERS,
                   'HTTP %d, warranty_exp_warning_period %r (was 6)' % (status, kept), 'ENDPOINT_DEFAULTS',
                   'HTTP 200, %d: a full replace' % default)
    finally:
        status = _write(client, 'DELETE', url)[0]
        writes += 1
    gone = _get(client, url)[0]
    report.add('write.delete', 'DELETE: 204, then GET 404', HOLDS if status == 204 and gone == 404 else DIFFERS,
               'DELETE HTTP %d, then GET HTTP %d' % (status, gone), "RESOURCES['endpoint']", '204, then 404')
    return writes


def run(make_client, write_mac=None, write_skip=None):
    """Every check, in the order a user reads them. Returns (report, writes made).

    make_client(**overrides) gives a client of the same account (api_version, clock overridden).
    write_skip says why the opt-in round trip is not made (None: made when write_mac is given).
    """
    report = Report()
    client = make_client()
    observer = Observer(client)
    check_accept(report, make_client)
    role = check_token(report, client)
    companies = check_company(report, client)
    objects = check_collections(report, client, companies)
    first_page = check_paging(report, client)
    catalogue = check_catalogue(report, client, first_page)
    check_passwords(report, objects, catalogue)
    check_not_found(report, client)
    check_server_signature(report, observer)
    check_stale(report, make_client)
    if write_skip is None and not write_mac:
        write_skip = 'read-only run: give write_check_mac (a MAC nobody has) to make the write round trip'
    if write_skip is None and role not in (None, 'admin'):
        write_skip = 'the key\'s role %r cannot write' % role
    writes = check_write(report, client, observer, write_mac, write_skip)
    return report, writes
