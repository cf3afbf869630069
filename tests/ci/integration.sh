#!/usr/bin/env bash
# ansible-test integration --local (the dev venv) on tests/integration/targets/, against the simulator
# that each target starts itself, in a copy of the checkout. Arguments go to ansible-test (target names).
#
# Without arguments, every target, in INTEGRATION_SHARDS (default 2) runs of ansible-test at the same time
# (run_shards of lib.sh).
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

targets=()
for dir in "${REPO}"/tests/integration/targets/*/; do
  target="$(basename "${dir}")"
  grep -qx 'hidden' "${dir}aliases" 2>/dev/null && continue
  targets+=("${target}")
done
run_shards integration "${targets[@]}"
echo "integration: every target passed, ${#targets[@]} targets in ${INTEGRATION_SHARDS:-2} shards ($(ansible-test --version))"
