# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import shutil
import subprocess
from contextlib import contextmanager
from unittest.mock import patch

import lxml.html
from lxml import etree

from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import safe_eval, time

from .common import DunningCommon, day

# Nothing answers on the discard port: wkhtmltopdf can fetch nothing over HTTP.
UNREACHABLE_URL = "http://127.0.0.1:9"


@tagged("post_install", "-at_install")
class TestDunningLetters(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.controller = new_test_user(
            cls.env, login="letters.controller", groups="account_dunning_pro.group_dunning_user"
        )

    def _letter(self, partner, on=30):
        """The letter the nightly run of day ``on`` sends ``partner``, after a firm reminder."""
        partner.dunning_level_id = self.level[15]
        partner.dunning_last_date = day(15)
        self._run(day(on))
        letter = self._events(partner, channel="letter")
        self.assertRecordValues(letter, [{"state": "done"}])
        return letter

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

    def _pdf_words(self, pdf):
        """The page width of ``pdf`` and ``{word: left edge}`` on its first page."""
        output = subprocess.run(
            [shutil.which("pdftotext"), "-bbox", "-f", "1", "-l", "1", "-", "-"],
            input=pdf,
            capture_output=True,
            check=True,
        ).stdout
        page = etree.fromstring(output).find(".//{*}page")
        words = {}
        for word in page.iter("{*}word"):
            words.setdefault(word.text, float(word.get("xMin")))
        return float(page.get("width")), words

    def _download(self, action, user):
        """The file ``user`` gets from a report ``action``, as ``/report/download`` names it."""
        Report = self.env["ir.actions.report"].with_user(user).with_context(**action["context"])
        report = Report._get_report(action["report_name"])
        records = Report.env[report.model].browse(action["context"]["active_ids"])
        content, _type = Report._render_qweb_pdf(action["report_name"], records.ids)
        name = safe_eval(report.print_report_name, {"object": records, "time": time})
        return f"{name}.pdf", content

    @staticmethod
    def _plain(text):
        """``text`` with its runs of whitespace, no-break spaces included, as one space."""
        return " ".join(text.split())

    def test_stored_letter_is_laid_out_without_http(self):
        """The run stores the letter laid out even when its server cannot be reached."""
        if not shutil.which("pdftotext"):
            self.skipTest("pdftotext (poppler-utils) is not installed")
        self.env["ir.config_parameter"].set_param("report.url", UNREACHABLE_URL)
        partner = self._customer("Menuiserie Girard")
        invoice = self._invoice(partner, 1234.5, day(0))
        with self._real_pdfs():
            letter = self._letter(partner)
        pdf = letter.letter_attachment_id.raw
        self.assertTrue(pdf.startswith(b"%PDF"))
        width, words = self._pdf_words(pdf)
        self.assertIn(invoice.name, words)
        # where web.external_layout_standard puts them once its style sheets load;
        # unstyled, every line starts at the left margin
        self.assertGreater(words["Menuiserie"], width / 2, "the addressee is on the right")
        self.assertGreater(words["Paix"], width / 2, "the address is on the right")
        self.assertGreater(words[letter.summary["date"]], width / 2, "the date is on the right")
        self.assertLess(words[invoice.name], width / 4)

    def test_print_gives_the_stored_letter_named_once_pdf(self):
        partner = self._customer("Menuiserie Girard")
        self._invoice(partner, 1234.5, day(0))
        with self._real_pdfs():
            letter = self._letter(partner)
            stored = letter.letter_attachment_id
            action = (
                self.env["account.dunning.event"]
                .with_user(self.controller)
                .browse(letter.ids)
                .action_print_letters()
            )
            name, content = self._download(action, self.controller)
        self.assertTrue(letter.letter_printed)
        self.assertEqual(content, stored.raw, "a reprint is the letter as it was sent")
        self.assertEqual(
            self.env["ir.attachment"].search_count(
                [("res_model", "=", letter._name), ("res_id", "=", letter.id)]
            ),
            1,
            "the letter is stored once",
        )
        for filename in (name, stored.name):
            self.assertRegex(filename, r"^Dunning letter Menuiserie Girard .*\.pdf$")
            self.assertNotIn(".pdf.pdf", filename)

    def test_indemnity_in_euros_and_in_the_currency_of_the_totals(self):
        self.assertEqual(self.company.currency_id.name, "USD")
        # 1 USD buys 0.5 EUR, then 0.8 EUR from the day of the formal notice
        eur = self.setup_other_currency("EUR", rates=[("2000-01-01", 0.5), (day(45), 0.8)])
        in_usd = self._customer("Transports Lefevre SAS")
        in_eur = self._customer("Garage Dubois SARL")
        self._invoice(in_usd, 1000, day(0))
        self._invoice(in_eur, 1000, day(0), currency=eur)
        for partner in in_usd | in_eur:
            partner.dunning_level_id = self.level[30]
            partner.dunning_last_date = day(30)
        self._run(day(45))

        letter = self._events(in_usd, channel="letter")
        summary = letter.summary
        self.assertEqual(self._plain(summary["indemnity_display"]), "40.00 €", "due in euros")
        self.assertEqual(
            self._plain(summary["indemnity_converted_display"]),
            "$ 50.00",
            "40 EUR at the rate of the reminder's day",
        )
        notice = self._events(in_usd, channel="email")
        for what, html in (
            ("letter", letter.letter_attachment_id.raw),
            ("formal notice email", str(notice.mail_message_id.body)),
        ):
            text = self._plain(lxml.html.fromstring(html).text_content())
            self.assertIn("40.00 € ($ 50.00)", text, what)

        summary = self._events(in_eur, channel="letter").summary
        self.assertEqual(self._plain(summary["indemnity_display"]), "40.00 €")
        self.assertFalse(summary["indemnity_converted_display"], "totals in euros: no conversion")
