#!/usr/bin/env bash
# `make demo`: onboard the demo customer (playbooks/examples/) into a local SRAPS simulator.
#
#   1. dry run (--check --diff): what would be created, nothing written
#   2. the real run
#   3. the same run again: nothing changes (changed=0)
#   4. the Munich site from a CSV file, in batches, with a rollout report
#
# Environment (by default: the dev venv of tests/ci/setup.sh and a fresh copy of the checkout):
#   DEMO_PYTHON               python of a venv with ansible-core, requests, mohawk and the simulator
#   ANSIBLE_COLLECTIONS_PATH  a folder holding ansible_collections/sraps/provisioning
#   DEMO_REPORT_DIR           where the rollout report goes (default: build/demo in the checkout)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
if [ -z "${DEMO_PYTHON:-}" ] || [ -z "${ANSIBLE_COLLECTIONS_PATH:-}" ]; then
  source "${repo}/tests/ci/lib.sh"
  use_venv
  copy_collection
  DEMO_PYTHON="${DEMO_PYTHON:-${PY}}" ANSIBLE_COLLECTIONS_PATH="${COLLECTIONS}"
fi
python="${DEMO_PYTHON}"
export ANSIBLE_COLLECTIONS_PATH
report_dir="${DEMO_REPORT_DIR:-${repo}/build/demo}"
playbook="$(dirname "${python}")/ansible-playbook"
[ -x "${playbook}" ] || { echo "no ansible-playbook next to ${python}" >&2; exit 1; }
# The implicit localhost (no inventory) runs the modules with this python; say nothing about it.
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false

# The simulator on a free loopback port, with its default seed's reseller admin key exported
# (the reseller "Demo Reseller"; simulator/README.md lists the keys), stopped when this script exits.
# simulator.sh reads SIM_PYTHON, which shellcheck cannot see.
# shellcheck disable=SC2034
SIM_PYTHON="${python}"
# shellcheck source=../integration/targets/setup_simulator/simulator.sh
source "${repo}/tests/integration/targets/setup_simulator/simulator.sh"
work="$(mktemp -d)"
trap 'sim_stop; rm -rf "${work}"' EXIT
echo "SRAPS simulator at ${SRAPS_API_URL} (reseller key ${SRAPS_ACCESS_KEY_ID})"

recaps=()
# step TITLE LOG ARGS...: run ansible-playbook with ARGS, show its output, keep its recap line
step() {
  local title="$1" log="$2"; shift 2
  printf '\n==================== %s\n' "${title}"
  "${playbook}" "$@" 2>&1 | tee "${log}"
  recaps+=("$(printf '%-42s %s' "${title}:" "$(grep -E '^localhost +:' "${log}" | tail -n 1)")")
}

customer="${repo}/playbooks/examples/demo_customer.yml"
step "1. dry run of the new customer" "${work}/1.log" \
  "${repo}/playbooks/onboard_customer.yml" -e "@${customer}" --check --diff
step "2. onboarding" "${work}/2.log" "${repo}/playbooks/onboard_customer.yml" -e "@${customer}"
step "3. onboarding again" "${work}/3.log" "${repo}/playbooks/onboard_customer.yml" -e "@${customer}"
if ! grep -Eq '^localhost +: ok=[0-9]+ +changed=0 +unreachable=0 +failed=0' "${work}/3.log"; then
  echo "the second onboarding run changed something: it should not" >&2
  exit 1
fi
step "4. site rollout (Munich, from a CSV file)" "${work}/4.log" "${repo}/playbooks/site_rollout.yml" \
  -e "@${repo}/playbooks/examples/site_munich.yml" -e "site_rollout_report_dir=${report_dir}"

printf '\n==================== recaps\n'
printf '%s\n' "${recaps[@]}"
echo "The second onboarding run reported changed=0: onboarding is idempotent."
echo "Rollout report: ${report_dir}/rollout-munich.md and ${report_dir}/rollout-munich.csv"
