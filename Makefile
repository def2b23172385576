# claimtrack: `make demo` runs the app on the seeds, `make test` runs the suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Django 6.1 needs Python 3.12+; use the first one found.
PYTHON ?= $(firstword $(foreach v,3.12 3.13,$(shell command -v python$(v) >/dev/null 2>&1 && python$(v) -c 'print(1)' >/dev/null 2>&1 && command -v python$(v))) $(wildcard /root/.pyenv/versions/3.12*/bin/python3.12 /usr/local/bin/python3.12 /usr/bin/python3.12))
VENV := .venv
PY := $(VENV)/bin/python
export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/claimtrack
export REDIS_URL ?= redis://127.0.0.1:6379/0

.PHONY: help demo test faults soak venv lock preflight browser bench calibrate ranker serve

help:
	@echo "make demo   - install, migrate, ingest the seeds through the worker, serve http://127.0.0.1:8000"
	@echo "make test   - run the whole test suite against PostgreSQL and Redis"
	@echo "make faults - fault, load and dependency-audit tests"
	@echo "make serve  - the production server (gunicorn, DEBUG off) on http://127.0.0.1:8000"
	@echo "make soak   - the editing state machine for 2,000+ random sequences (long)"

$(VENV)/.installed: requirements.lock
	@test -n "$(PYTHON)" || { echo "Python 3.12+ not found: install python3.12 (Django 6.1 needs it)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	touch $@

venv: $(VENV)/.installed

lock:
	uv pip compile requirements.in --python-version 3.12 --generate-hashes -o requirements.lock

preflight: venv
	@$(PY) -m claimtrack.preflight

# The worker and the setup run with DEBUG (settings need no secrets); the web
# server runs with DEBUG off, as `make serve` does (static files by whitenoise),
# so that a 404 is the site's page, not Django's debug page listing every URL
# pattern.
demo: preflight
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py setup_roles --demo
	@set -euo pipefail; export DJANGO_DEBUG=1; \
	$(VENV)/bin/celery -A claimtrack worker --loglevel=warning --concurrency=1 -B -s $(VENV)/celerybeat-schedule & WORKER=$$!; \
	trap 'kill $$WORKER 2>/dev/null; wait $$WORKER 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py ingest seeds/*.txt --manifest seeds/manifest.json --wait; \
	echo "claimtrack is at http://127.0.0.1:8000 (Ctrl-C to stop)"; \
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput -v 0; \
	$(SERVE_ENV) DB_CONN_MAX_AGE=0 $(PY) manage.py runserver 127.0.0.1:8000 --noreload

# Serve the way production serves: gunicorn with gunicorn.conf.py (workers,
# threads, backlog, timeouts; WEB_WORKERS and WEB_THREADS size it), the file
# the compose web service and the load test read too; DEBUG off, static files
# by whitenoise from collectstatic. Plain http on 127.0.0.1, so
# cookies are not marked secure here; behind TLS leave those two variables out.
SERVE_ENV := DJANGO_SETTINGS_MODULE=claimtrack.settings DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost} \
	DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')} \
	DJANGO_SECURE_COOKIES=0 DJANGO_SSL_REDIRECT=0
serve: preflight
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput -v 0
	$(SERVE_ENV) $(PY) manage.py migrate --noinput
	$(SERVE_ENV) $(VENV)/bin/gunicorn --config gunicorn.conf.py --bind 127.0.0.1:8000

# Browser tests drive Debian's chromium; nothing is downloaded at test time.
browser:
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@test -x /usr/bin/chromium || { echo "chromium missing: apt-get install chromium"; exit 1; }

test: preflight browser
	$(PY) -m pytest -m "not faults" $(PYTEST_ARGS)

# Kill, stop and restart the real parts; load test; audit the lock.
faults: preflight
	$(PY) -m pytest -m faults -s $(PYTEST_ARGS)
	@# Non-strict: a registry mirror without per-version data makes pip-audit
	@# skip packages; the skipped count is printed rather than hidden.
	@$(PY) -m pip_audit --disable-pip --no-deps -r requirements.lock --progress-spinner off > .pip-audit.log 2>&1; rc=$$?; \
	  grep -v "^WARNING" .pip-audit.log | grep -v "could not be audited" ; \
	  echo "pip-audit: $$(grep -c 'could not be audited' .pip-audit.log) package(s) could not be audited by this registry"; exit $$rc

# The attribution confidence table (quotes/nlp/data/attribution_confidence.tsv),
# learned from every gold set except the blind sets D, I, J, L, N, O and P: the seeds
# and sets A, B, E, G, K, M and Q, which the rules were tuned on, and sets C, F, H and R,
# which they were not (so their errors keep the table honest: a table counted
# only on tuned text is over-confident on new text). F and H were written
# blind; since the calibration round they are calibration and training sets,
# no longer blind. D and I measure the table's reliability.
SEED_GOLD := $(firstword $(wildcard ../shared/gold/seed_quotes.json /work/shared/gold/seed_quotes.json))
TUNING_GOLD := $(SEED_GOLD) tests/fixtures/heldout/gold.json tests/fixtures/unseen/unseen_quotes.json \
	tests/fixtures/unseen2/c_quotes.json $(wildcard tests/fixtures/tuning/e_quotes.json) \
	tests/fixtures/training/g_quotes.json tests/fixtures/unseen4/f_quotes.json tests/fixtures/unseen5/h_quotes.json \
	tests/fixtures/training2/k_quotes.json tests/fixtures/training3/m_quotes.json \
	tests/fixtures/training4/q_quotes.json tests/fixtures/calibration/r_quotes.json
calibrate: venv
	$(PY) manage.py calibrate_attribution $(TUNING_GOLD)

# The learned attribution ranker (quotes/nlp/data/attribution_ranker.json),
# trained after `make calibrate` (the table is one of its features) on every
# gold set except C and the blind ones: C, D (tests/fixtures/unseen3), I
# (tests/fixtures/unseen6), J (unseen7), L (unseen8), N (unseen9), O (unseen10) and P (unseen11) measure it. F (tests/fixtures/unseen4) and H
# (tests/fixtures/unseen5), written blind and never tuned on, are training
# sets since the calibration round. The confidence's calibration (a Platt
# scaling) is fitted on F's and H's held-out predictions only: the rules were
# tuned on the others, so even held out they look better than new text will
# (their READMEs have the figures). F and H train the confidence model only:
# the candidate model, which fills empty speakers, keeps FILL_GOLD (with F and
# H its floor moved from 0.7 to 0.8 on a tie and cost H 0.009 F1).
# Stop 24 read F's misses and tuned rules on them (and on the new set K,
# tests/fixtures/training2, and M, training3: tuning sets), so only H is untuned now. F stays
# in the calibration all the same: fitted on H alone, the scaling put more of
# H's and F's attributions at >= 0.9 and fewer of them right (H's 0.90-0.95
# band 0.884, F's 0.948, against 0.889 and 0.956 with F).
# Stop 25 added set R (tests/fixtures/calibration), written blind to calibrate
# on and never read, and set Q (tests/fixtures/training4, a tuning set on the
# seeds' story). The calibration is fitted on the sets whose misses nobody
# read, H and R; F, tuned in stop 24, still trains the confidence model.
# Measured on the held-out folds before any blind set was scored: >= 0.9 right
# on H / R 0.958 / 0.943 fitted on F, H and R; 0.965 / 0.949 on H and R.
# Q trains the confidence model, not the candidate model that fills empty
# speakers: with Q the fill gave "the nominee" of the table row "'shot back'
# is a reporting verb" to the next person named.
UNTUNED_GOLD := tests/fixtures/unseen5/h_quotes.json tests/fixtures/calibration/r_quotes.json
FILL_GOLD := $(SEED_GOLD) tests/fixtures/heldout/gold.json tests/fixtures/unseen/unseen_quotes.json \
	tests/fixtures/tuning/e_quotes.json tests/fixtures/training/g_quotes.json tests/fixtures/training2/k_quotes.json \
	tests/fixtures/training3/m_quotes.json
RANKER_GOLD := $(FILL_GOLD) tests/fixtures/training4/q_quotes.json tests/fixtures/unseen4/f_quotes.json $(UNTUNED_GOLD)
ranker: venv
	$(PY) manage.py train_ranker $(RANKER_GOLD) --calibrate-on $(UNTUNED_GOLD) --fill-on $(FILL_GOLD)

# The stateful editing test (tests/editing/test_stateful.py) for thousands of
# sequences instead of the suite's short run; SOAK_EXAMPLES sets how many.
soak: preflight
	HYPOTHESIS_PROFILE=soak $(PY) -m pytest -m "not faults" -q -p no:cacheprovider --hypothesis-show-statistics \
	  tests/editing/test_stateful.py $(PYTEST_ARGS)

# Every benchmark, in dedicated databases (claimtrack_bench*): writes
# bench/results.json and bench/results.md. The throughput benchmark starts
# real Celery workers on a queue of its own on REDIS_URL; it ingests 2,000
# articles twice, or BENCH_THROUGHPUT_ARTICLES (e.g. 300 for a quick look).
# The scale benchmark keeps its corpora (claimtrack_bench_scale_small and
# _large, BENCH_SCALE_ARTICLES articles): the first run builds them, later
# runs reuse them while generate_corpus's stamp matches. BENCH_MEMORY_ARTICLES
# sets how many articles the worker's memory is watched over.
bench: preflight
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/claimtrack_bench $(PY) bench/run_all.py
