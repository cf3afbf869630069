#!/usr/bin/env bash
# Hawk clock skew: with the SRAPS clock 10 minutes ahead or behind, each module run pays ONE extra
# request (a 401 "Stale timestamp" whose signed server time it adopts), not one per request. Two module
# runs (50 phones written in parallel, then read back) are counted at offsets 0, +600 and -600 s: the
# skewed runs must make exactly 2 more requests than the unskewed one, and get exactly 2 401s.
set -eu
# shellcheck source=../setup_simulator/simulator.sh
source ../setup_simulator/simulator.sh
# shellcheck source=../setup_sraps_tools/tools.sh
source ../setup_sraps_tools/tools.sh

export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0
work="$(mktemp -d)"
trap 'rm -rf "${work}"; sim_stop' EXIT

declare -A requests rejected
for offset in 0 600 -600; do
  sraps_tools reset >/dev/null
  sraps_tools faults "{\"clock_offset\": ${offset}}" >/dev/null
  sraps_tools reset-stats >/dev/null
  SKEW_OFFSET="${offset}" ansible-playbook -i ../../inventory skew.yml "$@" >"${work}/run.log" 2>&1 \
    || { cat "${work}/run.log"; exit 1; }
  sraps_tools stats >"${work}/stats.json"
  requests[${offset}]="$(json_get "${work}/stats.json" 'd["requests_total"]')"
  rejected[${offset}]="$(json_get "${work}/stats.json" 'd["rejected"].get("401", 0)')"
  echo "clock offset ${offset} s: ${requests[${offset}]} requests, ${rejected[${offset}]} answered 401"
done

for offset in 600 -600; do
  extra=$((requests[${offset}] - requests[0]))
  echo "offset ${offset} s costs ${extra} extra request(s) for 2 module runs"
  if [ "${extra}" -ne 2 ] || [ "${rejected[${offset}]}" -ne 2 ] || [ "${rejected[0]}" -ne 0 ]; then
    echo "FAILED: a skewed clock must cost one request per module run, not one per request" >&2
    exit 1
  fi
done
