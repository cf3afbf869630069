#!/usr/bin/env bash
# ansible-test integration --local (the dev venv) on tests/integration/targets/, against the simulator
# that each target starts itself, in a copy of the checkout. Arguments go to ansible-test (target names).
#
# Without arguments, every target, in INTEGRATION_SHARDS (default 2) runs of ansible-test at the same time,
# each in its own copy of the checkout: a target spends about half its time waiting on the simulator and on
# processes it starts, so two runs on two cores take little more than half the time of one. Each shard's
# output is shown once it ends (build/logs/integration-<n>.log).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
use_venv

if [ "$#" -gt 0 ]; then
  copy_collection
  cd "${COLL}"
  run ansible-test integration --python "${PYTHON_VERSION}" --local --color no "$@"
  echo "integration: every target passed ($(ansible-test --version))"
  exit 0
fi

shards="${INTEGRATION_SHARDS:-2}"
# Seconds a target takes on the 2-core machine where it was measured; the shards are balanced with them
# (longest first, each to the shard with the least so far). A target not listed counts 30.
declare -A weight=(
  [role_decommission]=170 [role_site_rollout]=100 [export_round_trip]=97 [sraps_export]=90
  [role_onboard_customer]=90 [bad_input]=88 [faults]=83 [book_apply]=80 [module_examples]=80
  [endpoint_moves]=60 [book_slices]=50 [role_export]=40 [awx_runner]=40 [fleet_audit]=16
  [role_fleet_audit]=10
)
targets=()
for dir in "${REPO}"/tests/integration/targets/*/; do
  target="$(basename "${dir}")"
  grep -qx 'hidden' "${dir}aliases" 2>/dev/null && continue
  targets+=("${target}")
done
mapfile -t ordered < <(for t in "${targets[@]}"; do printf '%s %s\n' "${weight[${t}]:-30}" "${t}"; done | sort -k1,1nr -k2 | cut -d' ' -f2)
declare -a load lists
for ((i = 0; i < shards; i++)); do load[i]=0; lists[i]=""; done
for t in "${ordered[@]}"; do
  best=0
  for ((i = 1; i < shards; i++)); do [ "${load[i]}" -lt "${load[best]}" ] && best="${i}"; done
  load[best]=$((load[best] + ${weight[${t}]:-30}))
  lists[best]="${lists[best]} ${t}"
done

logs="${BUILD}/logs"
mkdir -p "${logs}"
pids=()
for ((i = 0; i < shards; i++)); do
  (
    COLLECTIONS="${BUILD}/integration-$((i + 1))/collections"
    COLL="${COLLECTIONS}/ansible_collections/${NAMESPACE}/${NAME}"
    copy_collection
    cd "${COLL}"
    # shellcheck disable=SC2086  # the shard's target names, one word each
    ansible-test integration --python "${PYTHON_VERSION}" --local --color no ${lists[i]}
  ) >"${logs}/integration-$((i + 1)).log" 2>&1 &
  pids+=("$!")
  echo "integration shard $((i + 1)) of ${shards}:${lists[i]}"
done
failed=0
for ((i = 0; i < shards; i++)); do
  rc=0
  wait "${pids[i]}" || rc=$?
  printf '\n---------- shard %d (exit %d): %s\n' "$((i + 1))" "${rc}" "${logs}/integration-$((i + 1)).log"
  cat "${logs}/integration-$((i + 1)).log"
  [ "${rc}" -eq 0 ] || failed=$((failed + 1))
done
[ "${failed}" -eq 0 ] || die "${failed} of ${shards} shards failed (their output is above)"
echo "integration: every target passed, ${#targets[@]} targets in ${shards} shards ($(ansible-test --version))"
