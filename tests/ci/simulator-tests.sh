#!/usr/bin/env bash
# pytest on simulator/tests/ (the simulator's own tests). Arguments go to pytest.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
use_venv
cd "${REPO}"
run "${PY}" -m pytest -p no:cacheprovider simulator/tests "$@"
