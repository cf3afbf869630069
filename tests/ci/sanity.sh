#!/usr/bin/env bash
# ansible-test sanity, every default test, in venvs it makes itself (--venv --requirements), on a copy
# of the checkout. tests/sanity/ must hold no ignore or skip entries.
#
#   tests/ci/sanity.sh            with the dev venv's ansible-core
#   tests/ci/sanity.sh VERSION    with ansible-core VERSION (a venv of its own, build/venv-core-VERSION/)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
use_venv

if [ -n "${1:-}" ]; then
  core="$(core_venv "$1")"
  export PATH="${core}/bin:${PATH}"
fi
entries="$(cat "${REPO}"/tests/sanity/ignore-*.txt "${REPO}"/tests/sanity/skip-*.txt 2>/dev/null \
  | grep -Ev '^[[:space:]]*(#|$)' || true)"
[ -z "${entries}" ] || die "tests/sanity/ must hold no ignore or skip entries, found:"$'\n'"${entries}"

copy_collection
cd "${COLL}"
version="$(ansible-test --version)"
run ansible-test sanity --python "${PYTHON_VERSION}" --venv --requirements --color no
echo "sanity: every test passed (${version}, Python ${PYTHON_VERSION})"
