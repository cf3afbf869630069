#!/usr/bin/env bash
# Run the given steps (tests/ci/<step>.sh) in order, as `make test` does: each step's output is shown and
# kept in build/logs/<step>.log; the first failing step stops the run with its exit status. At the end, one
# row per step: its time, its result and the last line it printed (the runner's own summary line).
#
#   tests/ci/pipeline.sh STEP...
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[ "$#" -gt 0 ] || die "usage: $0 STEP... (steps are the scripts of tests/ci/)"
for step in "$@"; do [ -x "${REPO}/tests/ci/${step}.sh" ] || die "no step tests/ci/${step}.sh"; done

logs="${BUILD}/logs"
mkdir -p "${logs}"
rows=()
started="${SECONDS}"
summary() {
  printf '\n==================== %s in %d s: step, seconds, result, last line\n' "$1" "$((SECONDS - started))"
  printf '%s\n' "${rows[@]}"
}
for step in "$@"; do
  printf '\n==================== %s\n' "${step}"
  t0="${SECONDS}"
  rc=0
  "${REPO}/tests/ci/${step}.sh" 2>&1 | tee "${logs}/${step}.log" || rc="${PIPESTATUS[0]}"
  result="ok"
  [ "${rc}" -eq 0 ] || result="FAILED (exit ${rc})"
  rows+=("$(printf '%-16s %5d  %-6s %s' "${step}" "$((SECONDS - t0))" "${result}" "$(tail -n 1 "${logs}/${step}.log")")")
  if [ "${rc}" -ne 0 ]; then
    summary "${step} failed"
    echo "the whole output of ${step}: ${logs}/${step}.log" >&2
    exit "${rc}"
  fi
done
summary "all $# steps passed"
