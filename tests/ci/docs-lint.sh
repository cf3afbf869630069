#!/usr/bin/env bash
# antsibull-docs lint-collection-docs --plugin-docs on a copy of the checkout: docs/, extra docs and
# the plugins' documentation.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
use_venv
copy_collection
cd "${COLL}"
run antsibull-docs lint-collection-docs --plugin-docs .
echo "docs-lint: antsibull-docs found no problems"
