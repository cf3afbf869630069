#!/usr/bin/env bash
# The site_rollout role against the simulator, with Existing Customer and its Existing Profile: a CSV
# of 45 phones in five batches (one foreign MAC in the second): dry run (nothing written, the dry-run
# report is the plan and predicts the same failure), real run (every batch runs although the second
# fails for the foreign MAC; the report names each MAC with its outcome and reason; the play fails naming
# it), the same CSV again (unchanged, and a report of its own beside the first run's), a site from a YAML
# list, and input errors that stop the run before any write, each with a message that names the cause:
# an invalid setting in one row, a typo in site_rollout_profile, no company, both sources of phones, a
# batch size of 0, a relative CSV path that does not exist (and one that does), several bad CSV lines, a MAC
# on two lines (refused, naming both) and a MAC outside Snom's prefix (a warning naming its line, once).
# A CSV with a company column moves three phones to another customer (a company the key cannot see fails
# first, naming its rows); a re-run changes nothing.
set -eu
# shellcheck source=../setup_simulator/simulator.sh
source ../setup_simulator/simulator.sh
# shellcheck source=../setup_sraps_tools/tools.sh
source ../setup_sraps_tools/tools.sh

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

state="${work}/state.json"
check_state() {  # check_state PYTHON-EXPR WHAT: the simulator's state (d), read out of band, has WHAT
  sraps_tools state >"${state}"
  [ "$(json_get "${state}" "$1")" = True ] || { echo "FAILED: ${2}" >&2; exit 1; }
}
writes() { sraps_tools stats >"${work}/stats.json"; json_get "${work}/stats.json" 'd["writes"]'; }

no_secrets() {  # the user_pass cells of the CSV are never shown, even with -v
  if grep -q "never-shown" "${log}"; then echo "FAILED: a password is in the output" >&2; exit 1; fi
}

verify snapshot "$@"

# One invalid value in the last batch stops the whole site before the first write, in check mode too.
sed 's/,English,/,Klingon,/' files/site.csv >"${work}/klingon.csv"
run "an invalid setting in one row" -e @vars/site.yml -e "site_rollout_csv=${work}/klingon.csv" "$@"
expect_failure "Nothing was written. phone 000413720021" "language: 'Klingon' is not one of its choices"
verify unchanged "$@"

run "a typo in site_rollout_profile" -e @vars/site.yml -e '{"site_rollout_profile": "Existing Profil"}' "$@"
expect_failure "Nothing was written. Company 'Existing Customer' has no such profile" \
  "profile 'Existing Profil' does not exist (did you mean 'Existing Profile'?): 33 phone(s) take it from site_rollout_profile" \
  "and 28 more" "Correct site_rollout_profile."
# grouped: one line of a few hundred characters, not one entry per phone
if awk 'length > 1500 { found = 1 } END { exit !found }' "${log}"; then echo "FAILED: an overlong line" >&2; exit 1; fi
verify unchanged "$@"

run "no company: the access key's own" -e @vars/site.yml -e "site_rollout_company=" "$@"
expect_failure "for company 'Demo Reseller' (the access key's own company: site_rollout_company and SRAPS_COMPANY are not set)" \
  "Is this the right company? Set site_rollout_company (or SRAPS_COMPANY)."
verify unchanged "$@"

run "a CSV and a list" -e @vars/site.yml -e @vars/yaml_site.yml -e "site_rollout_csv=${PWD}/files/site.csv" "$@"
expect_failure "Nothing was written. Both site_rollout_csv (${PWD}/files/site.csv) and site_rollout_phones (2 phones) are set" \
  "keep one of them and leave the other out"
verify unchanged "$@"

run "a batch size of 0" -e @vars/site.yml -e site_rollout_batch_size=0 "$@"
expect_failure "Nothing was written. site_rollout_batch_size is 0: set it to 1 or more"
verify unchanged "$@"

run "a relative CSV path that does not exist" -e @vars/site.yml -e site_rollout_csv=phones.csv "$@"
expect_failure "Nothing was written. site_rollout_csv: no file ${PWD}/phones.csv (a relative path is read from the current directory, ${PWD})."
verify unchanged "$@"

printf 'mac,name,autoprovisioning
00:04:13:73:00:04,Fine,
,No MAC here,
00:04:13:73:00:05,Bad flag,maybe
' >"${work}/bad-lines.csv"
run "several bad CSV lines" -e @vars/site.yml -e "site_rollout_csv=${work}/bad-lines.csv" "$@"
expect_failure "phones_from_csv: 2 bad lines - line 3: no mac" "line 4: column autoprovisioning: 'maybe' is not a boolean"
verify unchanged "$@"

# The same phone on two lines, in two forms: refused before any write, naming both lines (header counted).
printf 'mac,name
00:04:13:73:00:04,One
# a comment line counts
00:04:13:73:00:05,Two
0004.1373.0004,One again
' >"${work}/twice.csv"
run "a MAC on two lines of the CSV" -e @vars/site.yml -e "site_rollout_csv=${work}/twice.csv" "$@"
expect_failure "phones_from_csv: line 5: MAC 0004.1373.0004 is the same phone as on line 2"
verify unchanged "$@"

# A MAC outside Snom's prefix 00:04:13: one warning naming its line and the MAC, and the dry run goes on.
printf 'mac,name
# a comment line counts
00:04:13:73:00:01,Fine
00:04:14:73:00:09,Typo
' >"${work}/foreign-oui.csv"
echo "=== a MAC outside Snom's prefix, dry run"
rc=0
ansible-playbook -i ../../inventory sraps.provisioning.site_rollout -e "site_rollout_report_dir=${reports}" -e @vars/yaml_site.yml \
  -e '{"site_rollout_phones": []}' -e "site_rollout_csv=${work}/foreign-oui.csv" --check "$@" >"${log}" 2>&1 || rc=$?
cat "${log}"
[ "${rc}" -eq 0 ] || { echo "FAILED: a MAC outside Snom's prefix stopped the dry run" >&2; exit 1; }
expect_output "Warning: 1 MAC(s) of the site do not start with 00:04:13, the prefix of Snom phones - line 4: 000414730009." \
  "created: 2, updated: 0"
[ "$(grep -cF "the prefix of Snom phones - " "${log}")" = 1 ] || { echo "FAILED: the warning is not shown once" >&2; exit 1; }
verify unchanged "$@"

# A relative CSV path is read from the current directory, and the report goes to its reports/ by default.
inventory="$(cd ../.. && pwd)/inventory"
mkdir -p "${work}/cwd"
printf 'mac,name
00:04:13:73:00:01,Small 1
' >"${work}/cwd/small.csv"
echo "=== a relative CSV path, from another directory, dry run"
rc=0
(cd "${work}/cwd" && ansible-playbook -i "${inventory}" sraps.provisioning.site_rollout -e @"${OLDPWD}/vars/yaml_site.yml" \
  -e '{"site_rollout_phones": []}' -e site_rollout_csv=small.csv --check "$@") >"${log}" 2>&1 || rc=$?
cat "${log}"
[ "${rc}" -eq 0 ] || { echo "FAILED: the relative CSV path was not read" >&2; exit 1; }
expect_output "created: 1, updated: 0, unchanged: 0, deleted: 0, failed: 0" "report: ${work}/cwd/reports/rollout-small-office-"
compgen -G "${work}/cwd/reports/rollout-small-office-2*Z-dry-run.md" >/dev/null || { echo "FAILED: no report in ./reports" >&2; exit 1; }
verify unchanged "$@"

run "dry run" -e @vars/site.yml --check --diff -v "$@"
# The foreign MAC fails in check mode too: the dry run predicts the real run.
expect_failure "batch 1/5 (10 phones)" "batch 5/5 (5 phones)" "Dry run of site Test Site: 45 phones in 5 batch(es)" \
  "Site Test Site: 45 phone(s) for company 'Existing Customer'" "1 phone(s) of site Test Site failed" "000413ffff01"
no_secrets
verify unchanged "$@"
verify dry_run "$@"
! compgen -G "${reports}/rollout-test-site-*Z.csv" >/dev/null || { echo "FAILED: the dry run wrote a real run's report" >&2; exit 1; }

run "real run" -e @vars/site.yml --diff -v "$@"
expect_failure "batch 5/5 (5 phones)" "created: 42, updated: 1, unchanged: 0, deleted: 1, failed: 1" \
  "1 phone(s) of site Test Site failed" "000413ffff01" "report: ${reports}/rollout-test-site-2"
no_secrets
verify applied "$@"

sleep 1  # the report's file name has the run's time to the second
run "the same CSV again" -e @vars/site.yml "$@"
expect_failure "created: 0, updated: 0, unchanged: 44, deleted: 0, failed: 1"
verify again "$@"
# both real runs' reports are kept: the first one's still says what the first run did
reports_of_runs=("${reports}"/rollout-test-site-2*Z.md)
[ "${#reports_of_runs[@]}" -eq 2 ] || { echo "FAILED: expected the reports of two runs: ${reports_of_runs[*]}" >&2; exit 1; }
grep -qF "| created | 42 |" "${reports_of_runs[0]}" || { echo "FAILED: the first run's report was overwritten" >&2; exit 1; }
grep -qF "| unchanged | 44 |" "${reports_of_runs[1]}" || { echo "FAILED: no report of the second run" >&2; exit 1; }

# ---- A company column: three phones of Existing Customer are declared in Move Target and moved there.
sraps_tools api POST companies/ '{"name": "Move Target", "country": "DE", "city": "Bonn"}' >"${work}/target.json"
target="$(json_get "${work}/target.json" 'd["uuid"]')"
before="$(writes)"
sed 's/,move target$/,Nowhere Ltd/' files/moves.csv >"${work}/nowhere.csv"
run "a company the access key does not see" -e @vars/moves.yml -e "site_rollout_csv=${work}/nowhere.csv" "$@"
expect_failure "Nothing was written. company 'Nowhere Ltd' is not one the access key sees: 1 phone(s) name it - 000413720002." \
  "The companies this access key sees: Demo Reseller, Existing Customer, Move Target."
[ "$(writes)" = "${before}" ] || { echo "FAILED: the refused rollout wrote" >&2; exit 1; }

run "a company column moves three phones" -e @vars/moves.yml "$@"
[ "${rc}" -eq 0 ] || { echo "FAILED: the rollout with a company column failed" >&2; exit 1; }
expect_output "created: 0, updated: 0, unchanged: 1, deleted: 0, failed: 0, moved: 3" \
  "batch 1/2 (3 phones) - company 'Move Target', moved from any company the key sees" \
  "3 phone(s) were moved: 000413720001 from 'Existing Customer' to 'Move Target', 000413720002 from"
check_state "([(d['endpoints'][m]['company'], d['endpoints'][m]['name']) for m in ('000413720001', '000413720002', '000413720003')]
  == [('${target}', 'Moved 1'), ('${target}', 'Moved 2'), ('${target}', 'Moved 3')]
  and d['endpoints']['000413720004']['company'] == '6c62282a00435b43bcee46a8551ea136')" "the three phones are Move Target's, the fourth stays"
moves_report=("${reports}"/rollout-moves-2*Z.csv)
grep -qxF '"000413720001","Moved 1","","moved","","Move Target","Existing Customer","",""' "${moves_report[0]}" \
  || { echo "FAILED: the report does not say that 000413720001 moved to Move Target" >&2; exit 1; }
grep -qxF '"000413720004","Site Desk 04","","unchanged","","Existing Customer","","",""' "${moves_report[0]}" \
  || { echo "FAILED: the report's row of the phone that stays" >&2; exit 1; }

before="$(writes)"
sleep 1  # the report's file name has the run's time to the second
run "the company column again" -e @vars/moves.yml "$@"
expect_output "created: 0, updated: 0, unchanged: 4, deleted: 0, failed: 0, moved: 0"
grep -Eq "localhost +: ok=[0-9]+ +changed=0 +unreachable=0 +failed=0" "${log}" || { echo "FAILED: the re-run changed something" >&2; exit 1; }
[ "$(writes)" = "${before}" ] || { echo "FAILED: the re-run wrote" >&2; exit 1; }

run "a site from a YAML list" -e @vars/yaml_site.yml "$@"
[ "${rc}" -eq 0 ] || { echo "FAILED: the YAML site failed" >&2; exit 1; }
expect_output "created: 2, updated: 0, unchanged: 0, deleted: 0, failed: 0"
verify yaml_site "$@"
verify snapshot "$@"

run "a profile the company does not have" -e @vars/yaml_site.yml \
  -e '{"site_rollout_phones": [{"mac": "00:04:13:73:00:01"}, {"mac": "00:04:13:73:00:03", "name": "Typo", "profile": "Existing Profil"}]}' "$@"
expect_failure "Nothing was written. Company 'Existing Customer' has no such profile" \
  "profile 'Existing Profil' does not exist (did you mean 'Existing Profile'?): 1 phone(s) name it - 00:04:13:73:00:03 (Typo)."
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
