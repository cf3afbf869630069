# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Fixtures shared by the unit tests: a fake SRAPS behind every SrapsClient, and a fake clock."""

from __future__ import annotations

import tempfile

import mohawk.base
import pytest

from ansible.module_utils import _internal as module_internal
from ansible.module_utils.common import warnings as module_warnings

from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_account import SrapsAccount
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import SrapsClient
from ansible_collections.sraps.provisioning.tests.unit.utils.sraps_fake import (
    API_URL, KEY_ID, SECRET, FakeAdapter, FakeSraps)


@pytest.fixture(autouse=True)
def fresh_module_warnings(monkeypatch):
    """ansible-core keeps module warnings in a process-wide dict; give each test its own."""
    monkeypatch.setattr(module_warnings, '_global_warnings', {}, raising=False)
    monkeypatch.setattr(module_warnings, '_global_deprecations', {}, raising=False)


@pytest.fixture(autouse=True)
def private_cache_directory(monkeypatch, tmp_path):
    """Modules keep the catalogues in a FileCache by default (cache_ttl not set): each test its own
    directory for it, so that no test sees another's catalogue."""
    monkeypatch.setattr(tempfile, 'tempdir', str(tmp_path))


@pytest.fixture
def module_side(monkeypatch):
    """Run as a module does, out of the controller: once any test imports controller code (ansible.errors,
    a filter plugin), ansible-core sends module warnings to the controller's display instead of the result."""
    monkeypatch.setattr(module_internal, 'is_controller', False)


def mount_fake(client, server):
    adapter = FakeAdapter(server)
    client.session.mount('https://', adapter)
    client.session.mount('http://', adapter)


@pytest.fixture
def sraps(monkeypatch):
    """The fake service; sraps.clock is the fake clock of every client of the test, and mohawk's."""
    server = FakeSraps()
    monkeypatch.setattr(mohawk.base, 'utc_now', server.clock.utc_now)
    return server


@pytest.fixture
def warned():
    return []


@pytest.fixture
def make_client(sraps, warned):
    """Build a SrapsClient talking to the fake service with the fake clock and a warning list, and the
    account over it (the company, planned companies and the cache are the account's)."""
    def make(api_url=API_URL, key_id=KEY_ID, secret=SECRET, company=None, planned_company=False, cache=None,
             cache_companies=True, **kwargs):
        kwargs.setdefault('sleep', sraps.clock.sleep)
        kwargs.setdefault('clock', sraps.clock.time)
        kwargs.setdefault('warn', warned.append)
        client = SrapsClient(api_url, key_id, secret, **kwargs)
        mount_fake(client, sraps)
        return SrapsAccount(client, company=company, planned_company=planned_company, cache=cache,
                            cache_companies=cache_companies)
    return make


@pytest.fixture
def fake_sraps_clients(sraps, monkeypatch, module_side):  # pylint: disable=unused-argument
    """Every SrapsClient built during the test (by a module) talks to the fake service."""
    original = SrapsClient.__init__

    def init(self, *args, **kwargs):
        kwargs.setdefault('sleep', sraps.clock.sleep)
        kwargs.setdefault('clock', sraps.clock.time)
        original(self, *args, **kwargs)
        mount_fake(self, sraps)

    monkeypatch.setattr(SrapsClient, '__init__', init)
    return sraps
