#!/usr/bin/env bash
# ansible-test integration --local (the dev venv) on tests/integration/targets/, against the simulator
# that each target starts itself, in a copy of the checkout. Arguments go to ansible-test (target names).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
use_venv
copy_collection
cd "${COLL}"
run ansible-test integration --python "${PYTHON_VERSION}" --local --color no "$@"
echo "integration: every target passed ($(ansible-test --version))"
