#!/usr/bin/env bash
# Moving phones between two customers of a reseller with sraps_endpoint's move_from, and back:
#   500 phones of Existing Customer move to Bistro in one task: check mode first (no write, moved lists
#   all 500), then for real, then a re-run changes nothing; every phone in Bistro as declared.
#   The move back under 20 % faults and 2 % dropped connections converges in at most two runs, and after
#   each run every phone is in one of the two companies (none lost).
#   A run killed (kill -9 of the playbook and its module) in the middle of the moves, then re-run:
#   every phone in the declared company.
#   A MAC of another reseller's company is refused as foreign even with move_from: any; a sibling's MAC
#   without move_from is refused naming move_from. sraps_endpoint_info all_companies names the holders.
# The simulator's state is read out of band after every run.
set -eu
work="$(mktemp -d)"
phones="${SRAPS_MOVE_PHONES:-500}"
py="${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}"
"${py}" make_seed.py "${phones}" "${work}/seed.json" "${work}/vars.json"
# The simulator with ${work}/seed.json, the tools, and the clean-up on exit.
# shellcheck source=../setup_sraps_tools/seeded.sh
source ../setup_sraps_tools/seeded.sh

export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0
log="${work}/run.log"
result="${work}/result.json"
fail() { echo "FAILED: $*" >&2; tail -n 30 "${log}" >&2; exit 1; }

move() {  # move LABEL TO FROM_JSON [ARGS...]: the move playbook; exit status in $rc, result in $result
  echo "=== $1"
  local started=${SECONDS}
  rc=0
  rm -f "${result}"
  sraps_tools reset-stats >/dev/null
  ansible-playbook -i ../../inventory move.yml -e "@${work}/vars.json" -e "to_company='$2'" \
    -e "{\"move_from\": $3}" -e "result_file=${result}" "${@:4}" >"${log}" 2>&1 || rc=$?
  sraps_tools stats >"${work}/stats.json"
  echo "rc=${rc} secs=$((SECONDS - started)) requests=$(json_get "${work}/stats.json" 'd["requests_total"]')" \
    "writes=$(json_get "${work}/stats.json" 'd["writes"]')" \
    "summary=$(json_get "${result}" 'd.get("summary")')"
}

descendants() {  # descendants PID: the processes under PID
  local child
  for child in $(ps -o pid= --ppid "$1"); do
    echo "${child}"
    descendants "${child}"
  done
}

where() {  # where EXPECT: every phone in company EXPECT as declared, or 'either' company
  "${py}" check_state.py "${work}/vars.json" "$1" || fail "phones not where expected ($1)"
}

echo "=== check mode, the move, a re-run"
started=${SECONDS}
rc=0
ansible-playbook -i ../../inventory first.yml -e "@${work}/vars.json" -e "vars_file=${work}/vars.json" \
  >"${log}" 2>&1 || rc=$?
echo "secs=$((SECONDS - started))"
[ "${rc}" -eq 0 ] || fail "first.yml failed"

sraps_tools faults '{"fail_429": 0.05, "fail_502": 0.05, "fail_503": 0.05, "fail_504": 0.05, "drop_rate": 0.02,
  "retry_after": 0, "fault_seed": 7}' >/dev/null
converged=0
for run in 1 2; do
  move "under faults, run ${run}: back to Existing Customer" 'Existing Customer' '"any"' -e move_retries=10
  echo "faults: $(json_get "${work}/stats.json" 'd["faults"]')"
  where either
  if [ "${rc}" -eq 0 ]; then converged=1; break; fi
  grep -o 'moving it from company[^;]*;[^;"]*' "${log}" | head -n 3 || true
done
[ "${converged}" -eq 1 ] || fail "the move back under faults did not converge in two runs"
where 'Existing Customer'
sraps_tools faults '{}' >/dev/null

echo "=== a run killed in the middle of the moves"
sraps_tools reset-stats >/dev/null
ansible-playbook -i ../../inventory move.yml -e "@${work}/vars.json" -e "to_company=Bistro" \
  -e '{"move_from": ["Existing Customer"]}' -e "result_file=${result}" >"${log}" 2>&1 &
killed=$!
deletes=0
for _ in $(seq 1 600); do
  deletes="$(sraps_tools stats | "${py}" -c 'import json, sys
print(sum(n for k, n in json.load(sys.stdin)["requests"].items() if k.startswith("DELETE ")))')"
  [ "${deletes}" -ge 20 ] && break
  sleep 0.05
done
# The playbook and every process under it: its worker and the module, which runs in a session of its own.
# shellcheck disable=SC2046
kill -9 "${killed}" $(descendants "${killed}") 2>/dev/null || true
wait "${killed}" 2>/dev/null || true
echo "killed after ${deletes} deletes"
[ "${deletes}" -ge 20 ] || fail "the run ended before it could be killed"
"${py}" check_state.py "${work}/vars.json" either || true

echo "=== the re-run after the kill, refusals and the reseller view"
started=${SECONDS}
rc=0
ansible-playbook -i ../../inventory checks.yml -e "@${work}/vars.json" -e "vars_file=${work}/vars.json" \
  >"${log}" 2>&1 || rc=$?
echo "secs=$((SECONDS - started))"
[ "${rc}" -eq 0 ] || fail "checks.yml failed"
echo "endpoint_moves: every check passed"
