# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q

.PHONY: run test bench lint install install-dev clean

$(VENV)/.base: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -e .
	touch $@

$(VENV)/.dev: $(VENV)/.base
	$(PIP) install -e '.[dev]'
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
