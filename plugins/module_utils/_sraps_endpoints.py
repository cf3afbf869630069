# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Plan and apply phone (endpoint) changes, one phone or thousands.

PRIVATE to this collection: not a public API, it may change in any release.

The API's PUT replaces the whole phone, so every write sends the phone's current
writable fields with the user's changes applied. One plan serves check mode and real
mode: check mode stops before apply(). Writes SRAPS answers 202 (carried out later) are
read back together once all writes are sent (await_phones), so a thousand of them wait
about one async_timeout, not a thousand.
"""

from __future__ import annotations

import concurrent.futures
import json
import threading

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_api as api
from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_settings as settings_mod
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import (
    SrapsApiError, SrapsInputError, encode_body, format_detail)
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_mac import normalize_macs
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_match import as_bool, did_you_mean, resolve
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_account import not_reflected
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_resources import (
    ENDPOINT, PLANNED, accepted, limit_problems, reflects)

F = api.FIELDS
WRITABLE = (F['mac'], F['autoprovisioning'], F['profile'], F['name'], F['settings_manager'],
            F['warranty_warning_months'])
# Per-phone options, in the user's words.
PHONE_OPTIONS = ('name', 'profile', 'autoprovisioning', 'settings', 'warranty_warning_months', 'state')
STATE_CHOICES = ['present', 'absent']
# The argument spec of a phone's options at the top of a task (the defaults), and of an item of a list of phones
# (sraps_endpoint's endpoints, sraps_customer's phones), which SrapsModule's bulk checks in place.
PHONE_SPEC = dict(name=dict(type='str'), profile=dict(type='str'), autoprovisioning=dict(type='bool'),
                  settings=dict(type='dict'), warranty_warning_months=dict(type='int'))
ITEM_SPEC = dict(PHONE_SPEC, mac=dict(type='str', required=True), state=dict(type='str', choices=STATE_CHOICES))
# Above this many phones one paged list read is cheaper than a GET per phone.
LIST_READ_THRESHOLD = 10


def writable(endpoint):
    """The fields of a phone a PUT sends, normalised the way the server stores them."""
    out = dict((k, endpoint.get(k, api.ENDPOINT_DEFAULTS.get(k))) for k in WRITABLE)
    out[F['mac']] = (out[F['mac']] or '').lower()
    out[F['autoprovisioning']] = as_bool(out[F['autoprovisioning']])
    out[F['name']] = out[F['name']] or ''
    out[F['profile']] = out[F['profile']] or None
    # A null warranty period stays null: SRAPS stores it as "no warning", and 3 would turn the warning back on.
    out[F['settings_manager']] = out[F['settings_manager']] or {}
    return out


class Profiles(object):
    """The company's provisioning profiles, read once, looked up by name or uuid."""

    def __init__(self, client, planned=()):
        self.client = client
        self.planned = set(planned or ())
        self._items = None

    @property
    def items(self):
        if self._items is None:
            self._items = self.client.cached_list('profiles')
        return self._items

    def by_uuid(self, uuid):
        for profile in self.items:
            if profile['uuid'] == uuid:
                return profile
        return None

    def resolve(self, ref):
        """(profile or None, note): None with a note for a profile the same run declares (check mode)."""
        text = str(ref).strip()
        found = resolve(self.items, text, 'profile name %r' % text)
        if found is not None:
            return found, None
        if text in self.planned:
            return None, 'profile %r does not exist yet; the same run declares it' % text
        names = sorted(set(p.get('name') or '' for p in self.items))
        raise SrapsInputError('unknown profile %r%s; the company has: %s' % (
            text, did_you_mean(text, names), ', '.join(names) or 'no profiles'))


class Phone(object):
    """One phone of the task: what the user wants, what SRAPS has, and what to do."""

    __slots__ = ('mac', 'options', 'have', 'body', 'send', 'action', 'error', 'result', 'notes', 'secrets', 'diff',
                 'output', 'settled', 'pending', 'origin', 'moved')

    def __init__(self, mac, options):
        self.mac = mac
        self.options = options
        self.have = None
        self.body = None
        self.send = None        # the settings_manager to send, where it differs from body's (secrets)
        self.action = None      # create, update, delete, none
        self.error = None
        self.result = None      # what SRAPS answered to the write
        self.notes = ()         # check-mode notes
        self.secrets = ()       # password values the phone's settings hold
        self.diff = None        # (before, after) views, for the phones a diff shows
        self.output = None      # the phone as the task returns it, once settled
        self.settled = False
        self.pending = False    # SRAPS answered the write 202: read back before it counts
        self.origin = None      # (company, endpoint) of another company the phone moves from
        self.moved = None       # {mac, from_company, from_uuid}, once planned as a move


class Options(object):
    """A phone's options: its own item of `endpoints`, with the task's top-level options as defaults.

    A view over the two instead of a merged copy: a bulk task has thousands of phones.
    """

    __slots__ = ('item', 'top')

    def __init__(self, item, top):
        self.item = item
        self.top = top

    def get(self, key, default=None):
        value = self.item.get(key)
        if value is None:
            value = self.top.get(key)
        return default if value is None else value

    def __getitem__(self, key):
        return self.get(key)


def deletes(items, top):
    """The positions (1-based) of the items that remove their phone: a MAC no phone can have is refused
    only where it would be written."""
    return set(position for position, item in enumerate(items, start=1)
               if (item.get('state') or top.get('state') or 'present') == 'absent')


def build_phones(module_params):
    """Phones from `mac` or `endpoints`, top-level options as defaults. Returns (phones, problems)."""
    top = dict((k, module_params.get(k)) for k in PHONE_OPTIONS)
    top['state'] = top['state'] or 'present'
    if module_params.get('mac') is not None:
        items = [{'mac': module_params['mac']}]
    else:
        items = module_params.get('endpoints') or []
    macs, problems = normalize_macs([item.get('mac') for item in items], deletes=deletes(items, top))
    if problems:
        return [], problems
    return [Phone(mac, Options(item, top)) for mac, item in zip(macs, items)], []


class Planner(object):
    """Reads what SRAPS has and plans each phone's write; shared by check mode and real mode."""

    def __init__(self, client, catalogue, purge_settings=False, update_password='on_create', planned_profiles=(),
                 masked_secrets='refuse', returns='all'):
        self.client = client
        self.returns = returns  # which phones keep a public view when settled: all, changed or none
        self.catalogue = catalogue
        self.purge_settings = purge_settings
        self.update_password = update_password
        self.masked_secrets = masked_secrets
        self.profiles = Profiles(client, planned_profiles)
        self.listed = False
        self._resolved = {}
        self._written = {}      # (settings as a task wrote them, product group): {uuid: reference}
        self._naming = None     # the settings of the phone being described (settings_names)
        self.acting_name = None  # the acting company's name, for the diffs of moves

    def read(self, phones, all_phones=False, each_page=None):
        """Current state of the phones: one paged list for many, single GETs for few.

        The list is taken page by page: a phone the task does not name goes with its page, so a site of 500
        phones in a company of 100,000 holds 500, and each_page(phones found in the page), if given, can
        plan them before the next page. all_phones (a purge) keeps every phone of the company and returns
        them by MAC.
        """
        existing = {}
        if all_phones or len(phones) > LIST_READ_THRESHOLD:
            self.listed = True
            wanted = dict((phone.mac, phone) for phone in phones)
            for page in self.client.pages('endpoints'):
                found = []
                for endpoint in page:
                    mac = (endpoint.get(F['mac']) or '').lower()
                    if all_phones:
                        existing[mac] = endpoint
                    phone = wanted.get(mac)
                    if phone is not None:
                        phone.have = endpoint
                        found.append(phone)
                if each_page is not None:
                    each_page(found)
            return existing
        for phone in phones:
            read_one(self.client, phone)
        return existing

    def _settings(self, raw, product_group):
        key = (json.dumps(raw, sort_keys=True, default=str), product_group)
        if key not in self._resolved:
            self._resolved[key] = settings_mod.resolve(raw, self.catalogue, product_group)
        return self._resolved[key]

    def plan(self, phone):
        """Decide phone.action and phone.body; raise SrapsInputError for input that cannot be right."""
        opts = phone.options
        if opts['state'] == 'absent':
            phone.action = 'delete' if phone.have is not None else 'none'
            return
        have = writable(phone.have) if phone.have is not None else writable({F['mac']: phone.mac})
        body = dict(have)
        body[F['mac']] = phone.mac
        product_group = None
        if opts.get('profile') is not None:
            if opts['profile'] == '':
                body[F['profile']] = None
            else:
                profile, note = self.profiles.resolve(opts['profile'])
                if note:
                    phone.notes += (note,)
                    body[F['profile']] = PLANNED + opts['profile']
                else:
                    body[F['profile']] = profile['uuid']
                    product_group = profile.get(F['product_group'])
        elif body[F['profile']]:
            current = self.profiles.by_uuid(body[F['profile']])
            product_group = current.get(F['product_group']) if current else None
        for option, field, to_api in ENDPOINT.plain:
            if opts.get(option) is not None:
                body[field] = to_api(opts[option], self)
        settings_changed = False
        wants = None
        if opts.get('settings') is not None:
            wants = self._settings(opts['settings'], product_group)
            phone.secrets = settings_mod.secret_values(wants, self.catalogue) or ()
            body[F['settings_manager']], settings_changed = settings_mod.apply(
                have[F['settings_manager']], wants, self.catalogue, purge=self.purge_settings,
                update_password=self.update_password)
        changed = phone.have is None or settings_changed or any(
            body[k] != have[k] for k in WRITABLE if k != F['settings_manager'])
        # Known before any write, in check mode too: a value SRAPS would refuse as too long or out of range.
        problems = limit_problems(ENDPOINT, body, [k for k in WRITABLE if phone.have is None or body[k] != have[k]])
        if problems:
            raise SrapsInputError('; '.join(problems))
        # Known before any write: a phone SRAPS would refuse (413) must not leave the others half written.
        size = len(encode_body(body)) if changed else 0
        if size > api.MAX_BODY_BYTES:
            raise SrapsInputError('its settings make a request body of %d bytes, over the 10 MB SRAPS accepts; '
                                  'send fewer settings per phone' % size)
        phone.body = body
        phone.action = ('create' if phone.have is None else 'update') if changed else 'none'
        if phone.origin is not None:
            phone.action = 'move'
        if changed:
            self._secrets_out(phone, wants)

    def _secrets_out(self, phone, wants):
        """What the write sends of the phone's passwords: declared values, never the mask read back."""
        try:
            send = settings_mod.outgoing_body(phone.body, wants, self.catalogue, 'the phone', self.masked_secrets)
        except SrapsInputError as exc:
            # Only this phone fails; the others of a bulk task are written.
            phone.error = exc.msg
            return
        phone.send = None if send is phone.body else send[F['settings_manager']]

    def explain(self, phone, exc):
        """SRAPS's refusal of a phone's write, naming the settings it refused as the task wrote them."""
        if not phone.body:
            return exc      # a delete sends no settings
        profile = self.profiles.by_uuid(phone.body.get(F['profile'])) if phone.body.get(F['profile']) else None
        return settings_mod.rejection(exc, self.catalogue, phone.options.get('settings'),
                                      profile.get(F['product_group']) if profile else None)

    def settings_names(self, endpoint, naming=None):
        """(written, product group) for describe() of a phone: the settings named as naming (the phone's
        settings option; for view(), those note_diff sets) writes them, the product group of its profile."""
        if naming is None:
            naming = self._naming
        profile = self.profiles.by_uuid(endpoint.get(F['profile'])) if endpoint.get(F['profile']) else None
        group = profile.get(F['product_group']) if profile else None
        key = (json.dumps(naming, sort_keys=True, default=str), group)
        if key not in self._written:
            self._written[key] = settings_mod.written_as(naming, self.catalogue, group)
        return self._written[key], group

    def view(self, endpoint, after=False):
        """A phone in the user's words, for diffs. Passwords masked; on the after side a password
        about to be written shows as a new value."""
        if endpoint is None:
            return None
        return ENDPOINT.options(endpoint, self, after=after)

    def after(self, phone):
        """What SRAPS will hold after the write (unmasked; None when the phone goes)."""
        if phone.action == 'delete':
            return None
        if phone.action == 'none':
            return phone.have
        out = dict(phone.have or {})
        out.update(phone.body)
        return out

    def predicted(self, phone, naming=None):
        """The phone as the task returns it after the write: server-owned fields kept, passwords masked."""
        out = self.after(phone)
        if out is not None and str(out.get(F['profile']) or '').startswith(PLANNED):
            out = dict(out)
            out[F['profile']] = None
        return self.public(out, naming)

    def public(self, endpoint, naming=None):
        """An endpoint as returned to the user: settings masked, plus a settings view by param_name.

        The API's own URLs (links) are left out: they serve the client, not the user, and a bulk task
        returns thousands of phones.
        """
        if endpoint is None:
            return None
        written, group = self.settings_names(endpoint, naming)
        return settings_mod.with_settings_view(endpoint, self.catalogue, leave_out=(F['links'],), written=written,
                                               product_group=group)

    def note_diff(self, phone):
        """Keep the phone's before and after views while its planned state is at hand."""
        # Diffs are taken in the main thread, one phone after the other: view() names this phone's settings.
        self._naming = phone.options.get('settings')
        phone.diff = (self.view(phone.have), self.view(self.after(phone), after=True))
        if phone.origin is not None:
            company, old = phone.origin
            phone.diff = (dict(self.view(old), company=company.get(F['name'])),
                          dict(phone.diff[1], company=self.acting_name))
        self._naming = None

    def settle(self, phone, written=False):
        """Keep of a phone only what the task returns: its outcome and, if it is returned, its public view.

        Called as soon as a phone is done (in the write's worker thread for a written phone), so a
        bulk task holds one view per phone instead of the phone's current state, its request body
        and SRAPS's answer all at once.
        """
        if phone.settled:
            return
        if phone.error is None and phone.action != 'delete' and (
                self.returns == 'all' or (self.returns == 'changed' and phone.action in ('create', 'update', 'move'))):
            naming = phone.options.get('settings') if phone.options is not None else None
            phone.output = self.public(phone.result, naming) if written else self.predicted(phone, naming)
        phone.have = phone.body = phone.send = phone.result = phone.options = phone.origin = None
        phone.settled = True


def purge_extra(phones, existing):
    """The phones of existing (mac: endpoint) that phones does not list, planned for deletion."""
    listed = set(phone.mac for phone in phones)
    extra = []
    for mac in sorted(existing):
        if mac not in listed:
            phone = Phone(mac, {'state': 'absent'})
            phone.have = existing[mac]
            phone.action = 'delete'
            extra.append(phone)
    return extra


def probe_new(client, planner, phones, parallel):
    """Check mode: a phone missing from the company's list may belong to another account.

    A real run learns that from the PUT; check mode asks with a GET per new phone, `parallel` at a time.
    """
    if not planner.listed:
        return
    new = [phone for phone in phones if phone.action == 'create' and not phone.error]
    run_parallel(lambda phone: read_one(client, phone), new, parallel)


def outcome(phone):
    """What happened to the phone, in the words of the results: created, updated, deleted, unchanged, failed."""
    if phone.error:
        return 'failed'
    return {'create': 'created', 'update': 'updated', 'delete': 'deleted',
            'move': 'moved'}.get(phone.action, 'unchanged')


# SRAPS says taken_mac_or_forbidden to a PUT and "User lacks permission to endpoint" to a GET;
# one message for both, so check mode predicts the real run's words.
FOREIGN_MAC = ('the MAC belongs to another SRAPS account: remove it from the list, or ask its owner to '
               'release it')


def is_foreign_mac(exc):
    said = format_detail(exc.detail)
    return exc.status in (400, 403) and ('taken_mac_or_forbidden' in said or 'permission to endpoint' in said)


def held_by(company):
    """FOREIGN_MAC for a MAC that a company the key can see holds: that company named, and how to move it."""
    return ('the MAC belongs to another SRAPS account: company %r (%s), which this access key can also see, '
            'holds it. Remove it there first (sraps.provisioning.sraps_endpoint with company: %s and state: '
            'absent), remove it from the list, or move it here with move_from: [%s]'
            % (company.get(F['name']), company.get(F['uuid']), company.get(F['uuid']),
               json.dumps(company.get(F['name']) or company.get(F['uuid']))))


def find_holders(client, macs, companies):
    """{mac: (company, endpoint)} for the MACs of macs that one of companies holds.

    One paged list of phones per company, in the order given, until every MAC is found: the lookup of a
    move, of a refused MAC's holder and of the reseller view of sraps_endpoint_info.
    """
    wanted = set(macs)
    found = {}
    for company in companies:
        if not wanted:
            break
        for endpoint in client.list('endpoints', company=company.get(F['uuid'])):
            mac = (endpoint.get(F['mac']) or '').lower()
            if mac in wanted:
                wanted.discard(mac)
                found[mac] = (company, endpoint)
    return found


def visible_companies(client):
    """The companies the access key can see (its own and, for a reseller, its customers), read once."""
    return client.cached_list('companies')


def name_holders(client, phones):
    """Phones refused as another account's MAC: when a company the key can see (a reseller's other
    customers, its own company) holds the MAC, the phone's error names it. Read only on this error path,
    one list of phones per company until every such MAC is found; a failed lookup leaves the errors as
    they are."""
    foreign = dict((phone.mac, phone) for phone in phones if phone.error == FOREIGN_MAC)
    if not foreign:
        return
    try:
        acting = client.company_uuid
        companies = [c for c in visible_companies(client) if c.get(F['uuid']) != acting]
        for mac, (company, dummy) in find_holders(client, foreign, companies).items():
            foreign[mac].error = held_by(company)
    except SrapsApiError:
        return


MOVE_FROM_ANY = 'any'


def move_sources(client, move_from):
    """The companies of the option move_from, in its order: names or uuids of companies the key can see,
    or 'any' (every one of them but the acting company). Raises SrapsInputError for one it cannot see."""
    companies = visible_companies(client)
    acting = client.company_uuid
    refs = [str(ref).strip() for ref in move_from or ()]
    if MOVE_FROM_ANY in [ref.lower() for ref in refs]:
        if len(refs) > 1:
            raise SrapsInputError('move_from: %r stands alone (every company the key can see); give it, or '
                                  'a list of companies' % MOVE_FROM_ANY)
        return [c for c in companies if c.get(F['uuid']) != acting]
    out = []
    for ref in refs:
        company = resolve(companies, ref, 'company name %r' % ref)
        if company is None:
            names = sorted(c.get(F['name']) or '' for c in companies)
            raise SrapsInputError('move_from: company %r is not among the companies this key can see (%s)%s'
                                  % (ref, ', '.join(names) or 'none', did_you_mean(ref, names)))
        if company.get(F['uuid']) != acting and company not in out:
            out.append(company)
    return out


def plan_moves(client, planner, phones, move_from):
    """Phones to register that the acting company does not hold and a company of move_from does: each
    gets phone.origin (that company and the phone there) and phone.moved; plan() then makes it a move.

    Looked up only for the phones missing from the acting company (refused as another account's MAC by
    a single read included), one paged list per company of move_from until all are found."""
    missing = dict((phone.mac, phone) for phone in phones
                   if not phone.settled and phone.options['state'] != 'absent' and phone.have is None
                   and phone.error in (None, FOREIGN_MAC))
    if not missing:
        return
    sources = move_sources(client, move_from)
    acting = client.company_uuid
    planner.acting_name = next((c.get(F['name']) for c in visible_companies(client)
                                if c.get(F['uuid']) == acting), acting)
    for mac, (company, endpoint) in find_holders(client, missing, sources).items():
        phone = missing[mac]
        phone.error = None
        phone.origin = (company, endpoint)
        phone.moved = {'mac': mac, 'from_company': company.get(F['name']), 'from_uuid': company.get(F['uuid'])}


def without_masked(settings_manager):
    """settings_manager without the entries that hold the mask SRAPS reads passwords back as: sent back,
    the mask would become the password."""
    out = {}
    for uuid, entry in (settings_manager or {}).items():
        if isinstance(entry, list):
            kept = [item for item in entry if not (isinstance(item, dict) and item.get('value') == api.MASKED_VALUE)]
            if kept:
                out[uuid] = kept
        elif not (isinstance(entry, dict) and entry.get('value') == api.MASKED_VALUE):
            out[uuid] = entry
    return out


def move(client, phone, explain=None):
    """Move a phone: delete it in the company it comes from, create it here as the task declares.

    A delete whose answer was lost and that SRAPS already carried out is answered 404 on the retry, which
    counts as done (client.delete). When the create fails for good, the create may still have happened (its
    answer lost): a read here tells. Otherwise the phone is put back in the old company as it was, and its
    error says both what failed and whether it was put back. Raises nothing: the outcome is on the phone."""
    company, old = phone.origin
    source = company.get(F['uuid'])
    label = '%r' % company.get(F['name'])
    try:
        response = client.delete('endpoint', mac=phone.mac, company=source)
        if accepted(response):
            gone = client.wait_for([phone], lambda pending: [
                p for p in pending if client.get('endpoint', mac=p.mac, company=source, missing_ok=True) is not None])
            if gone:
                phone.error = ('moving it from company %s failed: SRAPS accepted its removal there but did not '
                               'carry it out within %s seconds; it stays in %s' % (label, client.async_timeout, label))
                return
    except SrapsApiError as exc:
        phone.error = 'moving it from company %s failed: could not remove it there: %s; it stays in %s' % (
            label, phone_reason(exc), label)
        return
    body = phone.body if phone.send is None else dict(phone.body, **{F['settings_manager']: phone.send})
    try:
        response = client.put('endpoint', body, mac=phone.mac)
    except SrapsApiError as exc:
        reason = FOREIGN_MAC if is_foreign_mac(exc) else phone_reason(explain(phone, exc) if explain else exc)
        try:
            here = client.get('endpoint', mac=phone.mac, missing_ok=True)
        except SrapsApiError:
            here = None
        if here is not None:
            phone.result = here
            return
        phone.error = 'moving it from company %s failed: the create here failed because %s; %s' % (
            label, reason, restore(client, phone, company, old))
        return
    phone.pending = accepted(response)
    phone.result = response.data if response is not None and not phone.pending else None


def restore(client, phone, company, old):
    """Put a phone whose move failed back in the company it came from, as it was; says how that went."""
    label = '%r' % company.get(F['name'])
    body = writable(old)
    body[F['settings_manager']] = without_masked(body[F['settings_manager']])
    try:
        client.put('endpoint', body, mac=phone.mac, company=company.get(F['uuid']))
    except SrapsApiError as exc:
        return ('restoring it to %s failed too because %s: the phone is in no company now; a re-run creates it '
                'here' % (label, phone_reason(exc)))
    kept = '' if body[F['settings_manager']] == writable(old)[F['settings_manager']] else (
        ' (but for its password settings, which SRAPS never shows)')
    return 'restored to %s as it was%s' % (label, kept)


def read_one(client, phone):
    """Read one phone into phone.have; a MAC of another account becomes the phone's error."""
    try:
        phone.have = client.get('endpoint', mac=phone.mac, missing_ok=True)
    except SrapsApiError as exc:
        if not is_foreign_mac(exc):
            raise
        phone.error = FOREIGN_MAC


def write(client, phone, explain=None):
    """Apply one phone's planned action; record the result or the error on the phone.

    explain(phone, exc), if given, turns SRAPS's refusal into the error to record (Planner.explain)."""
    if phone.action == 'move':
        move(client, phone, explain)
        return
    try:
        if phone.action == 'delete':
            response = client.delete('endpoint', mac=phone.mac)
        elif phone.action in ('create', 'update'):
            body = phone.body if phone.send is None else dict(phone.body, **{F['settings_manager']: phone.send})
            response = client.put('endpoint', body, mac=phone.mac)
        else:
            return
        phone.pending = accepted(response)
        phone.result = response.data if response is not None and not phone.pending else None
    except SrapsApiError as exc:
        phone.error = FOREIGN_MAC if is_foreign_mac(exc) else phone_reason(explain(phone, exc) if explain else exc)


def phone_reason(exc):
    """A write's error without the phone's path: the phone is named already, and equal reasons of many
    phones (a read-only key, SRAPS down) then group into one line instead of one line per phone."""
    if exc.method and exc.path and exc.msg.startswith('%s %s' % (exc.method, exc.path)):
        return exc.method + exc.msg[len(exc.method) + 1 + len(exc.path):]
    return exc.msg


_DONE = object()


def run_parallel(work, items, parallel):
    """work(item) for every item, `parallel` at a time; work records its own outcome."""
    if parallel <= 1 or len(items) <= 1:
        for item in items:
            work(item)
        return
    # `parallel` workers take the next item from one shared iterator. Executor.map would submit every
    # item at once: a future, with its lock and condition, per item (about 19 MB for 10,000 phones).
    pending = iter(items)
    lock = threading.Lock()
    errors = []

    def worker():
        while True:
            with lock:
                item = next(pending, _DONE)
            if item is _DONE:
                return
            try:
                work(item)
            except Exception as exc:  # pylint: disable=broad-except
                errors.append(exc)     # raised once every item had its turn, as Executor.map did

    with concurrent.futures.ThreadPoolExecutor(max_workers=parallel) as pool:
        for future in [pool.submit(worker) for dummy in range(min(parallel, len(items)))]:
            future.result()
    if errors:
        raise errors[0]


def apply(client, phones, parallel, planner):
    """Run the writes, `parallel` at a time; a failing phone does not stop the others.

    planner.settle(phone, written=True) runs right after each phone's write, or once SRAPS shows a write
    it answered 202; planner.explain words a refused setting as in write().
    """
    todo = [p for p in phones if p.action in ('create', 'update', 'delete', 'move') and p.error is None]

    def work(phone):
        write(client, phone, planner.explain)
        if not phone.pending:
            planner.settle(phone, written=True)

    run_parallel(work, todo, parallel)
    pending = [p for p in todo if p.pending]
    if pending:
        await_phones(client, pending, parallel, planner.catalogue)
        for phone in pending:
            planner.settle(phone, written=True)


def shows_write(phone, catalogue):
    """Whether the phone as read back (phone.result) shows its write: gone, or the body's fields."""
    if phone.action == 'delete':
        return phone.result is None
    return reflects(ENDPOINT, phone.body, phone.result, catalogue)


def await_phones(client, phones, parallel, catalogue):
    """Read back the phones whose write SRAPS answered 202 until each shows it, all within one async_timeout:
    many with one paged list per round, few with GETs `parallel` at a time. Those that never show fail."""
    def read_back(phone):
        try:
            phone.result = client.get('endpoint', mac=phone.mac, missing_ok=True)
        except SrapsApiError as exc:
            phone.error = phone_reason(exc)     # that phone's own reason, not a timeout

    def check(pending):
        if len(pending) > LIST_READ_THRESHOLD:
            listed = dict(((e.get(F['mac']) or '').lower(), e) for e in client.list('endpoints'))
            for phone in pending:
                phone.result = listed.get(phone.mac)
        else:
            run_parallel(read_back, pending, parallel)
        return [phone for phone in pending if phone.error is None and not shows_write(phone, catalogue)]

    for phone in client.wait_for(phones, check):
        phone.error = not_reflected(client.async_timeout)
        phone.pending = False
