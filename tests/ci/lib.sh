# shellcheck shell=bash
# Sourced by the step scripts of tests/ci/: paths, the collection's name, the venvs, the copy of the
# checkout that ansible-test needs. Every step script runs on its own (after tests/ci/setup.sh).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PYTHON_VERSION=3.11
BASE_PYTHON="${BASE_PYTHON:-python${PYTHON_VERSION}}"
VENV="${REPO}/.venv"
PY="${VENV}/bin/python"
CONSTRAINTS="${REPO}/tests/constraints.txt"
BUILD="${REPO}/build"

# namespace, name and version from galaxy.yml (plain `key: value` lines)
galaxy_value() { sed -n -E "s/^$1:[[:space:]]*['\"]?([^'\"[:space:]]+).*/\1/p" "${REPO}/galaxy.yml"; }
NAMESPACE="$(galaxy_value namespace)"
NAME="$(galaxy_value name)"
VERSION="$(galaxy_value version)"
export FQCN="${NAMESPACE}.${NAME}"

# ansible-test needs the collection at …/ansible_collections/<namespace>/<name>/, with no venv inside.
# Each step copies the checkout to a folder of its own, so that steps can run at the same time.
COLLECTIONS="${BUILD}/$(basename "$0" .sh)/collections"
COLL="${COLLECTIONS}/ansible_collections/${NAMESPACE}/${NAME}"
export INSTALLED="${BUILD}/installed"
export TARBALL="${BUILD}/${NAMESPACE}-${NAME}-${VERSION}.tar.gz"

die() { echo "$(basename "$0"): $*" >&2; exit 1; }
run() { printf '+ %s\n' "$*"; "$@"; }

pip_in() {  # pip_in PYTHON ARGS...: pip of that interpreter, quiet about its own version
  local python="$1"; shift
  "${python}" -m pip --disable-pip-version-check "$@"
}

# The dev venv on PATH (ansible-test, ansible-lint and shellcheck come from it), no inherited collections path.
use_venv() {
  [ -x "${PY}" ] || die "no ${VENV}: run tests/ci/setup.sh (or make setup) first"
  export PATH="${VENV}/bin:${PATH}"
  unset ANSIBLE_COLLECTIONS_PATH ANSIBLE_COLLECTIONS_PATHS
}

# ansible-test runs pytest in the en_US.UTF-8 locale; where the system lacks it, ansible-test falls back to
# C.UTF-8 and ends its output with a warning about it. Build the locale into build/locale/ instead (only for
# steps whose child processes all keep the environment: ansible-runner, for one, drops LOCPATH).
standard_locale() {
  if ! "${PY}" -c 'import locale; locale.setlocale(locale.LC_ALL, "en_US.UTF-8")' 2>/dev/null \
     && command -v localedef >/dev/null; then
    [ -d "${BUILD}/locale/en_US.UTF-8" ] || { mkdir -p "${BUILD}/locale"; localedef -i en_US -f UTF-8 "${BUILD}/locale/en_US.UTF-8"; }
    export LOCPATH="${BUILD}/locale"
  fi
}

# The versions of the matrix lines of tests/constraints.txt (`# matrix: ansible-core==X`).
matrix_cores() { sed -n -E 's/^# matrix: ansible-core==([0-9.]+)$/\1/p' "${CONSTRAINTS}"; }

# tests/constraints.txt without its ansible-core pin, for a venv of another ansible-core.
constraints_without_core() {
  local out="${BUILD}/constraints-without-core.txt"
  mkdir -p "${BUILD}"
  grep -v -E '^ansible-core==' "${CONSTRAINTS}" > "${out}"
  echo "${out}"
}

# ansible-test bootstraps pip in its venvs with a get-pip script that it downloads from a host this
# machine cannot reach, unless ~/.ansible/test/cache/get_pip_<ver>.py exists. Put our stand-in there,
# next to the wheels it installs; the versions come from the given python's ansible-test.
install_pip_standin() {  # install_pip_standin PYTHON
  local python="$1" cache="${HOME}/.ansible/test/cache" packages pipver pkg name ver
  packages="$("${python}" -c '
import types
from ansible_test._internal.python_requirements import get_venv_packages
print(" ".join("%s==%s" % item for item in get_venv_packages(types.SimpleNamespace(version="'"${PYTHON_VERSION}"'")).items() if item[1]))')"
  # shellcheck disable=SC2086  # one package per word
  pipver="$(printf '%s\n' ${packages} | sed -n 's/^pip==//p')"
  [ -n "${pipver}" ] || die "cannot tell which pip ${python}'s ansible-test bootstraps"
  mkdir -p "${cache}"
  for pkg in ${packages}; do
    name="${pkg%%==*}"; ver="${pkg#*==}"
    if ! compgen -G "${cache}/${name}-${ver}-*.whl" >/dev/null; then
      run pip_in "${PY}" download --quiet --no-deps --only-binary=:all: -d "${cache}" "${pkg}"
    fi
  done
  if ! cmp -s "${REPO}/tests/ci/get_pip_standin.py" "${cache}/get_pip_${pipver//./_}.py"; then
    cp "${REPO}/tests/ci/get_pip_standin.py" "${cache}/get_pip_${pipver//./_}.py"
    echo "installed ansible-test's pip ${pipver} bootstrap stand-in in ${cache}"
  fi
}

# A venv with another ansible-core (and the packages the modules and the simulator need), made once.
core_venv() {  # core_venv VERSION: prints the venv's directory
  local version="$1" dir="${BUILD}/venv-core-$1"
  if [ ! -f "${dir}/.complete" ]; then
    rm -rf "${dir}"
    run "${BASE_PYTHON}" -m venv "${dir}" >&2
    run pip_in "${dir}/bin/python" install --quiet -c "$(constraints_without_core)" \
      "ansible-core==${version}" requests mohawk "${REPO}/simulator" >&2
    touch "${dir}/.complete"
  fi
  install_pip_standin "${dir}/bin/python" >&2
  echo "${dir}"
}

# Copy the checkout where ansible-test wants it; recopied every time so that edits are picked up. In a
# git work tree the copy holds what a clone would, plus untracked files that .gitignore does not exclude.
copy_collection() {  # copy_collection [DIR]: the copy goes to DIR, else to ${COLL}
  local COLL="${1:-${COLL}}"
  rm -rf "${COLL}"
  mkdir -p "${COLL}"
  if git -C "${REPO}" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    (cd "${REPO}" && git ls-files -z --cached --others --exclude-standard \
      | while IFS= read -r -d '' f; do if [ -e "$f" ] || [ -L "$f" ]; then printf '%s\0' "$f"; fi; done \
      | tar -cf - --null --no-recursion -T -) | tar -C "${COLL}" -xf -
  else
    (cd "${REPO}" && tar -cf - --exclude=.git --exclude=.venv --exclude=./build --exclude=./tests/output \
      --exclude=./tests/integration/inventory --exclude=./changelogs/.plugin-cache.yaml --exclude=.ansible \
      --exclude=.cache --exclude=.pytest_cache --exclude=__pycache__ --exclude='*.pyc' --exclude='*.egg-info' \
      --exclude='./*.tar.gz' .) | tar -C "${COLL}" -xf -
  fi
  # ansible-test lists files with git when it finds a .git directory, walking up from the current
  # directory: without one here it would find the checkout's and see nothing, as build/ is ignored.
  # A repository without commits makes it use `git ls-files --cached --others --exclude-standard`.
  git -C "${COLL}" init --quiet
}

# The modules and roles of a collection tree: plugins/modules/*.py, roles/*/
modules_of() {
  if [ -d "$1/plugins/modules" ]; then
    find "$1/plugins/modules" -maxdepth 1 -name '*.py' ! -name '__init__.py' -printf '%f\n' | sed 's/\.py$//' | sort
  fi
}
roles_of() { if [ -d "$1/roles" ]; then find "$1/roles" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort; fi; }

# run_shards LABEL TARGET...: the integration targets in INTEGRATION_SHARDS (default 2) runs of ansible-test at
# the same time (the ansible-test first on PATH), each in its own copy of the checkout (build/LABEL-<n>/): a
# target spends about half its time waiting on the simulator and on processes it starts, so two runs on two
# cores take little more than half the time of one. Each shard's output is shown once it ends
# (build/logs/LABEL-<n>.log); fails if any shard failed.
run_shards() {
  local label="$1"; shift
  local shards="${INTEGRATION_SHARDS:-2}" t i best failed=0 rc dest
  # Seconds a target takes on the 2-core machine where it was measured; the shards are balanced with them
  # (longest first, each to the shard with the least so far). A target not listed counts 30.
  local -A weight=(
    [role_decommission]=170 [role_site_rollout]=110 [export_round_trip]=97 [sraps_export]=90
    [role_onboard_customer]=90 [bad_input]=88 [faults]=83 [book_apply]=80 [module_examples]=80
    [rollout_verify]=80 [endpoint_moves]=60 [book_slices]=50 [role_export]=40 [awx_runner]=40 [endpoint_info_filters]=35
    [fleet_audit]=16 [role_fleet_audit]=10
  )
  local -a ordered load lists pids
  mapfile -t ordered < <(for t in "$@"; do printf '%s %s\n' "${weight[${t}]:-30}" "${t}"; done | sort -k1,1nr -k2 | cut -d' ' -f2)
  for ((i = 0; i < shards; i++)); do load[i]=0; lists[i]=""; done
  for t in "${ordered[@]}"; do
    best=0
    for ((i = 1; i < shards; i++)); do [ "${load[i]}" -lt "${load[best]}" ] && best="${i}"; done
    load[best]=$((load[best] + ${weight[${t}]:-30}))
    lists[best]="${lists[best]} ${t}"
  done
  mkdir -p "${BUILD}/logs"
  for ((i = 0; i < shards; i++)); do
    [ -n "${lists[i]}" ] || continue
    (
      dest="${BUILD}/${label}-$((i + 1))/collections/ansible_collections/${NAMESPACE}/${NAME}"
      copy_collection "${dest}"
      cd "${dest}"
      # shellcheck disable=SC2086  # the shard's target names, one word each
      ansible-test integration --python "${PYTHON_VERSION}" --local --color no ${lists[i]}
    ) >"${BUILD}/logs/${label}-$((i + 1)).log" 2>&1 &
    pids[i]="$!"
    echo "${label} shard $((i + 1)) of ${shards}:${lists[i]}"
  done
  for ((i = 0; i < shards; i++)); do
    [ -n "${lists[i]}" ] || continue
    rc=0
    wait "${pids[i]}" || rc=$?
    printf '\n---------- shard %d (exit %d): %s\n' "$((i + 1))" "${rc}" "${BUILD}/logs/${label}-$((i + 1)).log"
    cat "${BUILD}/logs/${label}-$((i + 1)).log"
    [ "${rc}" -eq 0 ] || failed=$((failed + 1))
  done
  [ "${failed}" -eq 0 ] || die "${failed} of ${shards} ${label} shards failed (their output is above)"
}
