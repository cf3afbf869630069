"""Print a simulator seed of a reseller with a rich book of customers (JSON on stdout).

Five customers under "Demo Reseller" (whose admin key is the one setup_simulator exports), with
what an account set up by hand holds: users of every role, profiles of two product groups with
indexed settings, perms and passwords, a setting whose param_name exists in two sections,
product defaults for three models, phones without a profile, phones with settings of their own,
and one customer with --phones phones. "Other Reseller" and its customer are outside the key's
view, so an export must leave them out.
"""

import argparse
import json

RESELLER = "Demo Reseller"
KEY = {"id": "ck_7f3a9c2e4b1d4e8f9a6b5c4d3e2f1a0b", "secret": "9c1e5f7a3b2d4c6e8f0a1b3c5d7e9f20",
       "role": "admin", "company": RESELLER, "description": "Demo Reseller admin key"}


def mac(customer, n):
    return "000413%02x%04x" % (customer, n)


def seed(phones):
    companies = [
        {"name": RESELLER, "type": "reseller", "country": "DE", "city": "Hamburg"},
        {"name": "Other Reseller", "type": "reseller", "country": "FR", "city": "Paris"},
        {"name": "Other Company", "parent": "Other Reseller", "country": "FR", "city": "Lyon"},
        {"name": "Acme Dental", "parent": RESELLER, "country": "DE", "city": "Berlin"},
        {"name": "Bistro Nord", "parent": RESELLER, "country": "DE", "city": "Kiel"},
        {"name": "Clinic Süd", "parent": RESELLER, "country": "DE", "city": "München"},
        {"name": "Delta Logistics", "parent": RESELLER, "country": "NL", "city": "Rotterdam"},
        {"name": "Echo Hotel & Spa", "parent": RESELLER, "country": "AT", "city": "Wien"},
    ]
    users = [
        {"company": "Acme Dental", "email": "anna@acme.example", "first_name": "Anna",
         "last_name": "Admin", "role": "admin", "language": "de", "is_active": True},
        {"company": "Acme Dental", "email": "ed@acme.example", "first_name": "Ed",
         "last_name": "Editor", "role": "editor", "language": "en", "is_active": True},
        {"company": "Acme Dental", "email": "vic@acme.example", "first_name": "Vic",
         "last_name": "Viewer", "role": "viewer", "language": "en", "is_active": False},
        {"company": "Echo Hotel & Spa", "email": "front@echo.example", "first_name": "Front",
         "last_name": "Desk", "role": "editor", "language": "de", "is_active": True},
    ]
    profiles = [
        {"company": "Acme Dental", "name": "Office", "product_group": "D-Series",
         "autoprovisioning_enabled": True,
         "settings_manager": {
             "language": {"value": "Deutsch", "attrs": {"perm": "RW"}},
             "timezone": "GER+1",
             # phone-settings:setting_server, the only one of the two for the D-Series
             "setting_server": {"value": "https://pbx.acme.example/prov/{mac}", "attrs": {"perm": "R"}},
             "user_realname": [{"index": 2, "value": "Night desk", "attrs": {"perm": "R"}}],
             "admin_mode_password": {"value": "acme-4711", "attrs": {"perm": "R"}}}},
        {"company": "Acme Dental", "name": "Handsets", "product_group": "M-Series",
         "autoprovisioning_enabled": False,
         # global:setting_server, the only one of the two for the M-Series
         "settings_manager": {"setting_server": "https://dect.acme.example/"}},
        {"company": "Bistro Nord", "name": "Bar", "product_group": "D-Series",
         "autoprovisioning_enabled": True,
         "settings_manager": {"timezone": {"value": "GER+1", "attrs": {"perm": "R"}},
                              "http_pass": "bistro-web"}},
        {"company": "Delta Logistics", "name": "Warehouse", "product_group": "C-Series",
         "autoprovisioning_enabled": True, "settings_manager": {"language": "Nederlands"}},
    ]
    product_defaults = [
        {"company": "Acme Dental", "product": "D785", "settings_manager": {"timezone": "GER+1"}},
        {"company": "Acme Dental", "product": "D865",
         "settings_manager": {"language": {"value": "English", "attrs": {"perm": "RW"}}}},
        {"company": "Acme Dental", "product": "M300", "settings_manager": {}},
    ]
    endpoints = []
    for n in range(1, phones + 1):
        phone = {"company": "Acme Dental", "mac": mac(1, n), "name": "Acme %04d" % n,
                 "provisioning_profile": "Office", "autoprovisioning_enabled": True}
        if n % 10 == 0:
            phone["settings_manager"] = {"user_name": str(1000 + n), "user_host": "sip.acme.example"}
        if n % 100 == 0:
            phone["warranty_exp_warning_period"] = 6
        if n % 250 == 0:
            del phone["provisioning_profile"]
        endpoints.append(phone)
    for n in range(1, 6):
        endpoints.append({"company": "Bistro Nord", "mac": mac(2, n), "name": "Bar %d" % n,
                          "provisioning_profile": "Bar", "autoprovisioning_enabled": n != 3,
                          "settings_manager": {
                              "user_realname": [{"index": 1, "value": "Bar %d" % n, "attrs": {"perm": "R"}},
                                                {"index": 2, "value": "Kitchen", "attrs": {"perm": "RW"}}],
                              "user_pass": "bar-secret-%d" % n}})
    for n in range(1, 4):
        # no profile: a setting_server here is ambiguous by param_name (two sections)
        endpoints.append({"company": "Clinic Süd", "mac": mac(3, n), "name": "Behandlung %d" % n,
                          "autoprovisioning_enabled": False,
                          "settings_manager": {"setting_server": "https://clinic.example/{mac}"}
                          if n == 1 else {}})
    endpoints.append({"company": "Echo Hotel & Spa", "mac": mac(5, 1), "name": "Lobby",
                      "autoprovisioning_enabled": True})
    endpoints.append({"company": "Other Company", "mac": "000413ffff01", "name": "Foreign phone"})
    return {"companies": companies, "keys": [KEY], "users": users, "profiles": profiles,
            "product_defaults": product_defaults, "endpoints": endpoints}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--phones", type=int, default=2000, help="phones of the largest customer")
    print(json.dumps(seed(p.parse_args().phones), indent=1, ensure_ascii=False, sort_keys=True))


if __name__ == "__main__":
    main()
