# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The user's `settings` option and the API's `settings_manager`, both ways.

PRIVATE to this collection: not a public API, it may change in any release.

Users write settings by param_name (or uuid, or section:param_name):

    settings:
      language: Deutsch                  # a value
      setting_server: {value: "https://pbx.example.com/{mac}", perm: R}
      user_realname: {1: Alice, 2: {value: Bob, perm: RW}}   # an indexed setting
      ntp_server: null                   # remove the setting from the object

SRAPS stores a map from setting uuid to {"value": "<string>", "attrs": {"perm": ...}},
or for indexed settings a list of {"index": n, "value": ..., "attrs": ...}. Values are
strings: booleans are written as the phone expects them ("on"/"off"), numbers as digits.

Password values read back masked, and every write replaces the whole object. Nothing public says
whether SRAPS keeps the stored secret when the mask is sent back or stores the eight asterisks as
the new password, so a write never carries the mask unless the user says their SRAPS keeps it
(the connection option masked_secrets): a declared secret is sent with its declared value on every
write (outgoing()), and an object that holds a secret the task does not declare is not written
(masked_problem()).
"""

from __future__ import annotations

import copy
import difflib
import re

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_api as api
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import (
    SrapsApiError, SrapsInputError, format_detail)
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_match import FALSE_WORDS, TRUE_WORDS

PASSWORD = 'password'
# How a diff shows a password value that will be written (never the value itself).
NEW_SECRET_MARK = api.MASKED_VALUE + ' (new value)'


def phone_value(value):
    """A value as the string a Snom phone expects: booleans on/off, numbers as digits."""
    if isinstance(value, bool):
        return 'on' if value else 'off'
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return value
    raise ValueError('a setting value must be a string, number or boolean, not %s' % type(value).__name__)


def is_password(setting):
    return setting.get(api.FIELDS['field_type']) == PASSWORD


def is_indexed(setting):
    return bool((setting.get(api.FIELDS['indexed']) or {}).get('enabled'))


def check_value(ref, setting, value):
    """The value as SRAPS accepts it for the setting's field_type, or ValueError naming the fix.

    An on/off setting also takes the words of a CSV file or a YAML string (true, yes, 1 ...).
    Checking here lets check mode predict the server's 400 and fail before anything is written.
    """
    field_type = setting.get(api.FIELDS['field_type'])
    if field_type == 'bool':
        word = value.strip().lower()
        if word in TRUE_WORDS:
            return api.BOOL_VALUES[0]
        if word in FALSE_WORDS:
            return api.BOOL_VALUES[1]
        raise ValueError('%s: %r is not on or off; write on, off, true or false' % (ref, value))
    if field_type == 'int' and not re.match(api.INT_PATTERN, value):
        raise ValueError('%s: %r is not a whole number' % (ref, value))
    if field_type in api.CHOICE_FIELD_TYPES and setting.get('choices'):
        choices = [c.get('value') if isinstance(c, dict) else c for c in setting['choices']]
        if value not in choices:
            close = difflib.get_close_matches(value, [str(c) for c in choices], n=3, cutoff=0.5)
            shown = close or choices[:12]
            raise ValueError('%s: %r is not one of its choices (%s%s)' % (
                ref, value, 'did you mean ' if close else '', ', '.join(str(c) for c in shown)
                + ('' if close or len(choices) <= 12 else ', ...')))
    return value


def is_url(setting):
    """Whether a setting's value is a URL: its field_type is url, or its param_name or name says URL."""
    return (setting.get(api.FIELDS['field_type']) == 'url'
            or 'url' in re.split(r'[^a-z]+', '%s %s' % (str(setting.get(api.FIELDS['param_name']) or '').lower(),
                                                        str(setting.get(api.FIELDS['name']) or '').lower())))


def _url_values(want):
    """The values a resolved want writes (none for a removal)."""
    if want is None:
        return []
    if want[0] == 'one':
        return [want[1]]
    return [entry[0] for entry in want[1].values() if entry is not None]


def _one_entry(ref, raw, setting=None):
    """(value, perm) from a user's value or {value, perm}; perm None when not given."""
    if isinstance(raw, dict):
        unknown = set(raw) - {'value', 'perm'}
        if unknown or 'value' not in raw:
            raise ValueError('%s: write a value, or a dict with the keys value and perm (got keys %s)'
                             % (ref, ', '.join(sorted(str(k) for k in raw))))
        perm = raw.get('perm')
        if perm is not None:
            perm = str(perm).upper()
            if perm not in api.PERMS:
                raise ValueError('%s: perm %r is not valid; use RW (the phone user may change it), R '
                                 '(read-only) or an empty string (default)' % (ref, raw.get('perm')))
        value = raw['value']
    else:
        value, perm = raw, None
    try:
        value = phone_value(value)
    except ValueError as exc:
        raise ValueError('%s: %s' % (ref, exc))
    if setting is not None and value != api.MASKED_VALUE:
        value = check_value(ref, setting, value)
    return value, perm


def resolve(user_settings, catalogue, product_group=None, notes=None):
    """Turn the user's settings into {uuid: want}; raise SrapsInputError naming every problem.

    A want is None (remove the setting), ('one', value, perm) or ('indexed', {index: (value, perm)}).
    Warnings (an entry SRAPS does not list for product_group) go to notes when given, else to the
    client (Catalogue.resolve_setting).
    """
    wants = {}
    problems = []
    for ref, raw in (user_settings or {}).items():
        try:
            setting = catalogue.resolve_setting(ref, product_group, notes)
        except SrapsInputError as exc:
            problems.append(exc.msg)
            continue
        uuid = setting['uuid']
        try:
            if uuid in wants:
                raise ValueError('%s: the same setting is named twice' % ref)
            if raw is None:
                wants[uuid] = None
            elif is_indexed(setting):
                indexed = setting[api.FIELDS['indexed']]
                if not isinstance(raw, dict) or set(raw) <= {'value', 'perm'}:
                    raw = {indexed.get('start', 1): raw}
                entries = {}
                for index, item in raw.items():
                    try:
                        number = int(index)
                    except (TypeError, ValueError):
                        raise ValueError('%s: index %r is not a number' % (ref, index))
                    top = indexed.get('max_size')
                    if number < indexed.get('start', 1) or (top and number > top):
                        raise ValueError('%s: index %d is outside %d..%s' % (ref, number, indexed.get('start', 1),
                                                                             top))
                    label = '%s[%d]' % (ref, number)
                    entries[number] = None if item is None else _one_entry(label, item, setting)
                wants[uuid] = ('indexed', entries)
            else:
                wants[uuid] = ('one',) + _one_entry(ref, raw, setting)
            for value in _url_values(wants[uuid]) if is_url(setting) else ():
                if value and '://' not in value:
                    catalogue.tell('setting %r: %r has no scheme (such as https://); it is written, as SRAPS may '
                                   'accept it, but a phone will not use it: write the whole URL'
                                   % (str(ref).strip(), value), ('url', uuid, value), notes)
        except ValueError as exc:
            problems.append(str(exc))
    if problems:
        raise SrapsInputError('invalid settings: ' + '; '.join(problems))
    return wants


# How SRAPS names a setting in a 400 about settings_manager: "<uuid>: <problem>".
_REJECTED_SETTING = re.compile(r'^\s*([0-9a-fA-F]{32})\s*:\s*(.*)$', re.DOTALL)


def _written_as(user_settings, catalogue, product_group):
    """{uuid: the reference the user wrote} for the settings of a task (resolved again, quietly)."""
    out = {}
    for ref in user_settings or {}:
        try:
            out[catalogue.resolve_setting(ref, product_group, notes=[])['uuid']] = str(ref).strip()
        except SrapsInputError:
            continue
    return out


def rejection(exc, catalogue, user_settings, product_group):
    """SRAPS's 400 to a write, with each setting it names said in the user's words: the setting as the task
    wrote it, the catalogue entry (name, section, uuid) and the object's product group. exc itself when the
    answer names no setting (another 400, or another status)."""
    detail = exc.detail if isinstance(exc.detail, dict) else {}
    said = detail.get(api.FIELDS['settings_manager'])
    said = said if isinstance(said, list) else [said] if isinstance(said, str) else []
    named = [m.groups() for m in (_REJECTED_SETTING.match(str(item)) for item in said) if m]
    if exc.status != 400 or not named:
        return exc
    refs = _written_as(user_settings, catalogue, product_group)
    group = catalogue.product_group_name(product_group) if product_group else None
    parts = []
    hint = None     # entries listed for the group, when SRAPS refused one for its product group
    for uuid, problem in named:
        setting = catalogue.setting(uuid.lower())
        if setting is None:
            parts.append('%s: %s' % (uuid, problem))
            continue
        ref = refs.get(setting['uuid']) or catalogue_label(setting, catalogue, product_group)
        parts.append('setting %r, entry %s: %s' % (ref, catalogue.entry_text(setting), problem))
        if group and 'product group' in problem:
            hint = (hint or set()).union(catalogue.fitting_labels(setting, product_group))
    msg = '%s %s failed with HTTP 400: SRAPS refused %s%s: %s' % (
        exc.method, exc.path, 'the settings' if len(parts) > 1 else 'a setting',
        ' for product group %s' % group if group else '', '; '.join(parts))
    if hint is not None:
        msg += ('. This SRAPS refuses settings its catalogue does not list for the object\'s product group: '
                'remove the setting%s' % (', or write the entry listed for %s: %s' % (group, ', '.join(sorted(hint)))
                                          if hint else ''))
    rest = dict((k, v) for k, v in detail.items() if k != api.FIELDS['settings_manager'])
    if rest:
        msg += '. SRAPS also said: %s' % format_detail(rest)
    return SrapsApiError(msg, method=exc.method, path=exc.path, status=exc.status, detail=exc.detail)


def secret_values(wants, catalogue):
    """The password values among the wants, to hide from every output."""
    found = set()
    for uuid, want in wants.items():
        setting = catalogue.setting(uuid)
        if want is None or setting is None or not is_password(setting):
            continue
        if want[0] == 'one':
            found.add(want[1])
        else:
            found.update(entry[0] for entry in want[1].values() if entry is not None)
    found.discard('')
    found.discard(api.MASKED_VALUE)
    return found


# Snom password parameters: admin_mode_password, http_pass, user_pass, keyboard_lock_pw, ldap_password.
_SECRET_NAME = re.compile(r'pass|pw|secret', re.IGNORECASE)


def _leaf_values(raw):
    """The values a user's setting entry holds: a value, {value, perm}, or {index: either}.

    Also the items of a value of the wrong type (a list, a dict without value): a failed task
    echoes them one by one."""
    if isinstance(raw, dict):
        items = [raw['value']] if 'value' in raw else list(raw.values())
    elif isinstance(raw, (list, tuple, set)):
        items = list(raw)
    else:
        return [raw]
    out = []
    for item in items:
        out.extend(_leaf_values(item))
    return out


def likely_secret_values(user_settings, catalogue=None):
    """The values of the user's settings that are, or may be, passwords: hidden before anything can fail.

    secret_values() needs resolved settings, but resolving reads the catalogue and fails on
    a typo or a setting of another product group, and a failed task echoes its arguments.
    Without a catalogue, a value counts as secret when its name looks like a password
    (pass, pw, secret). With one, also when any entry with its param_name, or for a name
    the catalogue lacks, one of the closest names, has field_type password.
    """
    found = set()
    for ref, raw in (user_settings or {}).items():
        name = str(ref).strip().rsplit(':', maxsplit=1)[-1]
        secret = bool(_SECRET_NAME.search(name))
        if not secret and catalogue is not None:
            secret = any(is_password(setting) for setting in catalogue.lookalikes(name))
        if secret:
            found.update(str(value) for value in _leaf_values(raw) if value is not None)
    found.discard('')
    found.discard(api.MASKED_VALUE)
    return found


def _declared(want):
    """{index or None: value} of the password values a want declares (the mask is no value)."""
    if want is None:
        return {}
    if want[0] == 'one':
        return {None: want[1]} if want[1] != api.MASKED_VALUE else {}
    return dict((index, entry[0]) for index, entry in want[1].items()
                if entry is not None and entry[0] != api.MASKED_VALUE)


def outgoing(settings_manager, wants, catalogue):
    """The settings_manager to send: the mask read back replaced by the value the task declares.

    apply() keeps the mask where a declared secret counts as unchanged (update_password on_create),
    so that diffs and predictions show no change; a write still sends the declared value, since
    sending the mask back may overwrite the stored password. settings_manager itself is returned
    when there is nothing to replace.
    """
    out = None
    for uuid, want in (wants or {}).items():
        setting = catalogue.setting(uuid)
        declared = _declared(want) if setting is not None and is_password(setting) else {}
        entry = (settings_manager or {}).get(uuid)
        if not declared or entry is None:
            continue
        items = entry if isinstance(entry, list) else [entry]
        if not any(item.get('value') == api.MASKED_VALUE and item.get('index') in declared for item in items):
            continue
        if out is None:
            out = dict(settings_manager)
        filled = []
        for item in items:
            if item.get('value') == api.MASKED_VALUE and item.get('index') in declared:
                item = dict(item, value=declared[item.get('index')])
            filled.append(item)
        out[uuid] = filled if isinstance(entry, list) else filled[0]
    return settings_manager if out is None else out


def masked_left(settings_manager, catalogue):
    """The password entries of settings_manager that hold the mask (not a value): their names,
    as describe() labels them, indexed entries as name[index]. Sorted."""
    out = []
    for uuid, entry in (settings_manager or {}).items():
        setting = catalogue.setting(uuid)
        if setting is None or not is_password(setting):
            continue
        label = catalogue_label(setting, catalogue)
        for item in entry if isinstance(entry, list) else [entry]:
            if isinstance(item, dict) and item.get('value') == api.MASKED_VALUE:
                out.append(label if item.get('index') is None else '%s[%s]' % (label, item['index']))
    return sorted(out)


MASKED_SECRETS_CHOICES = ('refuse', 'server_keeps')


def masked_problem(what, settings_manager, catalogue, masked_secrets='refuse'):
    """Why an object cannot be written as planned, or None: the body would send the mask back.

    what names the object ("phone", "profile 'Sales'"). Never names a value.
    """
    if masked_secrets == 'server_keeps':
        return None
    names = masked_left(settings_manager, catalogue)
    if not names:
        return None
    return ('%s holds password settings that this task gives no value for: %s. SRAPS reads passwords '
            'back masked and every write replaces the whole object, so writing it would send the mask '
            'back, which may overwrite the stored passwords. Nothing was written to it. Give those '
            'settings their values in settings (from vault or the environment), or set masked_secrets: '
            'server_keeps if you know that your SRAPS keeps a password sent back masked'
            % (what, ', '.join(names)))


def outgoing_body(body, wants, catalogue, what, masked_secrets='refuse', write=True):
    """The body of an object's write with its passwords as outgoing() sends them, or SrapsInputError when it
    would send the mask back (masked_problem). Nothing is checked when nothing will be written."""
    if not write:
        return body
    field = api.FIELDS['settings_manager']
    send = outgoing(body.get(field), wants, catalogue)
    problem = masked_problem(what, send, catalogue, masked_secrets)
    if problem:
        raise SrapsInputError(problem)
    return body if send is body.get(field) else dict(body, **{field: send})


def _entry(value, perm, old_attrs):
    # A new entry states the default perm ("") so that what is sent is what SRAPS stores.
    attrs = dict(old_attrs) if old_attrs is not None else {'perm': ''}
    if perm is not None:
        attrs['perm'] = perm
    return {'value': value, 'attrs': attrs}


def _same_value(setting, old_value, new_value, update_password):
    if old_value == new_value:
        return True
    # A stored secret reads back masked: equal unless the user asks to always send it.
    return (setting is not None and is_password(setting) and old_value == api.MASKED_VALUE
            and update_password != 'always')


def apply(have, wants, catalogue, purge=False, update_password='on_create'):
    """The settings_manager to send: have with the wants applied. Returns (new, changed)."""
    new = {} if purge else copy.deepcopy(have or {})
    changed = False
    if purge:
        changed = any(uuid not in wants for uuid in (have or {}))
    for uuid, want in wants.items():
        setting = catalogue.setting(uuid)
        old = (have or {}).get(uuid)
        if want is None:
            if old is not None:
                new.pop(uuid, None)
                changed = True
            continue
        if want[0] == 'one':
            value, perm = want[1], want[2]
            old_one = old if isinstance(old, dict) else None
            if old_one is not None and _same_value(setting, old_one.get('value'), value, update_password) \
                    and (perm is None or (old_one.get('attrs') or {}).get('perm', '') == perm):
                new[uuid] = copy.deepcopy(old_one)
                continue
            new[uuid] = _entry(value, perm, old_one.get('attrs') if old_one else None)
            changed = True
            continue
        old_items = dict((item.get('index'), item) for item in old) if isinstance(old, list) else {}
        items = {} if purge else dict((i, copy.deepcopy(item)) for i, item in old_items.items())
        if purge and set(old_items) - set(want[1]):
            changed = True
        for index, entry in want[1].items():
            old_item = old_items.get(index)
            if entry is None:
                if old_item is not None:
                    items.pop(index, None)
                    changed = True
                continue
            value, perm = entry
            if old_item is not None and _same_value(setting, old_item.get('value'), value, update_password) \
                    and (perm is None or (old_item.get('attrs') or {}).get('perm', '') == perm):
                items[index] = copy.deepcopy(old_item)
                continue
            item = _entry(value, perm, old_item.get('attrs') if old_item else None)
            item['index'] = index
            items[index] = item
            changed = True
        new[uuid] = [items[i] for i in sorted(items)]
        if not new[uuid]:
            del new[uuid]
    return new, changed


def catalogue_label(setting, catalogue, product_group=None):
    """A setting's name in the user's words: its param_name, or section:param_name when the param_name
    alone would name another entry (for an object of product_group: the rule of Catalogue.resolve_setting)."""
    name = setting.get('param_name')
    if not catalogue.name_is_shared(name):
        return name
    try:
        if catalogue.resolve_setting(name, product_group, notes=[])['uuid'] == setting['uuid']:
            return name
    except SrapsInputError:
        pass
    return '%s:%s' % (setting.get('section'), name)


def written_as(user_settings, catalogue, product_group=None):
    """{uuid: the reference the user wrote} for a task's settings, for describe(); {} for none."""
    return _written_as(user_settings, catalogue, product_group) if user_settings else {}


def describe(settings_manager, catalogue, mark_new_secrets=False, written=None, product_group=None):
    """settings_manager in the user's words: {param_name: value or {value, perm} or {index: ...}}.

    A setting the task names (written: {uuid: reference}, from written_as()) is shown as the task wrote
    it. Any other is shown by its param_name, or as section:param_name when the catalogue holds the
    param_name more than once and the bare name would mean another entry for an object of product_group
    (catalogue_label); an unknown uuid is shown as the uuid.
    Password values are always shown masked.
    With mark_new_secrets (for the "after" side of a diff), a password value that is not
    the mask read back from SRAPS, so one about to be written, shows as NEW_SECRET_MARK:
    otherwise a changed password would look unchanged in the diff.
    """
    out = {}
    for uuid, entry in sorted((settings_manager or {}).items()):
        setting = catalogue.setting(uuid)
        if setting is None:
            label = uuid
        elif uuid in (written or {}):
            label = written[uuid]
        else:
            label = catalogue_label(setting, catalogue, product_group)
        secret = setting is not None and is_password(setting)

        def show(item):
            value = item.get('value')
            if secret and value:
                value = NEW_SECRET_MARK if mark_new_secrets and value != api.MASKED_VALUE else api.MASKED_VALUE
            perm = (item.get('attrs') or {}).get('perm', '')
            return {'value': value, 'perm': perm} if perm else value

        if isinstance(entry, list):
            out[label] = dict((item.get('index'), show(item)) for item in entry)
        elif isinstance(entry, dict):
            out[label] = show(entry)
    return out


def masked(settings_manager, catalogue):
    """settings_manager with every password value replaced by the mask.

    Only the entries of password settings are copied; the others are shared with settings_manager,
    and settings_manager itself is returned when it holds no password (a bulk task returns thousands
    of phones, and a copy of each cost memory for nothing).
    """
    out = None
    for uuid, entry in (settings_manager or {}).items():
        setting = catalogue.setting(uuid)
        if setting is None or not is_password(setting):
            continue
        if out is None:
            out = dict(settings_manager)
        entry = out[uuid] = copy.deepcopy(entry)
        for item in entry if isinstance(entry, list) else [entry]:
            if isinstance(item, dict) and item.get('value'):
                item['value'] = api.MASKED_VALUE
    if out is None:
        return {} if settings_manager is None else settings_manager
    return out


def with_settings_view(obj, catalogue, leave_out=(), written=None, product_group=None):
    """An object (profile, product default, phone) as returned to the user.

    settings_manager keeps the API's shape with password values masked; settings adds
    the same values by param_name (describe(), with written and product_group). The fields in
    leave_out are not returned. None stays None.
    """
    if obj is None:
        return None
    out = dict((k, v) for k, v in obj.items() if k not in leave_out)
    out[api.FIELDS['settings_manager']] = masked(obj.get(api.FIELDS['settings_manager']), catalogue)
    if product_group is None:
        product_group = obj.get(api.FIELDS['product_group'])
    out['settings'] = describe(obj.get(api.FIELDS['settings_manager']), catalogue, written=written,
                               product_group=product_group)
    return out
