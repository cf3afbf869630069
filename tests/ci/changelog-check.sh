#!/usr/bin/env bash
# The changelog is current: antsibull-changelog lints pass, and tests/ci/changelog.sh run in a copy of
# the checkout changes neither changelogs/changelog.yaml nor CHANGELOG.md, and no fragment is left.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
use_venv
copy_collection
cd "${COLL}"
run antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml
"${REPO}/tests/ci/changelog.sh" "${COLL}"
stale=0
for f in changelogs/changelog.yaml CHANGELOG.md; do
  diff -u "${REPO}/${f}" "${f}" || stale=1
done
leftover="$(find changelogs/fragments -type f -name '*.y*ml' 2>/dev/null || true)"
if [ -n "${leftover}" ]; then echo "fragments not yet folded into the changelog:"; echo "${leftover}"; stale=1; fi
[ "${stale}" -eq 0 ] || die "the changelog is not current: run 'make changelog' and commit the result"
echo "changelog-check: release ${VERSION} of changelogs/changelog.yaml and CHANGELOG.md are current"
