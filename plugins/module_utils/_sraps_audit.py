# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The fleet audit of one company: what its phones and profiles show that needs a look. Reads only.

PRIVATE to this collection: not a public API, it may change in any release.

read() reads each collection once (the phones in one paged list, the profiles, the product defaults, and the
catalogues of products, product groups and settings); audit() turns what was read into findings, one list per
kind (KINDS), with no request. Each finding is a dict with `kind`, `object` (a MAC or a profile name),
`detail` (a sentence for people) and the fields of its kind.

Settings are named as the rest of the collection names them (_sraps_settings.describe, by param_name, or
section:param_name where the bare name means another entry): password values are shown masked, always.
"""

from __future__ import annotations

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_api as api
from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_fleet as fleet
from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_settings as settings_mod
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_catalogue import Catalogue
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_endpoints import Profiles
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_mac import mac_warnings, normalize_mac
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_resources import (
    ENDPOINT, PRODUCT_DEFAULT)

F = api.FIELDS
KINDS = ('never_seen', 'stale', 'no_profile', 'wrong_product', 'unused_profiles', 'redundant_settings',
         'foreign_oui')


class Snapshot(object):
    """What the audit of one company reads, each collection once."""

    def __init__(self, company, phones, profiles, product_defaults, catalogue):
        self.company = company or {}
        self.phones = phones
        self.profiles = profiles            # a _sraps_endpoints.Profiles
        self.product_defaults = product_defaults
        self.catalogue = catalogue
        self.models = fleet.Models(catalogue)


def read(client):
    """The Snapshot of the company client acts in: list requests only, one per collection."""
    return Snapshot(client.company(), client.list(ENDPOINT.collection), Profiles(client),
                    client.list(PRODUCT_DEFAULT.collection), Catalogue(client))


# ------------------------------------------------------------------ the checks, one per kind
def _mac(phone):
    return (phone.get(F['mac']) or '').lower()


def _profile_of(snap, phone):
    uuid = phone.get(F['profile'])
    return snap.profiles.by_uuid(uuid) if uuid else None


def _phone_finding(snap, kind, phone, detail, **extra):
    """A finding about a phone: its MAC, name, profile (by name), reported model and last contact."""
    profile = _profile_of(snap, phone)
    out = dict(kind=kind, object=_mac(phone), mac=_mac(phone), name=phone.get(F['name']) or '',
               profile=(profile.get(F['name']) if profile else phone.get(F['profile'])) or None,
               model=snap.models.name(phone) if phone.get(F['product']) else None,
               last_seen=phone.get(F['last_seen']) or None, detail=detail)
    out.update(extra)
    return out


NEVER_SEEN = 'registered, but has never called in: check that it is plugged in and reaches the internet, and its MAC'
NO_PROFILE = 'has no provisioning profile: it gets only the product defaults and its own settings'
FOREIGN_OUI = 'the MAC does not start with 00:04:13, the prefix of Snom phones: check it for a typo'


def never_seen(snap, stale_before):
    return [_phone_finding(snap, 'never_seen', phone, NEVER_SEEN)
            for phone in snap.phones if fleet.last_seen(phone) is None]


def stale(snap, stale_before):
    out = []
    for phone in snap.phones:
        seen = fleet.last_seen(phone)
        if seen is not None and seen < stale_before:
            out.append(_phone_finding(snap, 'stale', phone, 'last called in %s, before %s'
                                      % (fleet.api_time(seen), fleet.api_time(stale_before))))
    return out


def no_profile(snap, stale_before):
    return [_phone_finding(snap, 'no_profile', phone, NO_PROFILE)
            for phone in snap.phones if not phone.get(F['profile'])]


def wrong_product(snap, stale_before):
    out = []
    for phone in snap.phones:
        profile = _profile_of(snap, phone)
        group = snap.models.group(phone)
        if profile is None or group is None or group == profile.get(F['product_group']):
            continue
        profile_group = snap.catalogue.product_group_name(profile.get(F['product_group']))
        model_group = snap.catalogue.product_group_name(group)
        out.append(_phone_finding(
            snap, 'wrong_product', phone,
            'reports model %s (%s), but its profile %r is for %s' % (
                snap.models.name(phone), model_group, profile.get(F['name']), profile_group),
            product_group=profile_group, model_group=model_group))
    return out


def unused_profiles(snap, stale_before):
    used = set(phone.get(F['profile']) for phone in snap.phones)
    return [dict(kind='unused_profiles', object=profile.get(F['name']) or '', profile=profile.get(F['name']) or '',
                 uuid=profile.get(F['uuid']),
                 product_group=snap.catalogue.product_group_name(profile.get(F['product_group'])),
                 detail='no phone uses this profile: give it phones, or delete it')
            for profile in snap.profiles.items if profile.get(F['uuid']) not in used]


def _comparable(entry):
    """A settings_manager entry as something to compare: (value, perm), or for an indexed setting the sorted
    (index, value, perm) of each line. None when a value is the mask read back (a password nobody can see)."""
    items = entry if isinstance(entry, list) else [entry]
    out = []
    for item in items:
        if not isinstance(item, dict):
            return None
        if item.get('value') == api.MASKED_VALUE:
            return None
        out.append((item.get('index'), item.get('value'), (item.get('attrs') or {}).get('perm', '')))
    return tuple(sorted(out, key=repr)) if isinstance(entry, list) else out[0]


def redundant_settings(snap, stale_before):
    """Settings a profile sets to what the product default of a model of its product group already sets."""
    out = []
    catalogue = snap.catalogue
    for profile in snap.profiles.items:
        group = profile.get(F['product_group'])
        mine = profile.get(F['settings_manager']) or {}
        for default in snap.product_defaults:
            product = snap.models.product(default.get(F['product']))
            if not product or product.get(F['product_group']) != group:
                continue
            theirs = default.get(F['settings_manager']) or {}
            for uuid in sorted(set(mine) & set(theirs)):
                same = _comparable(mine[uuid])
                if same is None or same != _comparable(theirs[uuid]):
                    continue
                label, value = next(iter(settings_mod.describe({uuid: mine[uuid]}, catalogue,
                                                               product_group=group).items()))
                model = product.get(F['name'])
                out.append(dict(kind='redundant_settings', object=profile.get(F['name']) or '',
                                profile=profile.get(F['name']) or '', setting=label, product=model, value=value,
                                detail='sets %s as the product default of %s does: remove it from the profile '
                                       'unless it is meant to stay when the default changes' % (label, model)))
    return sorted(out, key=lambda f: (f['profile'], f['setting'], f['product']))


def foreign_oui(snap, stale_before):
    phones = dict((_mac(phone), phone) for phone in snap.phones)
    out = []
    for warning in mac_warnings(sorted(phones), label='phone'):
        phone = phones[normalize_mac(warning['mac'])]
        out.append(_phone_finding(snap, 'foreign_oui', phone, FOREIGN_OUI))
    return out


CHECKS = dict(never_seen=never_seen, stale=stale, no_profile=no_profile, wrong_product=wrong_product,
              unused_profiles=unused_profiles, redundant_settings=redundant_settings, foreign_oui=foreign_oui)


def audit(snap, stale_before, checks=KINDS):
    """The module's result for a Snapshot: findings per kind checked (each sorted by object), their counts,
    how many phones are registered and how many have called in, and the company."""
    findings = {}
    for kind in KINDS:
        if kind in checks:
            findings[kind] = sorted(CHECKS[kind](snap, stale_before), key=lambda f: f['object'])
    return dict(
        company=dict(name=snap.company.get(F['name']), uuid=snap.company.get(F['uuid'])),
        checks=[kind for kind in KINDS if kind in checks],
        stale_before=fleet.api_time(stale_before),
        phones=len(snap.phones),
        called_in=sum(1 for phone in snap.phones if fleet.last_seen(phone) is not None),
        profiles=len(snap.profiles.items),
        findings=findings,
        counts=dict((kind, len(items)) for kind, items in findings.items()),
    )
