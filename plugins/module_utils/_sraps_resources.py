# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""One description per kind of SRAPS object, and the one flow that creates, updates and deletes them.

PRIVATE to this collection: not a public API, it may change in any release.

A description (Kind) says which module option maps to which API field (Field), how each side
is normalised, which field finds the object (its natural key), which fields the server fills in
(_sraps_api.SERVER_OWNED) and which values are secret (password settings). From it come:

- the body to send: plan() applies the options the user set to the current object (a full
  replace, as SRAPS PUT is), comparing each field with its own rule;
- the check-mode prediction: predict() is the object SRAPS will hold after the write;
- the reverse direction: options() turns an object read from SRAPS back into module options,
  so options -> SRAPS -> options is the identity (tests/unit checks it for every kind), and an
  export can write what an account holds as the options that would create it.

ensure_present() and ensure_absent() are the one flow of the object modules; finalise() is the
one place where a planned body is checked before anything is written. A write SRAPS answers 202
(it acts asynchronously) is read back until the object shows it (reflects(), await_object()).
"""

from __future__ import annotations

import copy

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_api as api
from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_settings as settings_mod
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_account import ASYNC_STATUS, not_reflected
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_catalogue import Catalogue
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import SrapsApiError, SrapsInputError
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_match import (
    OBJECTS_MATCH, as_bool, resolve, same_text, same_value)

F = api.FIELDS
SKIP = object()     # Field.want(): the option is not set, so the field is not touched
STATE = dict(type='str', choices=['present', 'absent'], default='present')
# Objects SRAPS keeps unique (a second POST is refused): fixing duplicates is the web interface's job.
UNIQUE_DUPLICATES = 'SRAPS should not hold two; remove one of them in the SRAPS web interface'
SHOWN_MACS = 10     # how many MACs a "profile in use" error names; the count is always complete


def _same(value, ctx):
    return value


class Field(object):
    """One module option and the API field it maps to.

    to_api(value, ctx) and to_option(value, ctx) normalise each way (identity by default);
    same(have, want) decides whether a stored value already is the wanted one.
    """

    __slots__ = ('option', 'api', 'spec', 'to_api', 'to_option', 'same')

    def __init__(self, option, api_field, spec, to_api=_same, to_option=_same, same=same_value):
        self.option = option
        self.api = api_field
        self.spec = spec
        self.to_api = to_api
        self.to_option = to_option
        self.same = same

    def want(self, ctx, have):
        """The API value the user asks for, or SKIP when the option is not set."""
        value = ctx.params.get(self.option)
        return SKIP if value is None else self.to_api(value, ctx)

    def option_value(self, obj, ctx, after=False):
        return self.to_option(obj.get(self.api), ctx)


class SettingsField(Field):
    """`settings` <-> `settings_manager`: merged into what the object has (or replacing it with
    purge_settings); password values are secrets, shown masked in both directions."""

    def __init__(self):
        super(SettingsField, self).__init__('settings', F['settings_manager'], dict(type='dict'))

    def want(self, ctx, have):
        p = ctx.params
        new, changed = settings_mod.apply(
            (have or {}).get(self.api) or {}, ctx.wants, ctx.catalogue,
            purge=p['purge_settings'] and p['settings'] is not None, update_password=p['update_password'])
        return new if have is None or changed else SKIP

    def option_value(self, obj, ctx, after=False):
        written, product_group = ctx.settings_names(obj)
        return settings_mod.describe(obj.get(self.api), ctx.catalogue, mark_new_secrets=after, written=written,
                                     product_group=product_group)


# Normalisers shared by several kinds.
def _upper(value, ctx):
    return value.strip().upper()


def _stripped(value, ctx):
    return value.strip()


def _bool(value, ctx):
    return as_bool(value)


def _group_uuid(value, ctx):
    return ctx.catalogue.product_group(value)[F['uuid']]


def _group_name(value, ctx):
    return ctx.catalogue.product_group_name(value)


def _product_uuid(value, ctx):
    return ctx.catalogue.product(value)[F['uuid']]


def _product_name(value, ctx):
    return ctx.catalogue.product_name(value)


class Context(object):
    """What one task's planning needs: the client, the options, the catalogue (read when first
    asked for), and what the kind's prepare() found (the product group, the resolved settings)."""

    def __init__(self, client, params, hide=None, catalogue=None):
        self.client = client
        self.params = params
        self.hide = hide if hide is not None else set()   # values no output may show
        self.wants = {}
        self.product_group = None
        self.product = None
        self.own_uuid = None
        self.companies = None
        self._catalogue = catalogue

    @property
    def catalogue(self):
        if self._catalogue is None:
            self._catalogue = Catalogue(self.client)
        return self._catalogue

    def settings_names(self, obj=None):
        """(written, product group) for describe(): the settings named as the task wrote them, the others
        by param_name unless that would mean another entry for the object's product group."""
        written = settings_mod.written_as(self.params.get('settings'), self.catalogue, self.product_group)
        return written, self.product_group


class Kind(object):
    """A kind of SRAPS object: its fields, its natural key, and what is special about it.

    The methods below are what every kind shares; a kind overrides the few that differ.
    """

    name = None            # the item resource in _sraps_api.RESOURCES, also SERVER_OWNED's key
    collection = None      # the collection resource
    result = None          # the key the module returns the object under
    item_param = 'uuid'    # the path parameter that names one object
    key = F['name']        # the field that finds the object (its natural key)
    key_option = 'name'
    what = 'object %r'     # how messages name the object, filled with its key
    unique = False         # SRAPS refuses a second object with the same key
    duplicates = 'Give the uuid of the one to manage, or remove the duplicates'
    fields = ()
    extra_spec = {}

    @property
    def server_filled(self):
        """The fields SRAPS fills in and owns: never sent, never compared, never an option."""
        return api.SERVER_OWNED[self.name]

    def argument_spec(self):
        spec = dict((f.option, dict(f.spec)) for f in self.fields)
        spec.update(copy.deepcopy(self.extra_spec))
        spec['state'] = dict(STATE)
        return spec

    @property
    def has_settings(self):
        return any(isinstance(f, SettingsField) for f in self.fields)

    # ------------------------------------------------------------ reading
    def prepare(self, ctx):
        """Resolve what the options name before anything is read (a product, a product group)."""

    def key_value(self, ctx):
        return ctx.params[self.key_option]

    def label(self, ctx):
        """The object in messages, by what the task names it with."""
        return self.what % self.key_value(ctx)

    def locate(self, ctx, items, key_value, uuid=None):
        """The object among items whose natural key is key_value (the rule of _sraps_match.resolve)."""
        return resolve(items, key_value, self.what % key_value, key=lambda item: item.get(self.key), uuid=uuid,
                       several=OBJECTS_MATCH, fix=self.duplicates)

    def find(self, ctx):
        return self.locate(ctx, ctx.client.list(self.collection), self.key_value(ctx))

    # ------------------------------------------------------------ planning
    def wanted(self, ctx, have):
        """The fields the user set, in the API's words; options not set are left out, so never changed."""
        out = {}
        for field in self.fields:
            value = field.want(ctx, have)
            if value is not SKIP:
                out[field.api] = value
        return out

    def plan(self, ctx, have):
        """(body, changed fields): the whole object to POST (have None) or PUT. No HTTP."""
        fields = self.wanted(ctx, have)
        if have is None:
            return fields, sorted(fields)
        return replace_body(self.name, have, fields, compare=dict((f.api, f.same) for f in self.fields))

    def finalise(self, ctx, have, body):
        """The body to write for a planned body, or an error when it must not be written: the one place
        a body is checked before any write (check mode too, so that it predicts the refusal)."""
        return body

    def predict(self, ctx, have, body):
        """The object SRAPS will hold after writing body, for check mode and the returned object."""
        return predict_object(self.name, have, body)

    def rejected(self, ctx, exc):
        """The error to raise for SRAPS's refusal of a write (exc, or one that says more)."""
        return exc

    # ------------------------------------------------------------ reverse direction
    def options(self, obj, ctx, after=False):
        """The module options that describe obj, read from SRAPS ({} for none). Secrets come back masked."""
        if not obj:
            return {}
        return dict((f.option, f.option_value(obj, ctx, after)) for f in self.fields)

    def shown(self, obj, ctx):
        """The object as the module returns it."""
        return obj

    # ------------------------------------------------------------ deleting
    def blockers(self, ctx, have):
        """Raise when SRAPS would refuse to delete have; asked before deleting, so check mode predicts it."""

    def delete(self, ctx, have):
        params = {self.item_param: have[F['uuid']]}
        if accepted(ctx.client.delete(self.name, **params)):
            await_object(ctx, self.label(ctx), lambda: ctx.client.get(self.name, missing_ok=True, **params),
                         lambda obj: obj is None)


class CompanyKind(Kind):
    name, collection, result, item_param = 'company', 'companies', 'company', 'company'
    what = 'company name %r'
    # Companies with one name cannot be told apart by the module, which has no uuid option.
    duplicates = 'Rename one of them in the SRAPS web interface'
    fields = (
        Field('name', F['name'], dict(type='str', required=True), same=same_text),
        Field('country', F['country'], dict(type='str'), to_api=_upper, same=same_text),
        Field('city', F['city'], dict(type='str')),
    )

    def prepare(self, ctx):
        # The key's own company, never the company option: the module manages the key's children.
        ctx.own_uuid = ctx.client.resolve_company(None)
        ctx.companies = ctx.client.list('companies')
        if ctx.params.get('state', 'present') == 'present' and any(
                c.get(F['uuid']) == ctx.own_uuid and c.get(F['name']) == ctx.params['name'] for c in ctx.companies):
            raise SrapsInputError('%r is the access key\'s own company; sraps_company manages the companies '
                                  'below it. Use another name' % ctx.params['name'])

    def locate(self, ctx, items, key_value, uuid=None):
        others = [c for c in items if c.get(F['uuid']) != ctx.own_uuid]
        return super(CompanyKind, self).locate(ctx, others, key_value)

    def find(self, ctx):
        return self.locate(ctx, ctx.companies, ctx.params['name'])

    def predict(self, ctx, have, body):
        # A new company is a child of the key's own company.
        return predict_object(self.name, have, body, **{F['parent']: ctx.own_uuid})

    def blockers(self, ctx, have):
        out = []
        phones = ctx.client.list('endpoints', company=have[F['uuid']])
        if phones:
            out.append('%d phone(s) (remove them with sraps.provisioning.sraps_endpoint state=absent, '
                       'company=%s)' % (len(phones), have[F['name']]))
        children = sorted(c.get(F['name']) for c in ctx.companies if c.get(F['parent']) == have[F['uuid']])
        if children:
            out.append('%d company(ies) of its own: %s (delete them first)' % (len(children), ', '.join(children)))
        if out:
            raise SrapsInputError('company %r (%s) still has %s; nothing was deleted'
                                  % (have[F['name']], have[F['uuid']], ' and '.join(out)))


class UserKind(Kind):
    name, collection, result = 'user', 'users', 'user'
    key, key_option, unique, what = F['email'], 'email', True, 'e-mail %r'
    # Two users with one address (SRAPS forbids it) cannot be told apart: the module has no uuid option.
    duplicates = UNIQUE_DUPLICATES
    fields = (
        Field('email', F['email'], dict(type='str', required=True), to_api=_stripped, same=same_text),
        Field('first_name', F['first_name'], dict(type='str')),
        Field('last_name', F['last_name'], dict(type='str')),
        Field('role', F['role'], dict(type='str', choices=list(api.USER_ROLES))),
        Field('language', F['language'], dict(type='str', choices=list(api.USER_LANGUAGES))),
        Field('active', F['active'], dict(type='bool'), to_option=_bool),
    )

    def locate(self, ctx, items, key_value, uuid=None):
        # SRAPS compares addresses without regard to case, so this module does too, always.
        return resolve(items, key_value.strip().lower(), self.what % key_value,
                       key=lambda u: (u.get(F['email']) or '').strip().lower(), several=OBJECTS_MATCH,
                       fix=self.duplicates)


class SettingsKind(Kind):
    """A kind with settings: they are resolved against its product group before anything is written."""

    extra_spec = dict(
        purge_settings=dict(type='bool', default=False),
        update_password=dict(type='str', choices=['always', 'on_create'], default='on_create', no_log=False),
    )

    def resolve_settings(self, ctx, product_group):
        ctx.product_group = product_group
        ctx.wants = settings_mod.resolve(ctx.params['settings'], ctx.catalogue, product_group)
        ctx.hide.update(settings_mod.secret_values(ctx.wants, ctx.catalogue))

    def shown(self, obj, ctx):
        written, product_group = ctx.settings_names(obj)
        return settings_mod.with_settings_view(obj, ctx.catalogue, written=written, product_group=product_group)

    def rejected(self, ctx, exc):
        # A 400 naming setting uuids: say which setting of the task, which entry and which product group.
        return settings_mod.rejection(exc, ctx.catalogue, ctx.params.get('settings'), ctx.product_group)

    def finalise(self, ctx, have, body):
        """The body to write has the passwords the task declares, never the mask read back; an object that
        holds a password the task does not declare is refused unless masked_secrets says SRAPS keeps it."""
        return settings_mod.outgoing_body(body, ctx.wants, ctx.catalogue, self.label(ctx),
                                          ctx.params.get('masked_secrets', 'refuse'))


class ProfileKind(SettingsKind):
    name, collection, result, what = 'profile', 'profiles', 'profile', 'profile named %r'
    fields = (
        Field('name', F['name'], dict(type='str', required=True), same=same_text),
        Field('product_group', F['product_group'], dict(type='str'), to_api=_group_uuid, to_option=_group_name),
        Field('autoprovisioning', F['autoprovisioning'], dict(type='bool'), to_option=_bool),
        SettingsField(),
    )
    extra_spec = dict(SettingsKind.extra_spec, uuid=dict(type='str'))

    def find(self, ctx):
        return self.locate(ctx, ctx.client.list(self.collection), ctx.params['name'], uuid=ctx.params['uuid'])

    def plan(self, ctx, have):
        p = ctx.params
        if have is None and p['uuid'] is not None:
            raise SrapsInputError('the company has no profile named %r with uuid %s; leave uuid out to create '
                                  'a new profile' % (p['name'], p['uuid']))
        if have is None and not p['product_group']:
            raise SrapsInputError('product_group is required to create profile %r: give the product group of '
                                  'its phones, such as D-Series' % p['name'])
        group = _group_uuid(p['product_group'], ctx) if p['product_group'] else have.get(F['product_group'])
        self.resolve_settings(ctx, group)
        return super(ProfileKind, self).plan(ctx, have)

    def finalise(self, ctx, have, body):
        if have is not None and have.get(F['product_group']) != ctx.product_group:
            # A move keeps the stored settings; those the task names were warned about when resolved.
            kept = dict((uuid, entry) for uuid, entry in (body.get(F['settings_manager']) or {}).items()
                        if uuid not in ctx.wants)
            misfits = foreign_settings(kept, ctx.catalogue, ctx.product_group)
            if misfits:
                ctx.client.warn('profile %r moves to product group %s and keeps settings SRAPS lists for other '
                                'groups: %s. They are written, as SRAPS accepts them; remove them (set them to '
                                'null in settings) or use purge_settings if phones of %s do not use them'
                                % (ctx.params['name'], ctx.catalogue.product_group_name(ctx.product_group),
                                   ', '.join(misfits), ctx.catalogue.product_group_name(ctx.product_group)))
        return super(ProfileKind, self).finalise(ctx, have, body)

    def label(self, ctx):
        return 'profile %r' % ctx.params['name']

    def blockers(self, ctx, have):
        macs = phones_using(ctx.client, have[F['uuid']])
        if macs:
            raise SrapsInputError(in_use_message(have, macs))

    def delete(self, ctx, have):
        try:
            super(ProfileKind, self).delete(ctx, have)
        except SrapsApiError as exc:
            # A phone assigned between our read and the delete.
            if exc.status == 400 and 'in use' in str(exc.detail):
                raise SrapsApiError(in_use_message(have, phones_using(ctx.client, have[F['uuid']])),
                                    method=exc.method, path=exc.path, status=400, detail=exc.detail)
            raise


class ProductDefaultKind(SettingsKind):
    name, collection, result = 'product_default', 'product_defaults', 'product_default'
    key, key_option, unique = F['product'], 'product', True
    # Two product defaults for one model (SRAPS forbids it) cannot be told apart: there is no uuid option.
    duplicates = UNIQUE_DUPLICATES
    fields = (
        Field('product', F['product'], dict(type='str', required=True), to_api=_product_uuid,
              to_option=_product_name),
        SettingsField(),
    )

    def prepare(self, ctx):
        ctx.product = ctx.catalogue.product(ctx.params['product'])

    def key_value(self, ctx):
        return ctx.product[F['uuid']]

    def locate(self, ctx, items, key_value, uuid=None):
        return resolve(items, key_value, 'product %s' % ctx.catalogue.product_name(key_value),
                       key=lambda d: d.get(F['product']), several=OBJECTS_MATCH, fix=self.duplicates)

    def label(self, ctx):
        return 'the product default of %s' % ctx.product.get(F['name'])

    def plan(self, ctx, have):
        self.resolve_settings(ctx, ctx.product.get(F['product_group']))
        return super(ProductDefaultKind, self).plan(ctx, have)

    def shown(self, obj, ctx):
        if obj is None:
            return {}
        out = super(ProductDefaultKind, self).shown(obj, ctx)
        out['product_name'] = ctx.catalogue.product_name(obj.get(F['product']))
        return out


def _lower(value, ctx):
    return (value or '').lower()


def _text(value, ctx):
    return value or ''


def _autoprovisioning(value, ctx):
    return as_bool(True if value is None else value)


def _profile_name(value, ctx):
    """A phone's profile by name: a profile the same run declares (check mode) is planned:<name>."""
    if value and str(value).startswith(PLANNED):
        return value[len(PLANNED):]
    if value:
        found = ctx.profiles.by_uuid(value)
        return found.get(F['name']) if found else value
    return None


PLANNED = 'planned:'   # a phone's profile that check mode plans to create, by name
# warranty_warning_months: -1 stores null, "no warranty warning". An option cannot be null (null means
# "not set, keep what SRAPS has"), and SRAPS tells null (no warning) from an omitted field (3 months).
NO_WARRANTY_WARNING = -1


def _warranty_months(value, ctx):
    if value == NO_WARRANTY_WARNING:
        return None
    if value < 0:
        raise SrapsInputError('warranty_warning_months must be 0 or more months, or %d for no warranty warning '
                              '(null in SRAPS); got %d' % (NO_WARRANTY_WARNING, value))
    return value


def _warranty_option(value, ctx):
    return NO_WARRANTY_WARNING if value is None else value


class EndpointKind(Kind):
    """Phones: written by _sraps_endpoints' bulk planner (full-replace PUTs, many at once), which takes
    the option <-> field map and the reverse direction from here. The context is the planner itself
    (its catalogue, and its profiles to name a phone's profile)."""

    name, collection, result, item_param = 'endpoint', 'endpoints', 'endpoint', 'mac'
    key, key_option, what = F['mac'], 'mac', 'phone %s'
    fields = (
        Field('mac', F['mac'], dict(type='str'), to_option=_lower),
        Field('name', F['name'], dict(type='str'), to_option=_text),
        Field('profile', F['profile'], dict(type='str'), to_option=_profile_name),
        Field('autoprovisioning', F['autoprovisioning'], dict(type='bool'), to_option=_autoprovisioning),
        Field('warranty_warning_months', F['warranty_warning_months'], dict(type='int'), to_api=_warranty_months,
              to_option=_warranty_option),
        SettingsField(),
    )
    # The options a phone's body takes as given, each with its to_api (the profile and the settings are
    # resolved first).
    plain = tuple((f.option, f.api, f.to_api) for f in fields
                  if f.option in ('name', 'autoprovisioning', 'warranty_warning_months'))


COMPANY = CompanyKind()
USER = UserKind()
PROFILE = ProfileKind()
PRODUCT_DEFAULT = ProductDefaultKind()
ENDPOINT = EndpointKind()
KINDS = (COMPANY, USER, PROFILE, PRODUCT_DEFAULT, ENDPOINT)


# ------------------------------------------------------------------ the shared object flow
def ensure_present(kind, ctx, have, body, changed_fields):
    """Create or replace the object when something changes; returns (changed, the object after)."""
    if not changed_fields:
        return False, have
    return True, write_object(kind, ctx, have, body, ready(kind, ctx, have, body, changed_fields))


def ready(kind, ctx, have, body, changed_fields):
    """The body to send for a planned change, once it passed every check that needs no request (limits,
    the kind's finalise); SrapsInputError when it must not be written. Check mode asks it too."""
    check_limits(kind, body, changed_fields, kind.label(ctx))
    return kind.finalise(ctx, have, body)


def write_object(kind, ctx, have, body, send):
    """Create (have None) or replace the object with send, the body ready() returned; the object after.
    In check mode nothing is sent and the object after is predicted from body."""
    client = ctx.client
    if client.check_mode:
        return kind.predict(ctx, have, body)
    try:
        if have is None:
            key = body[kind.key]

            def find(items):
                return kind.locate(ctx, items, key)
            response = client.create(kind.collection, send, unique=kind.unique, find=find)
            if accepted(response):
                # No uuid yet: found by its natural key, as a lost create is.
                return await_object(ctx, kind.label(ctx), lambda: find(client.list(kind.collection)),
                                    lambda obj: obj is not None)
            return response.data
        params = {kind.item_param: have[F['uuid']]}
        response = client.put(kind.name, send, **params)
        if accepted(response):
            return await_object(ctx, kind.label(ctx), lambda: client.get(kind.name, missing_ok=True, **params),
                                lambda obj: reflects(kind, send, obj, ctx.catalogue))
        return response.data
    except SrapsApiError as exc:
        raise kind.rejected(ctx, exc)


def ensure_absent(kind, ctx, have):
    """Delete the object unless SRAPS would refuse; returns whether anything changed."""
    if have is None:
        return False
    kind.blockers(ctx, have)
    if not ctx.client.check_mode:
        kind.delete(ctx, have)
    return True


def limit_problems(kind, body, fields):
    """What of body's fields (those named in fields) SRAPS would refuse as too long or out of range
    (_sraps_api.TEXT_LIMITS, NUMBER_LIMITS), in the module options' words. A text's length is said, not the
    text (it may be long, or a secret)."""
    options = dict((f.api, f.option) for f in kind.fields)
    problems = []
    for field, most in sorted(api.TEXT_LIMITS.get(kind.name, {}).items()):
        value = body.get(field)
        if field in fields and isinstance(value, str) and len(value) > most:
            problems.append('%s is %d characters long, over the %d SRAPS accepts: shorten it'
                            % (options.get(field, field), len(value), most))
    for field, (low, high) in sorted(api.NUMBER_LIMITS.get(kind.name, {}).items()):
        value = body.get(field)
        if field in fields and isinstance(value, int) and not isinstance(value, bool) and not low <= value <= high:
            problems.append('%s is %d, outside the %d to %d SRAPS accepts'
                            % (options.get(field, field), value, low, high))
    return problems


def check_limits(kind, body, fields, what):
    """SrapsInputError naming every field of body that SRAPS would refuse as too long or out of range."""
    problems = limit_problems(kind, body, fields)
    if problems:
        raise SrapsInputError('%s: %s; nothing was written' % (what, '; '.join(problems)))


# ------------------------------------------------------------------ writes SRAPS carries out later
def accepted(response):
    """Whether SRAPS answered a write with 202: accepted, to be carried out asynchronously."""
    return response is not None and response.status == ASYNC_STATUS


def reflects(kind, sent, read, catalogue):
    """Whether an object read back shows a write of sent: every field sent (the server's own aside) the same
    by the kind's rule for it; settings compared masked, since SRAPS reads passwords back masked."""
    if read is None:
        return False
    owned = api.SERVER_OWNED[kind.name]
    rules = dict((f.api, f.same) for f in kind.fields)
    for field, value in sent.items():
        if field in owned:
            continue
        if field == F['settings_manager']:
            if settings_mod.masked(value, catalogue) != settings_mod.masked(read.get(field), catalogue):
                return False
        elif not rules.get(field, same_value)(read.get(field), value):
            return False
    return True


def await_object(ctx, what, read, done):
    """After a 202: read() until done(object read), within async_timeout; the object, or SrapsApiError
    naming it (what) and saying that a re-run converges."""
    seen = []

    def check(pending):
        obj = read()
        if done(obj):
            seen.append(obj)
            return []
        return pending
    if ctx.client.wait_for([what], check):
        raise SrapsApiError('%s: %s' % (what, not_reflected(ctx.client.async_timeout)))
    return seen[0]


# ------------------------------------------------------------------ helpers of the descriptions
def replace_body(kind, have, wants, compare=None):
    """The body of a full-replace PUT, and the names of the fields that change.

    SRAPS PUT replaces the whole object: an omitted field takes its default instead of
    keeping its value. So the body is every field of have (the current object) except
    the server-owned ones (_sraps_api.SERVER_OWNED[kind]), with wants (field: wanted
    value, only the fields the user set) applied. A wanted value that equals the stored
    one after normalisation (same_value, or compare[field](have, want)) keeps the stored
    form, so a re-run sends what the server already has. changed is a sorted list, empty
    when nothing changes.
    """
    owned = api.SERVER_OWNED[kind]
    body = dict((k, copy.deepcopy(v)) for k, v in (have or {}).items() if k not in owned)
    changed = []
    for field, want in wants.items():
        same = (compare or {}).get(field, same_value)
        if field in body and same(body[field], want):
            continue
        body[field] = copy.deepcopy(want)
        changed.append(field)
    return body, sorted(changed)


def predict_object(kind, have, body, **new_fields):
    """The object SRAPS will hold after writing body.

    A new object gets the server's defaults (_sraps_api.CREATE_DEFAULTS[kind]), a uuid still to come
    (None) and new_fields (what the server sets itself, such as a company's parent); an existing
    one keeps its server-owned fields.
    """
    if have is None:
        out = dict(api.CREATE_DEFAULTS[kind])
        out[F['uuid']] = None
        out.update(new_fields)
    else:
        out = dict(have)
    out.update(body)
    return out


def foreign_settings(settings_manager, catalogue, group_uuid):
    """Names (as describe() shows them) of stored settings SRAPS does not list for product group group_uuid."""
    out = []
    for uuid in settings_manager or {}:
        setting = catalogue.setting(uuid)
        groups = (setting or {}).get('product_groups') or []
        if groups and group_uuid not in groups:
            out.append(settings_mod.catalogue_label(setting, catalogue, group_uuid))
    return sorted(out)


def in_use_message(profile, macs):
    shown = ', '.join(macs[:SHOWN_MACS]) + (' and %d more' % (len(macs) - SHOWN_MACS)
                                            if len(macs) > SHOWN_MACS else '')
    return ('profile %r (%s) is used by %d phone(s): %s. Give them another profile (or none) with '
            'sraps.provisioning.sraps_endpoint first, then delete the profile; nothing was deleted'
            % (profile.get(F['name']), profile.get(F['uuid']), len(macs), shown))


def phones_using(client, profile_uuid):
    return sorted(e.get(F['mac']) for e in client.list('endpoints') if e.get(F['profile']) == profile_uuid)
