"""Fixtures for the simulator's own tests: a shared simulator subprocess and a Hawk client.

The client signs with mohawk.Sender exactly like a production client: it signs the URL it sends
to and sends exactly the bytes it hashed.
"""

import json
import os
import sys
import time

import mohawk
import pytest
import requests

SIM_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if SIM_DIR not in sys.path:
    sys.path.insert(0, SIM_DIR)

from sraps_simulator import seed  # noqa: E402
from sraps_simulator.testing import start_simulator  # noqa: E402

KEYS = seed.DEFAULT_KEYS
CUSTOMER = seed.EXISTING_CUSTOMER_UUID
RESELLER = seed.DEMO_RESELLER_UUID
OTHER = seed.OTHER_COMPANY_UUID
OTHER_RESELLER = seed.OTHER_RESELLER_UUID
PROFILE = seed.EXISTING_PROFILE_UUID


def credentials(key):
    k = KEYS[key] if isinstance(key, str) else key
    return {"id": k["id"], "key": k["secret"], "algorithm": "sha256"}


class Client:
    """A tiny signed-request helper around requests + mohawk.Sender."""

    def __init__(self, url, key="customer_admin", verify=True):
        self.url = url
        self.key = key
        self.session = requests.Session()
        # Passed per request: REQUESTS_CA_BUNDLE in the environment beats a session's verify.
        self.verify = verify

    def request(self, method, path, body=None, key=None, data=None, content_type=None,
                headers=None, hash_payload=True, timestamp=None, nonce=None, sign_url=None,
                accept="application/json", check_server_auth=True, timeout=10, offset=0):
        url = path if path.startswith("http") else self.url + path
        creds = credentials(key or self.key)
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            content_type = content_type or "application/json"
        if offset and timestamp is None:
            timestamp = int(time.time()) + offset  # a client that corrected its clock skew
        if hash_payload:
            kw = {"content": data or b"", "content_type": content_type or ""}
        else:
            kw = {"always_hash_content": False}
        if nonce is not None:
            kw["nonce"] = nonce
        sender = mohawk.Sender(creds, sign_url or url, method, _timestamp=timestamp, **kw)
        hdrs = {"Authorization": sender.request_header}
        if accept is not None:
            hdrs["Accept"] = accept
        if content_type:
            hdrs["Content-Type"] = content_type
        hdrs.update(headers or {})
        resp = self.session.request(method, url, data=data, headers=hdrs, timeout=timeout,
                                    verify=self.verify)
        resp.sender = sender
        if check_server_auth and "Server-Authorization" in resp.headers:
            verify_response(resp, offset)
        return resp

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def put(self, path, body=None, **kw):
        return self.request("PUT", path, body=body, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body=body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    def get_all(self, path, **kw):
        """Follow rel="next" links; returns (items, number of pages)."""
        items, pages, url = [], 0, path
        while url:
            resp = self.get(url, **kw)
            assert resp.status_code == 200, resp.text
            items.extend(resp.json())
            pages += 1
            url = resp.links.get("next", {}).get("url")
        return items, pages


def verify_response(resp, offset=0):
    """Check Server-Authorization with mohawk (raises on mismatch)."""
    resp.sender.accept_response(resp.headers["Server-Authorization"], content=resp.content,
                                content_type=resp.headers.get("Content-Type", ""),
                                localtime_offset_in_seconds=offset)


@pytest.fixture(scope="session")
def sim():
    simulator = start_simulator()
    yield simulator
    simulator.stop()


@pytest.fixture
def api(sim):
    """A client for the shared simulator, with seed state, no faults and zeroed stats."""
    sim.reset()
    sim.set_faults()
    sim.set_modes()
    sim.set_call_in()
    sim.reset_stats()
    return Client(sim.url)


@pytest.fixture
def client_for():
    return Client


def settings_by_name(api, param_name, section="phone-settings"):
    items = api.get_all("settings/?page_size=1000")[0]
    found = [s for s in items if s["param_name"] == param_name and s["section"] == section]
    assert len(found) == 1, found
    return found[0]


def group_uuid(api, name):
    groups = api.get_all("product-groups/")[0]
    return next(g["uuid"] for g in groups if g["name"] == name)


def product_uuid(api, name):
    products = api.get_all("products/")[0]
    return next(p["uuid"] for p in products if p["name"] == name)
