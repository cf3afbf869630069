#!/usr/bin/env bash
# ansible-galaxy collection build from a copy of the checkout (the files a clone has; galaxy.yml's
# build_ignore applies) into build/, then install the tarball into build/installed/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
use_venv
copy_collection
rm -rf "${INSTALLED}" "${BUILD}/${NAMESPACE}-${NAME}-"*.tar.gz
run ansible-galaxy collection build "${COLL}" --output-path "${BUILD}" --force
run env ANSIBLE_COLLECTIONS_PATH="${INSTALLED}" ansible-galaxy collection install "${TARBALL}" -p "${INSTALLED}" --no-deps --force
