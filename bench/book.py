"""Write a generated book: C customers of P phones each, laid out as sraps.provisioning.export writes one.

    bench/.venv/bin/python bench/book.py DEST --customers 200 --phones 100

Customer i (1 to C) is the company "Customer 001" (host customer_001, in the group sraps_customers of hosts.yml)
with 2 users, the profiles Office and Reception (D-Series, a few settings each), a product default for the
D785, and P phones spread over the two profiles (warranty warning at 3 months, the SRAPS default the export
writes); every 10th phone has a setting of its own (its account, user_name[1]). MACs are in Snom's OUI
00:04:13 and unique: 000413 + the customer (3 hex digits) + the phone (3 hex digits), so C and P are at
most 4095. The same arguments give the same files.

The files are written with the export's own writer (plugins/module_utils/_sraps_export.py of the collection:
to_yaml, phones_csv, the connection file), so the book has the export's variable names, key order, CSV
columns and quoting: once applied, an export of the account writes these very files, except that its
hosts.yml also holds each company's sraps_customer_uuid (the companies do not exist before the apply).
bench/run.py (case (g) book) writes one of these and applies it.
"""

import argparse
import atexit
import importlib
import os
import shutil
import sys
import tempfile

BENCH = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH)
EXPORT_MODULE = "ansible_collections.sraps.provisioning.plugins.module_utils._sraps_export"
CITIES = ("Berlin", "Hamburg", "Kiel", "Leipzig", "Bremen", "Dresden", "Hannover", "Rostock")
MAX_ITEMS = 0xfff


def mac(customer, phone):
    return "000413%03x%03x" % (customer, phone)


def host_name(i):
    return "customer_%03d" % i


def customer(i, phones):
    """(host, company name, customer.yml data, phones) of customer i, in the export's key order and words."""
    name = "Customer %03d" % i
    host = host_name(i)
    domain = "customer-%03d.example" % i
    data = {
        "onboard_customer_company": {"name": name, "country": "DE", "city": CITIES[i % len(CITIES)]},
        "onboard_customer_users": [
            {"email": "admin@%s" % domain, "first_name": "Ada", "last_name": "Admin %03d" % i, "role": "admin",
             "language": "de", "active": True},
            {"email": "tech@%s" % domain, "first_name": "Tom", "last_name": "Tech %03d" % i, "role": "editor",
             "language": "en", "active": True},
        ],
        "onboard_customer_profiles": [
            {"name": "Office", "product_group": "D-Series", "autoprovisioning": True, "settings": {
                "language": "Deutsch", "setting_server": "https://pbx.%s/prov/{mac}" % domain,
                "timezone": "GER+1"}},
            {"name": "Reception", "product_group": "D-Series", "autoprovisioning": True, "settings": {
                "backlight": "8", "language": "English", "timezone": "GER+1"}},
        ],
        "onboard_customer_product_defaults": [{"product": "D785", "settings": {"timezone": "GER+1"}}],
        "sraps_customer_secrets": [],
    }
    rows = []
    for n in range(1, phones + 1):
        row = {"mac": mac(i, n), "name": "%s phone %03d" % (name, n),
               "profile": "Office" if n % 2 else "Reception", "autoprovisioning": True,
               "warranty_warning_months": 3}
        if n % 10 == 0:
            row["settings"] = {"user_name": {1: "%d" % (200 + n)}}
        rows.append(row)
    return host, name, data, rows


def book_files(export, customers, phones):
    """{relative path: text} of the book, written with the export module's functions."""
    files = {}
    inventory = {}
    for i in range(1, customers + 1):
        host, name, data, rows = customer(i, phones)
        inventory[host] = {"sraps_customer_name": name}
        files["host_vars/%s/customer.yml" % host] = export.to_yaml(export._guarded(data), comment=(
            "The customer %s as SRAPS holds it: the variables of the role sraps.provisioning.onboard_customer.\n"
            "Written by sraps.provisioning.sraps_export; apply with playbook sraps.provisioning.apply." % name))
        if rows:
            files["host_vars/%s/phones.csv" % host] = export.phones_csv(rows)
    files[export.HOSTS_FILE] = export.to_yaml(export._guarded({export.GROUP: {"hosts": inventory}}), comment=(
        "The customers of the access key, one host each (a slug of the company name)."))
    files[export.CONNECTION_FILE] = export.CONNECTION
    files[export.SECRETS_FILE] = export.to_yaml({"secrets_to_fill": []}, comment=(
        'The passwords the export cannot read: SRAPS reads them back masked. The book refers to each as a vault\n'
        'variable. Give each its value in %s and encrypt that file with ansible-vault:\n'
        '  ansible-vault encrypt %s\n'
        'The playbook sraps.provisioning.apply stops before any write while one is missing.'
        % (export.VAULT_FILE, export.VAULT_FILE)))
    return files


def load_export(collections_root=None):
    """The export module of the collection installed under collections_root (…/ansible_collections/…), or of this
    checkout when None (through a temporary ansible_collections/sraps/provisioning link to it)."""
    if collections_root is None:
        collections_root = tempfile.mkdtemp(prefix="sraps-book-")
        atexit.register(shutil.rmtree, collections_root, True)
        os.makedirs(os.path.join(collections_root, "ansible_collections", "sraps"))
        os.symlink(REPO, os.path.join(collections_root, "ansible_collections", "sraps", "provisioning"))
    if collections_root not in sys.path:
        sys.path.insert(0, collections_root)
    return importlib.import_module(EXPORT_MODULE)


def write(dest, customers, phones, collections_root=None):
    """Write the book to dest (replaced when it exists); returns the number of files."""
    if not 1 <= customers <= MAX_ITEMS or not 0 <= phones <= MAX_ITEMS:
        raise ValueError("customers must be 1 to %d and phones 0 to %d" % (MAX_ITEMS, MAX_ITEMS))
    export = load_export(collections_root)
    files = book_files(export, customers, phones)
    if os.path.exists(dest):
        shutil.rmtree(dest)
    for relative, text in sorted(files.items()):
        path = os.path.join(dest, *relative.split("/"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
    return len(files)


def main(argv=None):
    p = argparse.ArgumentParser(prog="bench/book.py", description=__doc__.split("\n\n", maxsplit=1)[0])
    p.add_argument("dest", help="the book's folder (replaced when it exists)")
    p.add_argument("--customers", type=int, default=200, help="customers (default 200)")
    p.add_argument("--phones", type=int, default=100, help="phones per customer (default 100)")
    args = p.parse_args(argv)
    try:
        count = write(args.dest, args.customers, args.phones)
    except ValueError as exc:
        p.error(str(exc))
    print("%s: %d customers, %d phones, %d files" % (args.dest, args.customers, args.customers * args.phones, count))
    return 0


if __name__ == "__main__":
    sys.exit(main())
