#!/usr/bin/env bash
# The bad-input matrix (cases.yml, the same table as docs/bad-input.md): every module against a missing
# required option, a wrong type, invalid and repeated MACs, unknown and ambiguous names, an invalid
# perm, a foreign MAC, a read-only key, a wrong secret, an unreachable api_url, a TLS failure, an
# unaccepted API version and a body over 10 MB. Each gets one error that names the problem and the
# fix, and the simulator's write counter does not move.
set -eu
# The "setting of another product group" cases expect SRAPS to refuse the write (400), so the
# simulator runs strict; production accepts such writes (the simulator's default).
# simulator.sh reads the array, which shellcheck cannot see.
# shellcheck disable=SC2034
SIM_ARGS=(--product-group-check strict)
# shellcheck source=../setup_simulator/simulator.sh
source ../setup_simulator/simulator.sh
# shellcheck source=../setup_sraps_tools/tools.sh
source ../setup_sraps_tools/tools.sh

export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0
work="$(mktemp -d)"
tls_pid=""
# shellcheck disable=SC2329  # run by the EXIT trap
cleanup() {
  if [ -n "${tls_pid}" ]; then kill "${tls_pid}" 2>/dev/null || true; wait "${tls_pid}" 2>/dev/null || true; fi
  rm -rf "${work}"
  sim_stop
}
trap cleanup EXIT

# A second simulator behind a self-signed certificate that nothing trusts: the TLS failure case.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "${work}/key.pem" \
  -out "${work}/cert.pem" -days 1 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 2>/dev/null
# The output file exists before the simulator starts: the loop below may read it before the background
# job's redirection has created it.
: >"${work}/tls.out"
"${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}" -m sraps_simulator --host 127.0.0.1 --port 0 \
  --tls-cert "${work}/cert.pem" --tls-key "${work}/key.pem" >"${work}/tls.out" 2>"${work}/tls.err" &
tls_pid=$!
tls_url=""
for _ in $(seq 1 200); do
  tls_url="$(head -n 1 "${work}/tls.out")"
  [ -n "${tls_url}" ] && break
  sleep 0.05
done
[ -n "${tls_url}" ] || { cat "${work}/tls.err" >&2; echo "the TLS simulator did not start" >&2; exit 1; }

# Two profiles and two companies that share a name, made through the API (SRAPS allows it).
customer="6c62282a00435b43bcee46a8551ea136"   # Existing Customer of the default seed
sraps_tools api GET product-groups/ >"${work}/groups.json"
d_series="$(json_get "${work}/groups.json" '[g["uuid"] for g in d if g["name"] == "D-Series"][0]')"
for _ in 1 2; do
  sraps_tools api POST "companies/${customer}/provisioning-profiles/" "{\"name\": \"Twin Desk\", \"product_group\": \"${d_series}\"}" >/dev/null
  sraps_tools api POST companies/ '{"name": "Twin Company", "country": "DE", "city": "Kiel"}' >/dev/null
done

sraps_tools stats >"${work}/stats.json"
writes_before="$(json_get "${work}/stats.json" 'd["writes"]')"

# The key comes from extra vars only: the cases without it must not find it in the environment.
key_id="${SRAPS_ACCESS_KEY_ID}"
key_secret="${SRAPS_ACCESS_KEY_SECRET}"
unset SRAPS_ACCESS_KEY_ID SRAPS_ACCESS_KEY_SECRET
cat >"${work}/vars.json" <<JSON
{
  "api_url": "${SRAPS_API_URL}", "sim_url": "${SIM_URL}", "tls_url": "${tls_url}",
  "closed_url": "http://127.0.0.1:$(sraps_tools closed-port)/api/v1/",
  "key_id": "${key_id}", "key_secret": "${key_secret}",
  "readonly_key_id": "ck_2b8e4f6a1c3d5e7f9a0b2c4d6e8f1a3b", "readonly_key_secret": "4d6f8a0c2e4b6d8f1a3c5e7b9d0f2a4c",
  "big_value": "{{ 'x' * (10 * 1024 * 1024 + 1) }}",
  "writes_before": ${writes_before}
}
JSON

# The cases run in BAD_INPUT_PARTS playbooks side by side (1: one playbook; more help on more cores).
parts="${BAD_INPUT_PARTS:-1}"
pids=()
for ((part = 0; part < parts; part++)); do
  "${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}" make_play.py cases.yml "${part}" "${parts}" >"${work}/play${part}.yml"
  messages="${BAD_INPUT_MESSAGES:-${work}/messages}${part}.json"
  ansible-playbook -i ../../inventory "${work}/play${part}.yml" -e "@${work}/vars.json" -e "messages_file=${messages}" "$@" \
    >"${work}/run${part}.log" 2>&1 &
  pids+=("$!")
done
failed=0
for ((part = 0; part < parts; part++)); do
  if wait "${pids[${part}]}"; then
    grep -A 3 '^TASK \[Every case' "${work}/run${part}.log" | grep -E '"msg"|cases passed' || true
  else
    failed=1
    cat "${work}/run${part}.log"
  fi
done

# No case may have written anything: the counter, and the log SRAPS keeps of every write.
sraps_tools stats >"${work}/stats.json"
writes_after="$(json_get "${work}/stats.json" 'd["writes"]')"
echo "bad input: ${parts} part(s), writes before ${writes_before}, after ${writes_after}"
if [ "${writes_after}" -ne "${writes_before}" ]; then
  echo "FAILED: bad input wrote to SRAPS:" >&2
  sraps_tools last-writes "$((writes_after - writes_before))" >&2
  failed=1
fi
exit "${failed}"
