#!/usr/bin/env bash
# The decommission role against the simulator. A customer is onboarded first (onboard_customer role).
# Without the confirmation, or with a wrong one, the role refuses before its first request. With it,
# the phones a CSV lists go and nothing else; a re-run changes nothing; a MAC of another account fails
# and stays; two phones are returned (RMA) to a stock company, cleared, with a third registered nowhere
# (dry run first, then a re-run that changes nothing); the whole customer goes (dry run first), and nothing of any other company. A name cut at its
# space (the quoting mistake) fails asking "did you mean"; then the decommission commands of the docs
# run exactly as printed, against a customer of the demo's name, and do what the docs say.
set -eu
# shellcheck source=../setup_simulator/simulator.sh
source ../setup_simulator/simulator.sh
# shellcheck source=../setup_sraps_tools/tools.sh
source ../setup_sraps_tools/tools.sh

export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0
work="$(mktemp -d)"
trap 'rm -rf "${work}"; sim_stop' EXIT
snapshot="${work}/snapshot.json"
log="${work}/run.log"

state="${work}/state.json"
check_state() {  # check_state PYTHON-EXPR WHAT: the simulator's state (d), read out of band, has WHAT
  sraps_tools state >"${state}"
  [ "$(json_get "${state}" "$1")" = True ] || { echo "FAILED: ${2}" >&2; exit 1; }
}
writes() { sraps_tools stats >"${work}/stats.json"; json_get "${work}/stats.json" 'd["writes"]'; }

verify() { ansible-playbook -i ../../inventory verify.yml -e "snapshot=${snapshot}" -e "step=$1" "${@:2}"; }

run() {  # run LABEL PLAYBOOK ARGS...: a playbook the collection ships, output kept in $log
  local label="$1" playbook="$2"; shift 2
  echo "=== ${label}"
  rc=0
  ansible-playbook -i ../../inventory "sraps.provisioning.${playbook}" "$@" >"${log}" 2>&1 || rc=$?
  cat "${log}"
}

expect_output() {
  for text in "$@"; do
    grep -qF -- "${text}" "${log}" || { echo "FAILED: no '${text}' in the output" >&2; exit 1; }
  done
}

expect_success() {  # expect_success CHANGED TEXT...: changed=CHANGED ("any": 1 or more), failed=0
  local changed="$1"; shift
  [ "${changed}" = any ] && changed='[1-9][0-9]*'
  [ "${rc}" -eq 0 ] || { echo "FAILED: the run failed" >&2; exit 1; }
  grep -Eq "localhost +: ok=[0-9]+ +changed=${changed} +unreachable=0 +failed=0" "${log}" \
    || { echo "FAILED: expected changed=${changed} failed=0 in the PLAY RECAP" >&2; exit 1; }
  expect_output "$@"
}

expect_failure() {
  [ "${rc}" -ne 0 ] || { echo "FAILED: the run should have failed" >&2; exit 1; }
  expect_output "$@"
}

leaving=(-e "decommission_company='Decom Test'" -e "decommission_csv=${PWD}/files/leaving.csv")
whole=(-e "decommission_company='Decom Test'" -e decommission_whole_customer=true)

run "onboard the customer to decommission" onboard_customer -e @vars/customer.yml "$@"
expect_success any
verify onboarded "$@"
verify snapshot "$@"

run "no confirmation" decommission "${leaving[@]}" "$@"
expect_failure "Refusing to decommission: nothing was read or written." \
  "To confirm, set decommission_confirm to the exact name of the company, 'Decom Test'."
verify untouched "$@"

run "a wrong confirmation, whole customer" decommission "${whole[@]}" -e "decommission_confirm='Decom'" "$@"
expect_failure "Refusing to decommission: nothing was read or written." "(it is 'Decom')"
verify untouched "$@"

run "the listed phones, dry run" decommission "${leaving[@]}" -e "decommission_confirm='Decom Test'" --check --diff "$@"
expect_success any "2 phone(s) of 'Decom Test' would be removed: 000413740002, 000413740003" \
  "1 listed phone(s) were not registered: 000413740099"
verify unchanged "$@"

run "the listed phones" decommission "${leaving[@]}" -e "decommission_confirm='Decom Test'" "$@"
expect_success any "2 phone(s) of 'Decom Test' were removed: 000413740002, 000413740003"
verify phones_removed "$@"
verify snapshot "$@"

run "the listed phones again" decommission "${leaving[@]}" -e "decommission_confirm='Decom Test'" "$@"
expect_success 0 "3 listed phone(s) were not registered"
verify unchanged "$@"

run "a MAC of another account" decommission -e "decommission_company='Decom Test'" -e "decommission_confirm='Decom Test'" \
  -e '{"decommission_phones": ["00:04:13:74:00:01", "000413ffff01"]}' --check "$@"
expect_failure "000413ffff01" "another SRAPS account"
verify unchanged "$@"

# ---- Returns (RMA): two phones go back to the reseller's stock company, with no profile and no settings.
sraps_tools api POST companies/ '{"name": "Stock", "country": "DE", "city": "Berlin"}' >"${work}/stock.json"
stock="$(json_get "${work}/stock.json" 'd["uuid"]')"
decom="$(sraps_tools state | "${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}" -c 'import json, sys
print([c["uuid"] for c in json.load(sys.stdin)["companies"].values() if c["name"] == "Decom Test"][0])')"
rma=(-e "decommission_company='Decom Test'" -e "decommission_confirm='Decom Test'" -e decommission_return_to=Stock
     -e '{"decommission_phones": ["00:04:13:74:00:04", "00:04:13:74:00:05", "00:04:13:74:00:98"]}')
check_state 'bool(d["endpoints"]["000413740004"]["settings_manager"] and d["endpoints"]["000413740004"]["provisioning_profile"])' \
  "000413740004 has a profile and settings before its return"
before="$(writes)"
run "an RMA of two phones to Stock, dry run" decommission "${rma[@]}" --check --diff "$@"
expect_success any "2 phone(s) of 'Decom Test' would be returned to 'Stock' (${stock}), with no profile and no settings: 000413740004 -> Stock, 000413740005 -> Stock" \
  "1 listed phone(s) registered nowhere would be registered in 'Stock', with no profile and no settings: 000413740098"
[ "$(writes)" = "${before}" ] || { echo "FAILED: the dry run of the return wrote" >&2; exit 1; }

run "an RMA of two phones to Stock" decommission "${rma[@]}" "$@"
expect_success any "2 phone(s) of 'Decom Test' were returned to 'Stock' (${stock}), with no profile and no settings: 000413740004 -> Stock, 000413740005 -> Stock"
check_state "all(d['endpoints'][m]['company'] == '${stock}' and d['endpoints'][m]['provisioning_profile'] is None
  and not d['endpoints'][m]['settings_manager'] for m in ('000413740004', '000413740005', '000413740098'))" \
  "the returned phones, and the one registered nowhere, are in Stock, cleared"
check_state "sorted(e['mac'] for e in d['endpoints'].values() if e['company'] == '${decom}') == ['000413740001', '000413740006']" \
  "Decom Test keeps exactly its other phones"

before="$(writes)"
run "the same RMA again" decommission "${rma[@]}" "$@"
expect_success 0 "0 phone(s) of 'Decom Test' were returned to 'Stock'" "3 listed phone(s) were in 'Stock' already (0 of them were cleared)"
[ "$(writes)" = "${before}" ] || { echo "FAILED: the re-run of the return wrote" >&2; exit 1; }
verify snapshot "$@"

# The dry run of the whole customer with its phones returned to Stock: the plan of a contract's end.
run "the whole customer, returned to stock, dry run" decommission "${whole[@]}" -e "decommission_confirm='Decom Test'" \
  -e decommission_return_to=Stock --check --diff "$@"
expect_success any "Would remove customer 'Decom Test':" "2 phone(s): 000413740001, 000413740006" \
  "they return to 'Stock' with no profile and no settings, the rest of the customer goes" \
  "2 phone(s) of 'Decom Test' would be returned to 'Stock' (${stock}), with no profile and no settings: 000413740001 -> Stock, 000413740006 -> Stock" \
  "1 profile(s): Decom Desk" "2 user(s): one@decom.example, two@decom.example" "1 product default(s): D735" \
  "the company itself: yes"
verify unchanged "$@"

run "the whole customer" decommission "${whole[@]}" -e "decommission_confirm='Decom Test'" "$@"
expect_success any "Removing customer 'Decom Test':"
verify customer_removed "$@"
verify snapshot "$@"

run "the whole customer again" decommission "${whole[@]}" -e "decommission_confirm='Decom Test'" "$@"
expect_success 0 "Company 'Decom Test' does not exist (any more): nothing to decommission."
verify unchanged "$@"

run "phones of a company that does not exist" decommission -e "decommission_company='Decom Test'" \
  -e "decommission_confirm='Decom Test'" -e "decommission_csv=${PWD}/files/leaving.csv" "$@"
expect_failure "Nothing was deleted. This access key sees no company called 'Decom Test'" \
  "the companies it sees: Demo Reseller, Existing Customer, Stock."
verify unchanged "$@"

# An end-user key may empty its own company, never remove it: the dry run's plan says so.
run "an end-user key, its own company, dry run" decommission -e "decommission_company='Existing Customer'" \
  -e "decommission_confirm='Existing Customer'" -e decommission_whole_customer=true \
  -e decommission_access_key_id=ck_8a4b2c6d0e1f3a5b7c9d1e2f4a6b8c0d -e decommission_access_key_secret=6e8a0c2f4b6d8e1a3c5f7b9d2e4a6c8f \
  --check "$@"
expect_success any "3 phone(s): 000413100001, 000413100002, 000413100003" "the company itself: no - it is the access key's own company"
verify unchanged "$@"

# The same key through the connection variables all roles share (role sraps) ...
end_user=(-e "decommission_company='Existing Customer'" -e "decommission_confirm='Existing Customer'" -e decommission_whole_customer=true)
run "an end-user key from sraps_access_key_id, dry run" decommission "${end_user[@]}" \
  -e sraps_access_key_id=ck_8a4b2c6d0e1f3a5b7c9d1e2f4a6b8c0d -e sraps_access_key_secret=6e8a0c2f4b6d8e1a3c5f7b9d2e4a6c8f --check "$@"
expect_success any "the company itself: no - it is the access key's own company"
# ... and a role's own name wins over the shared one: the shared key here is unknown to SRAPS.
run "decommission_access_key_id wins over sraps_access_key_id, dry run" decommission "${end_user[@]}" \
  -e sraps_access_key_id=ck_00000000000000000000000000000000 -e sraps_access_key_secret=00000000000000000000000000000000 \
  -e decommission_access_key_id=ck_8a4b2c6d0e1f3a5b7c9d1e2f4a6b8c0d -e decommission_access_key_secret=6e8a0c2f4b6d8e1a3c5f7b9d2e4a6c8f \
  --check "$@"
expect_success any "the company itself: no - it is the access key's own company"
run "an unknown key in sraps_access_key_id is used" decommission "${end_user[@]}" \
  -e sraps_access_key_id=ck_00000000000000000000000000000000 -e sraps_access_key_secret=00000000000000000000000000000000 --check "$@"
expect_failure "401"
verify unchanged "$@"

# ---- A name with a space, not quoted as a whole: Ansible cuts it at the space. The role must not report
# success for the cut name, nor act on it.
run "onboard a customer of the docs' name" onboard_customer -e @vars/northwind.yml "$@"
expect_success any
verify snapshot "$@"

# shellcheck disable=SC2191  # the = and the quotes are the point: this is the quoting mistake, as typed
cut=(-e decommission_company='Northwind Dental' -e decommission_confirm='Northwind Dental')
run "a name cut at its space, whole customer" decommission "${cut[@]}" -e decommission_whole_customer=true "$@"
expect_failure "This access key sees no company called 'Northwind'; did you mean 'Northwind Dental'?" \
  "A value with spaces needs quotes around the whole key=value, or JSON" "decommission_confirm='Northwind Dental'"
verify unchanged "$@"
run "a name cut at its space, phones" decommission "${cut[@]}" -e "decommission_csv=${PWD}/files/leaving.csv" "$@"
expect_failure "did you mean 'Northwind Dental'?"
verify unchanged "$@"
run "a name that a company's is the start of" decommission \
  -e '{"decommission_company": "Northwind Dental GmbH", "decommission_confirm": "Northwind Dental GmbH"}' \
  -e decommission_whole_customer=true --check "$@"
expect_failure "did you mean 'Northwind Dental'?"
verify unchanged "$@"

verify snapshot "$@"
run "a relative CSV path that does not exist" decommission -e "decommission_company='Northwind Dental'" \
  -e "decommission_confirm='Northwind Dental'" -e decommission_csv=munich.csv "$@"
expect_failure "decommission_csv: no file ${PWD}/munich.csv (a relative path is read from the current directory, ${PWD})."
verify untouched "$@"

# ---- The decommission commands of the docs, exactly as printed (only /path/to/munich.csv becomes the demo's
# CSV, and /path/to/rma.csv this target's), from the collection's root, with the connection of the environment, as a user runs them.
root="${ANSIBLE_COLLECTIONS_PATH%%:*}/ansible_collections/sraps/provisioning"
[ -f "${root}/roles/decommission/README.md" ] || { echo "FAILED: no collection at ${root}" >&2; exit 1; }
# The docs' text does not depend on ansible-core: it is checked on the newest release (the integration
# step), not again on the oldest one meta/runtime.yml declares (the compat step, which checks the role).
oldest="$(sed -n -E 's/^requires_ansible:[[:space:]]*["'"'"']?>=[[:space:]]*([0-9]+\.[0-9]+).*/\1/p' "${root}/meta/runtime.yml")"
if ansible --version | head -n 1 | grep -qF "[core ${oldest}."; then
  echo "role_decommission: the documented commands are checked on the newest ansible-core, not on ${oldest}"
  exit 0
fi
docs=("${root}/playbooks/examples/README.md" "${root}/docs/day-two.md" "${root}/roles/decommission/README.md")
mapfile -t commands < <(./documented_commands.sh "${docs[@]}")
printf 'documented: %s\n' "${commands[@]}"
# What each command, in this order, must do: the examples' dry run of the Munich CSV; the day-two page's
# dry run and real run of the same CSV, its whole-customer dry run in JSON and its dry run of a return to
# Stock (an RMA list of the customer's third phone); the role README's dry run of the CSV (nothing left to
# remove) and its whole-customer run.
expected=(
  "2 phone(s) of 'Northwind Dental' would be removed: 000413600001, 000413600002"
  "2 phone(s) of 'Northwind Dental' would be removed: 000413600001, 000413600002"
  "2 phone(s) of 'Northwind Dental' were removed: 000413600001, 000413600002"
  "Would remove customer 'Northwind Dental':"
  "1 phone(s) of 'Northwind Dental' would be returned to 'Stock' (${stock}), with no profile and no settings: 000413750001 -> Stock"
  "0 phone(s) of 'Northwind Dental' would be removed: none"
  "Removing customer 'Northwind Dental':"
)
[ "${#commands[@]}" -eq "${#expected[@]}" ] \
  || { echo "FAILED: ${#commands[@]} documented decommission commands, expected ${#expected[@]}" >&2; exit 1; }
for i in "${!commands[@]}"; do
  command="${commands[$i]//\/path\/to\/munich.csv/${root}/playbooks/examples/site_munich.csv}"
  command="${command//\/path\/to\/rma.csv/${PWD}/files/rma.csv}"
  echo "=== as documented: ${command}"
  rc=0
  (cd "${root}" && bash -c "${command}") >"${log}" 2>&1 || rc=$?
  cat "${log}"
  expect_success '[0-9]+' "${expected[$i]}"
  case "${command}" in *--check*) verify unchanged "$@" ;; *) verify snapshot "$@" ;; esac
done
verify northwind_removed "$@"
