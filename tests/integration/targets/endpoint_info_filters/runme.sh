#!/usr/bin/env bash
# "Did the phones call in?" on 10,000 phones of one company, with a known mix (never seen, seen lately, seen
# long ago, four models, one of them outside the profile's product group, names with patterns):
#   sraps_endpoint_info's filters: each case returns exactly the phones the seed says (computed here, from
#   the seed), from the paged list of phones alone: no request per phone.
#   sraps_log_info macs after 2,405 phone contacts: each phone's entries and last contact as the simulator's
#   log holds them, from as many log pages as the answer needs, not one read per phone.
set -eu
work="$(mktemp -d)"
phones="${SRAPS_FILTER_PHONES:-10000}"
py="${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}"
"${py}" make_seed.py "${phones}" "${work}/seed.json" "${work}/vars.json" "${work}/contacts.json"
# The simulator with ${work}/seed.json, the tools, and the clean-up on exit.
# shellcheck source=../setup_sraps_tools/seeded.sh
source ../setup_sraps_tools/seeded.sh

export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0
log="${work}/run.log"
fail() { echo "FAILED: $*" >&2; tail -n 30 "${log}" >&2; exit 1; }

echo "=== sraps_endpoint_info filters on ${phones} phones"
started=${SECONDS}
sraps_record_on "${work}/filters.jsonl"
ansible-playbook -i ../../inventory filters.yml -e "@${work}/vars.json" >"${log}" 2>&1 || fail "filters.yml failed"
echo "secs=$((SECONDS - started))"
"${py}" check.py filters "${work}/seed.json" "${work}/filters.jsonl"

echo "=== sraps_log_info macs after $(json_get "${work}/contacts.json" 'len(d)') phone contacts"
sraps_tools phone-contacts "${work}/contacts.json" >/dev/null
sraps_tools state >"${work}/state.json"
# The first of the late contacts: a since that leaves out every earlier entry.
late="$(json_get "${work}/vars.json" 'd["late_macs"][0]')"
since="$(json_get "${work}/state.json" "[e for e in d['logs'] if e['mac'] == '${late}'][0]['timestamp']")"
started=${SECONDS}
sraps_record_on "${work}/logs.jsonl"
ansible-playbook -i ../../inventory logs.yml -e "@${work}/vars.json" -e "since_late=${since}" >"${log}" 2>&1 \
  || fail "logs.yml failed"
echo "secs=$((SECONDS - started))"
"${py}" check.py logs "${work}/state.json" "${work}/logs.jsonl"
echo "endpoint_info_filters: every check passed"
