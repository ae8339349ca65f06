# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import shutil
import subprocess
from contextlib import contextmanager
from datetime import date, timedelta
from unittest.mock import patch

from odoo.fields import Command
from odoo.tests import freeze_time

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

# Day the scenarios below start from: the invoices fall due on it.
DUE = date(2026, 3, 2)


def day(offset):
    """``DUE`` shifted by ``offset`` days."""
    return DUE + timedelta(days=offset)


class DunningCommon(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write(
            {
                "email": "compta@fournisseur.test",
                "country_id": cls.env.ref("base.fr").id,
                "phone": "+33 1 23 45 67 89",
                "external_report_layout_id": cls.env.ref("web.external_layout_standard").id,
            }
        )
        cls.policy = cls.env.ref("account_dunning_pro.account_dunning_policy_standard")
        cls.company.dunning_policy_id = cls.policy
        cls.level = {level.delay: level for level in cls.policy.level_ids}
        cls.cron = cls.env.ref("account_dunning_pro.ir_cron_dunning_run")
        cls.processor = cls.env["account.dunning.processor"]
        cls.salesman = cls.env["res.users"].create(
            {
                "name": "Sophie Vendeuse",
                "login": "sophie.dunning",
                "email": "sophie@fournisseur.test",
                "group_ids": [Command.set([cls.env.ref("sales_team.group_sale_salesman").id])],
                "company_id": cls.company.id,
                "company_ids": [Command.set(cls.company.ids)],
            }
        )
        cls.customer = cls._customer("Boulangerie Martin SARL")

    @classmethod
    def _customer(cls, name, email=True, phone="06 12 34 56 78", street=True, **vals):
        slug = name.split()[0].lower()
        return cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "email": f"compta@{slug}.test" if email else False,
                "phone": phone,
                "street": "12 rue de la Paix" if street else False,
                "zip": "75002",
                "city": "Paris" if street else False,
                "country_id": cls.env.ref("base.fr").id,
                "user_id": cls.salesman.id,
                **vals,
            }
        )

    @classmethod
    def _invoice(
        cls, partner, amount, due, move_type="out_invoice", currency=None, post=True, company=None
    ):
        """A posted invoice of ``amount`` (tax excluded, no tax) falling due on ``due``."""
        company = company or cls.env.company
        move = (
            cls.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": move_type,
                    "partner_id": partner.id,
                    "invoice_date": due - timedelta(days=30),
                    "invoice_date_due": due,
                    "currency_id": (currency or company.currency_id).id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Prestation",
                                "quantity": 1,
                                "price_unit": amount,
                                "tax_ids": [],
                            }
                        )
                    ],
                }
            )
        )
        if post:
            move.action_post()
        return move

    @classmethod
    def _pay(cls, invoice, amount, on):
        with freeze_time(on):
            return (
                cls.env["account.payment.register"]
                .with_context(active_model="account.move", active_ids=invoice.ids)
                .create({"amount": amount, "payment_date": on})
                ._create_payments()
            )

    def _run(self, on):
        """The nightly run, through its real cron, on day ``on``."""
        with freeze_time(on), self.enter_registry_test_mode():
            self.cron.method_direct_trigger()
        self.env.invalidate_all()

    @contextmanager
    def _real_pdfs(self):
        """Reports rendered by wkhtmltopdf, as outside tests (where Odoo renders HTML)."""
        if self.env["ir.actions.report"].get_wkhtmltopdf_state() in ("install", "broken"):
            self.skipTest("wkhtmltopdf is not installed")
        Report = self.registry["ir.actions.report"]
        pre_render = Report._pre_render_qweb_pdf

        def force_pdf(this, report_ref, res_ids=None, data=None):
            this = this.with_context(force_report_rendering=True)
            return pre_render(this, report_ref, res_ids=res_ids, data=data)

        with patch.object(Report, "_pre_render_qweb_pdf", force_pdf):
            yield

    @staticmethod
    def _pdftotext(pdf, *options):
        """What ``pdftotext`` reads back from ``pdf`` (bytes), with ``options``."""
        return subprocess.run(
            [shutil.which("pdftotext"), *options, "-", "-"],
            input=pdf,
            capture_output=True,
            check=True,
        ).stdout

    def _events(self, partner=None, **filters):
        """The customer's history lines, reminders only unless ``event_type`` is given."""
        filters.setdefault("event_type", "reminder")
        domain = [("partner_id", "=", (partner or self.customer).id)]
        domain += [(key, "=", value) for key, value in filters.items()]
        return self.env["account.dunning.event"].search(domain, order="id")

    def _messages(self, partner=None, message_type="comment"):
        return self.env["mail.message"].search(
            [
                ("model", "=", "res.partner"),
                ("res_id", "=", (partner or self.customer).id),
                ("message_type", "=", message_type),
            ],
            order="id",
        )

    def _mails(self, partner=None):
        """Outgoing emails queued for the customer's invoicing contact."""
        partner = partner or self.customer
        return self.env["mail.mail"].search(
            [("recipient_ids", "in", partner.ids), ("model", "=", "res.partner")], order="id"
        )
