"""Print a simulator seed of a reseller's book (JSON on stdout) for the SRAPS inventory.

"Demo Reseller" (whose admin key is the one setup_simulator exports) has four customers and a reseller below
it, "North Partners", with a customer of its own; two customers' names make the same slug. What each customer
holds (phones, profiles, users) is given in numbers that differ per customer, so a count read from the wrong
company shows. "Other Reseller" and its customer are outside the key's view.
"""

import json

RESELLER = "Demo Reseller"
KEY = {"id": "ck_7f3a9c2e4b1d4e8f9a6b5c4d3e2f1a0b", "secret": "9c1e5f7a3b2d4c6e8f0a1b3c5d7e9f20",
       "role": "admin", "company": RESELLER, "description": "Demo Reseller admin key"}
# name: (parent, country, city, phones, profiles, users); a parent before its children
CUSTOMERS = {
    "Acme Dental": (RESELLER, "DE", "Berlin", 3, 2, 2),
    "Bistro Nord": (RESELLER, "DE", "Kiel", 5, 1, 0),
    "Clinic Süd": (RESELLER, "AT", "Wien", 0, 0, 1),
    "Delta-Logistics": (RESELLER, "NL", "Rotterdam", 1, 1, 0),
    "Delta Logistics": (RESELLER, "NL", "Utrecht", 2, 0, 0),
    "North Partners": (RESELLER, "DK", "Aarhus", 0, 0, 0),
    "Fjord Fisk": ("North Partners", "NO", "Bergen", 4, 1, 3),
}


def seed():
    companies = [
        {"name": RESELLER, "type": "reseller", "country": "DE", "city": "Hamburg"},
        {"name": "Other Reseller", "type": "reseller", "country": "FR", "city": "Paris"},
        {"name": "Other Company", "parent": "Other Reseller", "country": "FR", "city": "Lyon"},
    ]
    profiles, users, endpoints = [], [], []
    for number, (name, (parent, country, city, phones, profile_count, user_count)) in enumerate(
            CUSTOMERS.items(), start=1):
        companies.append({"name": name, "parent": parent, "country": country, "city": city,
                          "type": "reseller" if name == "North Partners" else "end_user"})
        for n in range(1, profile_count + 1):
            profiles.append({"company": name, "name": "Profile %d" % n, "product_group": "D-Series",
                             "autoprovisioning_enabled": True})
        for n in range(1, user_count + 1):
            users.append({"company": name, "email": "user%d@c%d.example" % (n, number), "first_name": "User",
                          "last_name": str(n), "role": "viewer", "language": "en", "is_active": True})
        for n in range(1, phones + 1):
            endpoints.append({"company": name, "mac": "000413%02x%04x" % (number, n), "name": "Phone %d" % n})
    # Outside the key's view.
    endpoints.append({"company": "Other Company", "mac": "000413ffff01", "name": "Foreign phone"})
    users.append({"company": "Other Company", "email": "other@other.example", "first_name": "Other",
                  "last_name": "User", "role": "admin", "language": "fr", "is_active": True})
    return {"companies": companies, "keys": [KEY], "users": users, "profiles": profiles, "endpoints": endpoints}


def main():
    print(json.dumps(seed(), indent=1, ensure_ascii=False, sort_keys=True))


if __name__ == "__main__":
    main()
