#!/usr/bin/env bash
# The role sraps: the connection its variables give every role (here from the SRAPS_* environment, as
# an AWX credential injects it), and its pre-flight key_can_write, which the roles include.
# A key that may only read: every role's real run stops in its pre-flight, naming the key and its role,
# before anything is written; a dry run with the same key goes on (with a note). The simulator's write
# counter shows that nothing was written, and its rejection counter that nothing was even tried.
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

# play_role ROLE NAME EXPECTED_RC [ARGS...]: the role's playbook with its data; values with spaces go as
# JSON (key=value arguments of -e end at the first space).
play_role() {
  local role="$1"
  shift
  case "${role}" in
    site) play "$@" sraps.provisioning.site_rollout -e "site_rollout_report_dir=${work}/reports" \
            -e '{"site_rollout_company": "Existing Customer", "site_rollout_site": "Lobby",
                 "site_rollout_profile": "Existing Profile",
                 "site_rollout_phones": [{"mac": "00:04:13:74:00:01"}, {"mac": "00:04:13:74:00:02"}]}' ;;
    onboard) play "$@" sraps.provisioning.onboard_customer -e '{"onboard_customer_company": {"name": "Readonly Customer"},
               "onboard_customer_phones": [{"mac": "00:04:13:74:00:03"}]}' ;;
    decommission) play "$@" sraps.provisioning.decommission -e '{"decommission_company": "Existing Customer",
                    "decommission_confirm": "Existing Customer", "decommission_phones": ["00:04:13:10:00:03"]}' ;;
  esac
}

# play NAME EXPECTED_RC ARGS...: one run, its output in $work/NAME.out
play() {
  local name="$1" expected="$2" rc=0
  shift 2
  ansible-playbook -i ../../inventory "$@" >"${work}/${name}.out" 2>&1 || rc=$?
  if [ "${rc}" -ne "${expected}" ]; then
    tail -n 40 "${work}/${name}.out" >&2
    echo "FAILED: ${name} exited ${rc}, expected ${expected}" >&2; exit 1
  fi
}

refused="The access key ck_2b8e4f6a1c3d5e7f9a0b2c4d6e8f1a3b has the role 'readonly' in SRAPS"
sraps_tools reset-stats >/dev/null
for role in site onboard decommission; do
  play_role "${role}" "${role}-real" 2
  grep -qF "Nothing was written. ${refused}" "${work}/${role}-real.out" \
    || { tail -n 30 "${work}/${role}-real.out" >&2; echo "FAILED: ${role}: not stopped by the key check" >&2; exit 1; }
  grep -qF 'Use a key with the role admin' "${work}/${role}-real.out"
done
for role in site onboard; do
  play_role "${role}" "${role}-check" 0 --check
  grep -qF "a real run with this key stops before writing anything" "${work}/${role}-check.out" \
    || { echo "FAILED: ${role}: the dry run has no note on the key" >&2; exit 1; }
done
sraps_tools stats >"${work}/stats.json"
[ "$(json_get "${work}/stats.json" 'd["writes"]')" = 0 ] || { echo "FAILED: something was written" >&2; exit 1; }
[ "$(json_get "${work}/stats.json" 'd["rejected"].get("403", 0)')" = 0 ] \
  || { echo "FAILED: a write was tried and refused by SRAPS (403) instead of stopped before" >&2; exit 1; }
echo "read-only key: 3 real runs stopped before any write, 2 dry runs went on; 0 writes, 0 refused requests"
