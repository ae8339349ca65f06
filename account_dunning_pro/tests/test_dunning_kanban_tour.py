# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The follow-up kanban in a real browser (static/tests/tours/dunning_kanban_tour.js)."""

from datetime import timedelta

from odoo import fields
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import DunningCommon
from .test_dunning_tours import DunningWalk


@tagged("post_install", "-at_install")
class TestDunningKanbanTour(DunningWalk, DunningCommon, HttpCase):
    KANBAN_TOUR = "account_dunning_pro_kanban_walk"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.today()
        company = {"company_id": cls.company.id, "company_ids": [Command.set(cls.company.ids)]}
        # a login of 8 characters or more: its password is the login
        cls.controller = new_test_user(
            cls.env,
            login="kanban.controller",
            groups="account.group_account_invoice,account_dunning_pro.group_dunning_user",
            **company,
        )
        # not reminded yet, the friendly reminder due: sent from its card
        cls.new = cls._customer("Garage Petit SARL")
        cls._invoice(cls.new, 1289.90, today - timedelta(days=6))
        # reminded, the next reminder not due yet: dragged to the firm reminder
        cls.friendly = cls._customer("Traiteur Mercier SAS")
        cls._invoice(cls.friendly, 1750, today - timedelta(days=8))
        cls.friendly.write(
            {"dunning_level_id": cls.level[3].id, "dunning_last_date": today - timedelta(5)}
        )
        # at the letter
        cls.lettered = cls._customer("Quincaillerie Dubois SARL")
        cls._invoice(cls.lettered, 385.60, today - timedelta(days=35))
        cls.lettered.write(
            {"dunning_level_id": cls.level[30].id, "dunning_last_date": today - timedelta(5)}
        )

    def test_the_credit_controller_works_the_kanban(self):
        send = self._send_now_plan(self.controller, self.new)
        self.assertEqual(send["channels"], ["Email"])
        self.assertEqual(send["sent"], 1)
        walk = {
            "columns": [
                {"title": "Not reminded yet", "cards": [self.new.name]},
                {"title": self.level[3].display_name, "cards": [self.friendly.name]},
                {"title": self.level[15].display_name, "cards": []},
                {"title": self.level[30].display_name, "cards": [self.lettered.name]},
                {"title": self.level[45].display_name, "cards": []},
            ],
            # to a column on screen: the headless browser does not scroll the board
            "drag": {"name": self.friendly.name, "to": self.level[15].display_name},
            "send": {"name": self.new.name, "level": send["level"], "channels": send["channels"]},
        }

        self._walk(self.KANBAN_TOUR, self.controller, walk)

        self.assertEqual(self.friendly.dunning_level_id, self.level[15])
        self.assertRecordValues(
            self._events(self.friendly, event_type="level_change"),
            [{"user_id": self.controller.id, "level_id": self.level[15].id, "state": "done"}],
        )
        self.assertEqual(self.lettered.dunning_level_id, self.level[30], "left where it was")
        self.assertRecordValues(
            self._events(self.new),
            [
                {
                    "state": "done",
                    "channel": "email",
                    "level_id": self.level[3].id,
                    "user_id": self.controller.id,
                }
            ],
        )
        self.assertEqual(self.new.dunning_level_id, self.level[3])
