# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The global catalogues (settings, product groups, products), read once per run.

PRIVATE to this collection: not a public API, it may change in any release.

Setting names are not unique in SRAPS: production has two `setting_server` entries.
A uuid or section:param_name is taken as given; a param_name is resolved by the target's
product group first, then by the `phone-settings` section; what is still ambiguous fails,
listing the candidates. An entry SRAPS does not list for the target's group is written with a
warning, never refused: production SRAPS accepts such writes (contract section 5).

A catalogue may come from the cache of an earlier task (cache_ttl). A name or uuid missing from such
a catalogue has it read afresh once (SrapsAccount.refresh_list) before it counts as unknown, so a
catalogue that grew since it was cached never turns a valid name into an error.
"""

from __future__ import annotations

import difflib
import threading

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_api as api
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import SrapsApiError, SrapsInputError
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_match import did_you_mean, resolve, uuid_form


class _Unknown(SrapsInputError):
    """A setting the catalogue does not list (looked for again after a fresh read of it)."""


def _closest(word, names):
    return did_you_mean(word, names, form=' Did you mean: %s?')


class Catalogue(object):
    """Lookups in the global catalogues; each is fetched (all pages) at most once per client."""

    def __init__(self, client):
        self.client = client
        self._settings_by_uuid = None
        self._settings_by_name = None
        self._lock = threading.Lock()
        self._lookalikes = {}
        self._told = set()      # (setting uuid, product group) pairs warned about

    # ---------------------------------------------------------------- reads
    @property
    def settings(self):
        return self.client.cached_list('settings')

    @property
    def product_groups(self):
        return self.client.cached_list('product_groups')

    @property
    def products(self):
        return self.client.cached_list('products')

    def _index(self):
        # The write threads of a bulk task look settings up too: one reads the catalogue, the others
        # wait for it, and none sees a half-built index (a password setting missing from it would not
        # be masked).
        if self._settings_by_uuid is not None:
            return
        with self._lock:
            if self._settings_by_uuid is not None:
                return
            self._build_index()

    def _build_index(self):
        by_uuid = {}
        by_name = {}
        for setting in self.settings:
            by_uuid[setting['uuid']] = setting
            by_name.setdefault(setting[api.FIELDS['param_name']], []).append(setting)
        self._settings_by_name = by_name
        self._settings_by_uuid = by_uuid

    def missed(self, resource):
        """A name or uuid was not found in the catalogue resource: read it afresh when it came from the
        cache (once per run), so that the caller's second look sees what SRAPS holds now."""
        refresh = getattr(self.client, 'refresh_list', None)
        if refresh is None:
            return
        with self._lock:
            if refresh(resource) and resource == 'settings':
                self._build_index()
                self._lookalikes = {}

    def setting(self, uuid):
        """The catalogue entry of a setting uuid, or None."""
        self._index()
        found = self._settings_by_uuid.get(uuid)
        if found is None and uuid:
            self.missed('settings')
            found = self._settings_by_uuid.get(uuid)
        return found

    def lookalikes(self, name):
        """The entries a setting name given by the user may mean: those with this param_name, else the
        entry with this uuid, else those with one of the three closest names. Remembered per name."""
        self._index()
        if name not in self._lookalikes:
            as_uuid = name.lower().replace('-', '')
            if name not in self._settings_by_name and as_uuid not in self._settings_by_uuid:
                self.missed('settings')
            found = list(self._settings_by_name.get(name, ()))
            if not found and as_uuid in self._settings_by_uuid:
                found = [self._settings_by_uuid[as_uuid]]
            if not found:
                for close in difflib.get_close_matches(name, list(self._settings_by_name), n=3, cutoff=0.6):
                    found.extend(self._settings_by_name[close])
            self._lookalikes[name] = found
        return self._lookalikes[name]

    def name_is_shared(self, param_name):
        """Whether more than one catalogue entry has this param_name (such as setting_server)."""
        self._index()
        return len(self._settings_by_name.get(param_name, ())) > 1

    # ------------------------------------------------------------- products
    def product_group(self, ref):
        """The product group named or identified by ref (name compared without regard to case)."""
        return self._find('product group', 'product_groups', ref)

    def product(self, ref):
        """The product (phone model) named or identified by ref, such as D785."""
        return self._find('product', 'products', ref)

    def product_group_name(self, uuid):
        for group in self.product_groups:
            if group['uuid'] == uuid:
                return group['name']
        return uuid

    def product_name(self, uuid):
        for product in self.products:
            if product['uuid'] == uuid:
                return product['name']
        return uuid

    def _find(self, kind, resource, ref):
        """The item ref names (the rule of _sraps_match.resolve), or an error listing the known names."""
        found = resolve(self.client.cached_list(resource), ref, '%s name %r' % (kind, ref))
        if found is None:
            self.missed(resource)
            items = self.client.cached_list(resource)
            found = resolve(items, ref, '%s name %r' % (kind, ref))
        if found is None:
            names = sorted(i.get('name') or '' for i in items)
            raise SrapsInputError('unknown %s %r%s; known: %s'
                                  % (kind, ref, did_you_mean(ref, names), ', '.join(names)))
        return found

    # ------------------------------------------------------------- settings
    def resolve_setting(self, ref, product_group=None, notes=None):
        """The catalogue entry for a user's setting reference.

        ref is a uuid, a param_name or section:param_name. product_group (a uuid) is the product group of
        the object the setting is written to, when it has one. An entry SRAPS does not list for that group
        is still returned (SRAPS accepts such writes, contract section 5), with a warning: appended to
        notes when given, else told through the client once per entry and group.
        """
        self._index()
        ref = str(ref).strip()
        try:
            setting = self._pick(ref, product_group)
        except _Unknown:
            self.missed('settings')
            setting = self._pick(ref, product_group)
        if product_group and not self._applies(setting, product_group):
            self._tell(self.misfit_warning(ref, setting, product_group), (setting['uuid'], product_group), notes)
        return setting

    def _pick(self, ref, product_group):
        """A uuid or section:param_name as given; else the entry listing product_group; else phone-settings."""
        uuid = uuid_form(ref)
        if uuid and uuid in self._settings_by_uuid:
            return self._settings_by_uuid[uuid]
        section, name = ref.split(':', 1) if ':' in ref else (None, ref)
        candidates = [s for s in self._settings_by_name.get(name, [])
                      if section is None or s.get(api.FIELDS['section']) == section]
        if not candidates:
            raise _Unknown('unknown setting %r: no such param_name%s in the SRAPS settings catalogue.%s'
                           % (ref, ' in section %r' % section if section else '',
                              _closest(name, self._settings_by_name)))
        if len(candidates) > 1 and product_group:
            candidates = [s for s in candidates if self._applies(s, product_group)] or candidates
        if len(candidates) > 1:
            preferred = [s for s in candidates if s.get(api.FIELDS['section']) == api.PHONE_SETTINGS_SECTION]
            candidates = preferred if len(preferred) == 1 else candidates
        if len(candidates) > 1:
            raise SrapsInputError('setting %r is ambiguous: %s. Write it as section:param_name or give the uuid'
                                  % (ref, '; '.join(self.entry_text(s) for s in candidates)))
        return candidates[0]

    def tell(self, text, key, notes=None):
        """A warning about the task's settings: to notes when given, else to the client once per key."""
        self._tell(text, key, notes)

    def _tell(self, text, key, notes):
        if notes is not None:
            notes.append(text)
            return
        with self._lock:
            # A bulk task resolves the same setting for many phones: one warning per entry and group.
            if key in self._told:
                return
            self._told.add(key)
        self.client.warn(text)

    def entry_text(self, setting):
        """An entry as messages name it: its name, section, uuid and the product groups SRAPS lists for it."""
        return '%r (section %s, uuid %s, %s, listed for %s)' % (
            setting.get(api.FIELDS['name']), setting.get(api.FIELDS['section']), setting['uuid'],
            setting.get(api.FIELDS['field_type']), self._groups_text([setting]))

    def fitting_labels(self, setting, product_group):
        """section:param_name of the other entries with the setting's param_name that list product_group."""
        return sorted('%s:%s' % (s.get(api.FIELDS['section']), s.get(api.FIELDS['param_name']))
                      for s in self._settings_by_name.get(setting.get(api.FIELDS['param_name']), [])
                      if s is not setting and self._applies(s, product_group))

    def misfit_warning(self, ref, setting, product_group):
        """The warning for an entry written to an object of a product group SRAPS does not list for it."""
        group = self.product_group_name(product_group)
        others = self.fitting_labels(setting, product_group)
        return ('setting %r on product group %s: written as the entry %r (section %s, uuid %s), which SRAPS '
                'lists for %s, not for %s. SRAPS accepts such a write; %s'
                % (ref, group, setting.get(api.FIELDS['name']), setting.get(api.FIELDS['section']),
                   setting['uuid'], self._groups_text([setting]), group,
                   'the entry it lists for %s is %s' % (group, ', '.join(others)) if others else
                   'if phones of %s ignore it, remove it' % group))

    @staticmethod
    def _applies(setting, product_group):
        groups = setting.get('product_groups') or []
        return not groups or product_group in groups

    lists = _applies    # whether SRAPS lists the setting for a product group (no groups: all)

    def _groups_text(self, settings):
        groups = set()
        for setting in settings:
            groups.update(self.product_group_name(g) for g in setting.get('product_groups') or [])
        return ', '.join(sorted(groups)) or 'no product group'

    def setting_group_name(self, setting):
        """The name of a setting's group (setting-groups/, ASSUMED), or the group as the setting holds it
        when SRAPS does not serve that list."""
        group = setting.get('group')
        try:
            groups = self.client.cached_list('setting_groups')
        except SrapsApiError as exc:
            if exc.status not in (403, 404, 405):
                raise
            return group
        for item in groups:
            if item.get(api.FIELDS['uuid']) == group:
                return item.get(api.FIELDS['name'])
        return group

    def search(self, param_name=None, section=None, product_group=None, text=None):
        """Catalogue entries matching every filter given. A param_name the catalogue lacks has it read
        afresh when it came from the cache (missed)."""
        group_uuid = self.product_group(product_group)['uuid'] if product_group else None
        self._index()
        if param_name and param_name not in self._settings_by_name:
            self.missed('settings')
        found = []
        for setting in self.settings:
            if param_name and setting.get('param_name') != param_name:
                continue
            if section and setting.get('section') != section:
                continue
            if group_uuid and not self._applies(setting, group_uuid):
                continue
            if text:
                haystack = ' '.join(str(setting.get(k) or '') for k in ('param_name', 'name', 'description'))
                if text.lower() not in haystack.lower():
                    continue
            found.append(setting)
        return found
