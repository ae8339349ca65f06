# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import shutil

import lxml.html
from lxml import etree

from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import safe_eval, time

from odoo.addons.base.models import ir_actions_report

from .common import DunningCommon, day

# Nothing answers on the discard port: wkhtmltopdf can fetch nothing over HTTP.
UNREACHABLE_URL = "http://127.0.0.1:9"
# PDF points in a millimetre
MM = 72 / 25.4


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

    def _pdf_words(self, pdf):
        """The page width of ``pdf`` and ``{word: left edge}`` on its first page."""
        output = self._pdftotext(pdf, "-bbox", "-f", "1", "-l", "1")
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

    def _pdf_text(self, pdf):
        """The text of ``pdf`` as ``pdftotext`` reads it back, block by block, runs of
        whitespace as one space."""
        output = self._pdftotext(pdf).decode()
        return self._plain(output)

    def _pdf_boxes(self, pdf):
        """``{word: (left, top, height)}`` of the first page of ``pdf``: the left and top
        edges of each word's first occurrence in millimetres from the page's top left
        corner, its height in points."""
        output = self._pdftotext(pdf, "-bbox", "-f", "1", "-l", "1")
        boxes = {}
        for word in etree.fromstring(output).iter("{*}word"):
            top, bottom = float(word.get("yMin")), float(word.get("yMax"))
            boxes.setdefault(word.text, (float(word.get("xMin")) / MM, top / MM, bottom - top))
        return boxes

    def _french_company(self):
        """The company as a French SME has it: letterhead, legal mentions, a responsible."""
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["account_dunning_pro"], ["fr_FR"])
        self.company.write(
            {
                "street": "24 quai de Rive-Neuve",
                "zip": "13007",
                "city": "Marseille",
                "report_header": "Ébénisterie et agencement depuis 1987",
                "report_footer": "SARL au capital de 20 000 € – RCS Marseille 303 265 045",
                "dunning_responsible_id": new_test_user(
                    self.env, login="letters.responsible", name="Claire Dupont"
                ).id,
            }
        )

    def test_odoo_lays_out_with_the_patched_wkhtmltopdf(self):
        """setup/install.sh puts wkhtmltopdf "with patched qt" first on Odoo's PATH: only
        that build lays out the letterhead, the footer and several letters in one call."""
        info = ir_actions_report._wkhtml()
        self.assertEqual(self.env["ir.actions.report"].get_wkhtmltopdf_state(), "ok")
        self.assertTrue(
            info.is_patched_qt,
            f"Odoo lays out PDFs with {info.bin} {info.version}, a build without patched Qt: "
            "run setup/install.sh",
        )

    def test_french_formal_notice_for_a_window_envelope(self):
        """A French customer gets a letter a French SME would sign: on its letterhead, the
        address at the window of a DL envelope, dated from the company's city, its subject
        naming the invoices, amounts in euros as the French write them, 11 pt type; the
        formal notice, and it only, goes by registered letter."""
        if not shutil.which("pdftotext"):
            self.skipTest("pdftotext (poppler-utils) is not installed")
        if not ir_actions_report._wkhtml().is_patched_qt:
            self.skipTest("the letterhead needs wkhtmltopdf with patched Qt")
        self._french_company()
        eur = self.setup_other_currency("EUR")
        partner = self._customer("Boulangerie Martin SARL", lang="fr_FR")
        first = self._invoice(partner, 1234.56, day(0), currency=eur)
        second = self._invoice(partner, 980, day(2), currency=eur)
        with self._real_pdfs():
            reminder = self._letter(partner)
            self._run(day(45))
        notice = self._events(partner, channel="letter", level_id=self.level[45].id)
        self.assertRecordValues(notice, [{"state": "done"}])

        pdf = notice.letter_attachment_id.raw
        text = self._pdf_text(pdf)
        for expected in (
            # the letterhead and the legal mentions of the company's layout
            "Ébénisterie et agencement depuis 1987",
            "SARL au capital de 20 000 € – RCS Marseille 303 265 045",
            # the sender, the addressee
            f"{self.company.name} 24 quai de Rive-Neuve 13007 Marseille",
            "Boulangerie Martin SARL 12 rue de la Paix 75002 Paris",
            "Affaire suivie par : Claire Dupont",
            "Lettre recommandée avec accusé de réception",
            "Marseille, le 16 avril 2026",
            f"Objet : Mise en demeure (factures {first.name}, {second.name})",
            "Madame, Monsieur,",
            "1 234,56 €",
            "980,00 €",
            "Total dû (EUR)",
            "2 214,56 €",
            "Claire Dupont",
        ):
            self.assertIn(expected, text)
        self.assertIn(f"distinguées. Claire Dupont {self.company.name}", text, "signed")
        self.assertNotIn("France", text, "no country line on a letter within France")

        boxes = self._pdf_boxes(pdf)
        left, top, _height = boxes["Boulangerie"]
        self.assertTrue(98 <= left <= 110, f"the addressee starts {left:.1f} mm from the left")
        self.assertTrue(44 <= top <= 55, f"the addressee starts {top:.1f} mm from the top")
        _left, top, _height = boxes["Paris"]
        self.assertLess(top, 90, "the whole address shows in the window")
        left, top, _height = boxes["Marseille,"]
        self.assertGreater(top, 92, "the date is below the window")
        self.assertGreater(left, 98, "the date is on the right")
        _left, top, _height = boxes["Ébénisterie"]
        self.assertLess(top, 40, "the letterhead is in the top margin")
        _left, top, _height = boxes["RCS"]
        self.assertGreater(top, 267, "the legal mentions are in the bottom margin")
        # DejaVu Sans: a line of words is 1.19 times the type size high
        _left, _top, height = boxes["Madame,"]
        self.assertAlmostEqual(height / 1.19, 11, delta=0.5, msg="11 pt type")

        text = self._pdf_text(reminder.letter_attachment_id.raw)
        self.assertIn(f"Objet : Lettre de relance (factures {first.name}, {second.name})", text)
        self.assertIn("Marseille, le 1 avril 2026", text)
        self.assertNotIn("recommandée", text, "a reminder letter is not registered")

    def test_letters_of_several_customers_laid_out_in_one_call(self):
        """The letters of several customers laid out together (the nightly run's batch):
        each is a document of its own, in its customer's language, that Odoo keeps apart."""
        if not shutil.which("pdftotext"):
            self.skipTest("pdftotext (poppler-utils) is not installed")
        if not ir_actions_report._wkhtml().is_patched_qt:
            self.skipTest("several documents in one call need wkhtmltopdf with patched Qt")
        self._french_company()
        french = self._customer("Boulangerie Martin SARL", lang="fr_FR")
        english = self._customer("Harbour Supplies Ltd", lang="en_US")
        invoices = {
            partner: self._invoice(partner, 1234.56, day(0)) for partner in (french, english)
        }
        for partner in french | english:
            partner.dunning_level_id = self.level[30]
            partner.dunning_last_date = day(30)
        self._run(day(45))
        notices = self._events(french, channel="letter") | self._events(english, channel="letter")
        self.assertEqual(notices.partner_id, french | english)
        report = self.env.ref("account_dunning_pro.action_report_dunning_letter").with_context(
            **notices._letter_render_context()
        )
        with self._real_pdfs():
            # the stored copies are left aside: both letters are laid out anew
            notices.letter_attachment_id.unlink()
            streams = report._render_qweb_pdf_prepare_streams(report, {}, res_ids=notices.ids)
            joined, _type = report._render_qweb_pdf(report, notices.ids)
        self.assertEqual(set(streams), set(notices.ids), "one document a letter")
        texts = {
            notice.partner_id: self._pdf_text(streams[notice.id]["stream"].getvalue())
            for notice in notices
        }
        self.assertIn(f"Objet : Mise en demeure (facture {invoices[french].name})", texts[french])
        self.assertIn("Lettre recommandée avec accusé de réception", texts[french])
        self.assertIn("Marseille, le 16 avril 2026", texts[french])
        self.assertNotIn("Harbour", texts[french])
        self.assertIn(f"Subject: Formal notice (invoice {invoices[english].name})", texts[english])
        self.assertIn("Registered letter with acknowledgement of receipt", texts[english])
        self.assertIn("Marseille, April 16, 2026", texts[english])
        self.assertIn("Dear Sir or Madam,", texts[english])
        self.assertNotIn("Boulangerie", texts[english])
        # both in the joined PDF, the letterhead on each
        text = self._pdf_text(joined)
        self.assertEqual(text.count("Ébénisterie et agencement depuis 1987"), text.count("Page "))
        self.assertLess(text.index("Boulangerie"), text.index("Harbour"))

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
        # at the window of an envelope (95 mm from the left edge and more) once the
        # style sheets load; unstyled, every line starts at the left margin
        self.assertGreater(words["Menuiserie"], 95 * MM, "the addressee is on the right")
        self.assertGreater(words["Paix"], 95 * MM, "the address is on the right")
        self.assertGreater(words[str(day(30).year)], 95 * MM, "the date is on the right")
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
