#!/usr/bin/env bash
# yamllint (strict) on the checkout, then ansible-lint --offline --profile production with the copy of
# the checkout as the collections path. Both run, so that one run shows every finding; fails if either fails.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
use_venv
copy_collection
cd "${REPO}"
rc=0
run yamllint --strict . || rc=1
[ "${rc}" -ne 0 ] || echo "yamllint: no problems"
run env ANSIBLE_COLLECTIONS_PATH="${COLLECTIONS}" ansible-lint --offline --profile production --nocolor || rc=1
exit "${rc}"
