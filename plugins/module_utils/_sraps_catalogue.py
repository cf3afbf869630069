# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The global catalogues (settings, product groups, products), read once per run.

PRIVATE to this collection: not a public API, it may change in any release.

Setting names are not unique in SRAPS: production has two `setting_server` entries.
A name is resolved by the target's product group first, then by the
`phone-settings` section; what is still ambiguous fails, listing the candidates.
"""

from __future__ import annotations

import difflib
import threading

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_api as api
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import SrapsInputError
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_match import did_you_mean, resolve, uuid_form


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
            by_uuid = {}
            by_name = {}
            for setting in self.settings:
                by_uuid[setting['uuid']] = setting
                by_name.setdefault(setting[api.FIELDS['param_name']], []).append(setting)
            self._settings_by_name = by_name
            self._settings_by_uuid = by_uuid

    def setting(self, uuid):
        """The catalogue entry of a setting uuid, or None."""
        self._index()
        return self._settings_by_uuid.get(uuid)

    def lookalikes(self, name):
        """The entries a setting name given by the user may mean: those with this param_name, else the
        entry with this uuid, else those with one of the three closest names. Remembered per name."""
        self._index()
        if name not in self._lookalikes:
            found = list(self._settings_by_name.get(name, ()))
            if not found and name.lower().replace('-', '') in self._settings_by_uuid:
                found = [self._settings_by_uuid[name.lower().replace('-', '')]]
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
        return self._find('product group', self.product_groups, ref)

    def product(self, ref):
        """The product (phone model) named or identified by ref, such as D785."""
        return self._find('product', self.products, ref)

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

    @staticmethod
    def _find(kind, items, ref):
        """The item ref names (the rule of _sraps_match.resolve), or an error listing the known names."""
        found = resolve(items, ref, '%s name %r' % (kind, ref))
        if found is None:
            names = sorted(i.get('name') or '' for i in items)
            raise SrapsInputError('unknown %s %r%s; known: %s'
                                  % (kind, ref, did_you_mean(ref, names), ', '.join(names)))
        return found

    # ------------------------------------------------------------- settings
    def resolve_setting(self, ref, product_group=None):
        """The catalogue entry for a user's setting reference.

        ref is a uuid, a param_name or section:param_name. product_group (a uuid) is the
        product group of the object the setting is written to, when it has one.
        """
        self._index()
        ref = str(ref).strip()
        uuid = uuid_form(ref)
        if uuid and uuid in self._settings_by_uuid:
            setting = self._settings_by_uuid[uuid]
            self._check_applies(ref, setting, product_group)
            return setting
        section = None
        name = ref
        if ':' in ref:
            section, name = ref.split(':', 1)
        candidates = list(self._settings_by_name.get(name, []))
        if section is not None:
            candidates = [s for s in candidates if s.get(api.FIELDS['section']) == section]
        if not candidates:
            raise SrapsInputError('unknown setting %r: no such param_name%s in the SRAPS settings catalogue.%s'
                                  % (ref, ' in section %r' % section if section else '',
                                     _closest(name, self._settings_by_name)))
        if product_group:
            fitting = [s for s in candidates if self._applies(s, product_group)]
            if not fitting:
                raise SrapsInputError('setting %r does not apply to product group %s; it applies to %s'
                                      % (ref, self.product_group_name(product_group),
                                         self._groups_text(candidates)))
            candidates = fitting
        if len(candidates) > 1:
            preferred = [s for s in candidates if s.get(api.FIELDS['section']) == api.PHONE_SETTINGS_SECTION]
            if len(preferred) == 1:
                candidates = preferred
        if len(candidates) > 1:
            raise SrapsInputError('setting %r is ambiguous: %s. Write it as section:param_name or give the uuid'
                                  % (ref, '; '.join('%s (section %s, %s)' % (s['uuid'], s.get('section'),
                                                                             s.get('field_type'))
                                                    for s in candidates)))
        return candidates[0]

    @staticmethod
    def _applies(setting, product_group):
        groups = setting.get('product_groups') or []
        return not groups or product_group in groups

    def _check_applies(self, ref, setting, product_group):
        if product_group and not self._applies(setting, product_group):
            raise SrapsInputError('setting %r does not apply to product group %s; it applies to %s'
                                  % (ref, self.product_group_name(product_group), self._groups_text([setting])))

    def _groups_text(self, settings):
        groups = set()
        for setting in settings:
            groups.update(self.product_group_name(g) for g in setting.get('product_groups') or [])
        return ', '.join(sorted(groups)) or 'no product group'

    def search(self, param_name=None, section=None, product_group=None, text=None):
        """Catalogue entries matching every filter given."""
        group_uuid = self.product_group(product_group)['uuid'] if product_group else None
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
