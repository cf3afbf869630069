# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""docs/api-coverage.md's tables are what tests/ci/api_coverage.py generates from _sraps_api.py.

When this fails, run `make api-coverage` (python tests/ci/api_coverage.py) and commit the page; when
the generator refuses, the message names the entry of _sraps_api.py that lacks a status or a note.
"""

from __future__ import annotations

import importlib.util
import os
import types

import pytest

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_api as api

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOC = os.path.join(ROOT, 'docs', 'api-coverage.md')


def load_generator():
    spec = importlib.util.spec_from_file_location('api_coverage', os.path.join(ROOT, 'tests', 'ci', 'api_coverage.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen = load_generator()


def read_doc():
    with open(DOC, encoding='utf-8') as handle:
        return handle.read()


def api_with(**changes):
    """A copy of the resource table module with some names replaced or added."""
    names = dict(vars(api))
    names.update(changes)
    return types.SimpleNamespace(**names)


def test_the_page_is_generated_from_the_resource_table():
    doc = read_doc()
    assert gen.update(doc, gen.render(api)) == doc, 'docs/api-coverage.md is not current: run make api-coverage'


def test_the_page_has_every_generated_part_once():
    doc = read_doc()
    for name in gen.TABLES:
        assert doc.count(gen.BEGIN % name) == 1 and doc.count(gen.END % name) == 1, name


def test_a_changed_path_changes_the_page():
    resources = dict(api.RESOURCES)
    resources['logs'] = resources['logs']._replace(path='companies/{company}/events/', status=api.KNOWN)
    doc = read_doc()
    changed = gen.update(doc, gen.render(api_with(RESOURCES=resources)))
    assert changed != doc
    assert '| `companies/{company}/events/` | GET | `logs` | **KNOWN** |' in changed


def test_a_changed_value_changes_the_page():
    doc = read_doc()
    assert gen.update(doc, gen.render(api_with(PAGE_SIZE_MAX=500))) != doc


def test_a_constant_without_a_fact_is_refused():
    with pytest.raises(gen.CoverageError, match='constants without a FACTS entry: RETRY_AFTER_MAX'):
        gen.render(api_with(RETRY_AFTER_MAX=60))


def test_a_fact_about_a_missing_constant_is_refused():
    facts = api.FACTS + (api.Fact(('NO_SUCH_CONSTANT',), api.ASSUMED, 'gone'),)
    with pytest.raises(gen.CoverageError, match='do not exist: NO_SUCH_CONSTANT'):
        gen.render(api_with(FACTS=facts))


def test_a_field_without_a_note_is_refused():
    fields = dict(api.FIELDS, serial='serial_number')
    with pytest.raises(gen.CoverageError, match=r"missing \['serial'\]"):
        gen.render(api_with(FIELDS=fields))


def test_an_unknown_status_is_refused():
    resources = dict(api.RESOURCES)
    resources['token'] = resources['token']._replace(status='GUESSED')
    with pytest.raises(gen.CoverageError, match="RESOURCES\\['token'\\] has status 'GUESSED'"):
        gen.render(api_with(RESOURCES=resources))


def test_a_page_without_markers_is_refused():
    with pytest.raises(gen.CoverageError, match='lacks the markers'):
        gen.update('# API coverage\n', gen.render(api))
