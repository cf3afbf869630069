#!/usr/bin/env bash
# ansible-test units --local (the dev venv) on tests/unit/, in a copy of the checkout. Arguments go to
# ansible-test (for example a test file). Ends with pytest's own summary line.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
use_venv
standard_locale
copy_collection
cd "${COLL}"
run ansible-test units --python "${PYTHON_VERSION}" --local --color no "$@"
