# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""SrapsModule: the shared argument spec, the client, check mode and results.

PRIVATE to this collection: not a public API, it may change in any release.

The argument spec here and plugins/doc_fragments/sraps.py describe the same options;
tests/unit checks that they agree.
"""

from __future__ import annotations

import re
import traceback

from ansible.module_utils import basic
from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib
from ansible.module_utils.common.validation import check_type_bool, check_type_dict, check_type_int, check_type_str

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_api as api
from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_client as client_mod
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_account import DEFAULT_CATALOGUE_TTL, SrapsAccount
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_cache import FileCache
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import SrapsClient, SrapsError
from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_resources as resources
from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_settings as settings_mod
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_settings import MASKED_SECRETS_CHOICES

# Environment variables read when an option is not set (the AWX credential type injects these).
ENV_FALLBACKS = {
    'api_url': 'SRAPS_API_URL',
    'access_key_id': 'SRAPS_ACCESS_KEY_ID',
    'access_key_secret': 'SRAPS_ACCESS_KEY_SECRET',
    'company': 'SRAPS_COMPANY',
    'validate_certs': 'SRAPS_VALIDATE_CERTS',
    'ca_path': 'SRAPS_CA_PATH',
    'masked_secrets': 'SRAPS_MASKED_SECRETS',
}


_TYPE_CHECKS = {'str': check_type_str, 'bool': check_type_bool, 'int': check_type_int, 'dict': check_type_dict}


def check_items(option, items, spec):
    """The items of a list option checked against spec (name: dict(type, choices, required)) as AnsibleModule
    checks elements='dict' with suboptions, but in place: the options a bulk task is given for 100,000 phones
    are neither copied nor filled with every option left out. Items and values are converted as AnsibleModule
    converts them ('k=v' to a dict, yes to true, '3' to 3). Returns the problems, each naming the item and
    the option."""
    problems = []
    supported = ', '.join(sorted(spec))
    for position, item in enumerate(items or [], start=1):
        where = '%s item %d' % (option, position)
        if not isinstance(item, dict):
            try:
                item = items[position - 1] = check_type_dict(item)
            except (TypeError, ValueError):
                problems.append('%s: must be a dict with the options %s, got %s'
                                % (where, supported, type(item).__name__))
                continue
        unknown = sorted(str(key) for key in item if key not in spec)
        if unknown:
            problems.append('%s: unsupported option %s; supported: %s' % (where, ', '.join(unknown), supported))
        for key, rules in spec.items():
            value = item.get(key)
            if value is None:
                if rules.get('required'):
                    problems.append('%s: %s is required' % (where, key))
                continue
            try:
                converted = _TYPE_CHECKS[rules['type']](value)
            except (TypeError, ValueError) as exc:
                problems.append('%s: %s is not a valid %s (%s)' % (where, key, rules['type'], exc))
                continue
            if rules.get('choices') and converted not in rules['choices']:
                problems.append('%s: %s must be one of %s, got %r' % (where, key, ', '.join(rules['choices']), value))
            elif converted is not value:
                item[key] = converted
    return problems


def missing_hint(msg):
    """AnsibleModule's "missing required arguments: ..." with the environment variable of each connection
    option it names: the access key usually comes from the environment (or an AWX credential), not the task.
    Other messages are returned as they are."""
    match = re.match(r'^missing required arguments: ([\w, ]+)', msg or '')
    if not match:
        return msg
    named = [name.strip() for name in match.group(1).split(',')]
    variables = ['%s from %s' % (name, ENV_FALLBACKS[name]) for name in named if name in ENV_FALLBACKS]
    if not variables:
        return msg
    return ('%s. The connection options are usually set in the environment (an AWX SRAPS credential sets '
            'them too): %s; or set them in module_defaults from vault' % (msg, ', '.join(variables)))


def sraps_argument_spec():
    """The connection options every module takes."""
    spec = dict(
        api_url=dict(type='str', default=api.DEFAULT_API_URL),
        access_key_id=dict(type='str', required=True),
        access_key_secret=dict(type='str', required=True, no_log=True),
        company=dict(type='str'),
        validate_certs=dict(type='bool', default=True),
        ca_path=dict(type='path'),
        timeout=dict(type='int', default=30),
        retries=dict(type='int', default=5),
        api_version=dict(type='str'),
        planned_company=dict(type='bool', default=False),
        cache_ttl=dict(type='int'),
        async_timeout=dict(type='int', default=60),
        masked_secrets=dict(type='str', choices=list(MASKED_SECRETS_CHOICES), default='refuse', no_log=False),
    )
    for option, variable in ENV_FALLBACKS.items():
        spec[option]['fallback'] = (env_fallback, [variable])
    return spec


class SrapsModule(AnsibleModule):
    """AnsibleModule with the connection options merged in and one lazily built client."""

    def __init__(self, argument_spec, bulk=None, **kwargs):
        """bulk: {option: spec of its items} for list options of thousands of items (phones). Their items are
        checked in place by check_items, set aside while AnsibleModule checks the other options (its check
        deep-copies every value: a second copy of 100,000 phones), and given as a count in the result's
        invocation.module_args (AWX stores every task result as a job event, and 10,000 phones echoed back
        are some 1.5 MB). A problem in an item fails the task before anything is read."""
        spec = sraps_argument_spec()
        spec.update(argument_spec)
        self.bulk = dict(bulk or {})
        self.summarized = tuple(self.bulk)
        self._set_aside = {}
        super(SrapsModule, self).__init__(argument_spec=spec, **kwargs)
        self.params.update(self._set_aside)
        self._set_aside = {}
        for option, item_spec in self.bulk.items():
            problems = check_items(option, self.params.get(option), item_spec)
            if problems:
                self.fail_json(msg='invalid %s, nothing was written: %s%s' % (
                    option, '; '.join(problems[:20]), '; and %d more' % (len(problems) - 20) if len(problems) > 20
                    else ''), errors=problems)
        for library, error in client_mod.IMPORT_ERRORS.items():
            self.fail_json(msg=missing_required_lib(library), exception=repr(error))
        for option in ('timeout', 'retries', 'cache_ttl', 'async_timeout'):
            if self.params[option] is not None and self.params[option] < (1 if option == 'timeout' else 0):
                bound = 'at least 1' if option == 'timeout' else '0 or more'
                self.fail_json(msg='%s must be %s, got %d' % (option, bound, self.params[option]))
        if not self.params['validate_certs']:
            self.warn('validate_certs is false: the SRAPS server\'s TLS certificate is not checked')
        self._client = None
        # Connections kept open to SRAPS; a module that writes in parallel raises it before using the client.
        self.pool_size = 16

    def _load_params(self):
        """AnsibleModule's parameters, with each bulk list replaced by an empty one until it has checked the rest
        (the option stays given, for mutually_exclusive and required_one_of)."""
        super(SrapsModule, self)._load_params()
        # ansible-core 2.19 also keeps a deep copy of the arguments, read only for its traceback settings: the
        # bulk lists are left out of it, which would otherwise hold every phone a second time.
        parsed = getattr(basic, '_PARSED_MODULE_ARGS', None)
        for option in getattr(self, 'bulk', ()):
            if isinstance(self.params.get(option), list):
                self._set_aside[option] = self.params[option]
                self.params[option] = []
            if isinstance(parsed, dict) and isinstance(parsed.get(option), list):
                parsed[option] = []

    def _invocation(self, result):
        """The result with invocation.module_args, the summarized lists given as their length."""
        if 'invocation' not in result and getattr(self, 'summarized', ()):
            args = dict(self.params)
            for option in self.summarized:
                value = self._set_aside.get(option, args.get(option))
                if isinstance(value, list):
                    args[option] = '%d items, not repeated in the result' % len(value)
            result['invocation'] = {'module_args': args}
        return result

    def exit_json(self, **kwargs):
        super(SrapsModule, self).exit_json(**self._invocation(kwargs))

    def fail_json(self, msg, **kwargs):
        """AnsibleModule.fail_json, with a missing connection option's environment variable named."""
        super(SrapsModule, self).fail_json(msg=missing_hint(msg), **self._invocation(kwargs))

    @property
    def client(self):
        """The account the task acts in (_sraps_account.SrapsAccount over the transport), built once."""
        if self._client is None:
            p = self.params
            try:
                transport = SrapsClient(
                    p['api_url'], p['access_key_id'], p['access_key_secret'], validate_certs=p['validate_certs'],
                    ca_path=p['ca_path'], timeout=p['timeout'], retries=p['retries'], api_version=p['api_version'],
                    check_mode=self.check_mode, warn=self.warn, pool_size=self.pool_size)
                self._client = SrapsAccount(transport, company=p['company'], planned_company=p['planned_company'],
                                            cache=self._cache(), async_timeout=p['async_timeout'],
                                            cache_companies=p['cache_ttl'] is not None)
            except SrapsError as exc:
                self.fail_json(**exc.result())
        return self._client

    def _cache(self):
        """The FileCache (cache_ttl), or None for cache_ttl 0.

        cache_ttl not set: the global catalogues for DEFAULT_CATALOGUE_TTL seconds (SrapsAccount keeps no
        company lookup in it then); a positive cache_ttl: the catalogues and company lookups that long.
        """
        p = self.params
        ttl = p.get('cache_ttl')
        if ttl is None:
            ttl = DEFAULT_CATALOGUE_TTL
        if not ttl:
            return None
        return FileCache(p['api_url'], p['access_key_id'], p['access_key_secret'], ttl,
                         api_version=p['api_version'], warn=self.warn)

    def fail_error(self, exc, **extra):
        """Fail with a SrapsError's message and facts, plus anything the module adds."""
        result = exc.result()
        result.update(extra)
        self.fail_json(**result)

    def run(self, body):
        """Run body(); turn a SrapsError into a failed task and anything else into a readable one."""
        try:
            body()
        except SrapsError as exc:
            self.fail_error(exc)
        except Exception as exc:  # pylint: disable=broad-except
            self.fail_json(msg='unexpected error: %s: %s' % (type(exc).__name__, exc),
                           exception=traceback.format_exc())

    def exit_changed(self, changed, before=None, after=None, **result):
        """exit_json with a diff of before and after when diff mode is on."""
        if self._diff and (before is not None or after is not None):
            result['diff'] = dict(before=before if before is not None else {},
                                  after=after if after is not None else {})
        self.exit_json(changed=changed, **result)


def run_object(kind):
    """main() of an object module (sraps_company, sraps_user, ...): the one flow, for the kind described
    in _sraps_resources. Reads the object by its natural key, plans the body from the options, writes
    it unless check mode, and returns the object, the diff and whether anything changed."""
    module = SrapsModule(argument_spec=kind.argument_spec(), supports_check_mode=True)
    module.run(lambda: converge(module, kind))


def converge(module, kind):
    p = module.params
    if kind.has_settings:
        # A failed task echoes its arguments: hide what may be passwords before anything can fail.
        module.no_log_values.update(settings_mod.likely_secret_values(p['settings']))
    ctx = resources.Context(module.client, p, hide=module.no_log_values)
    if kind.has_settings and p['settings'] and p['state'] == 'present':
        module.no_log_values.update(settings_mod.likely_secret_values(p['settings'], ctx.catalogue))
    kind.prepare(ctx)
    have = kind.find(ctx)
    if p['state'] == 'absent':
        changed = resources.ensure_absent(kind, ctx, have)
        module.exit_changed(changed, kind.options(have, ctx), {}, **{kind.result: {}})
        return
    body, changed_fields = kind.plan(ctx, have)
    changed, after = resources.ensure_present(kind, ctx, have, body, changed_fields)
    predicted = kind.predict(ctx, have, body) if changed else have
    module.exit_changed(changed, kind.options(have, ctx), kind.options(predicted, ctx, after=True),
                        **{kind.result: kind.shown(after, ctx)})


def grouped(problems, singular='', plural=''):
    """(name, message) pairs as lines, a message shared by many names said once with the names it
    concerns (the first five, and how many more): 'phones A, B and 3 more: message'."""
    by_message = {}
    for name, msg in problems:
        by_message.setdefault(msg, []).append(name)
    lines = []
    for msg, names in by_message.items():
        shown = ', '.join(names[:5]) + (' and %d more' % (len(names) - 5) if len(names) > 5 else '')
        noun = singular if len(names) == 1 else plural
        lines.append('%s%s: %s' % (noun + ' ' if noun else '', shown, msg))
    return lines
