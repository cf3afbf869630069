"""Phones that call in by themselves (call_in.py): which ones, when, and what a call changes."""

import time

import pytest

from sraps_simulator.call_in import CallIn, CallInConfigError, calls, parse_config
from sraps_simulator.testing import SimulatorError, start_simulator

from conftest import CUSTOMER, PROFILE, Client

EP = "companies/%s/endpoints/" % CUSTOMER
MACS = ["0004132%05x" % i for i in range(60)]


def test_the_same_seed_picks_the_same_callers_and_about_the_fraction():
    macs = ["0004134%05x" % i for i in range(4000)]
    chosen = [m for m in macs if calls(7, 0.9, m)]
    assert chosen == [m for m in macs if calls(7, 0.9, m.upper())]
    assert 0.88 < len(chosen) / len(macs) < 0.92
    assert chosen != [m for m in macs if calls(8, 0.9, m)]
    assert all(calls(0, 1.0, m) for m in macs[:100]) and not any(calls(0, 0.0, m) for m in macs[:100])


@pytest.mark.parametrize("doc, message", [
    ({"after": -1}, "after must be"), ({"after": "soon"}, "after must be"),
    ({"after": 1, "fraction": 1.5}, "fraction must be"), ({"after": 1, "seed": "x"}, "seed must be"),
    ({"after": 1, "delay": 2}, "unknown call-in field"), ([], "JSON object"),
])
def test_bad_configurations_are_refused_with_the_reason(doc, message):
    with pytest.raises(CallInConfigError, match=message):
        parse_config(doc)


def test_calls_fall_due_after_the_delay_once_each():
    call_in = CallIn({"after": 10, "fraction": 1})
    call_in.configure(call_in.config, ["000413000001"], now=100.0)
    call_in.registered("000413000002", now=105.0)
    assert call_in.take_due(109.9) == []
    assert call_in.take_due(110.0) == ["000413000001"]
    assert call_in.take_due(120.0) == ["000413000002"]
    assert call_in.take_due(1000.0) == []


def test_off_means_no_calls():
    call_in = CallIn()
    call_in.registered("000413000001", now=0.0)
    assert not call_in.on and call_in.take_due(1e9) == []


def test_registered_phones_call_in_by_themselves(api, sim):
    sim.set_call_in(after=1.0, fraction=0.5, seed=3)
    for mac in MACS:
        assert api.put(EP + mac, {"mac": mac, "provisioning_profile": PROFILE}).status_code == 201
    fresh = {e["mac"]: e for e in api.get_all(EP + "?page_size=1000")[0] if e["mac"] in MACS}
    assert all(e["last_seen"] is None for e in fresh.values())
    time.sleep(1.3)
    seen = {e["mac"]: e for e in api.get_all(EP + "?page_size=1000")[0] if e["mac"] in MACS}
    callers = {m for m in MACS if calls(3, 0.5, m)}
    assert 0 < len(callers) < len(MACS)
    assert {m for m, e in seen.items() if e["last_seen"]} == callers
    # The model reported is one of the profile's product group (D-Series for the seeded profile).
    products = {p["uuid"]: p for p in api.get_all("products/")[0]}
    group = api.get("companies/%s/provisioning-profiles/%s" % (CUSTOMER, PROFILE)).json()["product_group"]
    assert all(products[seen[m]["product"]]["product_group"] == group for m in callers)
    logs = api.get_all("companies/%s/logs/?event=redirect_served&page_size=1000" % CUSTOMER)[0]
    assert sorted(e["mac"] for e in logs if e["mac"] in MACS) == sorted(callers)
    assert sim.call_in() == {"after": 1.0, "fraction": 0.5, "seed": 3}


def test_phones_of_the_seed_count_from_the_configuration(api, sim):
    sim.set_call_in(after=0.2)
    time.sleep(0.4)
    seeded = api.get_all(EP)[0]
    assert seeded and all(e["last_seen"] for e in seeded)


def test_a_bad_configuration_at_run_time_is_a_400_and_changes_nothing(api, sim):
    sim.set_call_in(after=5)
    with pytest.raises(SimulatorError, match="fraction must be"):
        sim.set_call_in(after=1, fraction=2)
    assert sim.call_in()["after"] == 5.0


def test_the_flags_set_the_start_up_configuration():
    with pytest.raises(SimulatorError, match="fraction must be"):
        start_simulator("--call-in-after", "1", "--call-in-fraction", "3")
    own = start_simulator("--call-in-after", "0.3", "--call-in-seed", "4")
    try:
        time.sleep(0.5)
        api = Client(own.url)
        assert all(e["last_seen"] for e in api.get_all(EP)[0])
        assert own.call_in() == {"after": 0.3, "fraction": 1.0, "seed": 4}
    finally:
        own.stop()
