#!/usr/bin/env bash
# The fault suite: the demo customer (the onboard_customer playbook and playbooks/examples/demo_customer.yml)
# plus a rollout of SRAPS_FAULT_PHONES phones with sraps_endpoint (default 500; SRAPS_FAULT_PHONES=5000
# for a local soak, about 5 minutes) against a simulator that answers 20 % of requests with 429, 502,
# 503 or 504 (5 % each, Retry-After 1 s), drops 2 % of connections, applies 2 % of writes and then
# answers 502, and runs its clock 5 minutes ahead:
#   run 1: the rollout with 1 retry per request (SRAPS_FAULT_FIRST_RETRIES), so that some phones do fail:
#          the play must fail naming exactly those phones (or succeed)
#   run 2: everything with 10 retries (SRAPS_FAULT_RETRIES) must converge; should it meet a fault it must
#          not retry (a create answered 504, which SRAPS may still be carrying out), it names it and a
#          further run converges (at most SRAPS_FAULT_MAX_RUNS runs in all)
#   then the state equals the declared state EXACTLY (each object once, each field and setting as
#   declared), and every other company is untouched
#   run 3: changed=0
# After every run: no name created twice. The figures (faults injected, retries, requests, 401s of the
# clock correction, changes) are printed per run. SRAPS_FAULT_SEED picks the fault sequence.
set -eu
# shellcheck source=../setup_simulator/simulator.sh
source ../setup_simulator/simulator.sh
# shellcheck source=../setup_sraps_tools/tools.sh
source ../setup_sraps_tools/tools.sh

export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0
phones="${SRAPS_FAULT_PHONES:-500}"
seed="${SRAPS_FAULT_SEED:-1}"
retries="${SRAPS_FAULT_RETRIES:-10}"
first_retries="${SRAPS_FAULT_FIRST_RETRIES:-1}"
max_runs="${SRAPS_FAULT_MAX_RUNS:-4}"
# Parallel writes share the 429 pause: with more of them in flight, more 429s fall into one pause.
parallel="${SRAPS_FAULT_PARALLEL:-64}"
faults="{\"fail_429\": 0.05, \"fail_502\": 0.05, \"fail_503\": 0.05, \"fail_504\": 0.05, \"drop_rate\": 0.02,
  \"apply_then_502\": 0.02, \"clock_offset\": 300, \"retry_after\": 1, \"fault_seed\": ${seed}}"

collection="${ANSIBLE_COLLECTIONS_PATH%%:*}/ansible_collections/sraps/provisioning"
demo="${collection}/playbooks/examples/demo_customer.yml"
[ -f "${demo}" ] || { echo "no demo customer at ${demo}" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "${work}"; sim_stop' EXIT
py="${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}"
"${py}" make_phones.py "${phones}" >"${work}/phones.json"
sraps_tools state >"${work}/before.json"
sraps_tools faults "${faults}" >/dev/null
sraps_record_on "${work}/record.jsonl"

figures="${work}/figures.txt"
printf '%-10s %4s %6s %8s %5s %5s %5s %5s %5s %8s %8s %6s %7s %7s\n' \
  run rc secs requests 429 502 503 504 drop applied retries stale401 changed failed >"${figures}"

# run LABEL [ARGS...]: one run under faults; sets rc, writes its output to $log and a line to $figures
run() {
  local label="$1" started=${SECONDS}
  shift
  log="${work}/${label}.log"
  : >"${SRAPS_RECORD_FILE}"
  sraps_tools reset-stats >/dev/null
  rc=0
  ansible-playbook -i ../../inventory run.yml -e "@${demo}" -e "@${work}/phones.json" \
    -e "onboard_customer_retries=${retries}" -e "onboard_customer_parallel=${parallel}" \
    -e "rollout_parallel=${parallel}" -e "declared_file=${work}/declared.json" "$@" >"${log}" 2>&1 || rc=$?
  sraps_tools stats >"${work}/stats.json"
  "${py}" - "${work}/stats.json" "${SRAPS_RECORD_FILE}" "${log}" "${label}" "${rc}" "$((SECONDS - started))" >>"${figures}" <<'PY'
import json, re, sys
stats = json.load(open(sys.argv[1]))
retries = 0
for line in open(sys.argv[2]):
    result = json.loads(line)['result']
    if 'results' not in result:   # a loop's summary repeats its items
        retries += sum(1 for w in result.get('warnings') or [] if re.search(r', retry \d+ of \d+ in ', str(w)))
recap = re.search(r'localhost +: ok=\d+ +changed=(\d+) .*failed=(\d+)', open(sys.argv[3]).read())
changed, failed = recap.groups() if recap else ('?', '?')
f = stats['faults']
print('%-10s %4s %6s %8d %5d %5d %5d %5d %5d %8d %8d %6d %7s %7s' % (
    sys.argv[4], sys.argv[5], sys.argv[6], stats['requests_total'], f['429'], f['502'], f['503'], f['504'], f['drop'],
    f['applied_then_502'], retries, stats['rejected'].get('401', 0), changed, failed))
PY
  tail -n 1 "${figures}"
}

# After any run: nothing created twice, nothing but the customer touched.
no_duplicates() {
  sraps_tools state >"${work}/after.json"
  "${py}" check_state.py "${work}/declared.json" "${work}/phones.json" "${work}/before.json" "${work}/after.json" --duplicates-only
}

# A failed run must say what it could not finish: the phones, or the request to run again.
named_failure() {
  if grep -Eq 'unexpected error|Traceback' "${log}"; then
    echo "FAILED: an unexpected error in run ${1}" >&2; cat "${log}" >&2; exit 1
  fi
  if ! grep -Eq '[0-9]+ of [0-9]+ phones failed: phones? [0-9a-f]{12}|re-run converges|Run again' "${log}"; then
    echo "FAILED: run ${1} failed without naming the phones or the request it could not finish" >&2; cat "${log}" >&2; exit 1
  fi
}

# The phones the rollout task of the last run reported failed, each with its reason: exactly those
# its message names, and all of them rollout phones.
failed_phones() {
  "${py}" - "${SRAPS_RECORD_FILE}" "${work}/phones.json" <<'PY'
import json, re, sys
wanted = set(re.sub('[^0-9a-f]', '', p['mac'].lower()) for p in json.load(open(sys.argv[2]))['rollout_phones'])
for line in open(sys.argv[1]):
    record = json.loads(line)
    if record['task'] != 'Register the rollout phones':
        continue
    result = record['result']
    failures = result.get('failures') or []
    macs = set(f['mac'] for f in failures)
    named = set(re.findall(r'\b[0-9a-f]{12}\b', result.get('msg', '')))
    problems = []
    if (record['status'] == 'failed') != bool(failures):
        problems.append('the task %s with %d failures' % (record['status'], len(failures)))
    if not macs <= wanted:
        problems.append('unknown MACs %s' % sorted(macs - wanted))
    if not all(f.get('msg') for f in failures):
        problems.append('a failure without a reason')
    # the message names each failed phone, up to five per reason and "and N more" beyond
    shown = len(named & macs) + sum(int(n) for n in re.findall(r' and (\d+) more', result.get('msg', '')))
    if failures and shown != len(macs):
        problems.append('the message accounts for %d of %d failed phones' % (shown, len(macs)))
    print('%d phones failed, %d written or unchanged; reasons: %s' % (
        len(macs), len(result.get('created', [])) + len(result.get('updated', [])) + len(result.get('unchanged', [])),
        '; '.join(sorted(set(f['msg'] for f in failures)))[:300]))
    if problems:
        sys.exit('FAILED: ' + ', '.join(problems))
PY
}

echo "fault suite: ${phones} rollout phones + the demo customer; faults ${faults//[$'\n']/}; retries ${first_retries} for the rollout of run 1, else ${retries}"
run "run1" -e "rollout_retries=${first_retries}"
no_duplicates
if [ "${rc}" -ne 0 ]; then
  named_failure 1
  failed_phones
fi
n=1
rc=1
while [ "${rc}" -ne 0 ]; do
  n=$((n + 1))
  if [ "${n}" -gt "${max_runs}" ]; then
    echo "FAILED: no run succeeded in ${max_runs} runs under faults" >&2; cat "${figures}" >&2; cat "${log}" >&2; exit 1
  fi
  run "run${n}"
  no_duplicates
  [ "${rc}" -eq 0 ] || named_failure "${n}"
done
echo "converged: run ${n} succeeded"

sraps_tools state >"${work}/after.json"
if ! "${py}" check_state.py "${work}/declared.json" "${work}/phones.json" "${work}/before.json" "${work}/after.json"; then
  echo "FAILED: the state differs from the declared state" >&2; exit 1
fi

n=$((n + 1))
run "run${n}"
if [ "${rc}" -ne 0 ] || ! grep -Eq 'localhost +: ok=[0-9]+ +changed=0 +unreachable=0 +failed=0' "${log}"; then
  echo "FAILED: the run after convergence should succeed with changed=0" >&2; cat "${log}" >&2; exit 1
fi
sraps_tools state >"${work}/after.json"
"${py}" check_state.py "${work}/declared.json" "${work}/phones.json" "${work}/before.json" "${work}/after.json"

if [ -n "${SRAPS_FAULT_KEEP:-}" ]; then cp "${work}"/*.json "${work}"/*.log "${figures}" "${SRAPS_FAULT_KEEP}"; fi
echo "figures (per run; retries are the modules' retry warnings, stale401 the clock corrections):"
cat "${figures}"
