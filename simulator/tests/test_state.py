"""Seeds, reset, and the state file: atomic saves that survive SIGTERM and SIGKILL."""

import json
import threading
import time

import pytest
import requests

from conftest import CUSTOMER, KEYS, Client
from sraps_simulator import seed
from sraps_simulator.testing import SimulatorError, running_simulator, start_simulator

EP = "companies/%s/endpoints/" % CUSTOMER


def test_default_seed_contents(api, sim):
    state = sim.state()
    names = {c["name"]: c for c in state["companies"].values()}
    assert set(names) == {"Demo Reseller", "Existing Customer", "Other Reseller", "Other Company"}
    assert names["Existing Customer"]["parent"] == seed.DEMO_RESELLER_UUID
    assert names["Other Company"]["parent"] == seed.OTHER_RESELLER_UUID
    assert seed.COMPANIES["Existing Customer"] == CUSTOMER
    for name, key in KEYS.items():
        stored = state["keys"][key["id"]]
        assert (stored["secret"], stored["role"], stored["company"]) == (
            key["secret"], key["role"], key["company"]), name
    macs = sorted(m for m, e in state["endpoints"].items() if e["company"] == CUSTOMER)
    assert macs == ["000413100001", "000413100002", "000413100003"]
    assert state["endpoints"]["000413ffff01"]["company"] == seed.OTHER_COMPANY_UUID
    profile = state["profiles"][seed.EXISTING_PROFILE_UUID]
    assert profile["name"] == "Existing Profile" and len(profile["settings_manager"]) >= 2


def test_default_seed_is_the_same_every_run(api, sim):
    with running_simulator() as other:
        assert other.state() == sim.state()


def test_reset_to_given_seed_and_back(api, sim):
    doc = {"companies": [{"name": "Solo", "type": "reseller", "country": "CH", "city": "Bern"}],
           "keys": [{"id": "ck_" + "a" * 32, "secret": "b" * 32, "role": "admin",
                     "company": "Solo"}],
           "profiles": [{"company": "Solo", "name": "P", "product_group": "M-Series",
                         "settings_manager": {"multicell_enabled": "on",
                                              "user_name": "42"}}],
           "endpoints": [{"company": "Solo", "mac": "00041300AAAA", "provisioning_profile": "P"}],
           "users": [{"company": "Solo", "email": "a@b.ch"}],
           "product_defaults": [{"company": "Solo", "product": "M900",
                                 "settings_manager": {"setting_server": "http://x/{mac}"}}]}
    sim.reset(doc)
    state = sim.state()
    assert [c["name"] for c in state["companies"].values()] == ["Solo"]
    assert "00041300aaaa" in state["endpoints"]
    solo = {"id": "ck_" + "a" * 32, "secret": "b" * 32}
    assert len(api.get("companies/", key=solo).json()) == 1
    assert api.get("companies/").status_code == 401  # the default keys are gone
    with pytest.raises(SimulatorError):
        sim.reset({"companies": [{"name": "x", "type": "emperor"}]})
    sim.reset()
    assert api.get("companies/").status_code == 200


def test_seed_file(tmp_path):
    path = tmp_path / "seed.json"
    path.write_text(json.dumps({
        "companies": [{"name": "Filed", "type": "reseller"}],
        "keys": [{"id": "ck_" + "c" * 32, "secret": "d" * 32, "company": "Filed"}]}))
    with running_simulator(["--seed", str(path)]) as sim:
        api = Client(sim.url)
        assert api.get("companies/", key={"id": "ck_" + "c" * 32, "secret": "d" * 32}).json()[
            0]["name"] == "Filed"
        sim.reset()
        assert "ck_" + "c" * 32 in sim.state()["keys"]  # reset goes back to the file's seed
    bad = tmp_path / "bad.json"
    bad.write_text('{"companies": [{"name": "x", "parent": "nobody"}]}')
    with pytest.raises(SimulatorError, match="unknown company"):
        start_simulator("--seed", str(bad))


def test_state_file_survives_sigterm(tmp_path):
    path = tmp_path / "state.json"
    with running_simulator(["--state", str(path)]) as sim:
        assert path.exists()  # written at start from the seed
        assert Client(sim.url).put(EP + "000413aabb30", {"mac": "000413aabb30"}).status_code == 201
        sim.set_faults(apply_then_502=1.0)
        assert Client(sim.url).put(EP + "000413aabb31", {"mac": "000413aabb31"}).status_code == 502
    doc = json.loads(path.read_text())
    assert doc["format"] == "sraps-simulator-state"
    assert {"000413aabb30", "000413aabb31"} <= set(doc["data"]["endpoints"])
    with running_simulator(["--state", str(path)]) as sim:
        assert Client(sim.url).get(EP + "000413aabb31").status_code == 200
    assert not list(tmp_path.glob(".*.tmp"))


def test_state_file_survives_sigkill_during_write_burst(tmp_path):
    path = tmp_path / "state.json"
    sim = start_simulator("--state", str(path))
    acknowledged = []
    stop = threading.Event()

    def burst(offset):
        api = Client(sim.url)
        for i in range(100000):
            if stop.is_set():
                return
            mac = "0004%02x%06x" % (offset, i)
            try:
                resp = api.put(EP + mac, {"mac": mac, "name": "n%d" % i})
            except requests.ConnectionError:
                return
            if resp.status_code == 201:
                acknowledged.append(mac)

    threads = [threading.Thread(target=burst, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    time.sleep(0.8)
    sim.kill()
    stop.set()
    for t in threads:
        t.join(10)
    assert len(acknowledged) > 10
    doc = json.loads(path.read_text())  # never half-written
    assert set(acknowledged) <= set(doc["data"]["endpoints"])
    with running_simulator(["--state", str(path)]) as again:
        state = again.state()
        assert set(acknowledged) <= set(state["endpoints"])
        assert Client(again.url).get(EP + acknowledged[-1]).status_code == 200


def test_broken_state_file_is_refused(tmp_path):
    path = tmp_path / "state.json"
    path.write_text("{not json")
    with pytest.raises(SimulatorError, match="state file"):
        start_simulator("--state", str(path))
