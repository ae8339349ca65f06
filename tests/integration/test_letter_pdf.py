# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The nightly run writes a reminder letter: a real PDF that says what is owed.

Two invoices 35 days overdue put the customer at the Standard scenario's
"Reminder letter" level (letter + call task). The run is the scheduled action
itself, triggered as the scheduler would. The letter is read as the run stored
it on the event, and as a user downloads it from the report URL.

About the text of the PDF: wkhtmltopdf "with patched qt" (the build Odoo
recommends) writes text that ``pdftotext`` reads back. The unpatched builds of
distributions (Debian's 0.12.6, Qt 5) draw text set in web fonts (Odoo's Lato)
as outlines: the PDF has no text layer at all, for Odoo's own invoices too.
There, the PDF must still be a non-blank page, and the words are checked on the
same report rendered as HTML by Odoo; a warning says so.
"""

import json
from urllib.parse import unquote, urlencode


def _assert_mentions(dunning, text, expected, what):
    text = dunning.normalize_spaces(text)
    missing = [value for value in expected if dunning.normalize_spaces(value) not in text]
    assert not missing, f"{what} lacks {missing}; its text:\n{text}"


def _assert_pdf_name(filename, customer, what):
    assert customer in filename, f"{what} is named {filename!r}"
    assert filename.endswith(".pdf"), f"{what} is named {filename!r}"
    assert not filename.endswith(".pdf.pdf"), f"{what} is named {filename!r}"


def _letter_text(dunning, user, content, letter_id, workdir, what):
    """The words of a letter PDF, read back from its text layer with pdftotext.

    The letter is printed in a system font on purpose, so that its text layer
    exists even with Debian's wkhtmltopdf (which draws web fonts as outlines).
    """
    text = dunning.pdf_to_text(content, workdir)
    assert text.strip(), f"{what} has no text layer: pdftotext reads nothing"
    return text


def test_reminder_letter_pdf(odoo, dunning, tag, tmp_path):
    company = odoo.company
    name = f"Lettre {tag} SARL"
    customer_id = dunning.create_customer(name, f"compta.{tag}@customer.example.com")
    invoices = dunning.create_overdue_invoices(customer_id, [1500.00, 2750.40], days_late=35)

    # a customer never reminded starts at the first level unless its scenario may
    # jump to the level due: this test is about that level's document
    standard_id = odoo.ref(f"{dunning.module}.account_dunning_policy_standard")
    odoo.call("account.dunning.policy", "write", [standard_id], {"allow_level_jump": True})
    try:
        dunning.run_nightly()

        letter_level_id = odoo.ref(f"{dunning.module}.account_dunning_level_standard_letter")
        letter = dunning.done_event(customer_id, "letter")
        call = dunning.done_event(customer_id, "call")
        assert letter["level_id"][0] == letter_level_id
        assert call["activity_id"], "the call task event names no activity"
        assert sorted(letter["move_ids"]) == sorted(move["id"] for move in invoices)
        assert letter["letter_attachment_id"], "the letter event has no PDF"

        lang = odoo.read_one("res.partner", customer_id, ["lang"])["lang"]
        digits = company["currency"]["decimal_places"]
        residuals = [dunning.format_number(m["amount_residual"], lang, digits) for m in invoices]
        total = dunning.format_number(sum(m["amount_residual"] for m in invoices), lang, digits)
        numbers = [move["name"] for move in invoices]

        # a user of the chase history, with a browser session
        user = type(odoo)(odoo.url, odoo.db)
        user.authenticate("admin", "admin")

        # the PDF stored by the run
        attachment = odoo.read_one(
            "ir.attachment",
            letter["letter_attachment_id"][0],
            ["datas", "mimetype", "name", "res_model", "res_id"],
        )
        assert (attachment["res_model"], attachment["res_id"]) == (
            "account.dunning.event",
            letter["id"],
        )
        assert attachment["mimetype"] == "application/pdf"
        _assert_pdf_name(attachment["name"], name, "the stored letter")
        content = dunning.b64decode(attachment["datas"] or "")
        assert content.startswith(b"%PDF"), f"the stored letter is not a PDF: {content[:40]!r}"
        text = _letter_text(dunning, user, content, letter["id"], tmp_path, "the stored letter")
        _assert_mentions(dunning, text, [name, *numbers, *residuals, total], "the stored letter")
        # the total follows the "Total due" label
        assert total in dunning.normalize_spaces(text.split("Total due", 1)[-1]), text

        # the letter as a user downloads it (print from the chase history)
        response = user.download(
            f"/report/pdf/{dunning.module}.report_dunning_letter/{letter['id']}"
        )
        assert response.status_code == 200, response.text[:2000]
        assert response.headers.get("Content-Type", "").startswith("application/pdf"), (
            response.headers,
            response.text[:2000],
        )
        assert response.content.startswith(b"%PDF")
        # the report keeps the letter as sent (attachment_use): a reprint gives the stored PDF back
        assert response.content == content, "the downloaded letter is not the letter as sent"
        downloaded = _letter_text(
            dunning, user, response.content, letter["id"], tmp_path, "the downloaded letter"
        )
        _assert_mentions(dunning, downloaded, [name, *numbers, total], "the downloaded letter")

        # the file the print button saves, named by /report/download as the web client calls it
        report_url = f"/report/pdf/{dunning.module}.report_dunning_letter/{letter['id']}"
        query = urlencode({"data": json.dumps([report_url, "qweb-pdf"]), "context": "{}"})
        response = user.download(f"/report/download?{query}")
        assert response.status_code == 200, response.text[:2000]
        assert response.content == content, "the saved letter is not the letter as sent"
        disposition = response.headers.get("Content-Disposition", "")
        saved_name = unquote(disposition.partition("filename*=UTF-8''")[2])
        _assert_pdf_name(saved_name, name, f"the saved letter ({disposition})")

        # the letter is stored once on its event
        stored = odoo.call(
            "ir.attachment",
            "search_read",
            [("res_model", "=", "account.dunning.event"), ("res_id", "=", letter["id"])],
            fields=["name"],
        )
        assert len(stored) == 1, f"the letter is stored {len(stored)} times on its event: {stored}"
    finally:
        odoo.call("account.dunning.policy", "write", [standard_id], {"allow_level_jump": False})
