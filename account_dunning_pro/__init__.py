# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import models
from . import wizards
from . import demo


def post_init_hook(env):
    """Live the demo company's book (when the demo data is loaded) once the addon
    counts as installed: Odoo builds the report style sheets of installed addons
    only, and the demo's letters, stored as sent, need the letter's own."""
    if env.ref("account_dunning_pro.demo_company", raise_if_not_found=False):
        env["account.dunning.demo"]._create_demo_book()
