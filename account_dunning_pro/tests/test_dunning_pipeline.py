# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The nightly run decides, renders, then acts per batch: the letters of a batch are
laid out together, and one letter that cannot be laid out costs only its customer."""

from unittest.mock import patch

from odoo.tests import tagged

from odoo.addons.base.models import ir_actions_report

from .common import DunningCommon, day


@tagged("post_install", "-at_install")
class TestDunningPipeline(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customers = (
            cls.customer | cls._customer("Menuiserie Girard") | cls._customer("Garage Lefèvre")
        )
        cls.invoices = {
            partner: cls._invoice(partner, amount, day(0))
            for partner, amount in zip(cls.customers, (1200, 2300, 3400), strict=True)
        }
        # reminded firmly already: the night of day 30 sends the letter level
        cls.customers.write({"dunning_level_id": cls.level[15].id, "dunning_last_date": day(15)})
        cls.letter_level = cls.level[30]
        cls.assertTrue(cls, cls.letter_level.send_letter)

    def _run_counting_wkhtmltopdf(self, on):
        """The nightly run of day ``on``, with real PDFs; the wkhtmltopdf command lines."""
        calls = []
        run_wkhtmltopdf = ir_actions_report._run_wkhtmltopdf

        def counted(args):
            calls.append(args)
            return run_wkhtmltopdf(args)

        with self._real_pdfs(), patch.object(ir_actions_report, "_run_wkhtmltopdf", counted):
            self._run(on)
        return calls

    def test_letters_of_a_batch_are_laid_out_together_without_script_wait(self):
        calls = self._run_counting_wkhtmltopdf(day(30))
        letters = self.env["account.dunning.event"].search(
            [("partner_id", "in", self.customers.ids), ("channel", "=", "letter")]
        )
        self.assertEqual(letters.mapped("state"), ["done"] * 3)
        self.assertEqual(letters.partner_id, self.customers)
        for letter in letters:
            pdf = letter.letter_attachment_id.raw
            self.assertTrue(pdf.startswith(b"%PDF"))
            text = self._pdftotext(pdf, "-layout").decode()
            invoice = self.invoices[letter.partner_id]
            self.assertIn(letter.partner_id.name, text)
            self.assertIn(invoice.name, text)
            for other in self.customers - letter.partner_id:
                self.assertNotIn(other.name, text, "each letter holds its own customer only")
        patched = ir_actions_report._wkhtml().is_patched_qt
        self.assertEqual(len(calls), 1 if patched else 3, calls)
        for args in calls:
            self.assertEqual(args[args.index("--javascript-delay") + 1], "0")
        # the global setting is left as it is, for the other reports
        delay = self.env["ir.config_parameter"].sudo().get_param("report.print_delay", "1000")
        self.assertEqual(delay, "1000")
        self.assertEqual(self.customers.mapped("dunning_level_id"), self.letter_level)

    def test_a_letter_that_cannot_be_laid_out_fails_alone(self):
        broken = self.customers[1]
        Report = self.registry["ir.actions.report"]
        render_html = Report._render_qweb_html

        def render(this, report_ref, docids, data=None):
            report = this._get_report(report_ref)
            events = this.env["account.dunning.event"].browse(docids or [])
            if report.report_name == "account_dunning_pro.report_dunning_letter":
                if broken in events.partner_id:
                    raise OSError("the letterhead image is corrupt")
            return render_html(this, report_ref, docids, data=data)

        with (
            patch.object(Report, "_render_qweb_html", render),
            self.assertLogs("odoo.addons.account_dunning_pro", "WARNING"),
        ):
            calls = self._run_counting_wkhtmltopdf(day(30))

        failed = self._events(broken)
        self.assertRecordValues(
            failed.filtered(lambda e: e.channel == "letter"),
            [{"state": "failed", "reason_code": "error"}],
        )
        self.assertIn("the letterhead image is corrupt", failed.reason)
        self.assertIn("could not be laid out", failed.reason)
        # neither reminded by its other channels nor advanced: it is tried again tomorrow
        self.assertEqual(failed.mapped("channel"), ["letter"], "its call task was not set either")
        self.assertFalse(broken.activity_ids)
        self.assertEqual(broken.dunning_level_id, self.level[15])
        self.assertEqual(self.invoices[broken].dunning_count, 0)
        for partner in self.customers - broken:
            events = self._events(partner)
            self.assertEqual(set(events.mapped("state")), {"done"}, partner.name)
            self.assertTrue(events.filtered(lambda e: e.channel == "letter").letter_attachment_id)
            self.assertEqual(events.mapped("channel"), ["letter", "call"])
            self.assertEqual(partner.dunning_level_id, self.letter_level)
        self.assertTrue(calls, "the others were laid out")

        # the next night, with the letter fixed, the customer gets its reminder
        self._run(day(31))
        self.assertEqual(broken.dunning_level_id, self.letter_level)
        self.assertEqual(
            self._events(broken).mapped("state"), ["failed", "done", "done"], "letter, call"
        )
        self.assertTrue(broken.activity_ids)

    def test_a_letter_sent_with_its_email_is_not_sent_again_the_next_nights(self):
        notice = self.level[45]
        self.assertTrue(notice.send_email and notice.send_letter)
        self.customers.write({"dunning_level_id": self.level[30].id, "dunning_last_date": day(30)})
        with self._real_pdfs():
            self._run(day(45))
            sent = self.env["account.dunning.event"].search(
                [("partner_id", "in", self.customers.ids), ("event_type", "=", "reminder")]
            )
            self.assertEqual(sorted(sent.mapped("channel")), ["email"] * 3 + ["letter"] * 3)
            self.assertEqual(self.customers.mapped("dunning_level_id"), notice)
            for night in (46, 47):
                self._run(day(night))
                self.assertEqual(
                    self.env["account.dunning.event"].search_count(
                        [("partner_id", "in", self.customers.ids), ("event_type", "=", "reminder")]
                    ),
                    6,
                    f"nothing more on day {night}",
                )
