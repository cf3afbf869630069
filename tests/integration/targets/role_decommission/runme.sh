#!/usr/bin/env bash
# The decommission role against the simulator. A customer is onboarded first (onboard_customer role).
# Without the confirmation, or with a wrong one, the role refuses before its first request. With it,
# the phones a CSV lists go and nothing else; a re-run changes nothing; a MAC of another account fails
# and stays; the whole customer goes (dry run first), and nothing of any other company.
set -eu
# shellcheck source=../setup_simulator/simulator.sh
source ../setup_simulator/simulator.sh

export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0
work="$(mktemp -d)"
trap 'rm -rf "${work}"; sim_stop' EXIT
snapshot="${work}/snapshot.json"
log="${work}/run.log"

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

run "the whole customer, dry run" decommission "${whole[@]}" -e "decommission_confirm='Decom Test'" --check --diff "$@"
expect_success any "Would remove customer 'Decom Test':" "4 phone(s): 000413740001, 000413740004, 000413740005, 000413740006" \
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
  "the companies it sees: Demo Reseller, Existing Customer."
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
