# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""One customer of a book, converged in one module run (sraps_customer).

PRIVATE to this collection: not a public API, it may change in any release.

A book holds hundreds of customers; a module run per object would cost a dozen module starts per
customer. Here one run reads each collection of the customer once, plans every object with the
descriptions of _sraps_resources and the phones with the bulk planner of _sraps_endpoints, checks the
whole plan before the first write (check mode stops there), then writes in the order SRAPS needs:
the company, users, profiles, product defaults, phones, and last what goes (profiles only once no
phone uses them). Its result says per object and per field what changed, or would: the drift report.
"""

from __future__ import annotations

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_api as api
from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_endpoints as ep
from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_resources as resources
from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_settings as settings_mod
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_catalogue import Catalogue
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import SrapsError, SrapsInputError
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_mac import normalize_macs
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_match import same_text
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_resources import (
    COMPANY, PRODUCT_DEFAULT, PROFILE, USER)

F = api.FIELDS
# The sections of a customer, in the order they are written, and the kind of object each holds.
SECTIONS = ('company', 'users', 'profiles', 'product_defaults', 'phones')
KIND_OF = {'company': 'company', 'users': 'user', 'profiles': 'profile', 'product_defaults': 'product_default',
           'phones': 'phone'}
PURGE_KINDS = ('phones', 'profiles', 'product_defaults', 'users')
OBJECT_KINDS = (('users', USER), ('profiles', PROFILE), ('product_defaults', PRODUCT_DEFAULT))
ACTIONS = {'create': 'created', 'update': 'updated', 'delete': 'deleted'}
DIFF_PHONES = 20        # phones a diff shows; the result's changes list every one
SHOWN = 10              # names a message lists before "and N more"


def shown(names):
    names = list(names)
    return ', '.join(str(n) for n in names[:SHOWN]) + (' and %d more' % (len(names) - SHOWN)
                                                       if len(names) > SHOWN else '')


def field_changes(before, after):
    """[{field, before, after}] between two views of an object in the options' words, settings one by one.
    Both views come masked from the descriptions: no password is in them."""
    before, after = before or {}, after or {}
    out = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if key == 'settings' and (isinstance(old, dict) or isinstance(new, dict)):
            old, new = old or {}, new or {}
            for name in sorted(set(old) | set(new), key=str):
                if old.get(name) != new.get(name):
                    out.extend(setting_changes('settings.%s' % name, old.get(name), new.get(name)))
        elif old != new:
            out.append({'field': key, 'before': old, 'after': new})
    return out


def setting_changes(field, old, new):
    """A setting's change: its value as the field itself, its attributes (perm, index) as field.attribute when
    both sides have them; a setting that comes or goes, whole."""
    if not (isinstance(old, dict) and isinstance(new, dict)):
        old, new = unwrap(old), unwrap(new)
        return [] if old == new else [{'field': field, 'before': old, 'after': new}]
    out = []
    for key in sorted(set(old) | set(new)):
        if old.get(key) != new.get(key):
            out.append({'field': field if key == 'value' else '%s.%s' % (field, key),
                        'before': old.get(key), 'after': new.get(key)})
    return out


def unwrap(value):
    """A setting shown as {value: ...} alone is its value."""
    if isinstance(value, dict) and set(value) == {'value'}:
        return value['value']
    return value


class Step(object):
    """One object of the customer: what the book asks, what SRAPS has, and the planned write."""

    __slots__ = ('section', 'kind', 'ctx', 'name', 'have', 'body', 'send', 'action', 'purged')

    def __init__(self, section, kind, ctx, name, have, action='none', body=None, send=None, purged=False):
        self.section = section
        self.kind = kind
        self.ctx = ctx
        self.name = name
        self.have = have
        self.action = action
        self.body = body
        self.send = send
        self.purged = purged

    def views(self):
        """(before, after) in the options' words, masked; after is what SRAPS will hold."""
        after = None
        if self.action != 'delete':
            after = self.kind.predict(self.ctx, self.have, self.body) if self.action != 'none' else self.have
        return self.kind.options(self.have, self.ctx), self.kind.options(after, self.ctx, after=True)


class Customer(object):
    """Plan and converge one customer; `result()` is what the module returns."""

    def __init__(self, module):
        self.module = module
        self.p = module.params
        self.account = module.client
        self.catalogue = Catalogue(self.account)
        self.check = module.check_mode
        self.name = (self.p['customer']['name'] or '').strip()
        self.uuid = None
        self.own = False
        self.problems = []
        self.steps = []             # company, users, profiles, product defaults: in write order
        self.deletes = []           # profiles, product defaults and users that go, after the phones
        self.phones = []
        self.existing_phones = {}
        self.phone_planner = None
        self.created_uuid = None
        self.changes = []
        self.failures = []
        self.summary = dict((s, dict(created=0, updated=0, deleted=0, unchanged=0, failed=0)) for s in SECTIONS)
        self.purged = dict((k, []) for k in PURGE_KINDS)

    # ------------------------------------------------------------ planning (no write)
    def params(self, item):
        return dict(item, masked_secrets=self.p['masked_secrets'])

    def context(self, params):
        return resources.Context(self.account, params, hide=self.module.no_log_values, catalogue=self.catalogue)

    def plan(self):
        """Plan every object; the problems that must stop the customer before any write, in self.problems."""
        self.plan_company()
        for section, kind in OBJECT_KINDS:
            self.plan_objects(section, kind)
        self.plan_phones()
        self.plan_purge()

    def plan_company(self):
        own_uuid = self.account.resolve_company(None)
        companies = self.account.cached_list('companies')
        own = next((c for c in companies if c.get(F['uuid']) == own_uuid), None) or self.account.get(
            'company', company=own_uuid)
        if not self.name or same_text(own.get(F['name']), self.name):
            # The key's own company: acted in, never changed (sraps_company manages the companies below it).
            self.own, self.uuid, self.name = True, own_uuid, own.get(F['name'])
            self.account.act_in(own_uuid)
            self.summary['company']['unchanged'] = 1
            return
        ctx = self.context(dict(self.p['customer'], state='present'))
        ctx.own_uuid, ctx.companies = own_uuid, companies
        have = COMPANY.locate(ctx, companies, self.name)
        body, changed = COMPANY.plan(ctx, have)
        step = Step('company', COMPANY, ctx, self.name, have)
        self.ready(step, body, changed)
        self.steps.append(step)
        self.uuid = have[F['uuid']] if have else None
        # A company still to create is read as empty: what it will hold is all new.
        self.account.act_in(self.uuid)

    def ready(self, step, body, changed):
        if changed:
            try:
                step.send = resources.ready(step.kind, step.ctx, step.have, body, changed)
            except SrapsInputError as exc:
                self.problems.append(exc.msg)
            step.body, step.action = body, 'create' if step.have is None else 'update'

    def plan_objects(self, section, kind):
        items = self.p[section]
        existing = self.account.cached_list(kind.collection) if self.uuid else []
        seen = {}
        for item in items:
            ctx = self.context(self.params(item))
            try:
                kind.prepare(ctx)
                key = kind.key_value(ctx)
                label = kind.label(ctx)
                seen.setdefault(str(key).strip().lower(), []).append(label)
                have = kind.locate(ctx, existing, key, uuid=item.get('uuid'))
                if item['state'] == 'absent':
                    if have is not None:
                        kind.blockers(ctx, have)
                        self.deletes.append(Step(section, kind, ctx, self.object_name(kind, ctx), have,
                                                 action='delete'))
                    continue
                body, changed = kind.plan(ctx, have)
            except SrapsInputError as exc:
                self.problems.append(exc.msg)
                continue
            step = Step(section, kind, ctx, self.object_name(kind, ctx), have)
            self.ready(step, body, changed)
            self.steps.append(step)
        for labels in seen.values():
            if len(labels) > 1:
                self.problems.append('%s is listed %d times in %s; list each once' % (labels[0], len(labels), section))

    @staticmethod
    def object_name(kind, ctx):
        """The object in the report: the name the book gives it (a product by its name)."""
        if kind is PRODUCT_DEFAULT:
            return ctx.product.get(F['name'])
        return ctx.params[kind.key_option]

    def declared_profiles(self):
        """Names of the profiles this run creates (check mode plans phones that name them)."""
        return [s.name for s in self.steps if s.section == 'profiles' and s.action == 'create']

    def build_phones(self):
        top = dict((k, None) for k in ep.PHONE_OPTIONS)
        top['state'] = 'present'
        items = self.p['phones']
        macs, problems = normalize_macs([item.get('mac') for item in items], deletes=ep.deletes(items, top))
        self.problems.extend('phones: %s' % problem for problem in problems)
        counts = {}
        for mac in macs:
            counts[mac] = counts.get(mac, 0) + 1
        repeated = sorted(mac for mac, n in counts.items() if n > 1)
        if repeated:
            self.problems.append('phones: %d MAC(s) are listed more than once: %s; list each phone once'
                                 % (len(repeated), shown(repeated)))
        return [] if problems else [ep.Phone(mac, ep.Options(item, top)) for mac, item in zip(macs, items)]

    def phone_planner_for(self, planned):
        return ep.Planner(self.account, self.catalogue, purge_settings=self.p['purge_settings'],
                          update_password=self.p['update_password'], planned_profiles=planned,
                          masked_secrets=self.p['masked_secrets'], returns='none')

    def plan_phones(self, read=True):
        """Plan the phones: read once, planned again (read=False) once the profiles they name exist."""
        self.phones = self.build_phones()
        planner = self.phone_planner_for(self.declared_profiles())
        if read:
            self.existing_phones = planner.read(self.phones, all_phones=True) if self.uuid else {}
        for phone in self.phones:
            phone.have = self.existing_phones.get(phone.mac)
        problems = []
        for phone in self.phones:
            try:
                planner.plan(phone)
            except SrapsInputError as exc:
                problems.append((phone.mac, exc.msg))
            self.module.no_log_values.update(phone.secrets)
        self.problems.extend(ep_lines(problems))
        self.phone_planner = planner

    def plan_purge(self):
        kinds = self.p['purge']
        if not kinds:
            return
        if self.own:
            self.problems.append(
                'purge does not act in the access key\'s own company %r; leave purge out for this customer, or '
                'manage it with a key of the company above it' % self.name)
            return
        if 'phones' in kinds:
            extra = ep.purge_extra(self.phones, self.existing_phones)
            self.guard('phones', [p.mac for p in extra], len(self.existing_phones))
            self.phones.extend(extra)
        for section, kind in OBJECT_KINDS:
            if section not in kinds or not self.uuid:
                continue
            existing = self.account.cached_list(kind.collection)
            kept = set(id(s.have) for s in self.steps + self.deletes if s.section == section and s.have is not None)
            extra = [obj for obj in existing if id(obj) not in kept]
            for obj in extra:
                ctx = self.context({kind.key_option: obj.get(kind.key), 'state': 'absent', 'settings': None,
                                    'masked_secrets': self.p['masked_secrets']})
                name = self.catalogue.product_name(obj.get(F['product'])) if kind is PRODUCT_DEFAULT else obj.get(
                    kind.key)
                if kind is PRODUCT_DEFAULT:
                    ctx.product = {F['uuid']: obj.get(F['product']), F['name']: name}
                self.deletes.append(Step(section, kind, ctx, name, obj, action='delete', purged=True))
            self.guard(section, [s.name for s in self.deletes if s.section == section and s.purged], len(existing))
        self.check_profiles_unused()

    def guard(self, section, names, total):
        """The purge rail: never more than purge_max_fraction of a kind without the customer's name as
        purge_confirm."""
        self.purged[section] = sorted(str(n) for n in names)
        limit = self.p['purge_max_fraction']
        if not names or len(names) <= limit * total or same_text(self.p['purge_confirm'] or '', self.name):
            return
        self.problems.append(
            'purge would delete %d of the %d %s of %r (%d %%), over purge_max_fraction (%g %%): %s. Check that the '
            'book lists them; to delete them anyway set purge_confirm (apply_purge_confirm of the playbook '
            'sraps.provisioning.apply) to %r for this customer, or raise purge_max_fraction'
            % (len(names), total, section.replace('_', ' '), self.name, round(100.0 * len(names) / total), 100 * limit,
               shown(sorted(names)), self.name))

    def check_profiles_unused(self):
        """A profile that goes must not be in use by a phone that stays."""
        going = dict((s.have[F['uuid']], s.name) for s in self.deletes if s.section == 'profiles')
        if not going:
            return
        users = {}
        for phone in self.phones:
            if phone.action == 'delete':
                continue
            profile = (phone.body or phone.have or {}).get(F['profile'])
            if profile in going:
                users.setdefault(going[profile], []).append(phone.mac)
        listed = set(phone.mac for phone in self.phones)
        for mac, endpoint in self.existing_phones.items():
            if mac not in listed and endpoint.get(F['profile']) in going:
                users.setdefault(going[endpoint.get(F['profile'])], []).append(mac)
        for name, macs in sorted(users.items()):
            self.problems.append(
                'profile %r would be deleted but %d phone(s) still use it: %s. List the profile in the book, or '
                'give those phones another profile (or purge them too)' % (name, len(macs), shown(sorted(macs))))

    # ------------------------------------------------------------ writing (or predicting, in check mode)
    def converge(self):
        """Write the plan in stage order (check mode: predict it). A failed object is reported and the
        others go on, except a company that could not be created: then nothing else is written."""
        for step in self.steps:
            self.write_step(step)
            if step.section == 'company' and step.action == 'create' and not self.check:
                if self.failures:
                    return
                self.uuid = self.created_uuid
                self.account.act_in(self.uuid)
        if not self.check and self.declared_profiles():
            # Phones that name a profile created above: planned again, now that it has a uuid.
            self.account.forget('profiles')
            self.plan_phones(read=False)
            if 'phones' in self.p['purge']:
                self.phones.extend(ep.purge_extra(self.phones, self.existing_phones))
        self.write_phones()
        for step in self.deletes:
            self.write_step(step)

    def write_step(self, step):
        if step.action == 'none':
            self.summary[step.section]['unchanged'] += 1
            return
        before, after = step.views()
        try:
            if step.action == 'delete':
                resources.ensure_absent(step.kind, step.ctx, step.have)
            else:
                written = resources.write_object(step.kind, step.ctx, step.have, step.body, step.send)
                if step.section == 'company' and written:
                    self.created_uuid = written.get(F['uuid'])
        except SrapsError as exc:
            self.fail(step.section, step.name, exc.msg)
            return
        self.record(step.section, step.name, step.action, before, after, step.purged)

    def write_phones(self):
        planner = self.phone_planner
        phones = self.phones
        if self.check:
            ep.probe_new(self.account, planner, phones, self.p['parallel'])
        for phone in phones:
            if phone.action in ACTIONS and not phone.error:
                planner.note_diff(phone)
        if not self.check:
            ep.apply(self.account, phones, self.p['parallel'], planner)
        ep.name_holders(self.account, phones)
        purged = set(self.purged['phones'])
        for phone in phones:
            state = ep.outcome(phone)
            if state == 'failed':
                self.fail('phones', phone.mac, phone.error)
            elif state == 'unchanged':
                self.summary['phones']['unchanged'] += 1
            else:
                self.record('phones', phone.mac, phone.action, phone.diff[0], phone.diff[1],
                            phone.mac in purged)
            phone.diff = None

    def record(self, section, name, action, before, after, purged=False):
        self.summary[section][ACTIONS[action]] += 1
        # Field by field for an update; an object that comes or goes is named, its fields are the book's (a create)
        # or SRAPS's (a delete): a book applied to an empty account would otherwise report every field of every phone.
        self.changes.append({'kind': KIND_OF[section], 'object': name, 'action': action, 'purged': purged,
                             'fields': field_changes(before, after) if action == 'update' else [],
                             'before': before or {}, 'after': after or {}})

    def fail(self, section, name, msg):
        self.summary[section]['failed'] += 1
        self.failures.append({'kind': KIND_OF[section], 'object': name, 'msg': msg})

    # ------------------------------------------------------------ the result
    def result(self):
        changes = [dict((k, v) for k, v in c.items() if k not in ('before', 'after')) for c in self.changes]
        return dict(changed=bool(self.changes), customer=dict(name=self.name, uuid=self.uuid, own=self.own),
                    summary=self.summary, changes=changes, failures=self.failures, purged=self.purged)

    def diff(self):
        """before and after of the objects that change, by kind and name; the first DIFF_PHONES phones."""
        before, after = {}, {}
        phones = 0
        for change in self.changes:
            if change['kind'] == 'phone':
                phones += 1
                if phones > DIFF_PHONES:
                    continue
            before.setdefault(change['kind'], {})[change['object']] = change['before'] or 'absent'
            after.setdefault(change['kind'], {})[change['object']] = change['after'] or 'absent'
        if phones > DIFF_PHONES:
            note = 'the first %d of %d changed phones' % (DIFF_PHONES, phones)
            before['phones_shown'] = after['phones_shown'] = note
        return before, after


def ep_lines(problems):
    """Phone problems as lines, a reason shared by many phones said once."""
    by_reason = {}
    for mac, msg in problems:
        by_reason.setdefault(msg, []).append(mac)
    return ['phone%s %s: %s' % ('s' if len(macs) > 1 else '', shown(macs), msg) for msg, macs in by_reason.items()]


def hide_settings(module):
    """Values of the book's settings that may be passwords, hidden before anything can fail."""
    p = module.params
    for section in ('profiles', 'product_defaults', 'phones'):
        for item in p[section]:
            module.no_log_values.update(settings_mod.likely_secret_values(item.get('settings')))


def run(module):
    """The module's flow: check the options, plan, stop on any problem before a write, converge, report."""
    p = module.params
    hide_settings(module)
    if p['parallel'] < 1:
        module.fail_json(msg='parallel must be 1 or more, got %d' % p['parallel'])
    if not 0 <= p['purge_max_fraction'] <= 1:
        module.fail_json(msg='purge_max_fraction must be from 0 to 1 (0.1 is 10 %%), got %g' % p['purge_max_fraction'])
    module.pool_size = max(module.pool_size, p['parallel'])
    customer = Customer(module)
    customer.plan()
    if customer.problems:
        lines = customer.problems
        module.fail_json(msg='customer %r: nothing was written: %s' % (customer.name, '; '.join(lines)),
                         errors=lines, **dict(customer.result(), changed=False, changes=[]))
    customer.converge()
    result = customer.result()
    if module._diff and customer.changes:
        before, after = customer.diff()
        result['diff'] = dict(before=before, after=after)
    if customer.failures:
        failed = customer.failures
        module.fail_json(msg='customer %r: %d object(s) failed: %s' % (
            customer.name, len(failed), '; '.join('%s %s: %s' % (f['kind'], f['object'], f['msg'])
                                                  for f in failed[:SHOWN])), **result)
    module.exit_json(**result)
