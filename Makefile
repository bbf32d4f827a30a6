# Horizonte — `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
HOST ?= 127.0.0.1
PORT ?= 5000
# Three workers on a 2-core machine: a third of the suite's time is spent waiting for servers,
# browsers and databases, so a third worker keeps both cores busy (.ci/run: 8.5 min, against 10.9
# with two workers, measured on this machine).
PYTEST_WORKERS ?= 3
# Work stealing: each worker starts on a contiguous third of the tests (a module's tests, and the
# live server they share, stay on one worker) and an idle worker takes half of a busy one's queue.
# The default (load) sends the last tests in chunks, and the hostile-input walks (20-50 s each)
# once all landed on one worker: it ran 140 s after the other two had finished.
PYTEST_DIST ?= worksteal

# The message catalogs: edited as .po, compiled to .mo by every target that serves or tests.
PO_FILES := $(wildcard forum/translations/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)
PYBABEL := $(BIN)/pybabel

.PHONY: help install run test lint bench bench-realtime migrate seed clean browser nginx wrk vendor translations messages screenshots

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

# Serving needs the package alone; the test tools (pytest, Playwright, ruff, ...) come with `make test`,
# in one install on a fresh clone (one resolution and one build of the package, not two).
# The installer is uv (pinned here): it resolves and installs the pinned set in seconds where pip
# takes forty (a third of `make test`'s budget on a fresh clone). pip installs it, and takes over
# where uv cannot be had or fails.
UV_VERSION := 0.13.10
VENV_READY = test -x $(BIN)/python || $(PYTHON) -m venv $(VENV); \
	test -x $(BIN)/uv || $(BIN)/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION) || true
# --compile-bytecode: pip compiles the installed modules, uv does not by default; without it, and
# where PYTHONDONTWRITEBYTECODE is set, every process (test workers, servers, commands) compiled
# Flask, SQLAlchemy and the rest again at start: 4.4 s instead of 1.9.
PIP_INSTALL = $(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -c constraints.txt $(1) \
	|| $(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt $(1)

$(STAMP): pyproject.toml constraints.txt
	$(VENV_READY)
	$(call PIP_INSTALL,-e .)
	touch $(STAMP)

$(TEST_STAMP): pyproject.toml constraints.txt
	$(VENV_READY)
	$(call PIP_INSTALL,-e '.[test]')
	touch $(STAMP) $(TEST_STAMP)

install: $(STAMP) ## Create .venv and install the pinned dependencies (serving only)

migrate: $(STAMP) ## Apply the database migrations (DATABASE_URL, default instance/forum.db)
	$(FLASK) db upgrade

seed: migrate ## Load the demo data when the database is empty
	$(FLASK) seed demo --if-empty

run: seed translations ## Set everything up and serve on HOST:PORT (default 127.0.0.1:5000; make run PORT=8000 HOST=0.0.0.0)
	SERVER_BASE_URL=$${SERVER_BASE_URL:-http://$(HOST):$(PORT)} $(FLASK) run --host $(HOST) --port $(PORT)

browser: ## Install Debian's Chromium for the browser tests (root, once)
	@test -x /usr/bin/chromium || { command -v apt-get >/dev/null && \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
		|| echo "chromium not installed: browser tests will skip"; }

nginx: ## Install Debian's nginx for the deployment test (root, once; tests/test_deploy.py)
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { command -v apt-get >/dev/null && \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null) \
		|| echo "nginx not installed: the deployment test will skip"; }

# The OpenID Connect provider the sign-in tests start (tests/oidc_provider: oidc-provider, 3 MB, 2 s),
# installed again when its lock changes; without npm those tests skip and say why (fail with CI=true).
OIDC_PROVIDER_STAMP := tests/oidc_provider/node_modules/.package-lock.json
.PHONY: oidc-provider
oidc-provider: $(OIDC_PROVIDER_STAMP) ## Install the OpenID provider of the sign-in tests (npm)
$(OIDC_PROVIDER_STAMP): tests/oidc_provider/package-lock.json
	@if command -v npm >/dev/null; then npm ci --prefix tests/oidc_provider --ignore-scripts --no-audit --no-fund \
		--loglevel=error; else echo "npm not installed: the OpenID Connect tests will skip"; fi

test: $(TEST_STAMP) translations browser nginx oidc-provider wrk ## Run the whole test suite (SQLite; PostgreSQL/Redis too when TEST_* are set)
	$(BIN)/ruff check .
	@# Bytecode written even where PYTHONDONTWRITEBYTECODE is set: pytest keeps its rewritten test
	@# modules as .pyc only then, and each worker and server otherwise compiles them again (7 s a process).
	PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -n $(PYTEST_WORKERS) --dist $(PYTEST_DIST) -m "not load" --durations=15 $(PYTEST_ARGS)
	@# Timed under load: alone on the machine, or the other worker's tests would be measured too.
	@# Only the module that has them is collected (collecting the whole suite to pick them costs 5 s).
	PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -p no:xdist -m load $(PYTEST_ARGS) tests/test_load.py

translations: $(MO_FILES) ## Compile the message catalogs (done by run and test)

%.mo: %.po | $(STAMP)
	$(PYBABEL) compile --statistics -i $< -o $@

messages: $(STAMP) ## Extract the interface strings and merge them into every catalog (then translate the new ones)
	$(FLASK) translations update

lint: $(TEST_STAMP) ## Ruff
	$(BIN)/ruff check .

wrk: ## Install Debian's wrk, the load generator of make bench (root, once; tests/test_bench.py)
	@command -v wrk >/dev/null || { command -v apt-get >/dev/null && \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null) \
		|| echo "wrk not installed: the benchmark uses its slower Python load generator"; }

bench: $(TEST_STAMP) translations wrk nginx ## Pages against the bare Flask ceiling at 50,000 posts (bench/http.py; BENCH_ARGS=--quick)
	$(BIN)/python bench/http.py $(BENCH_ARGS)

bench-realtime: $(TEST_STAMP) ## Live delivery to 100 and 500 socket clients (bench/realtime.py)
	$(call PIP_INSTALL,-e '.[bench]')
	$(BIN)/python bench/realtime.py

screenshots: $(TEST_STAMP) translations browser ## Retake docs/screenshots/*.png (demo data; home, thread, experience, board, map at 1280 and 360 px)
	$(BIN)/python docs/screenshots.py

vendor: $(STAMP) ## Refresh static/vendor, forum/charts/data and tests/vendor from the npm packages pinned in package.json
	npm ci --ignore-scripts --no-audit --no-fund
	mkdir -p static/vendor/socket.io
	cp node_modules/socket.io-client/dist/socket.io.min.js node_modules/socket.io-client/LICENSE static/vendor/socket.io/
	# The API reference page (/api/docs) renders /api/v1/openapi.json with Swagger UI's bundle.
	mkdir -p static/vendor/swagger-ui
	cp node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui.css \
		node_modules/swagger-ui-dist/LICENSE node_modules/swagger-ui-dist/NOTICE static/vendor/swagger-ui/
	# Country shapes for the server-rendered charts (forum/charts); package.json records the version.
	mkdir -p forum/charts/data/world-atlas
	cp node_modules/world-atlas/countries-50m.json node_modules/world-atlas/LICENSE \
		node_modules/world-atlas/package.json forum/charts/data/world-atlas/
	$(BIN)/python -c "from forum.charts.geometry import write_americas_shapes; write_americas_shapes()"
	# The accessibility engine the browser tests run in each page (never served by the site).
	mkdir -p tests/vendor/axe-core
	cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE tests/vendor/axe-core/

clean: ## Remove the virtualenv and caches (keeps instance/)
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
