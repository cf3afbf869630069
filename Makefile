# Index of the build and test steps of the sraps.provisioning collection. Each step is a script under
# tests/ci/ that runs on its own (after tests/ci/setup.sh); tests/ci/lib.sh holds what they share, and
# tests/constraints.txt every pinned version.
#
#   make test     every step below, in this order, stopping at the first failure (CI: bash .ci/run)
#   make help     the steps and the other targets

SHELL := /bin/bash
.DEFAULT_GOAL := help
CI_DIR := tests/ci

# What `make test` runs, in order, with one line of help each (`make help` prints them).
TEST_STEPS := setup sanity lint changelog-check docs-check docs-lint ee-check galaxy-importer \
  sanity-matrix integration compat units simulator-tests
help_setup           := .venv/ with the pinned toolchain and the simulator; ansible-test's pip bootstrap stand-in
help_sanity          := ansible-test sanity, every default test, no ignore entries (ansible-core of .venv/)
help_lint            := yamllint --strict, ansible-lint --offline --profile production
help_changelog-check := antsibull-changelog lints; changelog.yaml and CHANGELOG.md current
help_docs-check      := build and install the tarball; ansible-doc on every module, role and plugin; getting-started's install lines; make demo's output
help_docs-lint       := antsibull-docs lint-collection-docs --plugin-docs
help_ee-check        := the execution environment's build context and introspection (no container engine)
help_galaxy-importer := galaxy-importer (Galaxy's upload checks) on the built tarball, no warnings
help_sanity-matrix   := ansible-test sanity on each older ansible-core of tests/constraints.txt
help_integration     := ansible-test integration, every target, against the simulator
help_compat          := the target of every module and role on the oldest ansible-core meta/runtime.yml declares
help_units           := ansible-test units (tests/unit/, including docs/api-coverage.md against _sraps_api.py)
help_simulator-tests := pytest on simulator/tests/

# Other targets, not part of `make test`.
OTHER_TARGETS := demo bench build changelog api-coverage freeze clean distclean
help_demo            := onboard the demo customer into the simulator: dry run, real run, re-run, site rollout (output in build/demo/)
help_bench           := rollouts measured side by side against the simulator (BENCH_ARGS=--help)
help_build           := ansible-galaxy collection build + install into build/installed/
help_changelog       := fold new fragments and modules/roles into the release of galaxy.yml, regenerate CHANGELOG.md
help_api-coverage    := regenerate the tables of docs/api-coverage.md from plugins/module_utils/_sraps_api.py
help_freeze          := regenerate tests/constraints.txt from fresh venvs
help_clean           := remove build/ and tests/output/ (keeps .venv/)
help_distclean       := clean, and remove .venv/ and bench/.venv/

.PHONY: help test $(TEST_STEPS) $(OTHER_TARGETS)

help:
	@echo 'make test runs these steps, in order (each is tests/ci/<step>.sh, also runnable alone):'
	@$(foreach s,$(TEST_STEPS),printf '  make %-18s %s\n' "$(s)" "$(help_$(s))";)
	@echo 'Other targets (not run by make test):'
	@$(foreach s,$(OTHER_TARGETS),printf '  make %-18s %s\n' "$(s)" "$(help_$(s))";)

test:
	@$(CI_DIR)/pipeline.sh $(TEST_STEPS)

setup:
	@$(CI_DIR)/setup.sh

# Every other step needs the venv: make sets it up first (quick when nothing changed).
$(filter-out setup,$(TEST_STEPS)) demo build changelog api-coverage: setup
	@$(CI_DIR)/$@.sh

bench:
	@$(CI_DIR)/bench.sh $(BENCH_ARGS)

freeze:
	@$(CI_DIR)/freeze.sh

clean:
	rm -rf build tests/output tests/integration/inventory changelogs/.plugin-cache.yaml .ansible
	find . -path ./.venv -prune -o -path ./bench/.venv -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf .venv bench/.venv
