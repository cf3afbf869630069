#!/usr/bin/env bash
# The role export through its playbook, with the connection from the SRAPS_* environment (as an AWX credential
# injects it) and the seed's read-only key: an export only reads. A dry run writes no folder; the real run
# writes the book of Demo Reseller's customer; a second run into the same folder is refused without
# export_replace and changes nothing with it. Nothing is written to SRAPS.
set -eu
# shellcheck source=../setup_simulator/simulator.sh
source ../setup_simulator/simulator.sh
# shellcheck source=../setup_sraps_tools/tools.sh
source ../setup_sraps_tools/tools.sh

export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0
work="$(mktemp -d)"
trap 'rm -rf "${work}"; sim_stop' EXIT
# The seed's read-only key of Demo Reseller (simulator/README.md).
export SRAPS_ACCESS_KEY_ID=ck_2b8e4f6a1c3d5e7f9a0b2c4d6e8f1a3b SRAPS_ACCESS_KEY_SECRET=4d6f8a0c2e4b6d8f1a3c5e7b9d0f2a4c
book="${work}/book"

# play NAME EXPECTED_RC ARGS...: the role's playbook, its output in $work/NAME.out
play() {
  local name="$1" expected="$2" rc=0
  shift 2
  ansible-playbook -i ../../inventory sraps.provisioning.export -e "export_dest=${book}" "$@" >"${work}/${name}.out" 2>&1 || rc=$?
  if [ "${rc}" -ne "${expected}" ]; then
    tail -n 40 "${work}/${name}.out" >&2
    echo "FAILED: ${name} exited ${rc}, expected ${expected}" >&2; exit 1
  fi
}
recap() {  # recap NAME CHANGED
  grep -Eq "localhost +: ok=[0-9]+ +changed=$2 +unreachable=0 +failed=0" "${work}/$1.out" \
    || { tail -n 20 "${work}/$1.out" >&2; echo "FAILED: $1: expected changed=$2" >&2; exit 1; }
}

sraps_tools reset-stats >/dev/null
play dry-run 0 --check
recap dry-run 1
grep -qF "Dry run: the book would be ${book} (changed): 1 customer(s), 3 phone(s), 5 file(s)" "${work}/dry-run.out"
[ ! -e "${book}" ] || { echo "FAILED: the dry run wrote ${book}" >&2; exit 1; }

play real 0
recap real 1
grep -qF "2 password(s) to fill in before applying: see ${book}/secrets-to-fill.yml" "${work}/real.out"
grep -qE '^    existing_customer:$' "${book}/hosts.yml"
[ -f "${book}/host_vars/existing_customer/customer.yml" ] && [ -f "${book}/host_vars/existing_customer/phones.yml" ]
cp -r "${book}" "${work}/first"

play again 2
grep -qF "is not empty" "${work}/again.out" && grep -qF "set replace to true" "${work}/again.out"
play replace 0 -e export_replace=true -e '{"export_companies": ["Existing Customer"]}'
recap replace 0
diff -r "${work}/first" "${book}"

sraps_tools stats >"${work}/stats.json"
[ "$(json_get "${work}/stats.json" 'd["writes"]')" = 0 ] || { echo "FAILED: the export wrote to SRAPS" >&2; exit 1; }
echo "role export: dry run wrote nothing, the book written, refused without export_replace, unchanged with it; 0 writes"
