#!/usr/bin/env bash
# Checks the execution environment definition (execution-environment.yml) without a container engine:
#
#   tests/ci/ee-check.sh [COLLECTIONS_DIR [TARBALL]]
#
#   COLLECTIONS_DIR  a directory holding an installed copy of the collection,
#                    COLLECTIONS_DIR/ansible_collections/sraps/provisioning (or set EE_CHECK_COLLECTIONS)
#   TARBALL          the collection tarball to put into the EE (or set EE_CHECK_TARBALL);
#                    without one, the checkout is built with ansible-galaxy into a temporary directory
#   Without arguments: tests/ci/build.sh, then its build/installed/ and tarball, with the dev venv.
#
# 1. `ansible-builder create` into a temporary directory, with the tarball where the definition
#    expects it (build/ee/sraps-provisioning.tar.gz next to the definition); the build context must
#    hold the tarball, the galaxy requirements naming it, and a Containerfile that installs them.
# 2. The galaxy stage of that Containerfile, replayed here: ansible-galaxy installs the context's
#    requirements.yml, then the context's own introspect script reads the installed collection,
#    as the image build would.
# 3. `ansible-builder introspect` on COLLECTIONS_DIR.
# Steps 2 and 3 must find requests and mohawk, from the collection's metadata.
# Needs ansible-builder and ansible-galaxy on PATH; no network, no container engine.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
collections="${1:-${EE_CHECK_COLLECTIONS:-}}"
tarball="${2:-${EE_CHECK_TARBALL:-}}"
if [ -z "${collections}" ] && [ -z "${tarball}" ]; then
  source "${repo}/tests/ci/lib.sh"
  use_venv
  "${repo}/tests/ci/build.sh"
  # shellcheck disable=SC2153  # TARBALL comes from lib.sh
  collections="${INSTALLED}" tarball="${TARBALL}" PYTHON="${PY}"
fi
python="${PYTHON:-python3}"
fqcn="sraps.provisioning"
in_context="collections/sraps-provisioning.tar.gz"

fail() { echo "ee_check: FAILED: $*" >&2; exit 1; }

[ -n "${collections}" ] || fail "usage: $0 COLLECTIONS_DIR [TARBALL] (COLLECTIONS_DIR holds ansible_collections/sraps/provisioning)"
[ -d "${collections}/ansible_collections/sraps/provisioning" ] \
  || fail "no installed collection in ${collections}/ansible_collections/sraps/provisioning"
for tool in ansible-builder ansible-galaxy; do
  command -v "${tool}" >/dev/null || fail "${tool} is not on PATH"
done

tmp="$(mktemp -d)"
trap 'rm -rf "${tmp}"' EXIT

if [ -z "${tarball}" ]; then
  ansible-galaxy collection build "${repo}" --output-path "${tmp}/dist" >"${tmp}/build.log" 2>&1 \
    || { cat "${tmp}/build.log" >&2; fail "ansible-galaxy collection build ${repo}"; }
  tarball="$(find "${tmp}/dist" -name 'sraps-provisioning-*.tar.gz' -print -quit)"
fi
[ -f "${tarball}" ] || fail "no collection tarball: ${tarball}"

# 1. the build context
mkdir -p "${tmp}/ee/build/ee"
cp "${repo}/execution-environment.yml" "${tmp}/ee/"
cp "${tarball}" "${tmp}/ee/build/ee/sraps-provisioning.tar.gz"
context="${tmp}/context"
ansible-builder create -f "${tmp}/ee/execution-environment.yml" -c "${context}" --output-filename Containerfile \
  >"${tmp}/create.log" 2>&1 || { cat "${tmp}/create.log" >&2; fail "ansible-builder create"; }
containerfile="${context}/Containerfile"
[ -f "${containerfile}" ] || fail "ansible-builder create wrote no ${containerfile}"
cmp -s "${tarball}" "${context}/_build/${in_context}" \
  || { cat "${tmp}/create.log" >&2; fail "the build context lacks the collection tarball _build/${in_context}"; }
grep -q "name: ${in_context}" "${context}/_build/requirements.yml" \
  || fail "_build/requirements.yml does not name ${in_context}: $(cat "${context}/_build/requirements.yml")"
grep -q '^FROM .* AS galaxy$' "${containerfile}" || fail "the Containerfile has no galaxy stage"
grep -q 'ansible-galaxy collection install .*-r requirements.yml' "${containerfile}" \
  || fail "the Containerfile does not install the galaxy requirements"
grep -q 'introspect.py introspect' "${containerfile}" || fail "the Containerfile does not introspect the collections"

# Both introspections must list requests and mohawk, each "# from collection sraps.provisioning".
check_pip() {  # check_pip FILE WHAT
  local pkg
  [ -f "$1" ] || fail "$2: no Python requirements at all (does ${fqcn} still declare requests and mohawk?)"
  for pkg in requests mohawk; do
    grep -Eq "^${pkg}([^a-zA-Z0-9_.-].*)?# from collection ${fqcn}\$" "$1" \
      || { cat "$1" >&2; fail "$2: ${pkg} does not come from the metadata of ${fqcn}"; }
  done
}

# 2. the galaxy stage, replayed: install what the image would install, introspect it with the context's script
(cd "${context}/_build" \
  && ANSIBLE_GALAXY_DISABLE_GPG_VERIFY=1 ansible-galaxy collection install -r requirements.yml \
       --collections-path "${tmp}/image/collections" >"${tmp}/install.log" 2>&1) \
  || { cat "${tmp}/install.log" >&2; fail "ansible-galaxy cannot install the context's requirements.yml"; }
[ -f "${tmp}/image/collections/ansible_collections/sraps/provisioning/MANIFEST.json" ] \
  || fail "installing the context's requirements.yml gave no ${fqcn}"
"${python}" "${context}/_build/scripts/introspect.py" introspect --write-pip="${tmp}/image-pip.txt" \
  "${tmp}/image/collections" >"${tmp}/image-introspect.log" 2>&1 \
  || { cat "${tmp}/image-introspect.log" >&2; fail "the context's introspect script"; }
check_pip "${tmp}/image-pip.txt" "the image build's introspection"

# 3. ansible-builder introspect on the installed copy
ansible-builder introspect --write-pip="${tmp}/installed-pip.txt" "${collections}" >"${tmp}/introspect.log" 2>&1 \
  || { cat "${tmp}/introspect.log" >&2; fail "ansible-builder introspect ${collections}"; }
check_pip "${tmp}/installed-pip.txt" "ansible-builder introspect ${collections}"

base="$(sed -n -E 's/^ARG EE_BASE_IMAGE="(.*)"$/\1/p' "${containerfile}")"
echo "ee_check: PASS: build context from $(basename "${tarball}") on ${base}; requests and mohawk from ${fqcn}'s metadata (image build and ${collections})"
