"""Hawk on the server side (§2) with mohawk.Sender as the client."""

import re
import time

import mohawk
import pytest
import requests
from mohawk.util import calculate_ts_mac

from conftest import CUSTOMER, KEYS, Client, credentials, verify_response
from sraps_simulator.hawk import NonceStore
from sraps_simulator.testing import running_simulator

EP = "companies/%s/endpoints/" % CUSTOMER


def parse_www_auth(value):
    assert value.startswith("Hawk ")
    return dict(re.findall(r'(\w+)="([^"]*)"', value))


def _send(api, sender, method, path, data=None, content_type=None, headers=None):
    hdrs = {"Authorization": sender.request_header, "Accept": "application/json"}
    if content_type:
        hdrs["Content-Type"] = content_type
    hdrs.update(headers or {})
    return api.session.request(method, api.url + path, data=data, headers=hdrs, timeout=10)


def assert_401(resp, error):
    assert resp.status_code == 401, resp.text
    assert parse_www_auth(resp.headers["WWW-Authenticate"])["error"] == error
    assert "detail" in resp.json()
    assert "Server-Authorization" not in resp.headers


def test_missing_and_garbage_header(api):
    resp = api.session.get(api.url + "companies/", timeout=10)
    assert resp.status_code == 401
    assert resp.json() == {"detail": "Authentication credentials were not provided."}
    resp = api.session.get(api.url + "companies/", headers={"Authorization": "Hawk nonsense"})
    assert_401(resp, "Invalid header syntax")
    resp = api.session.get(api.url + "companies/", headers={"Authorization": "Basic Zm9vOmJhcg=="})
    assert_401(resp, "Invalid header syntax")


def test_unknown_id(api):
    key = {"id": "ck_" + "0" * 32, "secret": KEYS["customer_admin"]["secret"]}
    assert_401(api.get("companies/", key=key), "Unknown credentials")


def test_bad_mac(api):
    key = dict(KEYS["customer_admin"], secret="0" * 32)
    assert_401(api.get("companies/", key=key), "Bad mac")
    # Signed for another path, sent to this one.
    assert_401(api.get("companies/", sign_url=api.url + "settings/"), "Bad mac")
    # Signed for another port.
    other = api.url.replace(":%s/" % api.url.split(":")[2].split("/")[0], ":1/")
    assert_401(api.get("companies/", sign_url=other + "companies/"), "Bad mac")


def test_bad_payload_hash(api):
    url = api.url + EP + "000413aabb00"
    signed = b'{"mac": "000413aabb00"}'
    sender = mohawk.Sender(credentials("customer_admin"), url, "PUT", content=signed,
                           content_type="application/json")
    resp = _send(api, sender, "PUT", EP + "000413aabb00", data=b'{"mac": "000413aabb01"}',
                 content_type="application/json")
    assert_401(resp, "Bad payload hash")
    # Same body, other content type than hashed: also a bad hash.
    sender = mohawk.Sender(credentials("customer_admin"), url, "PUT", content=signed,
                           content_type="application/json")
    resp = _send(api, sender, "PUT", EP + "000413aabb00", data=signed, content_type="text/json")
    assert_401(resp, "Bad payload hash")


def test_payload_hash_optional(api):
    resp = api.put(EP + "000413aabb00", {"mac": "000413aabb00"}, hash_payload=False)
    assert resp.status_code == 201
    assert 'hash="' not in resp.request.headers["Authorization"]
    # GET without hash, and GET hashing empty content with an empty content type.
    assert api.get("companies/", hash_payload=False).status_code == 200
    resp = api.get("companies/")
    assert 'hash="' in resp.request.headers["Authorization"] and resp.status_code == 200


def test_replay_rejected(api):
    url = api.url + "companies/"
    sender = mohawk.Sender(credentials("customer_admin"), url, "GET", content=b"",
                           content_type="")
    assert _send(api, sender, "GET", "companies/").status_code == 200
    assert_401(_send(api, sender, "GET", "companies/"), "Invalid nonce")
    # The same nonce with another key is a different triple.
    other = mohawk.Sender(credentials("reseller_admin"), url, "GET", content=b"",
                          content_type="", nonce=sender.req_resource.nonce,
                          _timestamp=sender.req_resource.timestamp)
    assert _send(api, other, "GET", "companies/").status_code == 200


def test_stale_timestamp_with_valid_tsm(api):
    old = int(time.time()) - 3600
    resp = api.get("companies/", timestamp=old)
    assert_401(resp, "Stale timestamp")
    attrs = parse_www_auth(resp.headers["WWW-Authenticate"])
    assert set(attrs) == {"ts", "tsm", "error"}
    server_ts = int(attrs["ts"])
    assert abs(server_ts - time.time()) < 5
    assert attrs["tsm"] == calculate_ts_mac(server_ts, credentials("customer_admin")).decode()
    for skew in (-61, 61):
        assert api.get("companies/", timestamp=int(time.time()) + skew + (1 if skew > 0 else -1)
                       ).status_code == 401
    assert api.get("companies/", timestamp=int(time.time()) - 50).status_code == 200


def test_clock_offset_and_corrected_retry():
    with running_simulator(["--clock-offset", "-7200"]) as sim:
        api = Client(sim.url)
        resp = api.get("companies/")
        attrs = parse_www_auth(resp.headers["WWW-Authenticate"])
        assert resp.status_code == 401 and attrs["error"] == "Stale timestamp"
        assert attrs["tsm"] == calculate_ts_mac(int(attrs["ts"]),
                                                credentials("customer_admin")).decode()
        offset = int(attrs["ts"]) - int(time.time())
        assert -7205 < offset < -7195
        resp = api.get("companies/", timestamp=int(time.time()) + offset, check_server_auth=False)
        assert resp.status_code == 200
        verify_response(resp, offset=offset)
        # Log timestamps follow the server clock too.
        assert api.put(EP + "000413aabb00", {"mac": "000413aabb00"},
                       offset=offset).status_code == 201
        log = sim.state()["logs"][-1]
        assert log["timestamp"] < time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(time.time() - 7000))


def test_attribute_order_any(api):
    url = api.url + "companies/"
    sender = mohawk.Sender(credentials("customer_admin"), url, "GET", content=b"",
                           content_type="")
    attrs = re.findall(r'(\w+="[^"]*")', sender.request_header)
    header = "Hawk " + ", ".join(reversed(attrs))
    resp = api.session.get(url, headers={"Authorization": header}, timeout=10)
    assert resp.status_code == 200


def test_url_rebuilt_from_host_header(api, sim):
    # Host name in other case, and a Host without port (default 80 for http).
    for host, signed in (("LOCALHOST:%d" % sim.port, "http://localhost:%d" % sim.port),
                         ("example.com", "http://example.com")):
        url = "%s/api/v1/tokens/%s" % (signed, KEYS["customer_admin"]["id"])
        sender = mohawk.Sender(credentials("customer_admin"), url, "GET", content=b"",
                               content_type="")
        resp = requests.get(sim.url + "tokens/" + KEYS["customer_admin"]["id"], timeout=10,
                            headers={"Authorization": sender.request_header, "Host": host})
        assert resp.status_code == 200, (host, resp.text)
        assert resp.json()["links"]["company"].startswith("http://%s/api/v1/" % host)


def test_server_authorization_on_authenticated_answers(api):
    for resp in (api.get("companies/"), api.get(EP + "000413ffff01"),
                 api.put(EP + "000413aabb00", {}), api.get("companies/%s" % ("0" * 32)),
                 api.delete(EP + "000413100003"),
                 api.put(EP + "000413100001", {"mac": "000413100001"}, key="reseller_readonly")):
        assert "Server-Authorization" in resp.headers, resp.status_code
        verify_response(resp)  # raises when the MAC or the payload hash does not match
    resp = api.delete(EP + "000413100002")
    assert resp.status_code == 204
    tampered = resp.headers["Server-Authorization"].replace('mac="', 'mac="A')
    with pytest.raises(mohawk.exc.HawkFail):
        resp.sender.accept_response(tampered, content=resp.content, content_type="")


def test_no_server_auth_flag():
    with running_simulator(["--no-server-auth"]) as sim:
        resp = Client(sim.url).get("companies/")
        assert resp.status_code == 200 and "Server-Authorization" not in resp.headers


def test_nonce_store_prunes():
    store = NonceStore(skew=60)
    now = 1_000_000
    assert store.seen("k", "n1", now, now) is False
    assert store.seen("k", "n1", now, now + 10) is True
    assert store.seen("k", "n1", now + 1, now + 10) is False   # other ts, other triple
    assert store.seen("k", "old", now - 500, now) is False     # stale: not recorded
    assert len(store) == 2
    assert store.seen("k", "n2", now + 200, now + 200) is False  # prunes the old ones
    assert len(store) == 1
