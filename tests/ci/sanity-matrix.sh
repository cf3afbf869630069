#!/usr/bin/env bash
# ansible-test sanity on each older ansible-core of tests/constraints.txt's matrix (the dev venv's
# release is tests/ci/sanity.sh's), one after the other; fails if any fails.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

cores="$(matrix_cores)"
[ -n "${cores}" ] || die "no '# matrix: ansible-core==X' lines in ${CONSTRAINTS}"
for core in ${cores}; do
  echo "=== ansible-test sanity on ansible-core ${core}"
  "${REPO}/tests/ci/sanity.sh" "${core}"
done
echo "sanity-matrix: every test passed on ansible-core ${cores//$'\n'/, }"
