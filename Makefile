# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
#
#   make demo ODOO=/path/to/odoo-19.0   install everything, run Odoo on demo data (:8069)
#   make install ODOO=/path/to/odoo-19.0  install only
#   make test | test-fast | lint | bench | bench-big  (BENCH_ARGS="--reuse" passes options)
# ODOO may be left out once installed (or when ODOO_SRC is set);
# ODOO_GIT=1 installs Odoo from its git repository instead.

ODOO ?= $(ODOO_SRC)
ODOO_GIT ?=
ODOO_ARGS = $(if $(ODOO_GIT),--odoo-git,$(if $(ODOO),--odoo "$(ODOO)"))

.PHONY: demo install test test-fast lint bench bench-big

demo:
	bash setup/install.sh $(ODOO_ARGS)

install:
	bash setup/install.sh $(ODOO_ARGS) --no-run

test:
	bash setup/run_tests.sh

test-fast:
	bash setup/run_tests.sh --fast

lint:
	bash setup/tool.sh pre-commit run --all-files

bench:
	@if [ -f bench/bench_nightly.py ]; then \
		bash setup/tool.sh python bench/bench_nightly.py $(BENCH_ARGS); \
	else \
		echo "no bench/bench_nightly.py yet"; \
	fi

# the 1,000-customer variants, then the 5,000-customer book (nightly run and risk cron)
bench-big:
	bash setup/tool.sh python bench/bench_nightly.py --big --variant shipped,email_letter,email_only $(BENCH_ARGS)
