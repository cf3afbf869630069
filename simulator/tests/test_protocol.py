"""Protocol errors (§1, §3): Accept, content types, sizes, framing, routes, methods, JSON."""

import http.client
import json
import socket

import pytest
import requests

from conftest import CUSTOMER, KEYS

EP = "companies/%s/endpoints/" % CUSTOMER
PROFILES = "companies/%s/provisioning-profiles/" % CUSTOMER


@pytest.mark.parametrize("accept", [
    "application/json", "application/json; version=1", "application/json; version=1.0",
    "application/json;version=v1", "*/*", "application/*", "text/html, application/json;q=0.5",
    None])
def test_accept_ok(api, accept):
    headers = {"Accept": None} if accept is None else {}
    resp = api.get("companies/", accept=accept, headers=headers)
    assert resp.status_code == 200, (accept, resp.text)


@pytest.mark.parametrize("accept", ["application/json; version=2", "application/json; version=2.0",
                                    "*/*; version=v2"])
def test_accept_bad_version(api, accept):
    resp = api.get("companies/", accept=accept)
    assert resp.status_code == 406
    assert resp.json() == {"detail": "Invalid version in \"Accept\" header."}


@pytest.mark.parametrize("accept", ["text/html", "application/xml, text/plain",
                                    "application/json;q=0"])
def test_accept_without_json(api, accept):
    resp = api.get("companies/", accept=accept)
    assert resp.status_code == 406
    assert resp.json() == {"detail": "Could not satisfy the request Accept header."}


def test_unsupported_media_type(api):
    resp = api.post(PROFILES, data=b"name=x", content_type="application/x-www-form-urlencoded")
    assert resp.status_code == 415 and "Unsupported media type" in resp.json()["detail"]
    ok = api.post(PROFILES, data=b'{"name": ""}', content_type="application/json; charset=utf-8")
    assert ok.status_code == 400  # accepted as JSON, then validated


def test_invalid_json(api):
    resp = api.put(EP + "000413aabb00", data=b"{not json", content_type="application/json")
    assert resp.status_code == 400 and resp.json()["detail"].startswith("JSON parse error")
    resp = api.put(EP + "000413aabb00", body=["a", "list"])
    assert resp.status_code == 400 and "non_field_errors" in resp.json()


def _raw(sim, payload, read_timeout=5):
    sock = socket.create_connection(("127.0.0.1", sim.port), timeout=read_timeout)
    try:
        sock.sendall(payload)
        data = b""
        while True:
            try:
                chunk = sock.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not chunk:
                break
            data += chunk
        return data
    finally:
        sock.close()


def test_body_over_10mb_gets_413_without_reading_it(api, sim):
    head = ("PUT /api/v1/%s000413aabb00 HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
            "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n"
            % (EP, sim.port, 20 * 1024 * 1024)).encode()
    answer = _raw(sim, head + b"{" + b" " * 1000)
    status_line, dummy, rest = answer.partition(b"\r\n")
    assert b" 413 " in status_line
    assert b"Connection: close" in rest
    assert json.loads(rest.split(b"\r\n\r\n", 1)[1])["detail"].startswith("Request body too large")
    assert sim.stats()["rejected"].get("413") == 1


def test_real_big_body_gets_413(api):
    big = b'{"mac": "' + b"0" * (10 * 1024 * 1024 + 10) + b'"}'
    try:
        resp = requests.put(api.url + EP + "000413aabb00", data=big,
                            headers={"Content-Type": "application/json"}, timeout=10)
    except requests.ConnectionError:
        pytest.skip("client could not read the early answer (connection reset while sending)")
    assert resp.status_code == 413


def test_chunked_body_gets_411(api, sim):
    head = ("PUT /api/v1/%s000413aabb00 HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            % (EP, sim.port)).encode()
    answer = _raw(sim, head + b"2\r\n{}\r\n0\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 411 ")
    # requests sends a generator body chunked.
    resp = requests.put(api.url + EP + "000413aabb00", data=(c for c in [b"{", b"}"]),
                        headers={"Content-Type": "application/json"}, timeout=10)
    assert resp.status_code == 411


def test_unknown_routes(api, sim):
    for path in ("nothing/", "companies", "companies/%s/endpoints" % CUSTOMER,
                 EP + "000413100001/", "companies/%s/phones/" % CUSTOMER):
        resp = api.get(path)
        assert resp.status_code == 404 and resp.json() == {"detail": "Not found."}, path
    assert requests.get(sim.base + "/elsewhere", timeout=5).status_code == 404
    assert sim.stats()["requests"]["GET (unmatched)"] == 5


def test_wrong_method(api):
    resp = api.request("DELETE", "settings/")
    assert resp.status_code == 405 and resp.headers["Allow"] == "GET"
    assert resp.json() == {"detail": "Method \"DELETE\" not allowed."}
    assert api.post(EP, {"mac": "000413aabb00"}).status_code == 405
    assert api.request("PATCH", EP + "000413100001", body={}).status_code == 405


def test_keep_alive_reuses_the_connection(api, sim):
    from conftest import credentials
    import mohawk
    conn = http.client.HTTPConnection("127.0.0.1", sim.port, timeout=5)
    socks = set()
    for dummy in range(5):
        url = api.url + "companies/"
        sender = mohawk.Sender(credentials("customer_admin"), url, "GET", content=b"",
                               content_type="")
        conn.request("GET", "/api/v1/companies/", headers={"Authorization": sender.request_header})
        resp = conn.getresponse()
        resp.read()
        assert resp.status == 200
        socks.add(id(conn.sock))
    assert len(socks) == 1
    conn.close()


def test_stats_route_templates(api, sim):
    api.get(EP + "000413100001")
    api.get(EP + "000413100002")
    api.put(EP + "000413aabb00", {"mac": "000413aabb00"})
    api.get("companies/", key="reseller_admin", accept="text/html")
    stats = sim.stats()
    assert stats["requests"]["GET /api/v1/companies/{company}/endpoints/{mac}"] == 2
    assert stats["requests"]["PUT /api/v1/companies/{company}/endpoints/{mac}"] == 1
    assert stats["requests_total"] == 4 and stats["writes"] == 1
    assert stats["rejected"] == {"406": 1}
    assert set(stats["faults"]) == {"429", "502", "503", "504", "drop", "applied_then_502",
                                    "rate_limited"}
    assert sim.reset_stats()["requests_total"] == 0


def test_admin_api(sim, api):
    state = sim.state()
    assert state["keys"][KEYS["reseller_admin"]["id"]]["secret"] == KEYS["reseller_admin"]["secret"]
    assert set(state) == {"companies", "keys", "profiles", "endpoints", "product_defaults",
                          "users", "logs"}
    assert sim.admin("GET", "health")["ok"] is True
    assert sim.faults()["fault_seed"] == 0
    from sraps_simulator.testing import SimulatorError
    with pytest.raises(SimulatorError):
        sim.set_faults(fail_503=2)
    with pytest.raises(SimulatorError):
        sim.set_faults(bogus=1)
    with pytest.raises(SimulatorError):
        sim.phone_contact("000413999999")
