# One command to run the site with demo content, one to run the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The default Site's address: every canonical, share, sitemap and feed link starts with it.
SITE_ROOT_URL ?= http://$(HOST):$(PORT)

.PHONY: run test lint format check clean bench bench-search bench-import bench-renditions bench-editor serve loadtest cluster cluster-stop screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

run: $(VENV)/.installed ## Set up, load the demo site and serve it on http://127.0.0.1:8000
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py load_demo --root-url $(SITE_ROOT_URL)
	$(BIN)/python manage.py ensure_admin
	bash scripts/publish-scheduled.sh $(BIN)/python & bash scripts/rendition-worker.sh $(BIN)/python & \
		$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.installed-dev ## Set up and run the whole test suite
	@bash scripts/install-chromium.sh || echo "Chromium could not be installed: browser tests will be skipped."
	$(BIN)/pytest

lint: $(VENV)/.installed-dev ## ruff, Django system checks and missing migrations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=site_config.settings.test $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=site_config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

screenshots: $(VENV)/.installed-dev ## Retake the README's screenshots (docs/*-desktop.png, docs/*-phone.png) from a throwaway demo site
	$(BIN)/python -m tools.screenshots

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean: ## Remove the virtualenv and local data (database, media)
	rm -rf $(VENV) var

BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/strand_bench
bench: $(VENV)/.installed-dev ## wrk against gunicorn and Varnish at 1,000, 10,000 and 100,000 films on PostgreSQL (BENCH_SIZES; loopback, bounded)
	@command -v wrk >/dev/null || (command -v apt-get >/dev/null && $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get install -y -q wrk)
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python -m tools.bench.run_bench

bench-search: $(VENV)/.installed-dev ## Search p50/p95 at 1,000 and 10,000 films on SQLite and PostgreSQL (throwaway databases)
	$(BIN)/python -m tools.bench.run_bench_search

bench-import: $(VENV)/.installed ## Time manage.py import_films at 1,000 and 10,000 rows on SQLite and PostgreSQL (throwaway databases)
	$(BIN)/python -m tools.bench.run_bench_import

bench-renditions: $(VENV)/.installed ## Time and peak memory of drawing one image's renditions, by image size (throwaway database)
	$(BIN)/python tools/bench/run_bench_renditions.py

bench-editor: $(VENV)/.installed-dev ## Editor open, first preview, save and publish of Last Train Home in Chromium: browser and server time (throwaway SQLite)
	@bash scripts/install-chromium.sh
	$(BIN)/python -m tools.bench.run_bench_editor

serve: $(VENV)/.installed ## Production settings under gunicorn on http://127.0.0.1:8000 with PostgreSQL and Redis
	PYTHON=$(BIN)/python PORT=$(PORT) bash scripts/serve.sh

cluster: $(VENV)/.installed ## Varnish on :$(PORT) in front of two app servers (APP_SERVERS=n), PostgreSQL and Redis
	PYTHON=$(BIN)/python PORT=$(PORT) bash scripts/cluster.sh

cluster-stop: ## Stop what `make cluster` (same PORT) started, by the PIDs it recorded
	PORT=$(PORT) bash scripts/cluster.sh stop

loadtest: $(VENV)/.installed ## Floods and faults (Redis hung/down, database frozen) against its own stack on loopback; one table
	@command -v wrk >/dev/null || (command -v apt-get >/dev/null && $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get install -y -q wrk)
	$(BIN)/python -m tools.bench.loadtest
