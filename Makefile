# Build and test toolchain for the sraps.provisioning Ansible collection.
#
#   make test          everything CI runs (bash .ci/run), stopping at the first failing step
#   make help          list the targets
#
# The repository root is the collection root.  `make setup` creates .venv/ (pinned toolchain from
# tests/requirements-dev.txt + tests/constraints-dev.txt, plus ./simulator when it exists).  Every
# step that runs ansible-test first copies the checkout to
# build/collections/ansible_collections/<namespace>/<name>/, because ansible-test needs the
# collection at such a path and must not see .venv/.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.ONESHELL:
.NOTPARALLEL:
.DELETE_ON_ERROR:
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

REPO := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
BASE_PYTHON ?= python3.11
PYTHON_VERSION := 3.11

VENV := $(REPO)/.venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PIP := $(PY) -m pip --disable-pip-version-check
DEV_REQUIREMENTS := $(REPO)/tests/requirements-dev.txt
DEV_CONSTRAINTS := $(REPO)/tests/constraints-dev.txt

# namespace, name and version from galaxy.yml (plain `key: value` lines)
galaxy_value = $(shell sed -n -E "s/^$(1):[[:space:]]*['\"]?([^'\"[:space:]]+).*/\1/p" $(REPO)/galaxy.yml)
NAMESPACE := $(call galaxy_value,namespace)
NAME := $(call galaxy_value,name)
VERSION := $(call galaxy_value,version)

BUILD := $(REPO)/build
LOGS := $(BUILD)/logs
COLLECTIONS := $(BUILD)/collections
COLL := $(COLLECTIONS)/ansible_collections/$(NAMESPACE)/$(NAME)
INSTALLED := $(BUILD)/installed
TARBALL := $(BUILD)/$(NAMESPACE)-$(NAME)-$(VERSION).tar.gz

SIMULATOR_PYPROJECT := $(wildcard $(REPO)/simulator/pyproject.toml)
VENV_STAMP := $(VENV)/.stamp-dev
SIMULATOR_STAMP := $(if $(SIMULATOR_PYPROJECT),$(VENV)/.stamp-simulator)

# ansible-test, ansible-lint and friends come from the venv; shellcheck (for the sanity test) too.
export PATH := $(BIN):$(PATH)
unexport ANSIBLE_COLLECTIONS_PATH ANSIBLE_COLLECTIONS_PATHS

# Beginning of every step recipe: time it, record the result for the summary, echo commands run.
define step
	SECONDS=0
	mkdir -p $(LOGS)
	trap 'rc=$$?; status=ok; [ $$rc -eq 0 ] || status="FAILED (exit $$rc)"; printf "%-16s %5ss  %s\n" "$(or $(1),$@)" "$$SECONDS" "$$status" >> $(LOGS)/timings.txt; echo "=== $(or $(1),$@): $$status in $$SECONDS s"' EXIT
	trap 'rc=$$?; case "$$BASH_COMMAND" in tee*) ;; *) echo "error: \"$$BASH_COMMAND\" failed (exit $$rc)" >&2 ;; esac' ERR
	run() { printf '+ %s\n' "$$*"; "$$@"; }
	echo "=== $(or $(1),$@)"
endef

.PHONY: help
help:
	@printf '%s\n' \
	  'Targets:' \
	  '  make test         setup, sanity, units, simulator-tests, integration, lint, changelog-check,' \
	  '                    docs-check, then a summary (what CI runs via .ci/run)' \
	  '  make setup        .venv/ with the pinned toolchain (+ ./simulator), and ansible-test'\''s pip' \
	  '                    bootstrap stand-in in ~/.ansible/test/cache/' \
	  '  make collection   (re)copy the checkout to build/collections/ansible_collections/$(NAMESPACE)/$(NAME)/' \
	  '  make sanity       ansible-test sanity --venv --requirements (all default tests, no ignore entries)' \
	  '  make units        ansible-test units --local on tests/unit/' \
	  '  make simulator-tests   pytest on simulator/tests/' \
	  '  make integration  ansible-test integration --local on tests/integration/targets/' \
	  '  make lint         yamllint -s . and ansible-lint --offline --profile production' \
	  '  make changelog-check   antsibull-changelog lint; CHANGELOG.md and changelog.yaml up to date' \
	  '  make changelog    fold new fragments and new modules/roles into release $(VERSION), regenerate CHANGELOG.md' \
	  '  make build        ansible-galaxy collection build (from the copy) + install into build/installed/' \
	  '  make docs-check   build, then ansible-doc every module, role and filter/test/lookup/... plugin of' \
	  '                    the installed collection (fails on errors, warnings or empty output)' \
	  '  make demo         onboard the demo customer into the simulator: dry run, real run, re-run' \
	  '                    (changed=0), then a site rollout with its report' \
	  '  make bench        rollouts measured side by side against the simulator (BENCH_ARGS=--help)' \
	  '  make freeze       regenerate tests/constraints-dev.txt from a fresh venv' \
	  '  make clean        remove build/ and tests/output/ (keeps .venv/); make distclean also removes .venv/'

# ---------------------------------------------------------------------------------------- setup

.PHONY: setup
setup: $(VENV_STAMP) $(SIMULATOR_STAMP)
	@$(call step)
	# ansible-test bootstraps pip in its venvs with a get-pip script it downloads from a host this
	# machine cannot reach, unless ~/.ansible/test/cache/get_pip_<ver>.py exists: put our stand-in
	# there, next to the pip wheel it installs.  The pip version is read from ansible-test's source.
	src=$$($(PY) -c 'import ansible_test, os; print(os.path.dirname(ansible_test.__file__))')/_internal/python_requirements.py
	pipver=$$(sed -n -E "s/^[[:space:]]*pip='([0-9][0-9.]*)',?[[:space:]]*$$/\1/p" "$$src" | head -n 1)
	if [ -z "$$pipver" ]; then echo "cannot find the pip version in $$src" >&2; exit 1; fi
	cache=$$HOME/.ansible/test/cache
	script=$$cache/get_pip_$${pipver//./_}.py
	mkdir -p "$$cache"
	if [ ! -f "$$cache/pip-$$pipver-py3-none-any.whl" ]; then
	  run $(PIP) download --quiet --no-deps --only-binary=:all: -d "$$cache" "pip==$$pipver"
	fi
	if ! cmp -s $(REPO)/tests/ci/get_pip_standin.py "$$script"; then
	  cp $(REPO)/tests/ci/get_pip_standin.py "$$script"
	  echo "installed ansible-test's pip bootstrap stand-in: $$script"
	fi

$(VENV_STAMP): $(DEV_REQUIREMENTS) $(DEV_CONSTRAINTS)
	@$(call step,setup-venv)
	if [ ! -x $(PY) ]; then run $(BASE_PYTHON) -m venv $(VENV); fi
	run $(PIP) install --quiet -r $(DEV_REQUIREMENTS) -c $(DEV_CONSTRAINTS)
	touch $@

# Editable, so that the integration targets and the demo always import the checkout's simulator.
$(VENV)/.stamp-simulator: $(SIMULATOR_PYPROJECT) $(VENV_STAMP)
	@$(call step,setup-simulator)
	run $(PIP) install --quiet -e $(REPO)/simulator -c $(DEV_CONSTRAINTS)
	touch $@

# Copy the checkout where ansible-test wants it; recopied every time so that edits are picked up.
# In a git work tree the copy holds what a clone would plus untracked files that .gitignore does not
# exclude (so no .venv/, bench/.venv/, caches, egg-info, tests/output/...); elsewhere tar with excludes.
COPY_EXCLUDES := --exclude=.git --exclude=.venv --exclude=./build --exclude=./tests/output \
  --exclude=./tests/integration/inventory --exclude=./changelogs/.plugin-cache.yaml \
  --exclude=.ansible --exclude=.cache --exclude=.pytest_cache --exclude=.mypy_cache --exclude=.tox \
  --exclude=__pycache__ --exclude='*.pyc' --exclude='*.egg-info' --exclude='./*.tar.gz'

.PHONY: collection
collection:
	@rm -rf $(COLL)
	mkdir -p $(COLL)
	cd $(REPO)
	if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	  git ls-files -z --cached --others --exclude-standard \
	  | while IFS= read -r -d '' f; do if [ -e "$$f" ] || [ -L "$$f" ]; then printf '%s\0' "$$f"; fi; done \
	  | tar -cf - --null --no-recursion -T - | tar -C $(COLL) -xf -
	else
	  tar -cf - $(COPY_EXCLUDES) . | tar -C $(COLL) -xf -
	fi
	# ansible-test lists files with git when it finds a .git directory, walking up from the current
	# directory: without one here it would find the checkout's and see nothing, as build/ is ignored.
	# A repository without commits makes it use `git ls-files --cached --others --exclude-standard`.
	git -C $(COLL) init --quiet

# ---------------------------------------------------------------------------------------- tests

.PHONY: sanity
sanity: setup collection
	@$(call step)
	cd $(COLL)
	ignores=$$(cat tests/sanity/ignore-*.txt tests/sanity/skip-*.txt 2>/dev/null | grep -Ev '^[[:space:]]*(#|$$)' || true)
	if [ -n "$$ignores" ]; then
	  echo "tests/sanity/ must hold no ignore entries, found:" >&2; echo "$$ignores" >&2; exit 1
	fi
	run ansible-test sanity --python $(PYTHON_VERSION) --venv --requirements 2>&1 | tee $(LOGS)/sanity.log

.PHONY: units
units: setup collection
	@$(call step)
	cd $(COLL)
	run ansible-test units --python $(PYTHON_VERSION) --local 2>&1 | tee $(LOGS)/units.log

.PHONY: simulator-tests
simulator-tests: setup
	@$(call step)
	cd $(REPO)
	run $(PY) -m pytest -p no:cacheprovider simulator/tests 2>&1 | tee $(LOGS)/simulator-tests.log

.PHONY: integration
integration: setup collection
	@$(call step)
	cd $(COLL)
	run ansible-test integration --python $(PYTHON_VERSION) --local 2>&1 | tee $(LOGS)/integration.log

# The oldest ansible-core that meta/runtime.yml declares: the endpoint module and the onboarding role
# run against the simulator with it, in a venv of its own.
COMPAT_CORE := 2.16.19
COMPAT_VENV := $(BUILD)/venv-core-$(COMPAT_CORE)
COMPAT_TARGETS := sraps_endpoint role_onboard_customer

.PHONY: compat
compat: setup collection
	@$(call step)
	if [ ! -x $(COMPAT_VENV)/bin/ansible-playbook ]; then
	  run $(BASE_PYTHON) -m venv $(COMPAT_VENV)
	  run $(COMPAT_VENV)/bin/python -m pip --disable-pip-version-check install --quiet \
	    ansible-core==$(COMPAT_CORE) requests==2.34.2 mohawk==1.1.0 $(REPO)/simulator
	fi
	cd $(COLL)/tests/integration
	printf 'localhost ansible_connection=local ansible_python_interpreter=%s\n' $(COMPAT_VENV)/bin/python > inventory
	for target in $(COMPAT_TARGETS); do
	  ( cd targets/$$target && PATH=$(COMPAT_VENV)/bin:$$PATH ANSIBLE_COLLECTIONS_PATH=$(COLLECTIONS) \
	    ANSIBLE_TEST_PYTHON_INTERPRETER=$(COMPAT_VENV)/bin/python bash runme.sh > $(LOGS)/compat-$$target.log 2>&1 ) \
	    || { tail -n 40 $(LOGS)/compat-$$target.log; echo "ansible-core $(COMPAT_CORE): $$target FAILED" >&2; exit 1; }
	  echo "ansible-core $(COMPAT_CORE): $$target passed" | tee -a $(LOGS)/compat.log
	done

.PHONY: lint
lint: setup collection
	@$(call step)
	cd $(REPO)
	# both linters run, so that one run shows every finding; the step fails if either fails
	rc=0
	run yamllint -s . 2>&1 | tee $(LOGS)/lint.log || rc=1
	if [ $$rc -eq 0 ]; then echo "yamllint: passed" | tee -a $(LOGS)/lint.log; fi
	run env ANSIBLE_COLLECTIONS_PATH=$(COLLECTIONS) ansible-lint --offline --profile production $(if $(CI),--nocolor) 2>&1 \
	  | tee -a $(LOGS)/lint.log || rc=1
	exit $$rc

# Re-releasing the same version warns that it exists and, with no new release_summary, that it has none.
QUIET_RELEASE = 2>&1 | { grep -v -e 'release $(VERSION) already exists' -e 'Found no release_summary section' || true; }

# changelogs/changelog.yaml holds release $(VERSION) (the version in galaxy.yml); new fragments and
# new modules/roles are folded into it by `make changelog`.  The check does that in the copy and
# fails when the result differs from what is committed.
.PHONY: changelog
changelog: setup
	@$(call step)
	cd $(REPO)
	run antsibull-changelog lint
	run antsibull-changelog release --version $(VERSION) --reload-plugins --refresh-plugins $(QUIET_RELEASE)
	run antsibull-changelog generate
	rm -f changelogs/.plugin-cache.yaml

.PHONY: changelog-check
changelog-check: setup collection
	@$(call step)
	cd $(COLL)
	run antsibull-changelog lint 2>&1 | tee $(LOGS)/changelog.log
	run antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml 2>&1 | tee -a $(LOGS)/changelog.log
	run antsibull-changelog release --version $(VERSION) --reload-plugins --refresh-plugins $(QUIET_RELEASE)
	run antsibull-changelog generate
	stale=0
	for f in changelogs/changelog.yaml CHANGELOG.md; do
	  if ! diff -u $(REPO)/$$f $$f; then stale=1; fi
	done
	leftover=$$(find $(REPO)/changelogs/fragments -type f -name '*.y*ml' 2>/dev/null || true)
	if [ -n "$$leftover" ]; then echo "fragments not yet folded into the changelog:"; echo "$$leftover"; stale=1; fi
	if [ $$stale -ne 0 ]; then echo "CHANGELOG is not current: run 'make changelog' and commit the result" >&2; exit 1; fi
	echo "changelog: release $(VERSION) is current" | tee -a $(LOGS)/changelog.log

# ---------------------------------------------------------------------------------------- build

.PHONY: build
build: setup collection
	@$(call step)
	rm -rf $(INSTALLED) $(BUILD)/$(NAMESPACE)-$(NAME)-*.tar.gz
	# built from the copy, i.e. from the files a clone has (galaxy.yml's build_ignore still applies)
	run ansible-galaxy collection build $(COLL) --output-path $(BUILD) --force
	run env ANSIBLE_COLLECTIONS_PATH=$(INSTALLED) ansible-galaxy collection install $(TARBALL) -p $(INSTALLED) --no-deps --force

# ansible-doc exits 0 and prints nothing (or only a warning) for a plugin it cannot load.
.PHONY: docs-check
docs-check: build
	@$(call step)
	export ANSIBLE_COLLECTIONS_PATH=$(INSTALLED)
	coll=$(INSTALLED)/ansible_collections/$(NAMESPACE)/$(NAME)
	errors=0; modules=0; roles=0
	check() {
	  local out err
	  out=$$(mktemp); err=$$(mktemp)
	  if ! "$$@" > "$$out" 2> "$$err" || [ ! -s "$$out" ] || [ -s "$$err" ]; then
	    echo "FAILED: $$*" >&2; cat "$$err" >&2
	    [ -s "$$out" ] || echo "(no output)" >&2
	    errors=$$((errors + 1))
	  else
	    echo "ok: $$*"
	  fi
	  rm -f "$$out" "$$err"
	}
	# the modules and roles of a collection tree: plugins/modules/*.py, roles/*/
	modules_of() { if [ -d "$$1/plugins/modules" ]; then find "$$1/plugins/modules" -maxdepth 1 -name '*.py' ! -name '__init__.py' -printf '%f\n' | sed 's/\.py$$//' | sort; fi; }
	roles_of() { if [ -d "$$1/roles" ]; then find "$$1/roles" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort; fi; }
	for m in $$(modules_of "$$coll"); do check ansible-doc "$(NAMESPACE).$(NAME).$$m"; modules=$$((modules + 1)); done
	for r in $$(roles_of "$$coll"); do check ansible-doc -t role "$(NAMESPACE).$(NAME).$$r"; roles=$$((roles + 1)); done
	# other documentable plugins (a filter or test file may hold several plugins: ask ansible-doc)
	others=0
	for t in filter test lookup inventory callback connection become cache vars; do
	  [ -d "$$coll/plugins/$$t" ] || continue
	  names=$$(ansible-doc -t "$$t" --list --json $(NAMESPACE).$(NAME) | $(PY) -c 'import json, sys; print("\n".join(sorted(json.load(sys.stdin))))')
	  for p in $$names; do check ansible-doc -t "$$t" "$$p"; others=$$((others + 1)); done
	done
	n_src_modules=$$(modules_of $(REPO) | wc -l)
	n_src_roles=$$(roles_of $(REPO) | wc -l)
	if [ "$$modules" -ne "$$n_src_modules" ] || [ "$$roles" -ne "$$n_src_roles" ]; then
	  echo "the tarball holds $$modules modules and $$roles roles, the checkout $$n_src_modules and $$n_src_roles" >&2
	  errors=$$((errors + 1))
	fi
	if [ "$$errors" -ne 0 ]; then echo "ansible-doc: $$errors failure(s)" >&2; exit 1; fi
	echo "ansible-doc: $$modules modules, $$roles roles and $$others other plugins documented, 0 errors ($$(basename $(TARBALL)))" | tee $(LOGS)/docs.log

# ---------------------------------------------------------------------------------------- all

.PHONY: test
test: test-begin setup sanity units simulator-tests integration compat lint changelog-check docs-check docs-lint ee-check
	@echo
	echo "==================================== summary ===================================="
	cat $(LOGS)/timings.txt
	echo "---------------------------------------------------------------------------------"
	last() {  # last STEP LOG REGEX [N]: the runner's own summary line(s), colours stripped
	  if [ -f "$(LOGS)/$$2" ]; then
	    sed -E 's/\x1b\[[0-9;]*m//g' "$(LOGS)/$$2" | { grep -E "$$3" || true; } | tail -n "$${4:-1}" | sed "s/^/$$1: /"
	  fi
	}
	pytest_line='^=+ .*(passed|failed|error|no tests ran).* =+$$'
	if [ -f $(LOGS)/sanity.log ]; then
	  echo "sanity: $$(grep -c '^Running sanity test' $(LOGS)/sanity.log) tests run ($$(grep -c 'Skipping sanity test' $(LOGS)/sanity.log) skipped), 0 ignore entries"
	fi
	last units units.log "$$pytest_line" 10  # ansible-test runs pytest once per context (controller, target)
	last simulator-tests simulator-tests.log "$$pytest_line"
	echo "integration: $$(grep -Ec '^Running [^ ]+ integration test' $(LOGS)/integration.log) targets passed"
	last compat compat.log 'passed' 2 | sed 's/^compat: //'
	last lint lint.log '^yamllint: '
	last lint lint.log '^(Passed|Failed):'
	last changelog-check changelog.log '^changelog:' | sed 's/^changelog-check: //'
	last docs-check docs.log '^ansible-doc:' | sed 's/^docs-check: //'
	last docs-lint docs-lint.log '^antsibull-docs:' | sed 's/^docs-lint: //'
	last ee-check ee-check.log 'PASS' | sed 's/^ee-check: //'
	echo "make test: all steps passed in $$(awk '{s += $$2} END {print s}' $(LOGS)/timings.txt)s"

.PHONY: ee-check
ee-check: build
	@$(call step)
	run $(REPO)/tests/ci/ee_check.sh $(INSTALLED) $(TARBALL) 2>&1 | tee $(LOGS)/ee-check.log

.PHONY: docs-lint
docs-lint: setup collection
	@$(call step)
	cd $(COLL)
	run antsibull-docs lint-collection-docs --plugin-docs . 2>&1 | tee $(LOGS)/docs-lint.log
	echo "antsibull-docs: collection docs lint passed" | tee -a $(LOGS)/docs-lint.log

.PHONY: bench
bench:
	@$(call step)
	# its own venv: matplotlib draws the plot and is never a dependency of the collection
	if [ ! -x $(REPO)/bench/.venv/bin/python ]; then
	  run $(BASE_PYTHON) -m venv $(REPO)/bench/.venv
	  run $(REPO)/bench/.venv/bin/python -m pip --disable-pip-version-check install --quiet -r $(REPO)/bench/requirements.txt
	fi
	run $(REPO)/bench/.venv/bin/python $(REPO)/bench/run.py $(BENCH_ARGS)

.PHONY: test-begin
test-begin:
	@rm -f $(LOGS)/*.log $(LOGS)/timings.txt

.PHONY: demo
demo: setup collection
	@$(call step)
	run env DEMO_PYTHON=$(PY) ANSIBLE_COLLECTIONS_PATH=$(COLLECTIONS) DEMO_REPORT_DIR=$(BUILD)/demo bash $(REPO)/tests/ci/demo.sh

# Regenerate the full pin list from a throwaway venv built from tests/requirements-dev.txt.
.PHONY: freeze
freeze:
	@tmp=$$(mktemp -d)
	trap 'rm -rf "$$tmp"' EXIT
	$(BASE_PYTHON) -m venv "$$tmp/venv"
	"$$tmp/venv/bin/python" -m pip --disable-pip-version-check install --quiet -r $(DEV_REQUIREMENTS)
	{ echo "# Every package of the dev toolchain, pinned (pip freeze of a fresh .venv made from tests/requirements-dev.txt"
	  echo "# with Python $$("$$tmp/venv/bin/python" -c 'import platform; print(platform.python_version())')). Regenerate with: make freeze"
	  "$$tmp/venv/bin/python" -m pip --disable-pip-version-check freeze; } > $(DEV_CONSTRAINTS)
	echo "wrote $(DEV_CONSTRAINTS)"

.PHONY: clean
clean:
	@rm -rf $(BUILD) $(REPO)/tests/output $(REPO)/tests/integration/inventory $(REPO)/changelogs/.plugin-cache.yaml $(REPO)/.ansible
	find $(REPO) -path $(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

.PHONY: distclean
distclean: clean
	@rm -rf $(VENV)
