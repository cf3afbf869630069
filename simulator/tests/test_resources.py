"""Resources of the contract (§3-§11) against the shared simulator with the default seed."""

import re

import pytest

from sraps_simulator.testing import SimulatorError

from conftest import CUSTOMER, KEYS, OTHER, OTHER_RESELLER, PROFILE, RESELLER, group_uuid, \
    product_uuid, settings_by_name

EP = "companies/%s/endpoints/" % CUSTOMER
PROFILES = "companies/%s/provisioning-profiles/" % CUSTOMER
HEX32 = re.compile(r"^[0-9a-f]{32}$")


# --- tokens and companies (§4) --------------------------------------------------------------

def test_token_links_company_without_trailing_slash(api, sim):
    resp = api.get("tokens/%s" % KEYS["customer_admin"]["id"])
    assert resp.status_code == 200
    token = resp.json()
    assert token["role"] == "admin" and token["id"] == KEYS["customer_admin"]["id"]
    assert token["links"]["company"] == sim.url + "companies/" + CUSTOMER
    assert token["links"]["self"] == sim.url + "tokens/" + KEYS["customer_admin"]["id"]
    assert "secret" not in resp.text and KEYS["customer_admin"]["secret"] not in resp.text
    # Clients append paths to links.company: that must lead to real collections.
    assert api.get(token["links"]["company"] + "/provisioning-profiles/").status_code == 200
    assert api.get(token["links"]["company"] + "/endpoints/000413100001").status_code == 200


def test_token_of_invisible_company_is_404(api):
    assert api.get("tokens/%s" % KEYS["other_admin"]["id"]).status_code == 404
    resp = api.get("tokens/%s" % KEYS["customer_admin"]["id"], key="reseller_readonly")
    assert resp.status_code == 200  # a reseller sees its child's keys


def test_company_fields_and_links(api, sim):
    company = api.get("companies/%s" % CUSTOMER).json()
    assert company["uuid"] == CUSTOMER and company["name"] == "Existing Customer"
    assert company["type"] == "end_user" and company["parent"] == RESELLER
    assert (company["country"], company["city"]) == ("DE", "Berlin")
    base = sim.url + "companies/" + CUSTOMER
    assert company["links"] == {
        "self": base, "endpoints": base + "/endpoints/",
        "provisioning-profiles": base + "/provisioning-profiles/",
        "product-defaults": base + "/product-defaults/", "users": base + "/users/",
        "logs": base + "/logs/"}


def test_company_visibility(api):
    own = [c["name"] for c in api.get("companies/").json()]
    assert own == ["Existing Customer"]
    reseller = [c["name"] for c in api.get("companies/", key="reseller_admin").json()]
    assert reseller == ["Demo Reseller", "Existing Customer"]
    # Chosen: companies a key cannot see answer 404 (not 403).
    assert api.get("companies/%s" % OTHER).status_code == 404
    assert api.get("companies/%s" % OTHER_RESELLER, key="reseller_admin").status_code == 404
    assert api.get("companies/%s/endpoints/" % OTHER, key="reseller_admin").status_code == 404
    assert api.get("companies/%s" % RESELLER).status_code == 404  # a child cannot see its parent


def test_reseller_acts_on_child_collections(api):
    resp = api.put(EP + "000413123456", {"mac": "000413123456"}, key="reseller_admin")
    assert resp.status_code == 201
    items = api.get_all(EP, key="reseller_readonly")[0]
    assert "000413123456" in [e["mac"] for e in items]


def test_company_create_update_delete(api, sim):
    body = {"name": "New Customer", "country": "AT", "city": "Wien"}
    assert api.post("companies/", body).status_code == 403  # end-user key
    assert api.post("companies/", body, key="reseller_readonly").status_code == 403
    resp = api.post("companies/", body, key="reseller_admin")
    assert resp.status_code == 201, resp.text
    new = resp.json()
    assert new["type"] == "end_user" and new["parent"] == RESELLER and HEX32.match(new["uuid"])
    assert new["links"]["endpoints"].endswith("/companies/%s/endpoints/" % new["uuid"])
    bad = api.post("companies/", {"country": "Austria"}, key="reseller_admin")
    assert bad.status_code == 400 and set(bad.json()) == {"name", "country"}
    resp = api.put("companies/%s" % new["uuid"], {"name": "Renamed"}, key="reseller_admin")
    assert resp.status_code == 200
    assert resp.json()["name"] == "Renamed" and resp.json()["city"] == ""  # full replace
    assert api.put("companies/%s/endpoints/000413777777" % new["uuid"], {"mac": "000413777777"},
                   key="reseller_admin").status_code == 201
    resp = api.delete("companies/%s" % new["uuid"], key="reseller_admin")
    assert resp.status_code == 400 and "non_field_errors" in resp.json()
    assert api.delete("companies/%s/endpoints/000413777777" % new["uuid"],
                      key="reseller_admin").status_code == 204
    assert api.delete("companies/%s" % new["uuid"], key="reseller_admin").status_code == 204
    assert api.get("companies/%s" % new["uuid"], key="reseller_admin").status_code == 404
    # The customer still has endpoints: 400; a key cannot delete its own company.
    assert api.delete("companies/%s" % CUSTOMER, key="reseller_admin").status_code == 400
    assert api.delete("companies/%s" % CUSTOMER).status_code == 403


@pytest.mark.parametrize("key", ["reseller_readonly", "reseller_none"])
def test_readonly_and_none_keys_cannot_write(api, key):
    ro = {"detail": "You do not have permission to perform this action."}
    for method, path, body in [
            ("PUT", EP + "000413100001", {"mac": "000413100001"}),
            ("DELETE", EP + "000413100001", None),
            ("POST", PROFILES, {"name": "x"}),
            ("POST", "companies/", {"name": "x"})]:
        resp = api.request(method, path, body=body, key=key)
        assert resp.status_code == 403 and resp.json() == ro, (method, path)
    assert api.get(EP, key=key).status_code == 200


# --- pagination (§3) ------------------------------------------------------------------------

def test_pagination_link_header(api, sim):
    for i in range(50):
        assert api.put(EP + "0004132000%02x" % i, {"mac": "0004132000%02x" % i}).status_code == 201
    first = api.get(EP)  # 53 endpoints, default page size 20
    assert first.status_code == 200 and isinstance(first.json(), list)
    assert len(first.json()) == 20
    assert first.headers["Link"] == '<%s%s?page=2>; rel="next"' % (sim.url, EP)
    items, pages = api.get_all(EP)
    assert pages == 3 and len(items) == 53 and len({e["mac"] for e in items}) == 53
    last = api.get(EP + "?page=3")
    assert len(last.json()) == 13 and "Link" not in last.headers
    nxt = api.get(EP + "?page_size=7&mac=x").headers["Link"]
    assert nxt == '<%s%s?page_size=7&mac=x&page=2>; rel="next"' % (sim.url, EP)
    for page in ("4", "0", "abc"):
        resp = api.get(EP + "?page=" + page)
        assert resp.status_code == 404 and resp.json() == {"detail": "Invalid page."}


def test_pagination_absolute_urls_follow_host_header(sim, client_for):
    client = client_for(sim.url.replace("127.0.0.1", "localhost"))
    resp = client.get("settings/")
    assert resp.headers["Link"].startswith("<http://localhost:%d/api/v1/settings/?page=2>"
                                           % sim.port)
    assert resp.json()[0]["links"]["self"].startswith("http://localhost:%d/" % sim.port)


def test_page_size_clamped_to_1000(sim):
    from sraps_simulator.testing import start_simulator
    from conftest import Client
    with start_simulator("--catalogue-size", "1300") as big:
        api = Client(big.url)
        first = api.get("settings/?page_size=5000")
        assert len(first.json()) == 1000
        assert "page_size=5000&page=2" in first.headers["Link"]
        names = [s["param_name"] for s in first.json()]
        assert names[:2] == ["setting_server", "setting_server"]
        assert "ntp_server" not in names  # moved past the first 1000
        items, pages = api.get_all("settings/?page_size=1000")
        assert pages == 2 and len(items) == 1300
        late = ["ntp_server", "tone_scheme", "ldap_server"]
        assert [s["param_name"] for s in items[1000:]][-3:] == late
        assert len(api.get("settings/?page_size=0").json()) == 20  # invalid: the default


# --- catalogues (§5) ------------------------------------------------------------------------

def test_settings_catalogue(api, sim):
    first = api.get("settings/").json()
    servers = [s for s in first if s["param_name"] == "setting_server"]
    assert [(s["section"], s["field_type"]) for s in servers] == [("global", "url"),
                                                                  ("phone-settings", "text")]
    assert first.index(servers[0]) < first.index(servers[1])
    assert servers[1]["uses_permissions"] is True
    items = api.get_all("settings/?page_size=1000")[0]
    assert 30 <= len(items) <= 60
    fields = {"uuid", "name", "param_name", "description", "field_type", "default_value",
              "choices", "group", "section", "product_groups", "multiple", "fkey", "sortable",
              "uses_permissions", "attrs", "no_profiles", "indexed", "links"}
    for s in items:
        assert set(s) == fields and HEX32.match(s["uuid"])
        assert set(s["indexed"]) == {"enabled", "start", "default_size", "max_size"}
    one = api.get("settings/%s" % servers[0]["uuid"])
    assert one.status_code == 200 and one.json()["links"]["self"] == sim.url + "settings/" + \
        servers[0]["uuid"]
    user_pass = settings_by_name(api, "user_pass")
    assert user_pass["field_type"] == "password" and user_pass["indexed"]["enabled"]
    language = settings_by_name(api, "language")
    assert language["no_profiles"] == 1  # the seed profile uses it
    assert api.get("settings/%s" % ("0" * 32)).status_code == 404


def test_product_groups_and_products(api):
    groups = {g["name"] for g in api.get("product-groups/").json()}
    assert {"C-Series", "D-Series", "M-Series", "MSC-Series"} <= groups
    products = {p["name"]: p for p in api.get_all("products/")[0]}
    assert {"D785", "D735", "D385", "D120", "M500", "M900", "C620"} <= set(products)
    assert products["D785"]["product_group"] == group_uuid(api, "D-Series")
    assert api.get("products/%s" % products["M900"]["uuid"]).json()["name"] == "M900"


# --- endpoints (§8) -------------------------------------------------------------------------

def test_endpoint_put_full_replace(api):
    language = settings_by_name(api, "language")["uuid"]
    body = {"mac": "000413AABBCC", "name": "Desk", "autoprovisioning_enabled": False,
            "provisioning_profile": PROFILE, "warranty_exp_warning_period": 12,
            "settings_manager": {language: {"value": "English", "attrs": {"perm": "RW"}}}}
    created = api.put(EP + "000413AABBCC", body)
    assert created.status_code == 201, created.text
    ep = created.json()
    assert ep["mac"] == "000413aabbcc" and HEX32.match(ep["uuid"])
    assert ep["product"] is None and ep["last_seen"] is None
    assert ep["warranty_exp_warning_period"] == 12 and ep["autoprovisioning_enabled"] is False
    replaced = api.put(EP + "000413aabbcc", {"mac": "000413aabbcc"})
    assert replaced.status_code == 200
    after = replaced.json()
    assert after["uuid"] == ep["uuid"]
    assert after["name"] == "" and after["provisioning_profile"] is None
    assert after["settings_manager"] == {} and after["warranty_exp_warning_period"] == 3
    assert after["autoprovisioning_enabled"] is True
    again = api.put(EP + "000413aabbcc", {"mac": "000413aabbcc", "warranty_exp_warning_period": 7})
    assert again.json()["warranty_exp_warning_period"] == 7
    reset = api.put(EP + "000413aabbcc", {"mac": "000413aabbcc", "warranty_exp_warning_period": None})
    assert reset.json()["warranty_exp_warning_period"] == 3


def test_endpoint_string_booleans(api):
    resp = api.put(EP + "000413aabbcd", {"mac": "000413aabbcd", "autoprovisioning_enabled": "false"})
    assert resp.json()["autoprovisioning_enabled"] is False
    resp = api.put(EP + "000413aabbcd", {"mac": "000413aabbcd", "autoprovisioning_enabled": "true"})
    assert resp.json()["autoprovisioning_enabled"] is True
    bad = api.put(EP + "000413aabbcd", {"mac": "000413aabbcd", "autoprovisioning_enabled": "yes!"})
    assert bad.status_code == 400 and bad.json() == {
        "autoprovisioning_enabled": ["Must be a valid boolean."]}


def test_mac_case_and_forms(api):
    upper = api.get(EP + "000413100001".upper())
    assert upper.status_code == 200 and upper.json()["mac"] == "000413100001"
    for form in ("00:04:13:10:00:01", "00-04-13-10-00-01", "0004.1310.0001", "00041310000",
                 "00041310000g"):
        assert api.get(EP + form).status_code == 404, form
    mismatch = api.put(EP + "000413aabbce", {"mac": "000413aabbcf"})
    assert mismatch.status_code == 400 and "mac" in mismatch.json()
    assert api.put(EP + "000413aabbce", {}).json() == {"mac": ["This field is required."]}
    assert api.put(EP + "000413AABBCE", {"mac": "000413aabbce"}).status_code == 201
    assert api.delete(EP + "000413AABBCE").status_code == 204
    assert api.delete(EP + "000413AABBCE").status_code == 404


def test_foreign_mac(api):
    foreign = "000413ffff01"
    for key in ("customer_admin", "reseller_admin"):
        put = api.put(EP + foreign, {"mac": foreign}, key=key)
        assert put.status_code == 400 and put.json() == {"mac": ["taken_mac_or_forbidden"]}
        for method in ("GET", "DELETE"):
            resp = api.request(method, EP + foreign.upper(), key=key)
            assert resp.status_code == 403
            assert resp.json() == {"detail": "User lacks permission to endpoint"}
    assert api.get("companies/%s/endpoints/%s" % (OTHER, foreign), key="other_admin").ok


def test_endpoint_settings_validation(api):
    fkey = settings_by_name(api, "fkey", "functionKeys")["uuid"]       # D-Series only
    multicell = settings_by_name(api, "multicell_enabled")["uuid"]   # M-Series only
    user_name = settings_by_name(api, "user_name")["uuid"]
    dhcp = settings_by_name(api, "dhcp")["uuid"]
    # Without a profile any product group is accepted.
    free = api.put(EP + "000413aabb01", {"mac": "000413aabb01", "settings_manager": {
        multicell: {"value": "on", "attrs": {"perm": ""}}}})
    assert free.status_code == 201, free.text
    # With the D-Series profile, an M-Series setting is refused, naming the setting.
    resp = api.put(EP + "000413aabb01", {"mac": "000413aabb01", "provisioning_profile": PROFILE,
                                         "settings_manager": {
                                             multicell: {"value": "on", "attrs": {}}}})
    assert resp.status_code == 400
    assert resp.json() == {"settings_manager": [
        "%s: setting does not apply to product group D-Series" % multicell]}
    bad = api.put(EP + "000413aabb01", {"mac": "000413aabb01", "settings_manager": {
        "0" * 32: {"value": "x"},
        dhcp: {"value": "yes"},
        user_name: {"value": "100"},
        fkey: [{"index": 0, "value": "line"}, {"index": 2, "value": 5}],
    }})
    assert bad.status_code == 400
    msgs = bad.json()["settings_manager"]
    assert any(m.startswith("0" * 32 + ": unknown setting") for m in msgs)
    assert any(m.startswith(dhcp) and "on or off" in m for m in msgs)
    assert any(m.startswith(user_name) and "list" in m for m in msgs)
    assert any(m.startswith(fkey) and "index" in m for m in msgs)
    assert any(m.startswith(fkey + "[2]") and "string" in m for m in msgs)
    perm = api.put(EP + "000413aabb01", {"mac": "000413aabb01", "settings_manager": {
        dhcp: {"value": "on", "attrs": {"perm": "rw"}}}})
    assert perm.status_code == 400 and "perm" in perm.json()["settings_manager"][0]
    good = api.put(EP + "000413aabb01", {"mac": "000413aabb01", "settings_manager": {
        dhcp: {"value": "off"},
        user_name: [{"index": 2, "value": "200", "attrs": {"perm": "RW"}},
                    {"index": 1, "value": "{mac}"}]}})
    assert good.status_code == 200, good.text
    sm = good.json()["settings_manager"]
    assert sm[dhcp] == {"value": "off", "attrs": {"perm": ""}}
    assert sm[user_name] == [{"index": 1, "value": "{mac}", "attrs": {"perm": ""}},
                             {"index": 2, "value": "200", "attrs": {"perm": "RW"}}]
    assert api.put(EP + "000413aabb01", {"mac": "000413aabb01",
                                         "provisioning_profile": "f" * 32}).json() == {
        "provisioning_profile": ["Invalid pk \"%s\" - object does not exist." % ("f" * 32)]}


def test_passwords_masked_but_stored(api, sim):
    user_pass = settings_by_name(api, "user_pass")["uuid"]
    http_pass = settings_by_name(api, "http_pass")["uuid"]
    body = {"mac": "000413aabb02", "settings_manager": {
        http_pass: {"value": "hunter2", "attrs": {"perm": "R"}},
        user_pass: [{"index": 1, "value": "sip-secret", "attrs": {"perm": ""}}]}}
    for resp in (api.put(EP + "000413aabb02", body), api.get(EP + "000413aabb02")):
        sm = resp.json()["settings_manager"]
        assert sm[http_pass]["value"] == "********" and sm[user_pass][0]["value"] == "********"
        assert "hunter2" not in resp.text and "sip-secret" not in resp.text
    listed = [e for e in api.get_all(EP)[0] if e["mac"] == "000413aabb02"][0]
    assert listed["settings_manager"][http_pass]["value"] == "********"
    stored = sim.state()["endpoints"]["000413aabb02"]["settings_manager"]
    assert stored[http_pass]["value"] == "hunter2"
    profile = api.get(PROFILES + PROFILE).json()
    assert "********" in [v["value"] for v in profile["settings_manager"].values()
                          if isinstance(v, dict)]


def _replace_what_was_read(api, user_pass):
    """Full replace of what was read (masked passwords included), with one field changed."""
    read = api.get(EP + "000413100001").json()
    body = {k: read[k] for k in ("mac", "provisioning_profile", "settings_manager")}
    body["name"] = "Reception desk"
    body["settings_manager"][user_pass].append({"index": 2, "value": "********"})
    assert api.put(EP + "000413100001", body).status_code == 200


def test_mask_sent_back_is_stored_by_default(api, sim):
    assert sim.modes() == {"mask_sent_back": "store"}
    user_pass = settings_by_name(api, "user_pass")["uuid"]
    admin_pw = settings_by_name(api, "admin_mode_password")["uuid"]
    _replace_what_was_read(api, user_pass)
    stored = sim.state()["endpoints"]["000413100001"]["settings_manager"][user_pass]
    assert [e["value"] for e in stored] == ["********", "********"]
    profile = api.get(PROFILES + PROFILE).json()
    profile["name"] = "Renamed"
    assert api.put(PROFILES + PROFILE, profile).status_code == 200
    assert sim.state()["profiles"][PROFILE]["settings_manager"][admin_pw]["value"] == "********"


def test_mask_sent_back_keeps_the_secret_in_keep_mode(api, sim):
    assert sim.set_modes(mask_sent_back="keep") == {"mask_sent_back": "keep"}
    user_pass = settings_by_name(api, "user_pass")["uuid"]
    admin_pw = settings_by_name(api, "admin_mode_password")["uuid"]
    _replace_what_was_read(api, user_pass)
    stored = sim.state()["endpoints"]["000413100001"]["settings_manager"][user_pass]
    assert stored == [{"index": 1, "value": "reception-secret", "attrs": {"perm": ""}},
                      {"index": 2, "value": "********", "attrs": {"perm": ""}}]  # nothing to keep
    profile = api.get(PROFILES + PROFILE).json()
    assert profile["settings_manager"][admin_pw]["value"] == "********"
    profile["name"] = "Renamed"
    assert api.put(PROFILES + PROFILE, profile).status_code == 200
    assert sim.state()["profiles"][PROFILE]["settings_manager"][admin_pw]["value"] == "4711"
    profile["settings_manager"][admin_pw]["value"] = "0815"
    api.put(PROFILES + PROFILE, profile)
    assert sim.state()["profiles"][PROFILE]["settings_manager"][admin_pw]["value"] == "0815"


def test_modes_are_checked(api, sim):
    with pytest.raises(SimulatorError) as err:
        sim.set_modes(mask_sent_back="maybe")
    assert "mask_sent_back must be one of store, keep" in str(err.value)
    with pytest.raises(SimulatorError) as err:
        sim.set_modes(mask="keep")
    assert "unknown modes: mask" in str(err.value)
    assert sim.modes() == {"mask_sent_back": "store"}


def test_endpoint_read_only_fields_ignored(api):
    resp = api.put(EP + "000413aabb03", {"mac": "000413aabb03", "uuid": "1" * 32,
                                         "product": "x", "last_seen": "2020-01-01T00:00:00Z"})
    ep = resp.json()
    assert ep["uuid"] != "1" * 32 and ep["product"] is None and ep["last_seen"] is None


def test_phone_contact(api, sim):
    result = sim.phone_contact("000413100002", product="D735")
    assert result["last_seen"].endswith("Z")
    ep = api.get(EP + "000413100002").json()
    assert ep["product"] == product_uuid(api, "D735") and ep["last_seen"] == result["last_seen"]
    logs = api.get("companies/%s/logs/?event=redirect_served" % CUSTOMER).json()
    assert logs[0]["mac"] == "000413100002"


# --- profiles (§7) --------------------------------------------------------------------------

def test_profiles(api, sim):
    d_series = group_uuid(api, "D-Series")
    language = settings_by_name(api, "language")["uuid"]
    body = {"name": "Sales", "product_group": d_series, "autoprovisioning_enabled": "true",
            "settings_manager": {language: {"value": "Deutsch", "attrs": {"perm": "R"}}}}
    created = api.post(PROFILES, body)
    assert created.status_code == 201, created.text
    prof = created.json()
    assert set(prof) == {"uuid", "name", "product_group", "autoprovisioning_enabled",
                         "settings_manager", "links"}
    assert prof["autoprovisioning_enabled"] is True and HEX32.match(prof["uuid"])
    twin = api.post(PROFILES, body)  # names are not unique
    assert twin.status_code == 201 and twin.json()["uuid"] != prof["uuid"]
    assert [p["name"] for p in api.get(PROFILES).json()].count("Sales") == 2
    put = api.put(PROFILES + prof["uuid"], {"name": "Sales 2", "product_group": d_series})
    assert put.status_code == 200
    assert put.json()["settings_manager"] == {} and put.json()["name"] == "Sales 2"
    assert api.request("PATCH", PROFILES + prof["uuid"], body={"name": "x"}).status_code == 405
    assert api.post(PROFILES, {"name": "", "product_group": "nope"}).json().keys() == {
        "name", "product_group"}
    m_series = group_uuid(api, "M-Series")
    fkey = settings_by_name(api, "fkey", "functionKeys")["uuid"]
    wrong = api.post(PROFILES, {"name": "M", "product_group": m_series,
                                "settings_manager": {fkey: [{"index": 1, "value": "line"}]}})
    assert wrong.json() == {"settings_manager": [
        "%s: setting does not apply to product group M-Series" % fkey]}
    assert api.delete(PROFILES + twin.json()["uuid"]).status_code == 204
    assert api.get(PROFILES + twin.json()["uuid"]).status_code == 404


def test_profile_in_use_cannot_be_deleted(api):
    resp = api.delete(PROFILES + PROFILE)
    assert resp.status_code == 400
    assert resp.json() == {"non_field_errors": ["provisioning profile is in use by 2 endpoints"]}


# --- product defaults (§9) and users (§10) ----------------------------------------------------

def test_product_defaults(api):
    path = "companies/%s/product-defaults/" % CUSTOMER
    d785 = product_uuid(api, "D785")
    m900 = product_uuid(api, "M900")
    fkey = settings_by_name(api, "fkey", "functionKeys")["uuid"]
    created = api.post(path, {"product": d785, "settings_manager": {
        fkey: [{"index": 3, "value": "speed 123", "attrs": {"perm": "RW"}}]}})
    assert created.status_code == 201, created.text
    dup = api.post(path, {"product": d785})
    assert dup.status_code == 400
    assert dup.json() == {"product": ["product default for this product already exists"]}
    wrong = api.post(path, {"product": m900, "settings_manager": {fkey: [{"index": 1,
                                                                          "value": "x"}]}})
    assert wrong.status_code == 400 and "M-Series" in wrong.json()["settings_manager"][0]
    uuid = created.json()["uuid"]
    put = api.put(path + uuid, {"product": d785})
    assert put.status_code == 200 and put.json()["settings_manager"] == {}
    assert api.delete(path + uuid).status_code == 204


def test_users(api):
    path = "companies/%s/users/" % CUSTOMER
    created = api.post(path, {"email": "Anna@Example.com", "first_name": "Anna",
                              "role": "editor", "language": "de"})
    assert created.status_code == 201, created.text
    user = created.json()
    assert user["is_active"] is True and user["last_name"] == "" and "password" not in user
    dup = api.post(path, {"email": "anna@example.COM"})
    assert dup.status_code == 400 and list(dup.json()) == ["email"]
    bad = api.post(path, {"email": "nope", "role": "owner", "language": "nl"})
    assert set(bad.json()) == {"email", "role", "language"}
    put = api.put(path + user["uuid"], {"email": "anna@example.com"})
    assert put.status_code == 200 and put.json()["role"] == "viewer"  # full replace
    # The same email in another company is fine.
    other = api.post("companies/%s/users/" % OTHER, {"email": "anna@example.com"},
                     key="other_admin")
    assert other.status_code == 201
    assert api.delete(path + user["uuid"]).status_code == 204


# --- logs (§11) -----------------------------------------------------------------------------

def test_logs(api):
    api.put(EP + "000413aabb10", {"mac": "000413aabb10"})
    api.put(EP + "000413aabb10", {"mac": "000413aabb10", "name": "x"})
    api.delete(EP + "000413aabb10")
    api.post(PROFILES, {"name": "L", "product_group": group_uuid(api, "D-Series")})
    logs = api.get("companies/%s/logs/" % CUSTOMER).json()
    events = [e["event"] for e in logs]
    assert events[:4] == ["profile_created", "endpoint_deleted", "endpoint_updated",
                          "endpoint_created"]
    entry = logs[1]
    assert set(entry) == {"uuid", "timestamp", "mac", "event", "message", "ip"}
    assert entry["mac"] == "000413aabb10" and entry["timestamp"].endswith("Z")
    assert entry["ip"] == "127.0.0.1" and logs[0]["mac"] is None
    only = api.get("companies/%s/logs/?mac=000413AABB10&event=endpoint_updated" % CUSTOMER)
    assert [e["event"] for e in only.json()] == ["endpoint_updated"]
    since = logs[2]["timestamp"]
    window = api.get("companies/%s/logs/" % CUSTOMER).json()
    until = logs[1]["timestamp"]
    ranged = api.get("companies/%s/logs/?since=%s&until=%s" % (CUSTOMER, since, until)).json()
    assert [e["uuid"] for e in ranged] == [logs[1]["uuid"], logs[2]["uuid"]]
    assert window == logs
    assert api.get("companies/%s/logs/?since=yesterday" % CUSTOMER).status_code == 400
    assert api.get("companies/%s/logs/" % CUSTOMER, key="other_admin").status_code == 404
