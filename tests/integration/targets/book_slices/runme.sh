#!/usr/bin/env bash
# A book of six customers run the way AWX job slicing runs it: exported from a seeded account
# (files/book_seed.py), its secrets filled in, two customers changed beside the book
# (export_round_trip's files/out_of_band.py), then run_slices.py runs playbooks/apply.yml through
# ansible-runner in check mode unsliced and as three slices, merges the slices' reports with
# book_report_merge and compares, applies for real as three slices and checks on the server that each
# customer was written exactly once.
set -eu
work="$(mktemp -d)"
py="${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}"
"${py}" files/book_seed.py --phones 10 >"${work}/seed.json"
# The simulator with ${work}/seed.json, the tools, and the clean-up on exit.
# shellcheck source=../setup_sraps_tools/seeded.sh
source ../setup_sraps_tools/seeded.sh
export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0

book="${work}/book"
SECONDS=0
if ! ansible-playbook -i ../../inventory sraps.provisioning.export -e "export_dest=${book}" >"${work}/export.log" 2>&1; then
  tail -n 40 "${work}/export.log"
  echo "FAILED: the export of the seeded account" >&2
  exit 1
fi
echo "export: ${SECONDS}s"
"${py}" ../export_round_trip/files/fill_secrets.py "${book}"
# The web interface sends stored passwords back as it read them (masked): the simulator keeps them.
sraps_tools modes '{"mask_sent_back": "keep"}' >/dev/null
"${py}" ../export_round_trip/files/out_of_band.py
SECONDS=0
"${py}" run_slices.py "${book}" "${work}"
echo "run_slices.py: ${SECONDS}s"
