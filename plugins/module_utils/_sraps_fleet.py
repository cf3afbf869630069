# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Phones in the field: when a phone last called in, which model it reported, and the times users write.

PRIVATE to this collection: not a public API, it may change in any release.

SRAPS fills two read-only fields of a phone when it calls in (contract section 8, ASSUMED): `last_seen`
(ISO 8601, null until the first contact) and `product` (the model's uuid, null until then). The info
modules, the rollout verification and the fleet audit read them through this file only.

Times are written as ISO 8601 (V(2026-11-28T08:00:00Z), a date meaning midnight UTC, an offset or none,
meaning UTC) or as an age before now: a number and a unit, s, m, h, d or w (V(90m), V(7d), V(2w)).
"""

from __future__ import annotations

import datetime
import re

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_api as api
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import SrapsInputError

UTC = datetime.timezone.utc
F = api.FIELDS

_AGE = re.compile(r'^(\d+)\s*([smhdw])$')
_UNIT_SECONDS = {'s': 1, 'm': 60, 'h': 3600, 'd': 86400, 'w': 7 * 86400}
TIME_FORMS = '2026-11-28T08:00:00Z, 2026-11-28T09:00:00+01:00, 2026-11-28 or an age such as 7d, 12h, 90m'


def utc_now():
    return datetime.datetime.now(UTC)


def _iso(raw):
    """An ISO 8601 time or date as an aware datetime in UTC, or None when raw is not one."""
    # datetime.fromisoformat reads a trailing Z only from Python 3.11 on.
    if raw[-1:] in ('Z', 'z'):
        raw = raw[:-1] + '+00:00'
    try:
        when = datetime.datetime.fromisoformat(raw)
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


def parse_when(option, text, now=None):
    """A time given for option as ISO 8601 or as an age before now (7d, 12h, 90m, 30s, 2w), in UTC."""
    raw = str(text).strip()
    age = _AGE.match(raw.lower())
    if age:
        return (now or utc_now()) - datetime.timedelta(seconds=int(age.group(1)) * _UNIT_SECONDS[age.group(2)])
    when = _iso(raw) if raw else None
    if when is None:
        raise SrapsInputError('%s %r is neither a time nor an age: write an ISO 8601 time like %s'
                              % (option, text, TIME_FORMS))
    return when


def api_time(when):
    """A UTC datetime as SRAPS writes times: ISO 8601 with Z."""
    return when.strftime('%Y-%m-%dT%H:%M:%S.%fZ' if when.microsecond else '%Y-%m-%dT%H:%M:%SZ')


def last_seen(endpoint):
    """When the phone last called in (a UTC datetime), or None if it never did (or the value is unreadable)."""
    value = endpoint.get(F['last_seen'])
    if not value:
        return None
    return _iso(str(value).strip())


class Models(object):
    """The phone models of the catalogue by uuid, and the product group each belongs to."""

    def __init__(self, catalogue):
        self.catalogue = catalogue
        self._by_uuid = None

    def product(self, uuid):
        """The catalogue's product (phone model) of this uuid, or None."""
        if not uuid:
            return None
        if self._by_uuid is None:
            self._by_uuid = dict((p.get(F['uuid']), p) for p in self.catalogue.products)
        return self._by_uuid.get(uuid)

    def of(self, endpoint):
        """The model the phone reported when it called in, or None if it has not called in."""
        return self.product(endpoint.get(F['product']))

    def name(self, endpoint):
        product = self.of(endpoint)
        return product.get(F['name']) if product else endpoint.get(F['product'])

    def group(self, endpoint):
        """The product group uuid of the phone's model, or None if unknown."""
        product = self.of(endpoint)
        return product.get(F['product_group']) if product else None
