#!/usr/bin/env bash
# The role sraps.provisioning.fleet_audit on one company given by its variables, in a play on localhost (no book):
# the customers of ../fleet_audit/files/seed.py, the checks asked for only, no HTML page when fleet_audit_html is
# false, exactly the planted findings of those kinds; then the access key's own company (fleet_audit_company
# empty), which holds no phone. Nothing is written to SRAPS. The audit over a book is the target fleet_audit.
set -eu
work="$(mktemp -d)"
py="${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}"
"${py}" ../fleet_audit/files/seed.py "${work}/seed.json" "${work}/expected.json"
# The simulator with ${work}/seed.json, the tools, and the clean-up on exit.
# shellcheck source=../setup_sraps_tools/seeded.sh
source ../setup_sraps_tools/seeded.sh
export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0
log="${work}/run.log"
fail() { echo "FAILED: $*" >&2; exit 1; }
writes() { sraps_tools stats >"${work}/stats.json"; json_get "${work}/stats.json" 'd["writes"] + d["writes_accepted"]'; }

play() {  # play NAME COMPANY: the role on localhost for COMPANY, its report in ${work}/NAME; $report is its JSON
  cat >"${work}/$1.yml" <<YAML
- name: Audit one company
  hosts: localhost
  gather_facts: false
  roles:
    - role: sraps.provisioning.fleet_audit
      fleet_audit_company: "$2"
      fleet_audit_checks: [never_seen, stale, foreign_oui]
      fleet_audit_html: false
      fleet_audit_report_dir: ${work}/$1
YAML
  echo "=== $1"
  rc=0
  ansible-playbook -i localhost, -c local -e "ansible_python_interpreter=${py}" "${work}/$1.yml" >"${log}" 2>&1 || rc=$?
  tail -n 20 "${log}"
  [ "${rc}" -eq 0 ] || fail "$1: the audit failed"
  report="$(find "${work}/$1" -name 'audit-*.json' | head -n 1)"
  [ -n "${report}" ] || fail "$1: no report was written"
}

sraps_tools reset-stats >/dev/null
play bistro "Bistro Nord"
[ "$(json_get "${report}" '[(c["customer"], c["checks"], c["phones"], c["called_in"]) for c in d["customers"]]')" \
  = "[('Bistro Nord', ['never_seen', 'stale', 'foreign_oui'], 5, 4)]" ] || fail "the role should audit Bistro Nord only"
expected="$(json_get "${work}/expected.json" 'sorted((k, o) for k in ("never_seen", "stale", "foreign_oui") for o in d["findings"]["Bistro Nord"][k])')"
[ "$(json_get "${report}" 'sorted((k, f["object"]) for k, fs in d["customers"][0]["findings"].items() for f in fs)')" = "${expected}" ] \
  || fail "the report should hold exactly Bistro Nord's planted findings of the kinds asked"
[ -z "$(find "${work}/bistro" -name '*.html')" ] || fail "fleet_audit_html=false should write no HTML"
for ext in md csv; do [ -s "${report%.json}.${ext}" ] || fail "no ${ext} report"; done

play own ""
[ "$(json_get "${report}" '[(c["customer"], c["phones"], sum(c["counts"].values())) for c in d["customers"]]')" \
  = "[('Demo Reseller', 0, 0)]" ] || fail "an empty fleet_audit_company should audit the access key's own company"
[ "$(writes)" -eq 0 ] || fail "the audit wrote to SRAPS"
echo "role_fleet_audit: one company by the role's variables, and the key's own"
