# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Dunning Pro: nightly run on the job queue",
    "summary": "Spread the nightly dunning run over several workers with OCA queue_job",
    "version": "19.0.1.0.0",
    "category": "Accounting/Accounting",
    "author": "account_dunning_pro authors",
    "website": "https://github.com/account-dunning-pro/account_dunning_pro",
    "license": "AGPL-3",
    "development_status": "Alpha",
    "maintainers": ["account-dunning-pro"],
    "depends": ["account_dunning_pro", "queue_job"],
    "data": [
        "data/queue_job_data.xml",
    ],
    "installable": True,
    "auto_install": False,
}
