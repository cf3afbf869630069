# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""SrapsModule: the shared argument spec, the client, check mode and results.

PRIVATE to this collection: not a public API, it may change in any release.

The argument spec here and plugins/doc_fragments/sraps.py describe the same options;
tests/unit checks that they agree.
"""

from __future__ import annotations

import copy
import traceback

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_api as api
from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_client as client_mod
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_cache import FileCache
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import SrapsClient, SrapsError, uuid_form
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
        cache_ttl=dict(type='int', default=0),
        masked_secrets=dict(type='str', choices=list(MASKED_SECRETS_CHOICES), default='refuse', no_log=False),
    )
    for option, variable in ENV_FALLBACKS.items():
        spec[option]['fallback'] = (env_fallback, [variable])
    return spec


class SrapsModule(AnsibleModule):
    """AnsibleModule with the connection options merged in and one lazily built client."""

    def __init__(self, argument_spec, **kwargs):
        spec = sraps_argument_spec()
        spec.update(argument_spec)
        super(SrapsModule, self).__init__(argument_spec=spec, **kwargs)
        if not client_mod.HAS_REQUESTS:
            self.fail_json(msg=missing_required_lib('requests'),
                           exception=repr(client_mod.REQUESTS_IMPORT_ERROR))
        if not client_mod.HAS_MOHAWK:
            self.fail_json(msg=missing_required_lib('mohawk'),
                           exception=repr(client_mod.MOHAWK_IMPORT_ERROR))
        for option in ('timeout', 'retries', 'cache_ttl'):
            if self.params[option] < (1 if option == 'timeout' else 0):
                bound = 'at least 1' if option == 'timeout' else '0 or more'
                self.fail_json(msg='%s must be %s, got %d' % (option, bound, self.params[option]))
        if not self.params['validate_certs']:
            self.warn('validate_certs is false: the SRAPS server\'s TLS certificate is not checked')
        self._client = None

    @property
    def client(self):
        if self._client is None:
            p = self.params
            try:
                self._client = SrapsClient(
                    p['api_url'], p['access_key_id'], p['access_key_secret'], company=p['company'],
                    validate_certs=p['validate_certs'], ca_path=p['ca_path'], timeout=p['timeout'],
                    retries=p['retries'], api_version=p['api_version'], check_mode=self.check_mode,
                    warn=self.warn, pool_size=max(16, p.get('parallel') or 0),
                    planned_company=p['planned_company'], cache=self._cache())
            except SrapsError as exc:
                self.fail_json(**exc.result())
        return self._client

    def _cache(self):
        """The opt-in FileCache of catalogues and company lookups (cache_ttl), or None."""
        p = self.params
        if not p.get('cache_ttl'):
            return None
        return FileCache(p['api_url'], p['access_key_id'], p['access_key_secret'], p['cache_ttl'],
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


# ------------------------------------------------------------------ want / have helpers
_TRUE = ('true', 'yes', 'on', '1')
_FALSE = ('false', 'no', 'off', '0')


def as_bool(value):
    """A boolean the way the server may write it ("true", "on", 1) as a bool; anything else unchanged."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE + _FALSE:
        return value.strip().lower() in _TRUE
    if isinstance(value, int):
        return bool(value)
    return value


def same_value(have, want):
    """Whether a stored value already is the wanted one, after the server's normalisation.

    The server coerces booleans sent or stored as strings ("true") and numbers as digits,
    so those must not count as a change.
    """
    if isinstance(want, bool) or isinstance(have, bool):
        return as_bool(have) == as_bool(want)
    if isinstance(want, int) and isinstance(have, str) or isinstance(have, int) and isinstance(want, str):
        return str(have).strip() == str(want).strip()
    return have == want


def find_one(items, matches, what, uuid=None, fix='Give the uuid of the one to manage, or remove the duplicates'):
    """The one listed object for which matches(item) is true, or None when there is none.

    SRAPS does not keep every natural key unique (profile names are not), so several
    matches fail, listing their uuids, unless uuid picks one of them. With uuid, an
    object that matches but has another uuid does not count: None is returned.
    what names the object in messages, for example "profile named 'Sales'"; fix says
    what the user can do about duplicates.
    """
    found = [item for item in items if matches(item)]
    if uuid is not None:
        wanted = uuid_form(uuid)
        if wanted is None:
            raise SrapsError('%r is not a SRAPS uuid (32 hex digits)' % uuid)
        found = [item for item in found if item.get(api.FIELDS['uuid']) == wanted]
    if len(found) > 1:
        uuids = ', '.join(sorted(str(item.get(api.FIELDS['uuid'])) for item in found))
        raise SrapsError('%d objects match %s: %s. %s' % (len(found), what, uuids, fix))
    return found[0] if found else None


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
    """The object SRAPS will hold after writing body, for check mode and the returned object.

    A new object gets the server's defaults (_sraps_api.CREATE_DEFAULTS[kind]), a uuid still to come
    (None) and new_fields (what the server sets itself, such as a company's parent); an existing
    one keeps its server-owned fields.
    """
    if have is None:
        out = dict(api.CREATE_DEFAULTS[kind])
        out[api.FIELDS['uuid']] = None
        out.update(new_fields)
    else:
        out = dict(have)
    out.update(body)
    return out


def delete_object(client, have, kind):
    """Delete an object found by its natural key; returns (changed, before, after)."""
    if have is None:
        return False, None, None
    if not client.check_mode:
        client.delete(kind, uuid=have[api.FIELDS['uuid']])
    return True, have, None


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
