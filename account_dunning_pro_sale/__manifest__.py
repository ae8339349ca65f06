# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Dunning Pro: credit hold on sales",
    "summary": "Warn about, or refuse, confirming a sale for a customer on dunning credit hold",
    "version": "19.0.1.0.0",
    "category": "Accounting/Accounting",
    "author": "account_dunning_pro authors",
    "website": "https://github.com/account-dunning-pro/account_dunning_pro",
    "license": "AGPL-3",
    "development_status": "Alpha",
    "maintainers": ["account-dunning-pro"],
    "depends": ["account_dunning_pro", "sale"],
    "data": [
        "views/sale_order_views.xml",
    ],
    "installable": True,
    "auto_install": True,
}
