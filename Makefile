# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q
# uv installs the same packages as pip (same resolver results, checked with `pip
# freeze`), downloading and unpacking in parallel: a fresh set-up took 16 s instead
# of pip's 108-123 s on this two-core machine, with an empty cache either way.
UV     := $(VENV)/bin/uv pip install -q --python $(PY)

.PHONY: run test bench lint install install-dev clean

$(VENV)/.uv:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install 'uv>=0.13.9,<0.14'
	touch $@

$(VENV)/.base: pyproject.toml | $(VENV)/.uv
	$(UV) -e .
	touch $@

$(VENV)/.dev: $(VENV)/.base
	$(UV) -e '.[dev]'
	touch $@

install: $(VENV)/.base
install-dev: $(VENV)/.dev

run: install
	$(VENV)/bin/commplan db upgrade
	$(VENV)/bin/streamlit run streamlit_app.py --server.address 127.0.0.1 --server.port 8501

test: install-dev
	scripts/ensure-postgres.sh
	scripts/ensure-chromium.sh
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -n auto --dist loadfile

bench: install-dev
	scripts/ensure-postgres.sh
	$(PY) bench/bench_check.py
	$(PY) bench/bench_hostile.py
	$(PY) bench/bench_fuzz.py
	$(PY) bench/bench_import.py --backend both
	$(PY) bench/bench_store.py
	$(PY) bench/bench_feedback.py
	$(PY) bench/bench_dashboards.py
	$(PY) bench/bench_studio.py
	scripts/ensure-chromium.sh
	$(PY) bench/bench_browser.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
