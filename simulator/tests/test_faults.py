"""Fault injection (§3 status codes, brief item 7): deterministic with a seed, admin never faulted."""

import time

import pytest
import requests

from conftest import CUSTOMER, Client
from sraps_simulator.testing import running_simulator

EP = "companies/%s/endpoints/" % CUSTOMER


def statuses(api, n=60):
    return [api.get("companies/", check_server_auth=False).status_code for dummy in range(n)]


def test_faults_are_deterministic_with_a_seed(api, sim):
    config = dict(fail_429=0.1, fail_502=0.1, fail_503=0.1, fail_504=0.1, fault_seed=42)
    sim.set_faults(**config)
    first = statuses(api)
    sim.set_faults(**config)  # reseeds
    assert statuses(api) == first
    assert {429, 502, 503, 504, 200} == set(first)
    sim.set_faults(**dict(config, fault_seed=43))
    assert statuses(api) != first
    sim.reset_stats()
    sim.set_faults(**config)
    statuses(api)
    counts = sim.stats()["faults"]
    assert {k: counts[k] for k in ("429", "502", "503", "504")} == {
        str(s): first.count(s) for s in (429, 502, 503, 504)}


def test_fault_answers_and_headers(api, sim):
    sim.set_faults(fail_429=1.0)
    resp = api.get("companies/")
    assert resp.status_code == 429 and resp.headers["Retry-After"] == "1"
    assert "detail" in resp.json() and "Server-Authorization" not in resp.headers
    sim.set_faults(fail_429=1.0, retry_after=3)
    assert api.get("companies/").headers["Retry-After"] == "3"
    sim.set_faults(fail_503=1.0)
    resp = api.get("companies/")
    assert resp.status_code == 503 and "Retry-After" not in resp.headers
    sim.set_faults(fail_503=1.0, retry_after_503=5)
    assert api.get("companies/").headers["Retry-After"] == "5"
    for status in (502, 504):
        sim.set_faults(**{"fail_%d" % status: 1.0})
        resp = api.get("companies/")
        assert resp.status_code == status and resp.json()["detail"]
    # A faulted request did not use up its nonce: the client may resend the same header.
    sim.set_faults(fail_503=1.0)
    url = api.url + "companies/"
    first = api.get("companies/")
    sim.set_faults()
    again = api.session.get(url, headers={"Authorization": first.request.headers["Authorization"]})
    assert again.status_code == 200


def test_admin_never_faulted(api, sim):
    sim.set_faults(fail_503=1.0, drop_rate=1.0, latency_ms=500)
    start = time.monotonic()
    assert sim.stats()["requests_total"] == 0
    assert sim.state()["companies"]
    assert time.monotonic() - start < 0.5
    assert sim.faults()["fail_503"] == 1.0


def test_apply_then_502_applies_the_write(api, sim):
    sim.set_faults(apply_then_502=1.0)
    resp = api.put(EP + "000413aabb20", {"mac": "000413aabb20"})
    assert resp.status_code == 502
    assert api.get(EP + "000413aabb20").status_code == 200  # reads are not affected
    sim.set_faults()
    assert "000413aabb20" in sim.state()["endpoints"]
    stats = sim.stats()
    assert stats["faults"]["applied_then_502"] == 1 and stats["writes"] == 1
    # A failed write (400) is not turned into a 502.
    sim.set_faults(apply_then_502=1.0)
    assert api.put(EP + "000413aabb21", {}).status_code == 400


def test_drop_closes_connection_without_answer(api, sim):
    sim.set_faults(drop_rate=1.0)
    with pytest.raises(requests.ConnectionError):
        api.get("companies/")
    sim.set_faults()
    assert api.get("companies/").status_code == 200  # the session reconnects
    assert sim.stats()["faults"]["drop"] == 1


def test_latency_and_jitter(api, sim):
    sim.set_faults(latency_ms=150)
    start = time.monotonic()
    assert api.get("companies/").status_code == 200
    assert time.monotonic() - start >= 0.15
    sim.set_faults(jitter_ms=100, fault_seed=1)
    times = []
    for dummy in range(5):
        start = time.monotonic()
        api.get("companies/")
        times.append(time.monotonic() - start)
    assert max(times) < 0.5 and max(times) - min(times) > 0.01


def test_rate_limit_per_key(api, sim):
    sim.set_faults(rate_limit=2, rate_burst=3)
    got = [api.get("companies/") for dummy in range(5)]
    assert [r.status_code for r in got] == [200, 200, 200, 429, 429]
    limited = got[3]
    assert int(limited.headers["Retry-After"]) >= 1
    assert "Server-Authorization" in limited.headers  # answered after authentication
    assert api.get("companies/", key="reseller_admin").status_code == 200  # its own bucket
    time.sleep(0.6)
    assert api.get("companies/").status_code == 200  # refilled at 2 per second
    assert sim.stats()["faults"]["rate_limited"] == 2


def test_runtime_clock_offset(api, sim):
    sim.set_faults(clock_offset=300)
    resp = api.get("companies/")
    assert resp.status_code == 401 and 'error="Stale timestamp"' in \
        resp.headers["WWW-Authenticate"]
    assert api.get("companies/", offset=300).status_code == 200


def test_cli_fault_flags():
    args = ["--fail-503", "1", "--retry-after-503", "7", "--fault-seed", "5", "--latency-ms", "1"]
    with running_simulator(args) as sim:
        resp = Client(sim.url).get("companies/")
        assert resp.status_code == 503 and resp.headers["Retry-After"] == "7"
        faults = sim.faults()
        assert faults["fail_503"] == 1.0 and faults["fault_seed"] == 5
        assert faults["latency_ms"] == 1.0


def test_cli_faults_reproducible_across_runs():
    args = ["--fail-502", "0.3", "--drop-rate", "0.1", "--fault-seed", "9"]
    runs = []
    for dummy in range(2):
        with running_simulator(args) as sim:
            api = Client(sim.url)
            seen = []
            for dummy in range(30):
                try:
                    seen.append(api.get("companies/").status_code)
                except requests.ConnectionError:
                    seen.append("drop")
            runs.append(seen)
    assert runs[0] == runs[1] and "drop" in runs[0] and 502 in runs[0]
