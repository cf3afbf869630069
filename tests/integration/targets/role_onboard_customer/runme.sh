#!/usr/bin/env bash
# The onboard_customer role against the simulator: a typo in a profile name stops the dry run and the
# real run before any write, and so do wrong settings; a dry run of a new customer writes nothing and fails nowhere; the real
# run creates everything; re-runs and a second dry run change nothing; an end-user key cannot
# onboard another company, only its own. State is checked out of band (verify.yml).
set -eu
# shellcheck source=../setup_simulator/simulator.sh
source ../setup_simulator/simulator.sh

export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0
work="$(mktemp -d)"
trap 'rm -rf "${work}"; sim_stop' EXIT
snapshot="${work}/snapshot.json"
log="${work}/run.log"

verify() { ansible-playbook -i ../../inventory verify.yml -e "snapshot=${snapshot}" -e "step=$1" "${@:2}"; }

# run LABEL ARGS...: the role's playbook (the one the collection ships), output kept in $log
run() {
  local label="$1"; shift
  echo "=== ${label}"
  rc=0
  ansible-playbook -i ../../inventory sraps.provisioning.onboard_customer -e @vars/customer.yml "$@" >"${log}" 2>&1 || rc=$?
  cat "${log}"
}

expect_recap() {  # expect_recap CHANGED: changed=CHANGED (or any when "any") and failed=0
  local changed="$1"
  [ "${changed}" = any ] && changed='[0-9]+'
  grep -Eq "localhost +: ok=[0-9]+ +changed=${changed} +unreachable=0 +failed=0" "${log}" \
    || { echo "FAILED: expected changed=${changed} failed=0 in the PLAY RECAP" >&2; exit 1; }
}

expect_failure() {  # expect_failure TEXT...: the run failed and its output has every TEXT
  [ "${rc}" -ne 0 ] || { echo "FAILED: the run should have failed" >&2; exit 1; }
  for text in "$@"; do
    grep -qF -- "${text}" "${log}" || { echo "FAILED: no '${text}' in the output" >&2; exit 1; }
  done
}

no_secrets() {  # neither the profile's password nor the key's secret is shown, even with -v
  if grep -qE "pw-7c41-never-shown|${SRAPS_ACCESS_KEY_SECRET}" "${log}"; then
    echo "FAILED: a secret is in the output" >&2; exit 1
  fi
}

verify snapshot "$@"

run "typo in a profile name, dry run" -e @vars/typo.yml --check --diff "$@"
expect_failure "00:04:13:71:00:02 (Desk 02) has profile 'Test Deks'" "Nothing was written"
verify unchanged "$@"

run "typo in a profile name, real run" -e @vars/typo.yml "$@"
expect_failure "00:04:13:71:00:02 (Desk 02) has profile 'Test Deks'" "Nothing was written"
verify unchanged "$@"

run "wrong settings, real run" -e @vars/bad_settings.yml -v "$@"
expect_failure "Nothing was written" "profile Test Desk: invalid settings: unknown setting 'languag'" \
  "Did you mean: language" "product default D785: invalid settings: backlight: " \
  "phone 00:04:13:71:00:02: setting 'dkey_directory' on product group M-Series: written as the entry"
# The D-Series setting on the M-Series phone is a note of the pre-flight (SRAPS accepts it), not a reason to stop.
if grep -qF "phone 00:04:13:71:00:02: invalid settings" "${log}"; then
  echo "FAILED: a setting of another product group stopped the run" >&2; exit 1
fi
no_secrets
verify unchanged "$@"

run "dry run of the new customer" --check --diff -v "$@"
[ "${rc}" -eq 0 ] || { echo "FAILED: the dry run failed" >&2; exit 1; }
expect_recap any
grep -qF "Dry run for 'Role Test Dental' (nothing was written)" "${log}"
grep -qF "phones: 30 created, 0 updated, 0 deleted, 1 unchanged" "${log}"
grep -qF '"name": "Test Desk"' "${log}"          # the diff shows the profile it would create
grep -qF '"email": "viewer@role-test.example"' "${log}"
no_secrets
verify unchanged "$@"

run "real run" --diff -v "$@"
[ "${rc}" -eq 0 ] || { echo "FAILED: the real run failed" >&2; exit 1; }
expect_recap '[1-9][0-9]*'
no_secrets
verify applied "$@"
verify snapshot "$@"

run "second run: nothing changes" "$@"
expect_recap 0
verify unchanged "$@"

run "dry run again: nothing would change" --check --diff "$@"
expect_recap 0
grep -qF "phones: 0 created, 0 updated, 0 deleted, 31 unchanged" "${log}"
verify unchanged "$@"

run "typo against the existing customer" -e @vars/typo.yml "$@"
expect_failure "has profile 'Test Deks'" "Known profiles: Test DECT, Test Desk."
verify unchanged "$@"

# The Existing Customer's own key may not create or change another company.
run "end-user key and another company" -e onboard_customer_access_key_id=ck_8a4b2c6d0e1f3a5b7c9d1e2f4a6b8c0d \
  -e onboard_customer_access_key_secret=6e8a0c2f4b6d8e1a3c5f7b9d2e4a6c8f "$@"
expect_failure "belongs to the end-user company 'Existing Customer'"
verify unchanged "$@"

run "end-user key, its own company, dry run" -e @vars/own_company.yml --check --diff "$@"
expect_recap '[1-9][0-9]*'
grep -qF "company: the access key's own, not changed" "${log}"
verify unchanged "$@"

run "end-user key, its own company" -e @vars/own_company.yml "$@"
expect_recap '[1-9][0-9]*'
verify own_company "$@"

run "end-user key, its own company, again" -e @vars/own_company.yml "$@"
expect_recap 0
