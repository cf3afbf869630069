#!/usr/bin/env bash
# .venv/ with the dev toolchain (tests/requirements-dev.txt, pinned by tests/constraints.txt) and the
# simulator (editable, so that the integration targets and the demo import the checkout's), and
# ansible-test's pip bootstrap stand-in. Reinstalls when the requirements or the pins change.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

stamp="${VENV}/.stamp-dev"
want="$(cat "${REPO}/tests/requirements-dev.txt" "${CONSTRAINTS}" "${REPO}/simulator/pyproject.toml" | sha256sum)"
if [ ! -f "${stamp}" ] || [ "$(cat "${stamp}")" != "${want}" ]; then
  [ -x "${PY}" ] || run "${BASE_PYTHON}" -m venv "${VENV}"
  run pip_in "${PY}" install --quiet -r "${REPO}/tests/requirements-dev.txt" -e "${REPO}/simulator" -c "${CONSTRAINTS}"
  echo "${want}" > "${stamp}"
fi
use_venv
install_pip_standin "${PY}"
echo "setup: $("${PY}" --version), ansible-core $("${PY}" -c 'import ansible; print(ansible.__version__)') in ${VENV}"
