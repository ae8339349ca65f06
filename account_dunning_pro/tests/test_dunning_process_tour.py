# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Validating and processing in a real browser (static/tests/tours/dunning_process_tour.js):
a semi-automatic batch previewed, sent and partly discarded; two customers walked
through the one-by-one screen."""

from datetime import timedelta

from odoo import fields
from odoo.fields import Command
from odoo.tests import HttpCase, freeze_time, new_test_user, tagged

from .common import DunningCommon
from .test_dunning_tours import DunningWalk


@tagged("post_install", "-at_install")
class TestDunningProcessTour(DunningWalk, DunningCommon, HttpCase):
    PROCESS_TOUR = "account_dunning_pro_process_walk"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.today()
        cls.controller = new_test_user(
            cls.env,
            login="tour.process",
            groups="account.group_account_invoice,account_dunning_pro.group_dunning_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        semi = {"dunning_mode": "semi_automatic"}
        cls.semi = cls._customer("Traiteur Mercier SAS", **semi)
        cls.semi_discarded = cls._customer("Pressing Faure EURL", **semi)
        manual = {"dunning_mode": "manual"}
        cls.walked = cls._customer("Garage Petit SARL", **manual)
        cls.walked_skipped = cls._customer("Fleuriste Bonnet EURL", **manual)
        for partner, amount in (
            (cls.semi, 1750),
            (cls.semi_discarded, 640),
            (cls.walked, 1289.90),
            (cls.walked_skipped, 520),
        ):
            cls._invoice(partner, amount, today - timedelta(days=5))
        with freeze_time(today):
            cls.cron.method_direct_trigger()
        cls.env.invalidate_all()

    def test_the_controller_validates_a_batch_and_walks_two_customers(self):
        drafts, _validate = self._validate_plan(self.controller)
        self.assertEqual(drafts.partner_id, self.semi | self.semi_discarded)
        level = self.level[3].name
        subject = "Garage Petit: your account with us"
        walk = {
            "batch": {
                "names": drafts.partner_id.mapped("display_name"),
                "level": level,
                "discard": {
                    "name": self.semi_discarded.display_name,
                    "reason": "Paid by transfer this morning",
                },
            },
            "one_by_one": {
                "names": [self.walked.display_name, self.walked_skipped.display_name],
                "level": level,
                "subject": subject,
                "skip_reason": "Disputes the delivery, see the sales rep",
            },
        }

        self._walk(self.PROCESS_TOUR, self.controller, walk)

        # the batch: one sent, one discarded with its reason
        self.assertRecordValues(
            self._events(self.semi),
            [{"state": "done", "channel": "email", "user_id": self.controller.id}],
        )
        discarded = self._events(self.semi_discarded)
        self.assertRecordValues(discarded, [{"state": "cancelled", "reason_code": "discarded"}])
        self.assertIn("Paid by transfer this morning", discarded.reason)
        # one by one: sent with the edited subject, then skipped with its reason
        self.assertRecordValues(
            self._events(self.walked),
            [{"state": "done", "channel": "email", "user_id": self.controller.id}],
        )
        self.assertEqual(self._mails(self.walked).subject, subject)
        skipped = self._events(self.walked_skipped)
        self.assertRecordValues(skipped, [{"state": "skipped", "reason_code": "skipped_by_hand"}])
        self.assertIn("Disputes the delivery", skipped.reason)
        self.assertFalse(self._mails(self.walked_skipped))
