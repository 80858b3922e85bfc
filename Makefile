# kiosk-twin: the README's two commands are `make demo` and `make test`; both set everything up first.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: setup system-deps demo test check lint typecheck pytest wheel-check constraints bench simulate clean install-kiosk

setup: system-deps $(STAMP)

# Debian packages for the integration tier (pcscd, vpcd, SANE, build headers); quiet when present.
system-deps:
	@scripts/install-system-deps.sh

# Everything (kiosk, twin, simulator, Dask, dev tools) at the versions pinned in constraints.txt.
EXTRAS := dev,twin,sim,dask
$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --upgrade pip
	@# pyscard and python-sane build from source; without the headers fall back to the rest
	@$(BIN)/python -m pip install -q -c constraints.txt -e '.[devices,$(EXTRAS)]' || \
	  { echo "note: device extras (pyscard, python-sane) did not build; installing without them" >&2; \
	    $(BIN)/python -m pip install -q -c constraints.txt -e '.[$(EXTRAS)]'; }
	@touch $(STAMP)

demo: setup
	$(BIN)/kiosk-twin up

check: lint typecheck

lint: setup
	$(BIN)/ruff check .

typecheck: setup
	$(BIN)/mypy

# The whole suite (emulated devices), then the @wire scenarios against pcscd, SANE and uvicorn (they
# share the one pcscd: one process). PYTEST_WORKERS=2 runs the first part on two processes (conftest.py
# keeps the pcscd tests and the BDD scenarios each on one worker); 0, the default, runs it in this one.
PYTEST_WORKERS ?= 0
pytest: setup
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)
	$(BIN)/python -m pytest features --devices wire -m wire $(PYTEST_ARGS)

# pytest's own exit status is passed through: 5 (no tests collected) fails like any other.
test: check pytest

# Build the wheel, install it in a fresh venv outside the repository and run the commands from it.
wheel-check: setup
	@scripts/wheel-check.sh

# Re-pin constraints.txt from the working venv (run after changing dependencies, then make test).
constraints: setup
	@{ sed -n '/^#/p' constraints.txt; $(BIN)/python -m pip freeze --exclude-editable | grep -vi '^kiosk-twin'; } > constraints.tmp
	@mv constraints.tmp constraints.txt

bench: setup
	@set -e; for f in benchmarks/bench_*.py; do echo "== $$f"; $(BIN)/python $$f; done

simulate: setup
	$(BIN)/kiosk-sim run pilot-2025

# A kiosk PC (Debian 12, as root): X on vt7, the kiosk as a systemd service (docs/decisions/0025).
install-kiosk:
	deploy/install-kiosk.sh

clean:
	rm -rf $(VENV) reports/out var .mypy_cache .ruff_cache
