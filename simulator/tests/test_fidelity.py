"""Issue 14: the production catalogue facts, setting groups, Location on 201, and every mode both
ways (product_group_check, writes, foreign_mac, page_param, server_auth, stale_tsm,
rename_field, drop_field)."""

import json
import time

import pytest

from sraps_simulator.testing import SimulatorError, running_simulator, start_simulator

from conftest import CUSTOMER, KEYS, OTHER, PROFILE, Client, group_uuid, product_uuid, \
    settings_by_name, verify_response

EP = "companies/%s/endpoints/" % CUSTOMER
PROFILES = "companies/%s/provisioning-profiles/" % CUSTOMER


def wait_for(check, timeout=5.0):
    """Poll `check` until it is true (async writes land a moment later)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.02)
    return False


# --- catalogue (contract §5) ------------------------------------------------------------------

def test_setting_server_pair_as_in_production(api, sim):
    first = api.get("settings/").json()           # page one at the default page size (20)
    servers = [s for s in first if s["param_name"] == "setting_server"]
    assert [s["section"] for s in servers] == ["global", "phone-settings"]
    glob, phone = servers
    d_series, m_series = group_uuid(api, "D-Series"), group_uuid(api, "M-Series")
    assert {k: glob[k] for k in ("name", "field_type", "product_groups", "no_profiles",
                                 "uses_permissions", "description", "choices",
                                 "default_value")} == {
        "name": "Setting Server URL", "field_type": "url", "product_groups": [m_series],
        "no_profiles": 164, "uses_permissions": False, "description": None, "choices": None,
        "default_value": None}
    assert {k: phone[k] for k in ("name", "field_type", "description", "product_groups",
                                  "no_profiles", "uses_permissions")} == {
        "name": "Setting Server", "field_type": "text",
        "description": "Setting Server for Desk phones", "product_groups": [d_series],
        "no_profiles": 3189, "uses_permissions": True}
    for s in servers:
        assert s["indexed"] == {"enabled": False, "start": 0, "default_size": 4, "max_size": 0}
        assert all(isinstance(s[k], bool) for k in ("multiple", "fkey", "sortable"))
    assert glob["group"] == phone["group"]
    assert glob["links"]["group"] == sim.url + "setting-groups/" + glob["group"]
    # no_profiles: production's count plus the profiles here that use it.
    body = {"name": "Counted", "product_group": d_series,
            "settings_manager": {phone["uuid"]: {"value": "http://x/{mac}"}}}
    assert api.post(PROFILES, body).status_code == 201
    assert api.get("settings/%s" % phone["uuid"]).json()["no_profiles"] == 3190


def test_every_setting_has_a_group_link(api, sim):
    settings = api.get_all("settings/?page_size=1000")[0]
    groups = {g["uuid"]: g for g in api.get_all("setting-groups/")[0]}
    for s in settings:
        assert s["group"] in groups, s["param_name"]
        assert s["links"]["group"] == sim.url + "setting-groups/" + s["group"]
        assert s["links"]["self"] == sim.url + "settings/" + s["uuid"]
        if not s["indexed"]["enabled"]:
            assert s["indexed"] == {"enabled": False, "start": 0, "default_size": 4,
                                    "max_size": 0}
    # Settings without a default show null, not "".
    assert settings_by_name(api, "http_user")["default_value"] is None
    assert settings_by_name(api, "language")["default_value"] == "English"


def test_setting_groups(api, sim):
    groups, pages = api.get_all("setting-groups/?page_size=3")
    assert pages >= 2   # paged like every list
    names = [g["name"] for g in groups]
    assert "Provisioning" in names and len(set(names)) == len(names)
    for g in groups:
        assert set(g) == {"uuid", "name", "links"}
        assert g["links"] == {"self": sim.url + "setting-groups/" + g["uuid"]}
        assert api.get("setting-groups/%s" % g["uuid"]).json() == g
    assert api.get("setting-groups/%s" % ("0" * 32)).status_code == 404
    assert sim.stats()["requests"]["GET /api/v1/setting-groups/{setting_group}"] == len(groups) + 1


# --- Location on 201 (contract §1) ------------------------------------------------------------

def test_every_create_carries_location(api, sim):
    d_series = group_uuid(api, "D-Series")
    creates = [
        ("POST", "companies/", {"name": "Loc Co"}, "reseller_admin"),
        ("POST", PROFILES, {"name": "Loc", "product_group": d_series}, "customer_admin"),
        ("POST", "companies/%s/product-defaults/" % CUSTOMER,
         {"product": product_uuid(api, "D385")}, "customer_admin"),
        ("POST", "companies/%s/users/" % CUSTOMER, {"email": "loc@example.com"},
         "customer_admin"),
        ("PUT", EP + "000413AAB0C0", {"mac": "000413aab0c0"}, "customer_admin"),
    ]
    for method, path, body, key in creates:
        resp = api.request(method, path, body=body, key=key)
        assert resp.status_code == 201, (path, resp.text)
        location = resp.headers["Location"]
        assert location == resp.json()["links"]["self"] and location.startswith(sim.url)
        assert api.get(location, key=key).json() == resp.json()
    replaced = api.put(EP + "000413aab0c0", {"mac": "000413aab0c0"})
    assert replaced.status_code == 200 and "Location" not in replaced.headers
    # Location does not depend on the links of the answer (which a mode may drop).
    sim.set_modes(drop_field=["endpoint.links"])
    resp = api.put(EP + "000413aab0c1", {"mac": "000413aab0c1"})
    assert resp.status_code == 201 and "links" not in resp.json()
    assert resp.headers["Location"] == sim.url + EP + "000413aab0c1"


# --- product_group_check ----------------------------------------------------------------------

def test_product_group_accept_by_default_strict_refuses(api, sim):
    assert sim.modes()["product_group_check"] == "accept"
    m_series = group_uuid(api, "M-Series")
    phone_server = settings_by_name(api, "setting_server")        # D-Series only
    body = {"name": "DECT", "product_group": m_series, "settings_manager": {
        phone_server["uuid"]: {"value": "http://pbx/{mac}", "attrs": {"perm": "R"}}}}
    accepted = api.post(PROFILES, body)
    assert accepted.status_code == 201, accepted.text
    stored = sim.state()["profiles"][accepted.json()["uuid"]]["settings_manager"]
    assert stored == {phone_server["uuid"]: {"value": "http://pbx/{mac}",
                                             "attrs": {"perm": "R"}}}
    # The same setting on a phone of the D-Series profile's family is fine both ways; an
    # M-Series-only one on the D-Series profile's phone is accepted too.
    multicell = settings_by_name(api, "multicell_enabled")["uuid"]
    phone = {"mac": "000413aab0d0", "provisioning_profile": PROFILE,
             "settings_manager": {multicell: {"value": "on"}}}
    assert api.put(EP + "000413aab0d0", phone).status_code == 201
    # Values are still checked in accept mode.
    bad = dict(phone, settings_manager={multicell: {"value": "yes"}})
    assert api.put(EP + "000413aab0d0", bad).status_code == 400

    sim.set_modes(product_group_check="strict")
    refused = api.post(PROFILES, body)
    assert refused.status_code == 400
    assert refused.json() == {"settings_manager": [
        "%s: setting does not apply to product group M-Series" % phone_server["uuid"]]}
    assert api.put(EP + "000413aab0d0", phone).json() == {"settings_manager": [
        "%s: setting does not apply to product group D-Series" % multicell]}


# --- writes: async ----------------------------------------------------------------------------

def test_async_writes_answer_202_and_apply_later(api, sim):
    # Long enough that the reads right after the 202 come first even on a loaded machine.
    sim.set_modes(writes="async", async_delay_ms=1000)
    before = sim.stats()["writes"]
    resp = api.put(EP + "000413aab0e0", {"mac": "000413aab0e0", "name": "Later"})
    assert resp.status_code == 202 and resp.content == b""
    assert "Content-Type" not in resp.headers and "Location" not in resp.headers
    verify_response(resp)                      # signed like any authenticated answer
    # Not yet: reads show the old state.
    assert api.get(EP + "000413aab0e0").status_code == 404
    assert sim.stats()["writes_pending"] == 1 and sim.stats()["writes"] == before
    assert wait_for(lambda: api.get(EP + "000413aab0e0").status_code == 200)
    assert api.get(EP + "000413aab0e0").json()["name"] == "Later"
    stats = sim.stats()
    assert stats["writes"] == before + 1 and stats["writes_accepted"] == 1
    assert stats["writes_pending"] == 0

    # A replace and a delete, queued in order, land in order.
    assert api.put(EP + "000413aab0e0", {"mac": "000413aab0e0", "name": "Again"}).status_code == 202
    assert api.delete(EP + "000413aab0e0").status_code == 202
    assert api.get(EP + "000413aab0e0").json()["name"] == "Later"
    assert wait_for(lambda: api.get(EP + "000413aab0e0").status_code == 404)
    logs = [e["event"] for e in api.get("companies/%s/logs/?mac=000413aab0e0" % CUSTOMER).json()]
    assert logs == ["endpoint_deleted", "endpoint_updated", "endpoint_created"]


def test_async_writes_still_refuse_bad_writes_at_once(api, sim):
    sim.set_modes(writes="async")
    bad = api.put(EP + "000413aab0e1", {"mac": "000413aab0e2"})
    assert bad.status_code == 400 and "mac" in bad.json()
    assert api.post(PROFILES, {"name": ""}).status_code == 400
    assert api.put(EP + "000413aab0e1", {"mac": "000413aab0e1"},
                   key="reseller_readonly").status_code == 403
    assert api.delete(EP + "000413aab0ff").status_code == 404
    stats = sim.stats()
    assert stats["writes_accepted"] == 0 and stats["writes_pending"] == 0
    # The dry run leaves no trace: no object, no log entry.
    assert "000413aab0e1" not in sim.state()["endpoints"]
    assert api.get("companies/%s/logs/" % CUSTOMER).json() == []


def test_async_never_answers_202_and_never_applies(api, sim):
    sim.set_modes(writes="async_never", async_delay_ms=0)
    assert api.put(EP + "000413aab0e3", {"mac": "000413aab0e3"}).status_code == 202
    assert api.delete(EP + "000413100003").status_code == 202
    time.sleep(0.3)
    assert api.get(EP + "000413aab0e3").status_code == 404
    assert api.get(EP + "000413100003").status_code == 200
    assert sim.stats()["writes"] == 0 and sim.stats()["writes_pending"] == 0
    sim.set_modes()                            # back to sync: writes apply at once
    assert api.put(EP + "000413aab0e3", {"mac": "000413aab0e3"}).status_code == 201


def test_reset_drops_pending_async_writes(api, sim):
    sim.set_modes(writes="async", async_delay_ms=1000)
    assert api.put(EP + "000413aab0e4", {"mac": "000413aab0e4"}).status_code == 202
    with pytest.raises(SimulatorError):           # a bad seed changes nothing, queue included
        sim.reset({"companies": [{"name": "x", "type": "emperor"}]})
    assert sim.stats()["writes_pending"] == 1
    sim.reset()
    assert sim.stats()["writes_pending"] == 0
    time.sleep(1.3)                               # past the delay: it was dropped, not late
    assert "000413aab0e4" not in sim.state()["endpoints"]


def test_async_writes_saved_and_flushed_at_shutdown(tmp_path):
    path = tmp_path / "state.json"
    with running_simulator(["--state", str(path), "--writes", "async",
                            "--async-delay-ms", "200"]) as sim:
        api = Client(sim.url)
        assert api.put(EP + "000413aab0e5", {"mac": "000413aab0e5"}).status_code == 202
        assert wait_for(lambda: "000413aab0e5" in json.loads(path.read_text())["data"]["endpoints"])
        sim.set_modes(writes="async", async_delay_ms=600000)
        assert api.put(EP + "000413aab0e6", {"mac": "000413aab0e6"}).status_code == 202
    # SIGTERM: the write promised by the 202 is carried out before the final save.
    assert "000413aab0e6" in json.loads(path.read_text())["data"]["endpoints"]


# --- foreign_mac ------------------------------------------------------------------------------

def test_foreign_mac_400_by_default_403_in_mode(api, sim):
    foreign = EP + "000413FFFF01"
    body = {"mac": "000413ffff01"}
    resp = api.put(foreign, body)
    assert resp.status_code == 400 and resp.json() == {"mac": ["taken_mac_or_forbidden"]}
    sim.set_modes(foreign_mac=403)
    resp = api.put(foreign, body)
    assert resp.status_code == 403
    assert resp.json() == {"detail": "User lacks permission to endpoint"}
    for other in (api.get(foreign), api.delete(foreign)):      # unchanged: 403 either way
        assert other.status_code == 403
    assert sim.state()["endpoints"]["000413ffff01"]["company"] == OTHER


# --- deviations for a contract check ----------------------------------------------------------

def test_page_param(api, sim):
    resp = api.get("settings/?page_size=10")
    assert "page=2" in resp.headers["Link"]
    sim.set_modes(page_param="p")
    resp = api.get("settings/?page_size=10")
    link = resp.links["next"]["url"]
    assert "p=2" in link and "page=" not in link
    second = api.get(link).json()
    assert second != resp.json() and len(second) == 10
    # The contract's parameter is now ignored: page one again.
    assert api.get("settings/?page_size=10&page=2").json() == resp.json()
    assert api.get("settings/?page_size=10&p=999").status_code == 404
    items, pages = api.get_all("settings/?page_size=20")   # following next works as before
    assert pages == 3 and len(items) == len(api.get("settings/?page_size=1000").json())


def test_server_auth_mode_at_run_time(api, sim):
    assert "Server-Authorization" in api.get("companies/").headers
    sim.set_modes(server_auth="off")
    resp = api.get("companies/")
    assert resp.status_code == 200 and "Server-Authorization" not in resp.headers
    sim.set_modes(server_auth=True)
    verify_response(api.get("companies/"))


def test_no_server_auth_flag_is_the_start_up_value_of_the_mode():
    with running_simulator(["--no-server-auth", "--product-group-check", "strict"]) as sim:
        assert sim.modes()["server_auth"] == "off"
        # Names left out of POST /_sim/modes take their start-up values, not the defaults.
        after = sim.set_modes(writes="async")
        assert after["server_auth"] == "off" and after["product_group_check"] == "strict"
        assert "Server-Authorization" not in Client(sim.url).get("companies/").headers


def test_stale_tsm_mode(api, sim):
    stale = int(time.time()) - 3600
    resp = api.get("companies/", timestamp=stale)
    assert resp.status_code == 401
    header = resp.headers["WWW-Authenticate"]
    assert 'tsm="' in header and 'ts="' in header
    sim.set_modes(stale_tsm="off")
    resp = api.get("companies/", timestamp=stale)
    header = resp.headers["WWW-Authenticate"]
    assert resp.status_code == 401 and 'ts="' in header and "tsm" not in header
    assert 'error="Stale timestamp"' in header
    # Other 401s are unchanged.
    assert api.get("companies/", key={"id": "ck_" + "0" * 32, "secret": "x"}).headers[
        "WWW-Authenticate"] == 'Hawk error="Unknown credentials"'


def test_rename_and_drop_fields(api, sim):
    sim.set_modes(rename_field={"endpoint.last_seen": "lastSeen",
                                "company.links.endpoints": "endpoint_list",
                                "setting.param_name": "parameter"},
                  drop_field=["company.city", "token.links", "setting.indexed"])
    ep = api.get(EP + "000413100001").json()
    assert "last_seen" not in ep and ep["lastSeen"] == "2026-11-01T08:15:00Z"
    listed = api.get(EP).json()
    assert all("lastSeen" in e and "last_seen" not in e for e in listed)
    company = api.get("companies/%s" % CUSTOMER).json()
    assert "city" not in company and "endpoints" not in company["links"]
    assert company["links"]["endpoint_list"].endswith("/endpoints/")
    assert "links" not in api.get("tokens/%s" % KEYS["customer_admin"]["id"]).json()
    setting = api.get("settings/").json()[0]
    assert setting["parameter"] == "setting_server" and "indexed" not in setting
    # Answers only: writes and the stored state are unchanged.
    put = api.put(EP + "000413aab0f0", {"mac": "000413aab0f0"})
    assert put.status_code == 201 and "lastSeen" in put.json()
    assert "last_seen" in sim.state()["endpoints"]["000413aab0f0"]
    sim.set_modes()
    assert "last_seen" in api.get(EP + "000413100001").json()


@pytest.mark.parametrize("modes, message", [
    ({"product_group_check": "lenient"}, "product_group_check must be one of accept, strict"),
    ({"writes": "later"}, "writes must be one of sync, async, async_never"),
    ({"async_delay_ms": -1}, "async_delay_ms must be between 0 and 600000"),
    ({"async_delay_ms": "soon"}, "async_delay_ms must be a whole number"),
    ({"foreign_mac": 404}, "foreign_mac must be one of 400, 403"),
    ({"page_param": "page_size"}, "page_param must be a query parameter name"),
    ({"page_param": "a b"}, "page_param must be a query parameter name"),
    ({"server_auth": "maybe"}, "server_auth must be one of on, off"),
    ({"rename_field": {"endpoint.lastseen": "x"}}, "endpoint has no field 'lastseen'"),
    ({"rename_field": {"phone.mac": "x"}}, "unknown kind 'phone'"),
    ({"rename_field": {"endpoint.mac": ""}}, "new name of endpoint.mac"),
    ({"rename_field": ["endpoint.mac"]}, "is not KIND.FIELD=NEWNAME"),
    ({"drop_field": ["company"]}, "is not KIND.FIELD"),
    ({"drop_field": {"company.links": 1}}, "must be a list"),
])
def test_bad_modes_are_refused(api, sim, modes, message):
    with pytest.raises(SimulatorError) as err:
        sim.set_modes(**modes)
    assert message in str(err.value) and ": 400 " in str(err.value)
    assert sim.modes()["writes"] == "sync"     # nothing changed


def test_mode_flags_on_the_command_line():
    with running_simulator(["--rename-field", "endpoint.last_seen=lastSeen",
                            "--rename-field", "log.event=type", "--drop-field", "company.links",
                            "--page-param", "p", "--foreign-mac", "403",
                            "--stale-tsm", "off", "--async-delay-ms", "50"]) as sim:
        modes = sim.modes()
        assert modes["rename_field"] == {"endpoint.last_seen": "lastSeen", "log.event": "type"}
        assert modes["drop_field"] == ["company.links"]
        assert (modes["page_param"], modes["foreign_mac"], modes["stale_tsm"],
                modes["async_delay_ms"]) == ("p", "403", "off", 50)
        assert "links" not in Client(sim.url).get("companies/%s" % CUSTOMER).json()
    with pytest.raises(SimulatorError, match="endpoint has no field"):
        start_simulator("--drop-field", "endpoint.nope")
