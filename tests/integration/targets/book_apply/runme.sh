#!/usr/bin/env bash
# A book of five customers (exported from a seeded account, its secrets filled in) applied with the
# playbook sraps.provisioning.apply to another account that has none of them: the dry run writes nothing,
# the apply creates them, a re-apply and a drift check change nothing. Then changes made beside the book
# in two customers come back in the drift report as exactly those fields, and apply_fail_on_drift fails;
# a purge removes only what the book does not list and stops at purge_max_fraction until confirmed; a
# customer with bad data fails alone, named in the report; a book with two hosts for one company is
# refused before anything is written. Server state is read out of band (sraps_tools).
set -eu
work="$(mktemp -d)"
py="${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}"
seed_files=../export_round_trip/files
"${py}" "${seed_files}/rich_seed.py" --phones 30 >"${work}/seed.json"
# The simulator with ${work}/seed.json, the tools, and the clean-up on exit.
# shellcheck source=../setup_sraps_tools/seeded.sh
source ../setup_sraps_tools/seeded.sh

export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0
book="${work}/book"
log="${work}/run.log"
hosts='acme_dental bistro_nord clinic_sud delta_logistics echo_hotel_spa'
fail() { echo "FAILED: $*" >&2; exit 1; }

run() {  # run LABEL ARGS...: ansible-playbook ARGS, output in $log, exit status in $rc
  echo "=== $1"; shift
  rc=0
  ansible-playbook "$@" >"${log}" 2>&1 || rc=$?
  tail -n 25 "${log}"
}

apply() {  # apply NAME ARGS...: the playbook over the book, its report in ${work}/NAME; $report is its JSON
  local name="$1"; shift
  run "apply ${name}" -i "${book}/hosts.yml" sraps.provisioning.apply -e "apply_report_dir=${work}/${name}" "$@"
  report="$(find "${work}/${name}" -name 'book-*.json' 2>/dev/null | sort | tail -n 1)"
  [ -n "${report}" ] || fail "${name}: no report was written"
}

report_get() { json_get "${report}" "$1"; }
writes() { sraps_tools stats >"${work}/stats.json"; json_get "${work}/stats.json" 'd["writes"] + d["writes_accepted"]'; }
recap_ok() {  # every customer of the book: failed=0, and changed=$1 (a number or a pattern)
  local n
  n="$(grep -Ec "^(${hosts// /|}) +: ok=[0-9]+ +changed=$1 +unreachable=0 +failed=0" "${log}" || true)"
  [ "${n}" -eq 5 ] || fail "expected the 5 customers with changed=$1 failed=0, got ${n}"
}
# What the report says changes, one line per field: host kind object action field before -> after.
drift_lines() {
  report_get '"\n".join("%s %s %s %s %s %s -> %s" % (c["host"], x["kind"], x["object"], x["action"], f["field"], f["before"], f["after"]) for c in d["customers"] for x in c["changes"] for f in x["fields"])'
}

# ---------------------------------------------------------------- the book, from the seeded account
run "export" -i ../../inventory sraps.provisioning.export -e "export_dest=${book}"
[ "${rc}" -eq 0 ] || fail "the export failed"
"${py}" "${seed_files}/fill_secrets.py" "${book}"

# ---------------------------------------------------------------- another account, without these customers
sim_stop
# The default seed: its reseller, none of the book's customers.
# shellcheck disable=SC2034
SIM_ARGS=()
# shellcheck source=../setup_simulator/simulator.sh
source ../setup_simulator/simulator.sh
trap 'rm -rf "${work}"; sim_stop' EXIT
customers() { sraps_tools state >"${work}/state.json"; json_get "${work}/state.json" "$1"; }
phones_of() { customers "sum(1 for e in d['endpoints'].values() if d['companies'][e['company']]['name'] == '$1')"; }
[ "$(phones_of 'Acme Dental')" -eq 0 ] || fail "the new account should not hold Acme Dental's phones"

sraps_tools reset-stats >/dev/null
apply dry --check --diff
[ "${rc}" -eq 0 ] || fail "the dry run failed"
recap_ok 1
[ "$(writes)" -eq 0 ] || fail "the dry run wrote"
[ "$(report_get 'd["mode"]')" = check ] || fail "the dry run's report should say check"
[ "$(report_get 'd["totals"]["company"]["created"]')" -eq 5 ] || fail "the dry run should plan 5 new companies"
phones="$("${py}" "${seed_files}/count_phones.py" "${book}")"
[ "$(report_get 'd["totals"]["phones"]["created"]')" -eq "${phones}" ] || fail "the dry run should plan the book's ${phones} phones"

apply first --forks 5
[ "${rc}" -eq 0 ] || fail "the apply failed"
recap_ok 1
acme="$(($(wc -l <"${book}/host_vars/acme_dental/phones.csv") - 1))"
[ "$(phones_of 'Acme Dental')" -eq "${acme}" ] || fail "Acme Dental should hold its ${acme} phones"
[ "$(phones_of 'Echo Hotel & Spa')" -eq 1 ] || fail "Echo Hotel & Spa should hold its phone"
[ "$(customers "sum(1 for p in d['profiles'].values() if d['companies'][p['company']]['name'] == 'Acme Dental')")" -eq 2 ] \
  || fail "Acme Dental should hold its 2 profiles"
[ "$(report_get 'd["totals"]')" = "$(json_get "$(find "${work}/dry" -name 'book-*.json')" 'd["totals"]')" ] \
  || fail "the apply should do exactly what the dry run said"

sraps_tools reset-stats >/dev/null
apply again -e apply_serial=2
recap_ok 0
[ "$(writes)" -eq 0 ] || fail "re-applying the book wrote"
[ "$(report_get 'd["customers_total"]')" -eq 5 ] || fail "the report of the last batch should cover all 5 customers"
apply nodrift --check -e apply_fail_on_drift=true
[ "${rc}" -eq 0 ] || fail "an unchanged book must not fail with apply_fail_on_drift"
[ "$(report_get 'd["drift"]')" = False ] || fail "an unchanged book should report no drift"
grep -q 'No drift' "${report%.json}.md" || fail "the Markdown report should say No drift"

# ---------------------------------------------------------------- drift made beside the book
sraps_tools modes '{"mask_sent_back": "keep"}' >/dev/null
"${py}" "${seed_files}/out_of_band.py"
apply drift --check -e apply_fail_on_drift=true
[ "${rc}" -ne 0 ] || fail "drift with apply_fail_on_drift=true must fail the run"
grep -q 'has drifted from the book' "${log}" || fail "the failure should say SRAPS drifted"
drift_lines | tee "${work}/drift.txt"
expected="acme_dental phone 000413010001 update profile Handsets -> Office
bistro_nord profile Bar update settings.timezone FIN+2 -> GER+1"
[ "$(cat "${work}/drift.txt")" = "${expected}" ] || fail "the drift report should name exactly the two changed fields"
grep -q '^bistro_nord,.*settings.timezone,FIN+2,GER+1' "${report%.json}.csv" || fail "the CSV report misses the setting"

# ---------------------------------------------------------------- purge
# Echo Hotel & Spa now holds a phone the book does not list, 1 of its 2 phones: over the 10 % a purge takes
# unconfirmed. The dry run names it; the apply refuses that customer and puts the others back.
apply purge-dry --check -e '{"apply_purge": ["phones"]}'
[ "$(report_get '[c["status"] for c in d["customers"] if c["host"] == "echo_hotel_spa"][0]')" = failed ] \
  || fail "a purge over the fraction should fail the customer"
grep -q "purge would delete 1 of the 2 phones of 'Echo Hotel & Spa'.*000413050002" "${log}" \
  || fail "the refusal should name the phone and the fraction"
apply purge-refused -e '{"apply_purge": ["phones"]}'
[ "${rc}" -ne 0 ] || fail "a refused purge should fail the run"
[ "$(phones_of 'Echo Hotel & Spa')" -eq 2 ] || fail "the refused purge deleted a phone"
[ "$(customers "[d['profiles'][e['provisioning_profile']]['name'] for e in d['endpoints'].values() if e['mac'] == '000413010001'][0]")" = Office ] \
  || fail "the other customers should have been put back"
apply purge --limit echo_hotel_spa -e '{"apply_purge": ["phones"], "apply_purge_confirm": "Echo Hotel & Spa"}'
[ "${rc}" -eq 0 ] || fail "the confirmed purge failed"
[ "$(phones_of 'Echo Hotel & Spa')" -eq 1 ] || fail "the purge should leave Echo Hotel & Spa its one listed phone"
[ "$(customers "sum(1 for e in d['endpoints'].values() if e['mac'] == '000413050002')")" -eq 0 ] \
  || fail "the purge should delete the phone the book does not list"
[ "$(report_get '[c for c in d["customers"] if c["host"] == "echo_hotel_spa"][0]["changes"][0]["purged"]')" = True ] \
  || fail "the report should mark the delete as the purge's"

# ---------------------------------------------------------------- bad input
cp -r "${book}" "${work}/bad"
book="${work}/bad"
printf '00:04:13:zz:00:01,Broken,Office,true,3,,\n' >>"${book}/host_vars/acme_dental/phones.csv"
"${py}" -c 'import sys; p = sys.argv[1]; t = open(p).read(); open(p, "w").write(t.replace("GER+1", "FIN+2"))' \
  "${book}/host_vars/bistro_nord/customer.yml"
sraps_tools reset-stats >/dev/null
apply bad
[ "${rc}" -ne 0 ] || fail "a customer with bad data should fail the run"
grep -Eq '^acme_dental +: .*failed=1' "${log}" || fail "acme_dental should fail"
grep -Eq '^bistro_nord +: ok=[0-9]+ +changed=1 .*failed=0' "${log}" || fail "the other customers should go on"
[ "$(report_get '[c["status"] for c in d["customers"] if c["host"] == "acme_dental"][0]')" = failed ] \
  || fail "the report should name the failed customer"
report_get '[c["msg"] for c in d["customers"] if c["host"] == "acme_dental"][0]' | grep -q 'zz' \
  || fail "the report should say what is wrong"
[ "$(writes)" -eq 1 ] || fail "only bistro_nord's profile should have been written"

printf 'sraps_customers:\n  hosts:\n    acme_again:\n      sraps_customer_name: ACME DENTAL\n' >"${work}/extra.yml"
sraps_tools reset-stats >/dev/null
run "two hosts for one company" -i "${book}/hosts.yml" -i "${work}/extra.yml" sraps.provisioning.apply
[ "${rc}" -ne 0 ] || fail "a book with two hosts for one company should be refused"
grep -q "'acme dental' by acme_again, acme_dental" "${log}" || fail "the refusal should name both hosts"
[ "$(writes)" -eq 0 ] || fail "the refused book wrote"
echo "book_apply: a book of 5 customers applied from empty, re-applied unchanged, drift, purge and bad input"
