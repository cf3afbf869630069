#!/usr/bin/env bash
# The inventory source of a reseller's book: a reseller with customers and a reseller below it with one of its
# own (files/book_seed.py), read by `ansible-inventory -i sraps.yml` with the key only in the SRAPS_*
# environment variables, as an AWX credential injects it. Checked out of band against the simulator's state
# (files/check_inventory.py): one host per company below the key's own and none outside its view, named as the
# export names them; the groups (sraps_customers, per reseller, compose, groups, keyed_groups); the host
# variables and counts; the request budget. A second run answers from the cache without a request; the book's
# playbook runs on the inventory source with the book's host_vars; a wrong secret fails clearly and shows
# neither secret.
set -eu
work="$(mktemp -d)"
py="${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}"
"${py}" files/book_seed.py >"${work}/seed.json"
# The simulator with ${work}/seed.json, the tools, and the clean-up on exit.
# shellcheck source=../setup_sraps_tools/seeded.sh
source ../setup_sraps_tools/seeded.sh

export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0
# A source that cannot be read fails the command (as in an AWX inventory update), not just a warning.
export ANSIBLE_INVENTORY_UNPARSED_FAILED=true
fail() { echo "FAILED: $*" >&2; exit 1; }
requests() { sraps_tools stats >"${work}/stats.json"; json_get "${work}/stats.json" 'd["requests_total"]'; }
customers=7
# The key, the list of companies, and three lists (phones, profiles, users) per customer.
budget=$((2 + 3 * customers))
sraps_tools state >"${work}/state.json"

# ---------------------------------------------------------------- --list, with an empty cache
cache="${work}/cache"
{ cat files/sraps.yml; printf 'cache: true\ncache_plugin: ansible.builtin.jsonfile\ncache_connection: %s\n' "${cache}"; } \
  >"${work}/sraps.yml"
sraps_tools reset-stats >/dev/null
ansible-inventory -i "${work}/sraps.yml" --list >"${work}/list.json"
[ "$(requests)" -eq "${budget}" ] || fail "expected ${budget} requests, made $(requests)"
# The export of the same account names the same customers the same way.
ansible-playbook -i ../../inventory sraps.provisioning.export -e "export_dest=${work}/book" >"${work}/export.log" 2>&1 \
  || { cat "${work}/export.log"; fail "the export failed"; }
"${py}" files/check_inventory.py "${work}/state.json" "${work}/list.json" --counts --book "${work}/book/hosts.yml" \
  || fail "the inventory differs from the simulator's state"
! grep -rqF -- "${SRAPS_ACCESS_KEY_SECRET}" "${cache}" || fail "the secret is in the cache"

# ---------------------------------------------------------------- --graph, from the cache
sraps_tools reset-stats >/dev/null
ansible-inventory -i "${work}/sraps.yml" --graph >"${work}/graph.txt"
cat "${work}/graph.txt"
[ "$(requests)" -eq 0 ] || fail "the run with a filled cache made $(requests) requests"
for line in '@sraps_customers:' '@reseller_demo_reseller:' '@reseller_north_partners:' '@country_no:' \
    '@with_phones:' '|--delta_logistics_'; do
  grep -qF -- "${line}" "${work}/graph.txt" || fail "the graph has no ${line}"
done
! grep -qiE 'other_company|other_reseller|demo_reseller$' "${work}/graph.txt" || fail "a company that is no customer of the key is a host"
[ "$(sed -n '/@reseller_north_partners:/,/--@/p' "${work}/graph.txt" | grep -c -- '|--[a-z]')" -eq 1 ] \
  || fail "the graph should show North Partners with one customer"

# ---------------------------------------------------------------- the book's playbook on the inventory source
# sraps.yml (no cache) in place of the book's hosts.yml, beside its host_vars and group_vars: a dry run of the
# customers of North Partners and of the customer whose name clashed finds their phones unchanged.
cp files/sraps.yml "${work}/book/sraps.yml"
rm "${work}/book/hosts.yml"
ansible-playbook -i "${work}/book/sraps.yml" sraps.provisioning.apply --check --limit 'localhost,reseller_north_partners,delta_logistics_*' \
  -e "apply_report_dir=${work}/reports" >"${work}/apply.log" 2>&1 \
  || { cat "${work}/apply.log"; fail "the dry run of the book on the inventory source failed"; }
report="$(ls "${work}"/reports/book-*.json)" || { cat "${work}/apply.log"; fail "the dry run wrote no report"; }
[ "$(json_get "${report}" 'sorted(c["host"] for c in d["customers"])')" = "['delta_logistics_e487c1ed', 'fjord_fisk']" ] \
  || fail "the dry run should cover fjord_fisk and delta_logistics_e487c1ed"
[ "$(json_get "${report}" 'd["totals"]["phones"]["unchanged"]')" -eq 5 ] || fail "the book's 5 phones of those customers should be unchanged"
[ "$(json_get "${report}" 'd["drift"]')" = False ] || fail "a book just exported should show no drift"

# ---------------------------------------------------------------- a wrong secret
wrong="0123456789abcdef0123456789abcdef"
rc=0
SRAPS_ACCESS_KEY_SECRET="${wrong}" ansible-inventory -i files/sraps.yml --list >"${work}/wrong.out" 2>&1 || rc=$?
cat "${work}/wrong.out"
[ "${rc}" -ne 0 ] || fail "a wrong secret should fail the inventory"
# Older ansible-core wraps warnings at 80 columns: the message as one line, and with no blanks at all.
tr '\n' ' ' <"${work}/wrong.out" | tr -s ' ' >"${work}/wrong.line"
tr -d ' \n' <"${work}/wrong.out" >"${work}/wrong.packed"
grep -qF "could not read the companies of access key ${SRAPS_ACCESS_KEY_ID}" "${work}/wrong.line" \
  || fail "the failure should say what failed"
for hint in 'HTTP 401' 'check access_key_id and access_key_secret' 'SRAPS_ACCESS_KEY_SECRET'; do
  grep -qF -- "${hint}" "${work}/wrong.line" || fail "the failure should say how to fix it (${hint})"
done
for secret in "${wrong}" "${SRAPS_ACCESS_KEY_SECRET}"; do
  ! grep -qF -- "${secret}" "${work}/wrong.packed" || fail "a secret is in the output"
done
echo "inventory_sraps: ${customers} customers as hosts in ${budget} requests, then from the cache with none; the book applies on it; a wrong secret refused"
