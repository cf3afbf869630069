#!/usr/bin/env bash
# The site_rollout role against the simulator, with Existing Customer and its Existing Profile: a CSV
# of 45 phones in five batches (one foreign MAC in the second, one invalid language in the fourth): dry
# run (nothing written, the dry-run report is the plan and predicts the same failures), real run (every
# batch runs although two fail: the foreign MAC alone, and the whole fourth batch, which the invalid value
# stops before it writes anything; the report names each MAC with its outcome and reason; the play fails
# naming them), the same CSV again (unchanged), a site from a YAML list, and input errors that stop the
# run before any write.
set -eu
# shellcheck source=../setup_simulator/simulator.sh
source ../setup_simulator/simulator.sh

export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0
work="$(mktemp -d)"
trap 'rm -rf "${work}"; sim_stop' EXIT
snapshot="${work}/snapshot.json"
reports="${work}/reports"
log="${work}/run.log"

verify() { ansible-playbook -i ../../inventory verify.yml -e "snapshot=${snapshot}" -e "report_dir=${reports}" -e "step=$1" "${@:2}"; }

run() {  # run LABEL ARGS...: the playbook the collection ships, output kept in $log
  local label="$1"; shift
  echo "=== ${label}"
  rc=0
  ansible-playbook -i ../../inventory sraps.provisioning.site_rollout -e "site_rollout_report_dir=${reports}" "$@" \
    >"${log}" 2>&1 || rc=$?
  cat "${log}"
}

expect_output() {  # expect_output TEXT...: the output has every TEXT
  for text in "$@"; do
    grep -qF -- "${text}" "${log}" || { echo "FAILED: no '${text}' in the output" >&2; exit 1; }
  done
}

expect_failure() {
  [ "${rc}" -ne 0 ] || { echo "FAILED: the run should have failed" >&2; exit 1; }
  expect_output "$@"
}

no_secrets() {  # the user_pass cells of the CSV are never shown, even with -v
  if grep -q "never-shown" "${log}"; then echo "FAILED: a password is in the output" >&2; exit 1; fi
}

verify snapshot "$@"

run "dry run" -e @vars/site.yml --check --diff -v "$@"
# The foreign MAC fails in check mode too: the dry run predicts the real run.
expect_failure "batch 1/5 (10 phones)" "batch 5/5 (5 phones)" "Dry run of site Test Site: 45 phones in 5 batch(es)" \
  "11 phone(s) of site Test Site failed" "000413ffff01, 00041372001f, 000413720020, 000413720021"
no_secrets
verify unchanged "$@"
verify dry_run "$@"
[ ! -e "${reports}/rollout-test-site.csv" ] || { echo "FAILED: the dry run wrote the real run's report" >&2; exit 1; }

run "real run" -e @vars/site.yml --diff -v "$@"
expect_failure "batch 5/5 (5 phones)" "created: 32, updated: 1, unchanged: 0, deleted: 1, failed: 11" \
  "11 phone(s) of site Test Site failed" "000413ffff01, 00041372001f, 000413720020, 000413720021" "report: ${reports}/rollout-test-site.csv"
no_secrets
verify applied "$@"

run "the same CSV again" -e @vars/site.yml "$@"
expect_failure "created: 0, updated: 0, unchanged: 34, deleted: 0, failed: 11"
verify again "$@"

run "a site from a YAML list" -e @vars/yaml_site.yml "$@"
[ "${rc}" -eq 0 ] || { echo "FAILED: the YAML site failed" >&2; exit 1; }
expect_output "created: 2, updated: 0, unchanged: 0, deleted: 0, failed: 0"
verify yaml_site "$@"
verify snapshot "$@"

run "a profile the company does not have" -e @vars/yaml_site.yml \
  -e '{"site_rollout_phones": [{"mac": "00:04:13:73:00:01"}, {"mac": "00:04:13:73:00:03", "name": "Typo", "profile": "Existing Profil"}]}' "$@"
expect_failure "Nothing was written. 1 phone(s) of site Small Office name a profile the company does not have" \
  "00:04:13:73:00:03 (Typo) has profile 'Existing Profil'"
verify unchanged "$@"

run "an invalid and a repeated MAC" -e @vars/yaml_site.yml \
  -e '{"site_rollout_phones": [{"mac": "00:04:13:73:00:01"}, {"mac": "00:04:13:73:00:zz"}, {"mac": "0004.1373.0001"}]}' "$@"
expect_failure "Nothing was written. phone 2: '00:04:13:73:00:zz' is not a MAC address (write it as" \
  "phone 3: '0004.1373.0001' is the same phone as phone 1 (000413730001)"
verify unchanged "$@"

printf 'mac,name\n00:04:13:73:00:04,Fine\n,No MAC here\n' >"${work}/no-mac.csv"
run "a CSV line without a MAC" -e @vars/yaml_site.yml -e '{"site_rollout_phones": []}' -e "site_rollout_csv=${work}/no-mac.csv" "$@"
expect_failure "phones_from_csv: line 3: no mac"
verify unchanged "$@"
