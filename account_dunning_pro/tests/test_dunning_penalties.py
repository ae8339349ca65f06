# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Late interest and the 40 EUR recovery indemnity (Code de commerce L441-10 and
D441-5): what the formal notice claims, and the penalty invoice "Charge penalties"
drafts, to the cent and the day.

The company is in USD; 1 USD buys 0.8 EUR, so the 40 EUR indemnity is $ 50.00.
The company's rate is the ECB reference rate (2.15 %) plus 10 points: 12.15 % a year.
"""

import lxml.html

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, freeze_time, new_test_user, tagged

from .common import DunningCommon, day


@tagged("post_install", "-at_install")
class TestDunningPenalties(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.controller = new_test_user(
            cls.env,
            login="penalties.controller",
            # like any internal user by default, the controller may edit contacts
            groups="account_dunning_pro.group_dunning_user",
            company_id=cls.company.id,
        )
        cls.eur = cls.setup_other_currency("EUR", rates=[("2000-01-01", 0.8)])
        cls.notice_level = cls.level[45]

    # ---- helpers ----------------------------------------------------------------

    def _notice(self, partner, on=45):
        """The formal notice the nightly run of day ``on`` sends ``partner`` (its email
        event), after the letter of day 30."""
        partner.dunning_level_id = self.level[30]
        partner.dunning_last_date = day(30)
        self._run(day(on))
        notice = self._events(partner, channel="email", level_id=self.notice_level.id)
        self.assertRecordValues(notice[-1:], [{"state": "done"}])
        return notice[-1]

    @staticmethod
    def _text(html):
        """The words of ``html`` as a reader sees them, runs of whitespace as one space."""
        html = html if isinstance(html, bytes) else str(html)
        return " ".join(lxml.html.fromstring(html).text_content().split())

    def _charge(self, partner, on):
        """ "Charge penalties" pressed by the controller on day ``on``: the draft it opens."""
        with freeze_time(day(on)):
            action = partner.with_user(self.controller).action_dunning_charge_penalties()
        self.assertEqual(action["res_model"], "account.move")
        return self.env["account.move"].browse(action["res_id"])

    def _penalty_invoices(self, partner):
        return self.env["account.move"].search(
            [("partner_id", "=", partner.id), ("dunning_penalty_invoice", "=", True)],
            order="id",
        )

    # ---- the formal notice ------------------------------------------------------

    def test_formal_notice_claims_interest_and_indemnity_at_the_cent(self):
        partner = self._customer("Transports Lefevre SAS")
        first = self._invoice(partner, 1000, day(0))
        second = self._invoice(partner, 500, day(10))
        notice = self._notice(partner)

        rows = {row["move_id"]: row for row in notice.summary["lines"]}
        # 1000 x 12.15 % x 45 / 365 = 14.979; 500 x 12.15 % x 35 / 365 = 5.825
        self.assertEqual(rows[first.id]["interest"], 14.98)
        self.assertEqual(rows[second.id]["interest"], 5.83)
        self.assertEqual(rows[first.id]["indemnity"], 40.0)
        self.assertEqual(rows[second.id]["indemnity"], 40.0)
        self.assertEqual(rows[first.id]["interest_period"], "03/03/2026 to 04/16/2026 (45 days)")
        summary = notice.summary
        self.assertEqual(summary["interest_rate_display"], "12.15")
        self.assertEqual(summary["indemnity_count"], 2)

        text = self._text(notice.mail_message_id.body)
        self.assertIn(
            "Under article L441-10 of the French Code de commerce, late-payment penalties are "
            "owed at the rate of 12.15% a year from the day after the due date: $ 20.81 as of "
            "04/16/2026.",
            text,
        )
        self.assertIn(
            "A fixed indemnity for recovery costs of 40 euros per late invoice is also owed "
            "(articles L441-10 and D441-5 of the Code de commerce), outside the scope of VAT: "
            "80.00 € ($ 100.00).",
            text,
        )
        self.assertIn("Total claimed, penalties included: $ 1,520.81, 80.00 €", text)
        self.assertIn("$ 14.98", text, "the interest of each invoice")
        self.assertIn("03/03/2026 to 04/16/2026 (45 days)", text)

        letter = self._events(partner, channel="letter", level_id=self.notice_level.id)
        letter_text = self._text(letter.letter_attachment_id.raw)
        self.assertIn("$ 20.81 as of 04/16/2026", letter_text)
        self.assertIn("outside the scope of VAT: 80.00 € ($ 100.00).", letter_text)

        # the notice was sent: its indemnities are claimed, once and for all
        self.assertEqual((first | second).mapped("dunning_indemnity_claimed_date"), [day(45)] * 2)
        self.assertFalse(self._penalty_invoices(partner), "a notice alone charges nothing")

    def test_indemnity_never_claimed_twice_across_notices(self):
        partner = self._customer("Transports Lefevre SAS")
        invoice = self._invoice(partner, 1000, day(0))
        self._notice(partner)
        invoice.dunning_level_id = self.level[30]  # as if the notice were still to come
        again = self._notice(partner, on=75)
        self.assertFalse(again.summary["indemnity_display"], "claimed by the notice of day 45")
        # the interest keeps running: 1000 x 12.15 % x 75 / 365 = 24.966
        self.assertEqual(again.summary["lines"][0]["interest"], 24.97)
        self.assertNotIn("indemnity for recovery costs", self._text(again.mail_message_id.body))

    def test_individual_customer_owes_no_indemnity(self):
        partner = self._customer("Jean Dupont", is_company=False)
        self._invoice(partner, 1000, day(0))
        notice = self._notice(partner)
        self.assertEqual(notice.summary["lines"][0]["interest"], 14.98)
        self.assertFalse(notice.summary["indemnity_display"])
        text = self._text(notice.mail_message_id.body)
        self.assertIn("12.15% a year from the day after the due date: $ 14.98", text)
        self.assertNotIn("indemnity for recovery costs", text)
        self.assertIn("Total claimed, penalties included: $ 1,014.98", text)

    def test_customer_in_insolvency_proceedings_owes_neither(self):
        partner = self._customer("Menuiserie Girard SARL")
        self._invoice(partner, 1000, day(0))
        with Form(partner.with_user(self.controller)) as form:
            form.dunning_insolvency = True
        self.assertTrue(partner.dunning_insolvency)
        notice = self._notice(partner)
        self.assertFalse(notice.summary["has_interest"])
        self.assertFalse(notice.summary["indemnity_display"])
        text = self._text(notice.mail_message_id.body)
        self.assertIn("formal notice", text)
        self.assertNotIn("L441-10", text)
        self.assertNotIn("Total claimed", text)
        with freeze_time(day(45)), self.assertRaisesRegex(UserError, "Nothing to charge"):
            partner.with_user(self.controller).action_dunning_charge_penalties()

    def test_penalties_already_charged_are_not_claimed_again(self):
        partner = self._customer("Transports Lefevre SAS")
        charged = self._invoice(partner, 1000, day(0))
        self._charge(partner, 20)
        later = self._invoice(partner, 500, day(10))
        notice = self._notice(partner)
        rows = {row["move_id"]: row for row in notice.summary["lines"]}
        # interest charged up to day 20: from day 21, 1000 x 12.15 % x 25 / 365 = 8.322
        self.assertEqual(rows[charged.id]["interest"], 8.32)
        self.assertEqual(rows[charged.id]["interest_period"], "03/23/2026 to 04/16/2026 (25 days)")
        self.assertEqual(rows[charged.id]["indemnity"], 0.0, "already on the penalty invoice")
        self.assertEqual(rows[later.id]["indemnity"], 40.0)
        self.assertIn("40.00 € ($ 50.00)", self._text(notice.mail_message_id.body))

    # ---- Charge penalties -------------------------------------------------------

    def test_charge_penalties_drafts_one_invoice_never_twice(self):
        partner = self._customer("Transports Lefevre SAS")
        invoice = self._invoice(partner, 1000, day(0))
        penalty = self._charge(partner, 45)
        self.assertRecordValues(
            penalty,
            [
                {
                    "state": "draft",
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "currency_id": self.company.currency_id.id,
                    "amount_tax": 0.0,
                    "amount_total": 64.98,
                }
            ],
        )
        interest, indemnity = penalty.invoice_line_ids
        self.assertRecordValues(
            interest | indemnity,
            [
                {
                    "product_id": self.env.ref(
                        "account_dunning_pro.product_dunning_late_interest"
                    ).id,
                    "price_unit": 14.98,
                    "dunning_interest_date_from": day(1),
                    "dunning_interest_date_to": day(45),
                },
                {
                    "product_id": self.env.ref(
                        "account_dunning_pro.product_dunning_recovery_indemnity"
                    ).id,
                    "price_unit": 50.0,  # 40 EUR
                    "dunning_interest_date_from": False,
                    "dunning_interest_date_to": False,
                },
            ],
        )
        self.assertFalse((interest | indemnity).tax_ids, "outside the scope of VAT")
        self.assertEqual(
            " ".join(interest.name.split()),
            f"Late interest on {invoice.name}: $ 1,000.00 from 03/03/2026 to 04/16/2026 "
            "(45 days) at 12.15% a year",
        )
        self.assertIn("40.00 €", " ".join(indemnity.name.split()))
        self.assertIn("D441-5", indemnity.name)
        self.assertEqual(invoice.dunning_interest_charged_until, day(45))
        self.assertTrue(invoice.dunning_indemnity_charged)
        event = self._events(partner, event_type="penalty")
        self.assertIn("Penalty invoice drafted for review", event.reason)
        self.assertEqual(event.move_ids, invoice)

        # a second charge bills only the days since: 1000 x 12.15 % x 15 / 365 = 4.993
        second = self._charge(partner, 60)
        self.assertRecordValues(
            second.invoice_line_ids,
            [
                {
                    "price_unit": 4.99,
                    "dunning_penalty_kind": "interest",
                    "dunning_interest_date_from": day(46),
                    "dunning_interest_date_to": day(60),
                }
            ],
        )
        self.assertEqual(invoice.dunning_interest_charged_until, day(60))
        with freeze_time(day(60)), self.assertRaisesRegex(UserError, "Nothing to charge"):
            partner.with_user(self.controller).action_dunning_charge_penalties()
        self.assertEqual(len(self._penalty_invoices(partner)), 2)

        # deleting a draft, or cancelling it, gives its penalties back
        second.with_user(self.controller).unlink()
        self.assertEqual(invoice.dunning_interest_charged_until, day(45))
        penalty.with_user(self.controller).button_cancel()
        self.assertFalse(invoice.dunning_interest_charged_until)
        self.assertFalse(invoice.dunning_indemnity_charged)
        again = self._charge(partner, 60)
        # 1000 x 12.15 % x 60 / 365 = 19.973, and the indemnity
        self.assertEqual(again.invoice_line_ids.mapped("price_unit"), [19.97, 50.0])

    def test_a_posted_penalty_invoice_bears_no_penalty(self):
        partner = self._customer("Transports Lefevre SAS")
        self._invoice(partner, 1000, day(0))
        penalty = self._charge(partner, 20)
        with freeze_time(day(20)):
            penalty.write({"invoice_date": day(20), "invoice_date_due": day(20)})
            penalty.action_post()
        notice = self._notice(partner)
        rows = {row["move_id"]: row for row in notice.summary["lines"]}
        self.assertIn(penalty.id, rows, "the customer owes it: it is reminded")
        self.assertEqual((rows[penalty.id]["interest"], rows[penalty.id]["indemnity"]), (0, 0))

    def test_level_option_drafts_the_penalty_invoice_when_sent(self):
        self.notice_level.charge_penalties = True
        partner = self._customer("Transports Lefevre SAS")
        invoice = self._invoice(partner, 1000, day(0))
        self._notice(partner)
        penalty = self._penalty_invoices(partner)
        self.assertRecordValues(penalty, [{"state": "draft", "amount_total": 64.98}])
        self.assertEqual(penalty.invoice_line_ids.dunning_penalty_origin_id, invoice)
        # the nightly run of the next days never posts it nor charges it again
        self._run(day(46))
        self.assertRecordValues(self._penalty_invoices(partner), [{"state": "draft"}])

    def test_level_without_the_option_charges_nothing(self):
        partner = self._customer("Transports Lefevre SAS")
        self._invoice(partner, 1000, day(0))
        self._notice(partner)
        self.assertFalse(self._penalty_invoices(partner))

    def test_only_dunning_users_charge_penalties(self):
        partner = self._customer("Transports Lefevre SAS")
        self._invoice(partner, 1000, day(0))
        accountant = new_test_user(
            self.env, login="penalties.accountant", groups="account.group_account_invoice"
        )
        with freeze_time(day(45)), self.assertRaisesRegex(AccessError, "Only dunning users"):
            partner.with_user(accountant).action_dunning_charge_penalties()

    # ---- settings ---------------------------------------------------------------

    def test_company_rate_is_ecb_plus_margin_and_overridable(self):
        self.assertEqual(self.company.dunning_interest_rate, 12.15)
        with Form(self.company) as form:
            form.dunning_ecb_rate = 3.15
            self.assertEqual(form.dunning_interest_rate, 13.15)
            form.dunning_interest_rate = 8.0
        self.assertEqual(self.company.dunning_interest_rate, 8.0)
        partner = self._customer("Transports Lefevre SAS")
        self._invoice(partner, 1000, day(0))
        notice = self._notice(partner)
        self.assertEqual(notice.summary["interest_rate_display"], "8.00")
        # 1000 x 8 % x 45 / 365 = 9.863
        self.assertEqual(notice.summary["lines"][0]["interest"], 9.86)

    def test_scenario_rate_overrides_the_company_rate(self):
        self.policy.interest_rate = 10.0
        partner = self._customer("Transports Lefevre SAS")
        self._invoice(partner, 1000, day(0))
        penalty = self._charge(partner, 73)
        # 1000 x 10 % x 73 / 365 = 20
        self.assertEqual(penalty.invoice_line_ids[0].price_unit, 20.0)
        self.assertIn("at 10.00% a year", penalty.invoice_line_ids[0].name)

    def test_indemnity_switched_off_in_the_settings(self):
        self.company.dunning_claim_indemnity = False
        partner = self._customer("Transports Lefevre SAS")
        self._invoice(partner, 1000, day(0))
        notice = self._notice(partner)
        self.assertFalse(notice.summary["indemnity_display"])
        self.assertEqual(self._charge(partner, 45).amount_total, 14.98)

    def test_negative_rates_are_refused(self):
        for field in ("dunning_ecb_rate", "dunning_interest_margin", "dunning_interest_rate"):
            with (
                self.subTest(field=field),
                self.assertRaisesRegex(ValidationError, "cannot be negative"),
            ):
                with Form(self.company) as form:
                    setattr(form, field, -0.5)
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.policy.write({"interest_rate": -1.0})
