#!/usr/bin/env bash
# The inventory source of a reseller's book: a reseller with customers and a reseller below it with one of its
# own (files/book_seed.py), read by `ansible-inventory -i sraps.yml` with the key only in the SRAPS_*
# environment variables, as an AWX credential injects it. Checked out of band against the simulator's state
# (files/check_inventory.py): one host per company below the key's own and none outside its view, named as the
# export names them; the groups (sraps_customers, per reseller, compose, groups, keyed_groups); the host
# variables and counts. Then the request budget, the cache (a second run makes no request), and a wrong
# secret (a clear failure that shows neither secret).
set -eu
work="$(mktemp -d)"
py="${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}"
"${py}" files/book_seed.py >"${work}/seed.json"
# The seed of this target; simulator.sh reads the array, which shellcheck cannot see.
# shellcheck disable=SC2034
SIM_ARGS=(--seed "${work}/seed.json")
# shellcheck source=../setup_simulator/simulator.sh
source ../setup_simulator/simulator.sh
# shellcheck source=../setup_sraps_tools/tools.sh
source ../setup_sraps_tools/tools.sh
trap 'rm -rf "${work}"; sim_stop' EXIT

export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0
# A source that cannot be read fails the command (as in an AWX inventory update), not just a warning.
export ANSIBLE_INVENTORY_UNPARSED_FAILED=true
fail() { echo "FAILED: $*" >&2; exit 1; }
requests() { sraps_tools stats >"${work}/stats.json"; json_get "${work}/stats.json" 'd["requests_total"]'; }
customers=7
# The key, the list of companies, and three lists (phones, profiles, users) per customer.
budget=$((2 + 3 * customers))

cp files/sraps.yml "${work}/sraps.yml"
sraps_tools state >"${work}/state.json"

# ---------------------------------------------------------------- --list and --graph
sraps_tools reset-stats >/dev/null
ansible-inventory -i "${work}/sraps.yml" --list >"${work}/list.json"
[ "$(requests)" -eq "${budget}" ] || fail "expected ${budget} requests, made $(requests)"
# The book's playbooks run on these hosts: the export names the same customers the same way.
ansible-playbook -i ../../inventory sraps.provisioning.export -e "export_dest=${work}/book" >"${work}/export.log" 2>&1 \
  || { cat "${work}/export.log"; fail "the export failed"; }
"${py}" files/check_inventory.py "${work}/state.json" "${work}/list.json" --counts --book "${work}/book/hosts.yml" \
  || fail "the inventory differs from the simulator's state"
ansible-inventory -i "${work}/sraps.yml" --graph >"${work}/graph.txt"
cat "${work}/graph.txt"
for line in '@sraps_customers:' '@reseller_demo_reseller:' '@reseller_north_partners:' '@country_no:' \
    '@with_phones:' '|--delta_logistics_'; do
  grep -qF -- "${line}" "${work}/graph.txt" || fail "the graph has no ${line}"
done
! grep -qiE 'other_company|other_reseller|demo_reseller$' "${work}/graph.txt" || fail "a company that is no customer of the key is a host"
[ "$(sed -n '/@reseller_north_partners:/,/--@/p' "${work}/graph.txt" | grep -c -- '|--[a-z]')" -eq 1 ] \
  || fail "the graph should show North Partners with one customer"

# ---------------------------------------------------------------- counts: false
printf 'plugin: sraps.provisioning.sraps\ncounts: false\n' >"${work}/light.sraps.yml"
sraps_tools reset-stats >/dev/null
ansible-inventory -i "${work}/light.sraps.yml" --host fjord_fisk >"${work}/light.json"
[ "$(requests)" -eq 2 ] || fail "without counts, expected 2 requests, made $(requests)"
[ "$(json_get "${work}/light.json" 'd["sraps_customer_name"]')" = "Fjord Fisk" ] || fail "no host fjord_fisk without counts"
! grep -q '_count"' "${work}/light.json" || fail "counts were read with counts: false"

# ---------------------------------------------------------------- the cache
cache="${work}/cache"
{ cat files/sraps.yml; printf 'cache: true\ncache_plugin: ansible.builtin.jsonfile\ncache_connection: %s\n' "${cache}"; } \
  >"${work}/cached.sraps.yml"
sraps_tools reset-stats >/dev/null
ansible-inventory -i "${work}/cached.sraps.yml" --list >"${work}/cached1.json"
[ "$(requests)" -eq "${budget}" ] || fail "the first run with an empty cache should read SRAPS"
sraps_tools reset-stats >/dev/null
ansible-inventory -i "${work}/cached.sraps.yml" --list >"${work}/cached2.json"
[ "$(requests)" -eq 0 ] || fail "the second run with the cache made $(requests) requests"
diff "${work}/cached1.json" "${work}/cached2.json" || fail "the cached inventory differs"
diff "${work}/list.json" "${work}/cached2.json" || fail "the cached inventory differs from the uncached one"
! grep -rqF -- "${SRAPS_ACCESS_KEY_SECRET}" "${cache}" || fail "the secret is in the cache"
ansible-inventory -i "${work}/cached.sraps.yml" --list --flush-cache >/dev/null
[ "$(requests)" -eq "${budget}" ] || fail "--flush-cache should read SRAPS again"

# ---------------------------------------------------------------- a wrong secret
wrong="0123456789abcdef0123456789abcdef"
rc=0
SRAPS_ACCESS_KEY_SECRET="${wrong}" ansible-inventory -i "${work}/sraps.yml" --list >"${work}/wrong.out" 2>&1 || rc=$?
cat "${work}/wrong.out"
[ "${rc}" -ne 0 ] || fail "a wrong secret should fail the inventory"
grep -qF "could not read the companies of access key ${SRAPS_ACCESS_KEY_ID}" "${work}/wrong.out" \
  || fail "the failure should say what failed"
for hint in 'HTTP 401' 'check access_key_id and access_key_secret' 'SRAPS_ACCESS_KEY_SECRET'; do
  grep -qF -- "${hint}" "${work}/wrong.out" || fail "the failure should say how to fix it (${hint})"
done
for secret in "${wrong}" "${SRAPS_ACCESS_KEY_SECRET}"; do
  ! grep -qF -- "${secret}" "${work}/wrong.out" || fail "a secret is in the output"
done
echo "inventory_sraps: ${customers} customers as hosts in ${budget} requests, none from the cache; a wrong secret refused"
