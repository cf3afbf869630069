# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""SrapsClient reads the environment once (proxies, CA bundle) and keeps mohawk quiet and cheap."""

from __future__ import annotations

import io
import logging

import requests.utils

from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import SrapsClient
from ansible_collections.sraps.provisioning.tests.unit.utils.sraps_fake import API_URL, FakeAdapter, Reply

ENV = ('REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE', 'HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy',
       'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy')


class RecordingAdapter(FakeAdapter):
    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        response = super(RecordingAdapter, self).send(request, stream, timeout, verify, cert, proxies)
        self.server.sends[-1] = {'verify': verify, 'proxies': dict(proxies or {})}
        return response


def build(sraps, monkeypatch, env=None, **kwargs):
    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    for name, value in (env or {}).items():
        monkeypatch.setenv(name, value)
    client = SrapsClient(API_URL, 'ck_' + '0a1b2c3d4e5f60718293a4b5c6d7e8f9', 'f0e1d2c3b4a5968778695a4b3c2d1e0f',
                         sleep=sraps.clock.sleep, clock=sraps.clock.time, **kwargs)
    adapter = RecordingAdapter(sraps)
    client.session.mount('https://', adapter)
    client.session.mount('http://', adapter)
    sraps.route('GET', 'settings/', Reply(200, []))
    return client


def test_proxy_from_the_environment_is_used(sraps, monkeypatch):
    client = build(sraps, monkeypatch, {'HTTPS_PROXY': 'http://proxy.test:3128'})
    client.list('settings')
    assert sraps.sends[0]['proxies'].get('https') == 'http://proxy.test:3128'


def test_no_proxy_is_honoured(sraps, monkeypatch):
    client = build(sraps, monkeypatch, {'HTTPS_PROXY': 'http://proxy.test:3128', 'NO_PROXY': 'sraps.test'})
    client.list('settings')
    assert 'https' not in sraps.sends[0]['proxies']


def test_the_environment_is_read_once_not_per_request(sraps, monkeypatch):
    calls = []
    original = requests.utils.get_environ_proxies

    def counting(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(requests.utils, 'get_environ_proxies', counting)
    client = build(sraps, monkeypatch)
    for dummy in range(3):
        client.request('GET', API_URL + 'settings/')
    assert len(calls) == 1
    assert client.session.trust_env is False


def test_requests_ca_bundle_applies_when_no_ca_path_is_set(sraps, monkeypatch):
    client = build(sraps, monkeypatch, {'REQUESTS_CA_BUNDLE': '/etc/ssl/corporate.pem'})
    client.list('settings')
    assert sraps.sends[0]['verify'] == '/etc/ssl/corporate.pem'
    assert client.session.verify is True


def test_curl_ca_bundle_is_the_fallback(sraps, monkeypatch):
    client = build(sraps, monkeypatch, {'CURL_CA_BUNDLE': '/etc/ssl/curl.pem'})
    client.list('settings')
    assert sraps.sends[0]['verify'] == '/etc/ssl/curl.pem'


def test_verified_responses_write_nothing_to_stderr(sraps, monkeypatch):
    """mohawk warns about a missing nonce check on every response; a module's stderr stays clean.

    A module configures no logging, so such a warning would reach logging.lastResort (stderr).
    """
    stderr = io.StringIO()
    monkeypatch.setattr(logging, 'lastResort', logging.StreamHandler(stderr))
    monkeypatch.setattr(logging.root, 'handlers', [])
    sraps.sign_responses = True
    client = build(sraps, monkeypatch)
    sraps.route('GET', 'settings/', Reply(200, [{'uuid': '1' * 32, 'name': 'x' * 5000}]))
    for dummy in range(3):
        assert client.request('GET', API_URL + 'settings/').status == 200
    assert stderr.getvalue() == ''


def test_large_bodies_are_signed_and_verified(sraps, monkeypatch):
    """Bodies are handed to mohawk as file objects: the hash must be the one of the bytes sent."""
    sraps.sign_responses = True
    client = build(sraps, monkeypatch)
    big = [{'uuid': '%032x' % i, 'name': 'setting %d ü' % i} for i in range(3000)]
    sraps.route('GET', 'settings/', Reply(200, big))
    sraps.route('PUT', 'settings/x', Reply(200, {'ok': True}))
    assert client.list('settings') == big
    assert client.request('PUT', API_URL + 'settings/x', {'items': big}).data == {'ok': True}
    assert sraps.requests[-1].receiver is not None     # the fake server verified the payload hash
