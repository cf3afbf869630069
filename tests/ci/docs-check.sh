#!/usr/bin/env bash
# The documentation, checked by running it:
# - ansible-doc on every module, role and documentable plugin of the collection installed from the tarball
#   (tests/ci/build.sh first). ansible-doc exits 0 and prints nothing, or only a warning, for a plugin it
#   cannot load: output on stderr or none on stdout fails too. The tarball must hold every module and role.
# - docs/getting-started.md: its venv and pip lines name the versions of meta/runtime.yml,
#   tests/constraints.txt and requirements.txt; its build and install lines for a checkout, taken from the
#   page as printed, run in a copy of the checkout three times (as first run, after a change, after a
#   version change), each installing what was just built; then its ansible-doc line.
# - make demo (tests/ci/demo.sh) on the installed tarball: it says its four steps first, cuts the dry
#   run's diffs short, and ends with where its data is and what to read next (tests/ci/docs_checks.py).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
use_venv
"${REPO}/tests/ci/build.sh"
export ANSIBLE_COLLECTIONS_PATH="${INSTALLED}"
installed_coll="${INSTALLED}/ansible_collections/${NAMESPACE}/${NAME}"
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
for m in $(modules_of "${installed_coll}"); do check ansible-doc "${FQCN}.${m}"; done
for r in $(roles_of "${installed_coll}"); do check ansible-doc -t role "${FQCN}.${r}"; done
# other documentable plugins (a filter or test file may hold several plugins: ask ansible-doc)
for t in filter test lookup inventory callback connection become cache vars; do
  [ -d "${installed_coll}/plugins/${t}" ] || continue
  for p in $(ansible-doc -t "${t}" --list --json "${FQCN}" | "${PY}" -c 'import json, sys; print("\n".join(sorted(json.load(sys.stdin))))'); do
    check ansible-doc -t "${t}" "${p}"
  done
done
if [ "$(modules_of "${installed_coll}")" != "$(modules_of "${REPO}")" ] || [ "$(roles_of "${installed_coll}")" != "$(roles_of "${REPO}")" ]; then
  echo "the tarball's modules and roles differ from the checkout's" >&2
  errors=$((errors + 1))
fi
[ "${errors}" -eq 0 ] || die "${errors} of ${checked} ansible-doc runs failed"
echo "ansible-doc documented all ${checked} modules, roles and plugins of $(basename "${TARBALL}")"

checks="${REPO}/tests/ci/docs_checks.py"
work="${BUILD}/docs-check/run"
rm -rf "${work}"
mkdir -p "${work}"

# docs/getting-started.md, in a copy of the checkout (copy_collection), installing into a collections path
# of its own.
page="${REPO}/docs/getting-started.md"
"${PY}" "${checks}" prerequisites "${page}" "${PYTHON_VERSION}"
echo "ok: the venv and pip lines of ${page#"${REPO}/"} name Python ${PYTHON_VERSION} and the versions the collection declares"
install_lines="$("${PY}" "${checks}" block "${page}" 'ansible-galaxy collection build')"
doc_lines="$("${PY}" "${checks}" block "${page}" 'ansible-doc sraps.provisioning.')"
copy_collection
gs_coll="${work}/getting-started/ansible_collections/${NAMESPACE}/${NAME}"
documented() {  # documented LINES LABEL: the page's LINES in the copy, the page's collections path set
  if ! (cd "${COLL}" && ANSIBLE_COLLECTIONS_PATH="${work}/getting-started" bash -euo pipefail -c "$1") \
      > "${work}/out" 2>&1; then
    cat "${work}/out" >&2
    die "${page#"${REPO}/"}: these lines failed ($2):"$'\n'"$1"
  fi
}
installed_version() { "${PY}" -c 'import json, sys; print(json.load(open(sys.argv[1]))["collection_info"]["version"])' "${gs_coll}/MANIFEST.json"; }
documented "${install_lines}" "first run"
[ "$(installed_version)" = "${VERSION}" ] || die "the first run of the install lines did not install ${VERSION}"
# A change in the checkout, built and installed by the same lines again: the install must replace the copy.
marker="rebuilt by docs-check $$"
echo "${marker}" >> "${COLL}/README.md"
documented "${install_lines}" "second run, after a change"
grep -qF "${marker}" "${gs_coll}/README.md" \
  || die "the second run of the install lines of ${page#"${REPO}/"} kept the copy installed first"
# A new version (as after a git pull): the earlier tarball must not get in the way.
IFS=. read -r major minor patch <<< "${VERSION}"
bumped="${major}.${minor}.$((patch + 1))"
sed -i -E "s/^version:.*/version: ${bumped}/" "${COLL}/galaxy.yml"
documented "${install_lines}" "third run, after a version change"
[ "$(installed_version)" = "${bumped}" ] || die "the third run of the install lines installed $(installed_version), not ${bumped}"
documented "${doc_lines}" "after the install"
grep -q "sraps_endpoint" "${work}/out" || die "the ansible-doc line of ${page#"${REPO}/"} printed no documentation"
echo "ok: the build and install lines of ${page#"${REPO}/"} ran three times, each installing what it built"

# make demo, on the collection installed from the tarball.
if ! DEMO_PYTHON="${PY}" ANSIBLE_COLLECTIONS_PATH="${INSTALLED}" DEMO_REPORT_DIR="${work}/demo" \
    "${REPO}/tests/ci/demo.sh" > "${work}/demo.out" 2>&1; then
  cat "${work}/demo.out" >&2
  die "make demo failed"
fi
"${PY}" "${checks}" demo "${work}/demo.out" "${work}/demo"
echo "ok: make demo said its four steps, cut the dry run's diffs short and said where its data is and what to read"
echo "docs-check: ansible-doc on ${checked} modules, roles and plugins, getting-started's install lines, make demo: all passed"
