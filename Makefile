# The README documents two commands: `make run` and `make test`.
# Everything else here is plumbing.

PORT ?= 8501
VENV := .venv
PY   := $(VENV)/bin/python
PYTEST_ARGS ?=

.PHONY: setup run test build-data bench clean

setup:
	@bash scripts/setup.sh

run: setup
	@echo "Dashboard: http://localhost:$(PORT)  (Ctrl-C to stop)"
	$(VENV)/bin/streamlit run app.py --server.headless true --server.port $(PORT) --browser.gatherUsageStats false

test: setup
	$(PY) -m pytest -c pytest.ini $(PYTEST_ARGS)

build-data: setup
	$(PY) -m kpi.build

bench: setup
	$(PY) -m bench

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis test-artifacts
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
