# Bangkom: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
BENCH_OUT ?= bench-results.json
# A PostgreSQL server for the enrollment-burst benchmark (it makes and drops its own database).
BENCH_POSTGRES_URL ?=

.PHONY: run test lint format bench venv messages messages-extract migrate seed clean

# The venv is rebuilt whenever a requirements file changes.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
		echo "Bangkom needs Python 3.11+ with venv: on Debian, apt-get install python3 python3-venv"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

# Compiled with Babel so that set-up needs no system gettext.
messages: venv
	$(VENV)/bin/pybabel compile --domain django --directory locale --statistics

# For developers: refresh the catalogue after adding strings (needs GNU gettext).
messages-extract: venv
	$(PY) manage.py makemessages --locale id --no-obsolete --ignore '.venv/*' --ignore 'tests/*'

migrate: messages
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo --if-empty

run: seed
	PORT=$(PORT) $(PY) manage.py demo_logins
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: messages
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Benchmarks run on a throwaway SQLite file, never on the dev database.
bench: messages
	rm -f .bench.sqlite3
	DATABASE_URL=sqlite:///$(CURDIR)/.bench.sqlite3 $(PY) manage.py migrate --noinput -v 0
	DATABASE_URL=sqlite:///$(CURDIR)/.bench.sqlite3 $(PY) manage.py bench --out $(BENCH_OUT) $(if $(BENCH_POSTGRES_URL),--postgres-url $(BENCH_POSTGRES_URL))
	rm -f .bench.sqlite3 .bench.sqlite3-wal .bench.sqlite3-shm

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* .bench.sqlite3* staticfiles media .pytest_cache
	find locale -name '*.mo' -delete
