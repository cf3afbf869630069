#!/usr/bin/env bash
# sraps_export against the simulator seeded with three customers of Demo Reseller (phones that fit a CSV, phones
# with perms and passwords, a setting_server that needs its section, two names with one slug) and a customer of
# another reseller: the book's files and contents, list reads only, byte-identical re-exports, refusals that
# write nothing (a non-empty folder, an unknown company), check mode, replace keeping .git and the vault file,
# and the playbook apply on the exported book: the secrets pre-flight, then no change and no write.
set -eu
# The seed of this target; simulator.sh reads the array, which shellcheck cannot see.
# shellcheck disable=SC2034
SIM_ARGS=(--seed "$(pwd)/files/seed.json")
# shellcheck source=../setup_simulator/simulator.sh
source ../setup_simulator/simulator.sh
# shellcheck source=../setup_sraps_tools/tools.sh
source ../setup_sraps_tools/tools.sh

export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0
work="$(mktemp -d)"
trap 'rm -rf "${work}"; sim_stop' EXIT
python="${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}"

# export NAME DEST [ARGS...]: one run of the module; its result in $work/NAME.json
export_to() {
  local name="$1" dest="$2"
  shift 2
  ansible-playbook -i ../../inventory run.yml -e "dest=${dest}" -e "result_file=${work}/${name}.json" "$@" \
    >"${work}/${name}.out" 2>&1 || { cat "${work}/${name}.out" >&2; echo "FAILED: ${name}: the play failed" >&2; exit 1; }
}
result() { json_get "${work}/$1.json" "$2"; }
expect() {  # expect NAME EXPR VALUE
  local got
  got="$(result "$1" "$2")"
  [ "${got}" = "$3" ] || { cat "${work}/$1.json" >&2; echo "FAILED: $1: $2 is '${got}', expected '$3'" >&2; exit 1; }
}
writes() { sraps_tools stats >"${work}/stats.json"; json_get "${work}/stats.json" 'd["writes"]'; }

book="${work}/book"
sraps_tools reset-stats >/dev/null
export_to first "${book}"
expect first 'd.get("failed", False)' False
expect first 'd["changed"]' True
expect first 'd["secrets_to_fill"]' 3
sraps_tools state >"${work}/state.json"
"${python}" check_book.py "${book}" "${work}/state.json" "${work}/first.json"
sraps_tools stats >"${work}/stats.json"
[ "$(json_get "${work}/stats.json" 'd["writes"]')" = 0 ] || { echo "FAILED: the export wrote to SRAPS" >&2; exit 1; }
[ "$(json_get "${work}/stats.json" 'sorted(k for k in d["requests"] if "{mac}" in k or "{profile}" in k)')" = "[]" ] \
  || { json_get "${work}/stats.json" 'd["requests"]' >&2; echo "FAILED: the export read objects one by one" >&2; exit 1; }

echo "=== an unchanged account exports to byte-identical files"
export_to second "${work}/book2"
diff -r "${book}" "${work}/book2"
export_to same "${book}" -e replace=true
expect same 'd["changed"]' False
diff -r "${book}" "${work}/book2"

echo "=== a folder that holds a book is refused without replace; nothing written"
export_to refused "${book}"
expect refused 'd["failed"]' True
expect refused '"is not empty" in d["msg"] and "set replace to true" in d["msg"]' True
diff -r "${book}" "${work}/book2"

echo "=== an unknown company: one error, nothing written"
export_to unknown "${work}/new" -e '{"companies": ["Nordwind Dental", "Nobody GmbH", "Hidden Customer"]}'
expect unknown 'd["failed"]' True
expect unknown '"unknown company: '"'"'Nobody GmbH'"'"', '"'"'Hidden Customer'"'"'" in d["msg"]' True
expect unknown '"Bäckerei Müller, Nordwind Dental, Nordwind-Dental" in d["msg"]' True
[ ! -e "${work}/new" ] || { echo "FAILED: the unknown company left ${work}/new" >&2; exit 1; }

echo "=== check mode computes the book and writes nothing"
export_to check "${work}/checked" --check -e '{"companies": ["nordwind dental"]}'
expect check 'd["changed"]' True
expect check 'd["files"]' "['group_vars/sraps_customers/connection.yml', 'host_vars/nordwind_dental/customer.yml', 'host_vars/nordwind_dental/phones.csv', 'hosts.yml', 'secrets-to-fill.yml']"
[ ! -e "${work}/checked" ] || { echo "FAILED: check mode wrote ${work}/checked" >&2; exit 1; }
if compgen -G "${work}/.*export-*" >/dev/null; then echo "FAILED: a temporary folder was left behind" >&2; exit 1; fi

echo "=== apply: the secrets pre-flight stops before any write"
mkdir -p "${book}/.git" && echo 'ref: refs/heads/main' >"${book}/.git/HEAD"
sraps_tools reset-stats >/dev/null
rc=0
ansible-playbook -i "${book}/hosts.yml" sraps.provisioning.apply --check --limit backerei_muller >"${work}/apply-nosecrets.out" 2>&1 || rc=$?
if [ "${rc}" -eq 0 ] || ! grep -qF "vault_sraps_backerei_muller_phone_000413400001_user_pass_1" "${work}/apply-nosecrets.out" \
    || ! grep -qF "secrets-to-fill.yml" "${work}/apply-nosecrets.out"; then
  cat "${work}/apply-nosecrets.out" >&2; echo "FAILED: apply without the vault variables did not stop" >&2; exit 1
fi
[ "$(writes)" = 0 ] || { echo "FAILED: apply without the vault variables wrote to SRAPS" >&2; exit 1; }

# The big round trip (check mode, then for real, on a rich account) is the target export_round_trip's.
echo "=== apply on the account it was exported from: no change, no write (3 forks)"
cat >"${book}/group_vars/sraps_customers/vault.yml" <<'VAULT'
---
vault_sraps_backerei_muller_profile_theke_admin_mode_password: theke-admin-0815
vault_sraps_backerei_muller_product_default_d785_http_pass: web-admin-2323
vault_sraps_backerei_muller_phone_000413400001_user_pass_1: kasse-sip-4711
VAULT
ansible-playbook -i "${book}/hosts.yml" sraps.provisioning.apply --forks 3 --diff -e "apply_report_dir=${work}/reports" \
  >"${work}/apply.out" 2>&1 || { cat "${work}/apply.out" >&2; echo "FAILED: apply" >&2; exit 1; }
[ "$(grep -cE '^(backerei_muller|nordwind_dental|nordwind_dental_[0-9a-f]{8}) +: ok=[0-9]+ +changed=0 +unreachable=0 +failed=0' "${work}/apply.out")" = 3 ] \
  || { tail -n 20 "${work}/apply.out" >&2; echo "FAILED: apply changed something" >&2; exit 1; }
[ "$(writes)" = 0 ] || { echo "FAILED: apply wrote to SRAPS" >&2; exit 1; }
report="$(find "${work}/reports" -name 'book-apply-*.json' | sort | tail -n 1)"
[ "$(json_get "${report}" '[c["summary"]["phones"]["unchanged"] for c in d["customers"] if c["host"] == "nordwind_dental"][0]')" = 3 ] \
  || { echo "FAILED: the report should show nordwind_dental's 3 phones unchanged" >&2; exit 1; }

echo "=== replace keeps .git and the vault file; the rest is the export's"
echo 'not the export' >"${book}/host_vars/stray.txt"
export_to replaced "${book}" -e replace=true
expect replaced 'd["changed"]' True
[ -f "${book}/.git/HEAD" ] && [ -f "${book}/group_vars/sraps_customers/vault.yml" ] && [ ! -e "${book}/host_vars/stray.txt" ] \
  || { echo "FAILED: replace removed .git or the vault file, or kept a file of its own" >&2; exit 1; }
rm -rf "${book}/.git" "${book}/group_vars/sraps_customers/vault.yml"
diff -r "${book}" "${work}/book2"
echo "sraps_export: book checked, re-exports identical, refusals wrote nothing, apply changed nothing (0 writes)"
