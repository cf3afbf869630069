# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import datetime

import pytest

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_fleet as fleet
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import SrapsInputError

UTC = datetime.timezone.utc
NOW = datetime.datetime(2026, 12, 4, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize('text, expected', [
    ('7d', datetime.datetime(2026, 11, 27, 12, 0, 0, tzinfo=UTC)),
    ('12h', datetime.datetime(2026, 12, 4, 0, 0, 0, tzinfo=UTC)),
    ('90m', datetime.datetime(2026, 12, 4, 10, 30, 0, tzinfo=UTC)),
    ('30s', datetime.datetime(2026, 12, 4, 11, 59, 30, tzinfo=UTC)),
    ('2W', datetime.datetime(2026, 11, 20, 12, 0, 0, tzinfo=UTC)),
    ('2026-11-28', datetime.datetime(2026, 11, 28, tzinfo=UTC)),
    ('2026-11-28T09:00:00+01:00', datetime.datetime(2026, 11, 28, 8, 0, 0, tzinfo=UTC)),
    ('2026-11-28T08:00:00Z', datetime.datetime(2026, 11, 28, 8, 0, 0, tzinfo=UTC)),
])
def test_parse_when_reads_times_and_ages(text, expected):
    assert fleet.parse_when('seen_since', text, now=NOW) == expected


@pytest.mark.parametrize('text', ['yesterday', '7 days', '-3d', '', '7y'])
def test_parse_when_names_the_option_and_the_forms(text):
    with pytest.raises(SrapsInputError) as err:
        fleet.parse_when('seen_since', text, now=NOW)
    assert 'seen_since' in str(err.value) and '7d' in str(err.value)


def test_last_seen_is_none_until_the_first_contact():
    assert fleet.last_seen({'last_seen': None}) is None
    assert fleet.last_seen({}) is None
    assert fleet.last_seen({'last_seen': 'garbage'}) is None
    assert fleet.last_seen({'last_seen': '2026-12-01T10:00:00Z'}) == datetime.datetime(2026, 12, 1, 10, tzinfo=UTC)


class FakeCatalogue(object):
    products = [{'uuid': 'p-d785', 'name': 'D785', 'product_group': 'g-d'},
                {'uuid': 'p-m900', 'name': 'M900', 'product_group': 'g-dect'}]


def test_models_name_the_reported_model_and_its_group():
    models = fleet.Models(FakeCatalogue())
    assert models.name({'product': 'p-d785'}) == 'D785'
    assert models.group({'product': 'p-m900'}) == 'g-dect'
    assert models.of({'product': None}) is None and models.group({}) is None
    # A model the catalogue does not list keeps its uuid as its name and has no known group.
    assert models.name({'product': 'p-new'}) == 'p-new' and models.group({'product': 'p-new'}) is None
