#!/usr/bin/env bash
# Regenerate the tables of docs/api-coverage.md from plugins/module_utils/_sraps_api.py (arguments go to
# tests/ci/api_coverage.py: --check only reports). tests/unit/test_api_coverage_doc.py checks the same.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
use_venv
run "${PY}" "${REPO}/tests/ci/api_coverage.py" "$@"
