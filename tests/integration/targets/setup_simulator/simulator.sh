# shellcheck shell=bash
# Sourced by the integration targets' runme.sh: starts the SRAPS simulator on a free
# loopback port, exports the connection variables the modules read, and stops the
# simulator when the target's shell exits.
#   SIM_ARGS    extra simulator flags (an array), optional, set before sourcing
#   SIM_PYTHON  the python the simulator is installed for (default: ansible-test's, else python3)
# Exports: SRAPS_API_URL, SRAPS_ACCESS_KEY_ID, SRAPS_ACCESS_KEY_SECRET, SIM_URL (admin root).
# tests/ci/demo.sh (make demo) sources it too.

_sim_python="${SIM_PYTHON:-${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}}"
if ! "${_sim_python}" -c 'import sraps_simulator' 2>/dev/null; then
  echo "the SRAPS simulator is not installed for ${_sim_python}: pip install ./simulator (make setup does)" >&2
  exit 1
fi
_sim_out="$(mktemp)"

"${_sim_python}" -m sraps_simulator --host 127.0.0.1 --port 0 ${SIM_ARGS[@]+"${SIM_ARGS[@]}"} >"${_sim_out}" 2>"${_sim_out}.err" &
SIM_PID=$!

sim_stop() {
  kill "${SIM_PID}" 2>/dev/null || true
  wait "${SIM_PID}" 2>/dev/null || true
  rm -f "${_sim_out}" "${_sim_out}.err"
}
trap sim_stop EXIT

SRAPS_API_URL=""
for _ in $(seq 1 200); do
  SRAPS_API_URL="$(head -n 1 "${_sim_out}")"
  [ -n "${SRAPS_API_URL}" ] && break
  if ! kill -0 "${SIM_PID}" 2>/dev/null; then
    cat "${_sim_out}.err" >&2
    echo "the SRAPS simulator did not start" >&2
    exit 1
  fi
  sleep 0.05
done
[ -n "${SRAPS_API_URL}" ] || { echo "the SRAPS simulator printed no URL" >&2; exit 1; }

SIM_URL="${SRAPS_API_URL%/api/v1/}"
# The default seed's reseller admin key (simulator/README.md lists all keys).
SRAPS_ACCESS_KEY_ID="ck_7f3a9c2e4b1d4e8f9a6b5c4d3e2f1a0b"
SRAPS_ACCESS_KEY_SECRET="9c1e5f7a3b2d4c6e8f0a1b3c5d7e9f20"
export SRAPS_API_URL SIM_URL SRAPS_ACCESS_KEY_ID SRAPS_ACCESS_KEY_SECRET
