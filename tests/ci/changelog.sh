#!/usr/bin/env bash
# Fold new changelog fragments and new modules/roles into release $VERSION (galaxy.yml's) of
# changelogs/changelog.yaml and regenerate CHANGELOG.md, in the checkout (commit the result).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
use_venv
cd "${1:-${REPO}}"
run antsibull-changelog lint
# Re-releasing the same version warns that it exists and, with no new release_summary, that it has none.
run antsibull-changelog release --version "${VERSION}" --reload-plugins --refresh-plugins 2>&1 \
  | { grep -v -e "release ${VERSION} already exists" -e 'Found no release_summary section' || true; }
run antsibull-changelog generate
rm -f changelogs/.plugin-cache.yaml
