#!/usr/bin/env bash
# ansible-doc on every module, role and documentable plugin of the collection installed from the tarball
# (tests/ci/build.sh first). ansible-doc exits 0 and prints nothing, or only a warning, for a plugin it
# cannot load: output on stderr or none on stdout fails too. The tarball must hold every module and role.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
use_venv
"${REPO}/tests/ci/build.sh"
export ANSIBLE_COLLECTIONS_PATH="${INSTALLED}"
coll="${INSTALLED}/ansible_collections/${NAMESPACE}/${NAME}"
errors=0; checked=0
check() {
  local out err
  out="$(mktemp)"; err="$(mktemp)"
  if ! "$@" > "${out}" 2> "${err}" || [ ! -s "${out}" ] || [ -s "${err}" ]; then
    echo "FAILED: $*" >&2; cat "${err}" >&2
    [ -s "${out}" ] || echo "(no output)" >&2
    errors=$((errors + 1))
  else
    echo "ok: $*"
  fi
  checked=$((checked + 1))
  rm -f "${out}" "${err}"
}
for m in $(modules_of "${coll}"); do check ansible-doc "${FQCN}.${m}"; done
for r in $(roles_of "${coll}"); do check ansible-doc -t role "${FQCN}.${r}"; done
# other documentable plugins (a filter or test file may hold several plugins: ask ansible-doc)
for t in filter test lookup inventory callback connection become cache vars; do
  [ -d "${coll}/plugins/${t}" ] || continue
  for p in $(ansible-doc -t "${t}" --list --json "${FQCN}" | "${PY}" -c 'import json, sys; print("\n".join(sorted(json.load(sys.stdin))))'); do
    check ansible-doc -t "${t}" "${p}"
  done
done
if [ "$(modules_of "${coll}")" != "$(modules_of "${REPO}")" ] || [ "$(roles_of "${coll}")" != "$(roles_of "${REPO}")" ]; then
  echo "the tarball's modules and roles differ from the checkout's" >&2
  errors=$((errors + 1))
fi
[ "${errors}" -eq 0 ] || die "${errors} of ${checked} ansible-doc runs failed"
echo "docs-check: ansible-doc documented all ${checked} modules, roles and plugins of $(basename "${TARBALL}")"
