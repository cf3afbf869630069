#!/usr/bin/env bash
# `make demo`: onboard the demo customer (playbooks/examples/) into a local SRAPS simulator.
#
#   1. dry run (--check --diff): what would be created, nothing written; each diff cut short on the
#      terminal, whole in the step's log
#   2. the real run
#   3. the same run again: nothing changes (changed=0)
#   4. the Munich site from a CSV file, in batches, with a rollout report
#
# It says so before it starts, and ends with where the demo's data is and what to read next.
#
# Environment (by default: the dev venv of tests/ci/setup.sh and a fresh copy of the checkout):
#   DEMO_PYTHON               python of a venv with ansible-core, requests, mohawk and the simulator
#   ANSIBLE_COLLECTIONS_PATH  a folder holding ansible_collections/sraps/provisioning
#   DEMO_REPORT_DIR           where the rollout report and the log of each step go (default: build/demo)
#   DEMO_DIFF_LINES           lines of each dry-run diff shown on the terminal (default: 12)
#   DEMO_KEEP_SIMULATOR       1: keep the simulator running at the end, until Ctrl-C
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
diff_lines="${DEMO_DIFF_LINES:-12}"
playbook="$(dirname "${python}")/ansible-playbook"
[ -x "${playbook}" ] || { echo "no ansible-playbook next to ${python}" >&2; exit 1; }
# The implicit localhost (no inventory) runs the modules with this python; say nothing about it.
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false
cd "${repo}"
customer_file="playbooks/examples/demo_customer.yml"
site_file="playbooks/examples/site_munich.yml"
customer="$("${python}" -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["onboard_customer_company"]["name"])' "${customer_file}")"
mkdir -p "${report_dir}"

cat <<EOF
make demo onboards the demo customer '${customer}' (${customer_file}) into a local SRAPS
simulator, in four steps:
  1. a dry run (--check --diff): what onboarding would create, nothing written; each diff is cut
     to its first ${diff_lines} lines here, the step's log holds the whole output
  2. the onboarding: the company, its users, profiles, product defaults and its Berlin phones
  3. the same onboarding again: nothing changes (changed=0), the modules write only differences
  4. a site rollout: the Munich phones from a CSV file (${site_file}), in batches,
     with a rollout report
The log of each step and the report go to ${report_dir}/.
EOF

# The simulator on a free loopback port, with its default seed's reseller admin key exported
# (the reseller "Demo Reseller"; simulator/README.md lists the keys), stopped when this script exits.
# simulator.sh reads SIM_PYTHON, which shellcheck cannot see.
# shellcheck disable=SC2034
SIM_PYTHON="${python}"
# shellcheck source=../integration/targets/setup_simulator/simulator.sh
source "${repo}/tests/integration/targets/setup_simulator/simulator.sh"
echo "SRAPS simulator at ${SRAPS_API_URL} (reseller key ${SRAPS_ACCESS_KEY_ID})"

# Every line as it comes, but each diff (from "--- before" to the blank line that ends it) cut to its
# first N lines, followed by how many more the log holds.
short_diffs() {  # short_diffs N LOG
  awk -v max="$1" -v logfile="$2" '
    /^--- before$/ { in_diff = 1; n = 0 }
    in_diff && /^$/ {
      if (n > max) printf "    ... %d more lines of this diff in %s\n", n - max, logfile
      in_diff = 0
    }
    in_diff { n++; if (n <= max) print; fflush(); next }
    { print; fflush() }'
}

recaps=() logs=()
# step TITLE LOG ARGS...: run ansible-playbook with ARGS, show its output (diffs cut short in check
# mode), keep it whole in LOG, keep its recap line
step() {
  local title="$1" log="${report_dir}/$2"; shift 2
  printf '\n==================== %s\n+ ansible-playbook %s\n' "${title}" "$*"
  if [[ " $* " == *" --check "* ]]; then
    "${playbook}" "$@" 2>&1 | tee "${log}" | short_diffs "${diff_lines}" "${log}"
  else
    "${playbook}" "$@" 2>&1 | tee "${log}"
  fi
  recaps+=("$(printf '%-42s %s' "${title}:" "$(grep -E '^localhost +:' "${log}" | tail -n 1)")")
  logs+=("$(basename "${log}")")
}

step "1. dry run of the new customer" 1-dry-run.log \
  playbooks/onboard_customer.yml -e "@${customer_file}" --check --diff
step "2. onboarding" 2-onboarding.log playbooks/onboard_customer.yml -e "@${customer_file}"
step "3. onboarding again" 3-onboarding-again.log playbooks/onboard_customer.yml -e "@${customer_file}"
if ! grep -Eq '^localhost +: ok=[0-9]+ +changed=0 +unreachable=0 +failed=0' "${report_dir}/3-onboarding-again.log"; then
  echo "the second onboarding run changed something: it should not" >&2
  exit 1
fi
step "4. site rollout (Munich, from a CSV file)" 4-site-rollout.log playbooks/site_rollout.yml \
  -e "@${site_file}" -e "site_rollout_report_dir=${report_dir}"

# The reports of step 4: the files of the report folder that its output names.
mapfile -t reports < <("${python}" -c '
import os, re, sys
folder, text = sys.argv[1].rstrip("/") + "/", open(sys.argv[2], encoding="utf-8").read()
paths = dict.fromkeys(re.findall(re.escape(folder) + r"[^\s\x22\x27,]+", text))
print("\n".join(os.path.basename(p) for p in paths if os.path.isfile(p)))' "${report_dir}" "${report_dir}/4-site-rollout.log")

printf '\n==================== what the four steps did\n'
printf '%s\n' "${recaps[@]}"
echo "Step 3 reported changed=0: a second run of the same data changes nothing."
if [ "${DEMO_KEEP_SIMULATOR:-}" = 1 ]; then
  simulator="it keeps running until Ctrl-C (see below), then all of it is gone"
else
  simulator="it stops with the demo, all of it is gone, and the next make demo starts again from the
    simulator's seed (DEMO_KEEP_SIMULATOR=1 make demo keeps it running to look around)"
fi
cat <<EOF

Where the demo's data is:
  the companies, users, profiles and phones: in the memory of the SRAPS simulator at ${SRAPS_API_URL};
    ${simulator}
  ${report_dir}/
    the rollout report of step 4: ${reports[*]:-(none written)}
    the whole output of each step: ${logs[*]}
  playbooks/examples/: the demo customer's data (README.md there shows each step's command)

Read next:
  docs/getting-started.md     your own customer, with your SRAPS access key
  docs/dry-runs.md            what a dry run reads, what its diff shows and what it cannot know
  docs/rollouts-at-scale.md   CSV files, batches, retries and rollout reports
  README.md                   every module, role and playbook, and the rest of the docs
EOF

if [ "${DEMO_KEEP_SIMULATOR:-}" = 1 ]; then
  cat <<EOF

The simulator keeps running until Ctrl-C. In another shell:
  export ANSIBLE_COLLECTIONS_PATH=${ANSIBLE_COLLECTIONS_PATH} SRAPS_API_URL=${SRAPS_API_URL}
  export SRAPS_ACCESS_KEY_ID=${SRAPS_ACCESS_KEY_ID} SRAPS_ACCESS_KEY_SECRET=${SRAPS_ACCESS_KEY_SECRET}
  $(dirname "${python}")/ansible localhost -m sraps.provisioning.sraps_endpoint_info -a "company='${customer}'"
EOF
  wait "${SIM_PID}" || true
fi
