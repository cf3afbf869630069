#!/usr/bin/env bash
# galaxy-importer, the checker Galaxy runs on an uploaded collection, on the built tarball
# (tests/ci/build.sh first), configured by tests/ci/galaxy-importer.cfg: ansible-doc, ansible-lint,
# the changelog, tags, file checks. Fails on an import error and on any warning or error it logs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
use_venv
"${REPO}/tests/ci/build.sh"
work="${BUILD}/galaxy-importer"
rm -rf "${work}"
mkdir -p "${work}"
cd "${work}"   # it writes importer_result.json into the current directory
run env GALAXY_IMPORTER_CONFIG="${REPO}/tests/ci/galaxy-importer.cfg" "${PY}" -m galaxy_importer.main "${TARBALL}" \
  | tee "${work}/importer.log"
if grep -E '^(WARNING|ERROR|CRITICAL): ' "${work}/importer.log"; then
  die "galaxy-importer logged the warnings or errors above on $(basename "${TARBALL}")"
fi
