#!/usr/bin/env bash
# The fleet audit of a book of three customers (files/seed.py: two with a few planted problems of every kind beside
# healthy phones, profiles and product defaults, one healthy) plus a host whose company does not exist, run with the
# playbook sraps.provisioning.fleet_audit and a read-only key: the JSON report holds exactly the planted findings
# per customer and kind, and their counts; the CSV, Markdown and HTML (with its chart) are written, and no password
# is in any of them; the missing company is named in the report and fails alone; SRAPS is not written, and each
# collection is read once per customer. Check mode reports the same, and fleet_audit_fail_on_findings fails the
# customers with findings. The role on one company given by its variables is the target role_fleet_audit.
set -eu
work="$(mktemp -d)"
py="${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}"
"${py}" files/seed.py "${work}/seed.json" "${work}/expected.json"
# The simulator with ${work}/seed.json, the tools, and the clean-up on exit.
# shellcheck source=../setup_sraps_tools/seeded.sh
source ../setup_sraps_tools/seeded.sh
# The audit reads only: the reseller's read-only key (files/seed.py) is enough.
export SRAPS_ACCESS_KEY_ID=ck_2b8e4f6a1c3d5e7f9a0b2c4d6e8f1a3b SRAPS_ACCESS_KEY_SECRET=4d6f8a0c2e4b6d8f1a3c5e7b9d0f2a4c
export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0

book="${work}/book"
log="${work}/run.log"
fail() { echo "FAILED: $*" >&2; exit 1; }
writes() { sraps_tools stats >"${work}/stats.json"; json_get "${work}/stats.json" 'd["writes"] + d["writes_accepted"]'; }

run() {  # run LABEL ARGS...: ansible-playbook ARGS, output in $log, exit status in $rc
  echo "=== $1"; shift
  rc=0
  ansible-playbook "$@" >"${log}" 2>&1 || rc=$?
  tail -n 25 "${log}"
}

audit() {  # audit NAME ARGS...: the playbook over the book, its report in ${work}/NAME; $report is its JSON
  local name="$1"; shift
  run "audit ${name}" -i "${book}/hosts.yml" sraps.provisioning.fleet_audit -e "fleet_audit_report_dir=${work}/${name}" "$@"
  report="$(find "${work}/${name}" -name 'audit-*.json' 2>/dev/null | sort | tail -n 1)"
  [ -n "${report}" ] || fail "${name}: no report was written"
}

recap() {  # recap HOST FAILED: the host's line of the recap shows changed=0 and failed=FAILED
  grep -Eq "^$1 +: ok=[0-9]+ +changed=0 +unreachable=0 +failed=$2" "${log}" || fail "$1 should end with failed=$2"
}

# ---------------------------------------------------------------- the book: a host per customer, one company unknown
mkdir -p "${book}/group_vars/sraps_customers"
cat >"${book}/hosts.yml" <<'YAML'
sraps_customers:
  hosts:
    acme_dental:
      sraps_customer_name: Acme Dental
    bistro_nord:
      sraps_customer_name: Bistro Nord
    clinic_sud:
      onboard_customer_company:
        name: Clinic Süd
    ghost_gmbh:
      sraps_customer_name: Ghost GmbH
YAML
cat >"${book}/group_vars/sraps_customers/connection.yml" <<'YAML'
sraps_api_url: "{{ lookup('ansible.builtin.env', 'SRAPS_API_URL') }}"
sraps_access_key_id: "{{ lookup('ansible.builtin.env', 'SRAPS_ACCESS_KEY_ID') }}"
sraps_access_key_secret: "{{ lookup('ansible.builtin.env', 'SRAPS_ACCESS_KEY_SECRET') }}"
ansible_connection: local
ansible_python_interpreter: "{{ ansible_playbook_python }}"
YAML

# ---------------------------------------------------------------- the audit
sraps_tools reset-stats >/dev/null
audit first
[ "${rc}" -ne 0 ] || fail "a customer whose company does not exist should fail the run"
recap ghost_gmbh 1
for host in acme_dental bistro_nord clinic_sud; do recap "${host}" 0; done
"${py}" files/check_report.py "${report}" "${work}/expected.json" || fail "the report should hold exactly the planted findings"
[ "$(json_get "${report}" '[c["status"] for c in d["customers"] if c["host"] == "ghost_gmbh"][0]')" = failed ] \
  || fail "the report should name the customer that failed"
json_get "${report}" '[c["msg"] for c in d["customers"] if c["host"] == "ghost_gmbh"][0]' | grep -q "Ghost GmbH" \
  || fail "the report should say why the customer failed"
[ "$(json_get "${report}" '(d["customers_total"], d["customers_failed"], d["customers_with_findings"], d["phones"], d["called_in"])')" \
  = "(4, 1, 2, 15, 13)" ] || fail "the report's totals are wrong"
base="${report%.json}"
for ext in md csv html; do [ -s "${base}.${ext}" ] || fail "no ${ext} report"; done
grep -q '<svg' "${base}.html" || fail "the HTML report should hold the chart"
grep -Eq '<script|<link|src=' "${base}.html" && fail "the HTML report should be self-contained"
findings="$(json_get "${report}" 'sum(d["counts"].values())')"
[ "$(($(wc -l <"${base}.csv") - 1))" -eq "$((findings + 1))" ] || fail "the CSV should have a row per finding and per failed customer"
grep -q '^Acme Dental,wrong_product,000413010006,' "${base}.csv" || fail "the CSV should name the phone of the wrong model"
grep -q '| wrong_product | 000413010006 |' "${base}.md" || fail "the Markdown should list the findings"
secret="$(json_get "${work}/expected.json" 'd["secret"]')"
! grep -rqF -- "${secret}" "${work}/first" "${log}" || fail "a password is in the report or the output"
grep -q 'Findings: never_seen=2, stale=3, no_profile=3, wrong_product=2, unused_profiles=2, redundant_settings=3, foreign_oui=2' \
  "${log}" || fail "the summary should give the counts per kind"
[ "$(writes)" -eq 0 ] || fail "the audit wrote to SRAPS"

# ---------------------------------------------------------------- check mode, failing on findings
sraps_tools reset-stats >/dev/null
audit check --check --limit 'all:!ghost_gmbh' -e fleet_audit_fail_on_findings=true
recap acme_dental 1
recap bistro_nord 1
recap clinic_sud 0
grep -q "9 finding(s) in Acme Dental" "${log}" || fail "fleet_audit_fail_on_findings should say how many findings"
"${py}" files/check_report.py "${report}" "${work}/expected.json" || fail "check mode should report the same findings"
[ -s "${report%.json}.html" ] || fail "check mode should write the report too"
[ "$(writes)" -eq 0 ] || fail "the audit in check mode wrote to SRAPS"
# Each collection once per customer (a page holds each of these customers' phones): 3 customers, 3 reads of each.
for collection in endpoints provisioning-profiles product-defaults; do
  [ "$(json_get "${work}/stats.json" "d['requests'].get('GET /api/v1/companies/{company}/${collection}/')")" -eq 3 ] \
    || fail "the audit should read ${collection} once per customer"
done
[ "$(json_get "${work}/stats.json" "d['requests'].get('GET /api/v1/companies/{company}/endpoints/{mac}', 0)")" -eq 0 ] \
  || fail "the audit should read no phone by itself"

echo "fleet_audit: every planted finding and nothing else, in a real and a check-mode run"
