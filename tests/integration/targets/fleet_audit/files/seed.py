"""Write the seed of a reseller whose customers hold planted problems, and the findings an audit must report.

    seed.py SEED_JSON EXPECTED_JSON

Three customers under "Demo Reseller": Acme Dental and Bistro Nord with a few problems of every kind beside healthy
phones, profiles and product defaults; Clinic Süd healthy. EXPECTED_JSON maps each customer to its findings per kind
(phones and profiles by MAC or name; redundant settings as "profile/setting/model"). Times of last contact are
relative to now: recent ones a day ago, stale ones 45 to 90 days ago (the audit's default stale_after is 30d).
"""

import datetime
import json
import sys

RESELLER = "Demo Reseller"
KEYS = [
    {"id": "ck_7f3a9c2e4b1d4e8f9a6b5c4d3e2f1a0b", "secret": "9c1e5f7a3b2d4c6e8f0a1b3c5d7e9f20",
     "role": "admin", "company": RESELLER, "description": "Demo Reseller admin key"},
    {"id": "ck_2b8e4f6a1c3d5e7f9a0b2c4d6e8f1a3b", "secret": "4d6f8a0c2e4b6d8f1a3c5e7b9d0f2a4c",
     "role": "readonly", "company": RESELLER, "description": "Demo Reseller read-only key"},
]
# A password both a profile and a product default set: SRAPS reads it back masked, so the audit cannot compare it.
SECRET = "acme-audit-4711"
NOW = datetime.datetime.now(datetime.timezone.utc)


def ago(days):
    return (NOW - datetime.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")


def perm(value, p):
    return {"value": value, "attrs": {"perm": p}}


def phone(company, mac, profile=None, product=None, days=None, name=""):
    out = {"company": company, "mac": mac, "name": name, "provisioning_profile": profile}
    if product:
        out["product"] = product
        out["last_seen"] = ago(days)
    return out


ACME, BISTRO, CLINIC = "Acme Dental", "Bistro Nord", "Clinic Süd"

SEED = {
    "companies": [
        {"name": RESELLER, "type": "reseller", "country": "DE", "city": "Hamburg"},
        {"name": ACME, "parent": RESELLER, "country": "DE", "city": "Berlin"},
        {"name": BISTRO, "parent": RESELLER, "country": "DE", "city": "Kiel"},
        {"name": CLINIC, "parent": RESELLER, "country": "DE", "city": "München"},
    ],
    "keys": KEYS,
    "profiles": [
        {"company": ACME, "name": "Office", "product_group": "D-Series", "settings_manager": {
            "language": perm("Deutsch", "RW"), "timezone": "GER+1", "ntp_server": "ntp.acme.example",
            "admin_mode_password": perm(SECRET, "R")}},
        {"company": ACME, "name": "Handsets", "product_group": "M-Series",
         "settings_manager": {"language": perm("Deutsch", "RW")}},
        {"company": ACME, "name": "Old Desk", "product_group": "D-Series", "settings_manager": {}},
        {"company": BISTRO, "name": "Bar", "product_group": "D-Series",
         "settings_manager": {"timezone": perm("GER+1", "R")}},
        {"company": BISTRO, "name": "Kitchen", "product_group": "M-Series", "settings_manager": {}},
        {"company": CLINIC, "name": "Reception", "product_group": "D-Series",
         "settings_manager": {"timezone": "AUT+1"}},
    ],
    "product_defaults": [
        # language as Office sets it: redundant; timezone differs; the password cannot be compared.
        {"company": ACME, "product": "D785", "settings_manager": {
            "language": perm("Deutsch", "RW"), "timezone": "FIN+2", "admin_mode_password": perm(SECRET, "R")}},
        {"company": ACME, "product": "D385", "settings_manager": {"ntp_server": "ntp.acme.example"}},
        {"company": ACME, "product": "M900", "settings_manager": {"language": perm("Deutsch", "RW")}},
        # A model of another product group than any profile's: nothing to repeat.
        {"company": ACME, "product": "C620", "settings_manager": {"language": perm("Deutsch", "RW")}},
        # The value Bar sets, but another perm: Bar's setting is not redundant.
        {"company": BISTRO, "product": "D785", "settings_manager": {"timezone": "GER+1"}},
        {"company": CLINIC, "product": "D785", "settings_manager": {"timezone": "GER+1"}},
    ],
    "endpoints": [
        phone(ACME, "000413010001", "Office", "D785", 1, "Reception"),
        phone(ACME, "000413010002", "Office", "D385", 1),
        phone(ACME, "000413010003", "Office"),                          # never seen
        phone(ACME, "000413010004", "Office", "D785", 90),              # stale
        phone(ACME, "000413010005", None, "D785", 1),                   # no profile
        phone(ACME, "000413010006", "Office", "M900", 1),               # wrong product
        phone(ACME, "000413010007", "Handsets", "M900", 1),
        phone(ACME, "00041e010008", "Handsets", "M900", 1),             # foreign OUI
        phone(BISTRO, "000413020001", "Bar", "D785", 1),
        phone(BISTRO, "000413020002", "Bar", "C620", 2),                # wrong product
        phone(BISTRO, "000413020003", None),                            # never seen, no profile
        phone(BISTRO, "000413020004", "Bar", "D785", 60),               # stale
        phone(BISTRO, "001122020005", None, "D785", 45),                # foreign OUI, no profile, stale
        phone(CLINIC, "000413030001", "Reception", "D785", 1),
        phone(CLINIC, "000413030002", "Reception", "D385", 3),
    ],
    "users": [],
}

EXPECTED = {
    ACME: {
        "never_seen": ["000413010003"],
        "stale": ["000413010004"],
        "no_profile": ["000413010005"],
        "wrong_product": ["000413010006"],
        "unused_profiles": ["Old Desk"],
        "redundant_settings": ["Handsets/language/M900", "Office/language/D785", "Office/ntp_server/D385"],
        "foreign_oui": ["00041e010008"],
    },
    BISTRO: {
        "never_seen": ["000413020003"],
        "stale": ["000413020004", "001122020005"],
        "no_profile": ["000413020003", "001122020005"],
        "wrong_product": ["000413020002"],
        "unused_profiles": ["Kitchen"],
        "redundant_settings": [],
        "foreign_oui": ["001122020005"],
    },
    CLINIC: dict((kind, []) for kind in ("never_seen", "stale", "no_profile", "wrong_product", "unused_profiles",
                                         "redundant_settings", "foreign_oui")),
}
PHONES = {ACME: (8, 7), BISTRO: (5, 4), CLINIC: (2, 2)}

if __name__ == "__main__":
    with open(sys.argv[1], "w") as out:
        json.dump(SEED, out, ensure_ascii=False, indent=1)
    with open(sys.argv[2], "w") as out:
        json.dump({"findings": EXPECTED, "phones": PHONES, "secret": SECRET}, out, ensure_ascii=False, indent=1)
