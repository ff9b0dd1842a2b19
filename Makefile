# The two commands: `make run` (the whole stack on embedded defaults) and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.lock | md5sum | cut -c1-8)
CLIENTS_VENV ?= .venv-clients
CLIENTS_STAMP := $(CLIENTS_VENV)/.installed-$(shell cat requirements-clients.txt | md5sum | cut -c1-8)

export PORT ?= 8000
export BIND_ADDRESS ?= 127.0.0.1
export HOST_NAME ?= $(shell hostname)
export STATE_DIR ?= $(CURDIR)/state

PG_URL ?= postgres://postgres@127.0.0.1:5432/cloudproject
AMQP_URL ?= amqp://guest:guest@127.0.0.1:5672//
# Tests use their own Redis database so a running `make run` stack never sees their messages.
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15


.PHONY: deps clients run test test-sqlite test-postgres test-rabbitmq lint conformance

deps: $(STAMP)
$(STAMP): requirements.lock scripts/install-deps.sh
	VENV=$(VENV) bash scripts/install-deps.sh
	touch $@

# The openstack CLI, openstacksdk and novaclient, unmodified, for the integration tests.
clients: $(CLIENTS_STAMP)
$(CLIENTS_STAMP): requirements-clients.txt
	test -x $(CLIENTS_VENV)/bin/python || python3 -m venv $(CLIENTS_VENV)
	$(CLIENTS_VENV)/bin/pip install -q -r requirements-clients.txt
	touch $@

run: deps
	bash scripts/ensure-services.sh
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py collectstatic --noinput -v 0
	$(PY) manage.py bootstrap
	@echo
	@echo "cloudproject is starting (Ctrl-C stops every process):"
	@echo "  dashboard:  http://$(BIND_ADDRESS):$(PORT)/admin/   user: admin"
	@echo "  password:   \$$ADMIN_PASSWORD, or see $(STATE_DIR)/admin-password"
	@echo "  health:     http://$(BIND_ADDRESS):$(PORT)/healthz"
	@echo "  OpenStack:  export OS_CLIENT_CONFIG_FILE=$(STATE_DIR)/clouds.yaml OS_CLOUD=cloudproject"
	@echo "  state:      $(STATE_DIR)    logs: $(STATE_DIR)/logs    host: $(HOST_NAME)"
	@echo
	@mkdir -p $(STATE_DIR)/logs
	cd $(CURDIR) && PATH=$(CURDIR)/$(VENV)/bin:$$PATH $(VENV)/bin/honcho -f Procfile start \
	  -p $(PORT) 2>&1 | tee -a $(STATE_DIR)/logs/cloudproject.log

test: deps clients
	bash scripts/ensure-services.sh postgres rabbitmq
	$(MAKE) --no-print-directory test-sqlite test-postgres test-rabbitmq

test-sqlite:
	@echo "== whole suite: SQLite + Redis"
	CELERY_BROKER_URL=$(TEST_REDIS_URL) DATABASE_URL= $(PY) manage.py test tests --noinput

test-postgres:
	@echo "== whole suite: PostgreSQL + Redis"
	CELERY_BROKER_URL=$(TEST_REDIS_URL) DATABASE_URL=$(PG_URL) \
	  $(PY) manage.py test tests --noinput

test-rabbitmq:
	@echo "== real-worker boot: SQLite + RabbitMQ"
	CELERY_BROKER_URL=$(AMQP_URL) DATABASE_URL= $(PY) manage.py test \
	  tests.integration.test_boot_on_workers --noinput

# Tempest's tempest.api.compute against a private stack (not part of `make test`).
conformance: deps
	VENV=$(VENV) bash scripts/conformance.sh

lint: deps
	$(VENV)/bin/ruff check .
