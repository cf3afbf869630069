"""The default seed and the seed file format (documented in README.md).

A seed is JSON with the lists `companies`, `keys`, `profiles`, `endpoints`, `product_defaults`,
`users`. References (company, parent, product group, product, profile) may be names or uuids;
settings_manager keys may be uuids or param_names (resolved like a careful client: by product
group, then section phone-settings), and a plain string value is short for
{"value": s, "attrs": {"perm": ""}} (index 1 for an indexed setting). Objects without a `uuid` get
a deterministic one (uuid5), so the default seed has the same ids in every run.
"""

import copy

from . import validation as v
from .catalogue import make_uuid

# --- the default seed -------------------------------------------------------------------------
# Test suites and demo playbooks elsewhere in the project rely on these exact keys and names.

DEMO_RESELLER = "Demo Reseller"
EXISTING_CUSTOMER = "Existing Customer"
OTHER_RESELLER = "Other Reseller"
OTHER_COMPANY = "Other Company"
EXISTING_PROFILE = "Existing Profile"

COMPANIES = {name: make_uuid("company", name)
             for name in (DEMO_RESELLER, EXISTING_CUSTOMER, OTHER_RESELLER, OTHER_COMPANY)}
DEMO_RESELLER_UUID = COMPANIES[DEMO_RESELLER]
EXISTING_CUSTOMER_UUID = COMPANIES[EXISTING_CUSTOMER]
OTHER_RESELLER_UUID = COMPANIES[OTHER_RESELLER]
OTHER_COMPANY_UUID = COMPANIES[OTHER_COMPANY]
EXISTING_PROFILE_UUID = make_uuid("profile", "%s/%s" % (EXISTING_CUSTOMER_UUID, EXISTING_PROFILE))

CUSTOMER_MACS = ["000413100001", "000413100002", "000413100003"]
FOREIGN_MAC = "000413ffff01"

DEFAULT_KEYS = {
    "reseller_admin": {"id": "ck_7f3a9c2e4b1d4e8f9a6b5c4d3e2f1a0b",
                       "secret": "9c1e5f7a3b2d4c6e8f0a1b3c5d7e9f20",
                       "role": "admin", "company": DEMO_RESELLER_UUID},
    "reseller_readonly": {"id": "ck_2b8e4f6a1c3d5e7f9a0b2c4d6e8f1a3b",
                          "secret": "4d6f8a0c2e4b6d8f1a3c5e7b9d0f2a4c",
                          "role": "readonly", "company": DEMO_RESELLER_UUID},
    "reseller_none": {"id": "ck_5c1d7e3f9a2b4c6d8e0f1a2b3c4d5e6f",
                      "secret": "1f3b5d7e9a0c2e4f6b8d0a2c4e6f8b1d",
                      "role": "none", "company": DEMO_RESELLER_UUID},
    "customer_admin": {"id": "ck_8a4b2c6d0e1f3a5b7c9d1e2f4a6b8c0d",
                       "secret": "6e8a0c2f4b6d8e1a3c5f7b9d2e4a6c8f",
                       "role": "admin", "company": EXISTING_CUSTOMER_UUID},
    "other_admin": {"id": "ck_3e9f1a5b7c2d4e6f8a0b1c3d5e7f9a2b",
                    "secret": "0a2c4e6b8d1f3a5c7e9b2d4f6a8c0e1b",
                    "role": "admin", "company": OTHER_COMPANY_UUID},
}

_KEY_DESCRIPTIONS = {
    "reseller_admin": "Demo Reseller admin key",
    "reseller_readonly": "Demo Reseller read-only key",
    "reseller_none": "Demo Reseller key without role",
    "customer_admin": "Existing Customer admin key",
    "other_admin": "Other Company admin key",
}

# Seed files may name settings by param_name and give a plain string for {"value", "attrs"}.
_PROFILE_SETTINGS = {
    "language": {"value": "Deutsch", "attrs": {"perm": "RW"}},
    "timezone": "GER+1",
    "admin_mode_password": {"value": "4711", "attrs": {"perm": "R"}},
}
_RECEPTION_SETTINGS = {
    "user_realname": [{"index": 1, "value": "Reception", "attrs": {"perm": "R"}}],
    "user_name": "100",
    "user_host": "sip.example.com",
    "user_pass": "reception-secret",
}

DEFAULT_SEED = {
    "companies": [
        {"name": DEMO_RESELLER, "type": "reseller", "parent": None, "country": "DE",
         "city": "Hamburg"},
        {"name": EXISTING_CUSTOMER, "type": "end_user", "parent": DEMO_RESELLER, "country": "DE",
         "city": "Berlin"},
        {"name": OTHER_RESELLER, "type": "reseller", "parent": None, "country": "FR",
         "city": "Paris"},
        {"name": OTHER_COMPANY, "type": "end_user", "parent": OTHER_RESELLER, "country": "FR",
         "city": "Lyon"},
    ],
    "keys": [dict(id=k["id"], secret=k["secret"], role=k["role"], company=k["company"],
                  description=_KEY_DESCRIPTIONS[name]) for name, k in DEFAULT_KEYS.items()],
    "profiles": [
        {"company": EXISTING_CUSTOMER, "name": EXISTING_PROFILE, "product_group": "D-Series",
         "autoprovisioning_enabled": True, "settings_manager": _PROFILE_SETTINGS},
    ],
    "endpoints": [
        {"company": EXISTING_CUSTOMER, "mac": CUSTOMER_MACS[0], "name": "Reception",
         "autoprovisioning_enabled": True, "provisioning_profile": EXISTING_PROFILE,
         "product": "D785", "last_seen": "2026-11-01T08:15:00Z",
         "settings_manager": _RECEPTION_SETTINGS},
        {"company": EXISTING_CUSTOMER, "mac": CUSTOMER_MACS[1],
         "provisioning_profile": EXISTING_PROFILE},
        {"company": EXISTING_CUSTOMER, "mac": CUSTOMER_MACS[2], "autoprovisioning_enabled": False},
        {"company": OTHER_COMPANY, "mac": FOREIGN_MAC, "name": "Foreign phone"},
    ],
    "product_defaults": [],
    "users": [],
}


class SeedError(ValueError):
    pass


def default_seed():
    return copy.deepcopy(DEFAULT_SEED)


def _settings(raw, catalogue, product_group, where):
    """Resolve param names and shorthand strings, then validate like the API does."""
    if not raw:
        return {}
    if not isinstance(raw, dict):
        raise SeedError("%s: settings_manager must be an object" % where)
    expanded = {}
    for key, item in raw.items():
        try:
            uuid = catalogue.resolve_setting(key, product_group)
        except ValueError as exc:
            raise SeedError("%s: %s" % (where, exc))
        indexed = catalogue.setting_by_uuid[uuid]["indexed"]["enabled"]
        if isinstance(item, str):
            item = {"value": item, "attrs": {"perm": ""}}
            if indexed:
                item = [dict(index=1, **item)]
        expanded[uuid] = item
    errors = {}
    # Values are checked like API writes; the product group is not (as production, and the
    # default mode product_group_check accept): a seed may hold what production clients store.
    cleaned = v.settings_manager({"settings_manager": expanded}, errors, catalogue, None)
    if errors:
        raise SeedError("%s: %s" % (where, errors))
    return cleaned


def build_state(doc, catalogue):
    """Turn a seed document into the simulator's state data (see state.py for its shape)."""
    if not isinstance(doc, dict):
        raise SeedError("a seed must be a JSON object")
    unknown = set(doc) - {"companies", "keys", "profiles", "endpoints", "product_defaults", "users"}
    if unknown:
        raise SeedError("unknown seed sections: %s" % ", ".join(sorted(unknown)))
    data = {"companies": {}, "keys": {}, "profiles": {}, "endpoints": {}, "product_defaults": {},
            "users": {}, "logs": []}
    by_name = {}

    def company_ref(ref, where):
        if ref in data["companies"]:
            return ref
        if ref in by_name:
            return by_name[ref]
        raise SeedError("%s: unknown company %r" % (where, ref))

    for c in doc.get("companies", []):
        uuid = c.get("uuid") or make_uuid("company", c["name"])
        parent = company_ref(c["parent"], c["name"]) if c.get("parent") else None
        ctype = c.get("type", "end_user" if parent else "reseller")
        if ctype not in ("reseller", "end_user"):
            raise SeedError("%s: type must be reseller or end_user" % c["name"])
        data["companies"][uuid] = {"uuid": uuid, "name": c["name"], "type": ctype,
                                   "parent": parent, "country": c.get("country", ""),
                                   "city": c.get("city", "")}
        by_name.setdefault(c["name"], uuid)

    for k in doc.get("keys", []):
        if k.get("role", "admin") not in ("admin", "readonly", "none"):
            raise SeedError("key %s: role must be admin, readonly or none" % k["id"])
        data["keys"][k["id"]] = {"id": k["id"], "secret": k["secret"],
                                 "role": k.get("role", "admin"),
                                 "company": company_ref(k["company"], k["id"]),
                                 "description": k.get("description", "")}

    profile_names = {}
    for p in doc.get("profiles", []):
        company = company_ref(p["company"], p["name"])
        group = catalogue.product_group(p["product_group"])
        if group is None:
            raise SeedError("profile %s: unknown product group %r" % (p["name"], p["product_group"]))
        uuid = p.get("uuid") or make_uuid("profile", "%s/%s" % (company, p["name"]))
        if uuid in data["profiles"]:
            raise SeedError("profile %s: give duplicate names explicit uuids" % p["name"])
        data["profiles"][uuid] = {
            "uuid": uuid, "company": company, "name": p["name"], "product_group": group["uuid"],
            "autoprovisioning_enabled": bool(p.get("autoprovisioning_enabled", True)),
            "settings_manager": _settings(p.get("settings_manager"), catalogue, group["uuid"],
                                          "profile %s" % p["name"])}
        profile_names.setdefault((company, p["name"]), uuid)

    for e in doc.get("endpoints", []):
        mac = str(e["mac"]).lower()
        if not v.MAC.match(mac) or mac in data["endpoints"]:
            raise SeedError("endpoint %r: bad or duplicate MAC" % e["mac"])
        company = company_ref(e["company"], mac)
        profile = e.get("provisioning_profile")
        if profile:
            profile = profile if profile in data["profiles"] else profile_names.get((company, profile))
            if profile is None:
                raise SeedError("endpoint %s: unknown profile %r" % (mac, e["provisioning_profile"]))
        group = data["profiles"][profile]["product_group"] if profile else None
        product = None
        if e.get("product"):
            found = catalogue.product(e["product"])
            if found is None:
                raise SeedError("endpoint %s: unknown product %r" % (mac, e["product"]))
            product = found["uuid"]
        data["endpoints"][mac] = {
            "uuid": e.get("uuid") or make_uuid("endpoint", mac), "company": company, "mac": mac,
            "name": e.get("name") or "",
            "autoprovisioning_enabled": bool(e.get("autoprovisioning_enabled", True)),
            "provisioning_profile": profile,
            "settings_manager": _settings(e.get("settings_manager"), catalogue, group,
                                          "endpoint %s" % mac),
            "warranty_exp_warning_period": e.get("warranty_exp_warning_period", 3),
            "product": product, "last_seen": e.get("last_seen")}

    for d in doc.get("product_defaults", []):
        company = company_ref(d["company"], "product default")
        product = catalogue.product(d["product"])
        if product is None:
            raise SeedError("product default: unknown product %r" % d["product"])
        uuid = d.get("uuid") or make_uuid("product-default", "%s/%s" % (company, product["uuid"]))
        if uuid in data["product_defaults"]:
            raise SeedError("product default %s: one per product per company" % product["name"])
        data["product_defaults"][uuid] = {
            "uuid": uuid, "company": company, "product": product["uuid"],
            "settings_manager": _settings(d.get("settings_manager"), catalogue,
                                          product["product_group"],
                                          "product default %s" % product["name"])}

    for u in doc.get("users", []):
        company = company_ref(u["company"], u["email"])
        uuid = u.get("uuid") or make_uuid("user", "%s/%s" % (company, u["email"].lower()))
        data["users"][uuid] = {
            "uuid": uuid, "company": company, "email": u["email"],
            "first_name": u.get("first_name", ""), "last_name": u.get("last_name", ""),
            "role": u.get("role", "viewer"), "language": u.get("language", "en"),
            "is_active": bool(u.get("is_active", True))}
    return data
