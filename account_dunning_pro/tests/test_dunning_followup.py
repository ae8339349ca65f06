# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import ast

from lxml import etree

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import freeze_time, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import DunningCommon, day

ACTION = "account_dunning_pro.account_dunning_followup_action"


@tagged("post_install", "-at_install")
class TestDunningFollowup(DunningCommon):
    """Accounting › Customers › Follow-up, as a credit controller opens it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.controller = new_test_user(
            cls.env, login="followup.controller", groups="account_dunning_pro.group_dunning_user"
        )

    # ---- helpers ---------------------------------------------------------------

    def _screen(self, user=None):
        """The action, and the list and search views it opens, as ``user`` gets them."""
        user = user or self.controller
        action = self.env["ir.actions.act_window"].with_user(user)._for_xml_id(ACTION)
        model = self.env[action["res_model"]].with_user(user)
        views = model.get_views([(False, "list"), (False, "search")])["views"]
        return (
            action,
            etree.fromstring(views["list"]["arch"]),
            etree.fromstring(views["search"]["arch"]),
        )

    def _rows(self, on, user=None, filters=(), company=None, screen=None):
        """The list as the web client loads it on day ``on``: the action's domain, the
        search filters named ``filters``, the list's fields and default order."""
        user = user or self.controller
        action, list_arch, search_arch = screen or self._screen(user)
        model = self.env[action["res_model"]].with_user(user)
        if company:
            model = model.with_context(allowed_company_ids=company.ids)
        domain = ast.literal_eval(action["domain"] or "[]")
        for name in filters:
            [node] = search_arch.xpath(f"//filter[@name='{name}']")
            domain += safe_eval(node.get("domain"), {"uid": user.id})
        spec = {
            node.get("name"): {"fields": {"display_name": {}}}
            if model._fields[node.get("name")].type == "many2one"
            else {}
            for node in list_arch.xpath("field")
        }
        model.invalidate_model()  # a web request reads afresh
        with freeze_time(on):
            result = model.web_search_read(
                domain, spec, order=list_arch.get("default_order"), count_limit=10000
            )
        return result["records"]

    @staticmethod
    def _by_partner(rows):
        return {row["partner_id"]["id"]: row for row in rows}

    def _activate_plan(self, partner, invoices, amount, on):
        plan = self.env["account.dunning.payment.plan"].create(
            {
                "partner_id": partner.id,
                "move_ids": [Command.set(invoices.ids)],
                "line_ids": [Command.create({"date": on, "amount": amount})],
            }
        )
        plan.action_activate()
        return plan

    # ---- tests -----------------------------------------------------------------

    def test_most_urgent_customers_first(self):
        garage = self._customer("Garage Petit")
        hotel = self._customer("Hotel Lemoine SA")
        chased = self._customer("Cave Dupuis")
        not_due = self._customer("Fleuriste Rose")
        # Boulangerie: 10 days late for 400, and 250 not due yet
        self._invoice(self.customer, 400, day(0))
        self._invoice(self.customer, 250, day(30))
        # Garage: 30 days late; its contact's invoice counts for the company
        self._invoice(garage, 100, day(-20))
        contact = self.env["res.partner"].create({"name": "Paul Petit", "parent_id": garage.id})
        self._invoice(contact, 50, day(5))
        # Hotel: 10 days late too, but owes more (900 less 200 paid)
        hotel_invoice = self._invoice(hotel, 900, day(0))
        self._pay(hotel_invoice, 200, day(5))
        # a credit note is owed back, not overdue
        self._invoice(hotel, 80, day(-40), move_type="out_refund")
        # Cave: in the chase, nothing overdue any more
        self._invoice(chased, 300, day(20))
        chased.dunning_level_id = self.level[3]
        chased.dunning_last_date = day(3)
        self._invoice(not_due, 500, day(30))

        rows = self._rows(day(10))
        self.assertEqual(
            [row["partner_id"]["id"] for row in rows],
            [garage.id, hotel.id, self.customer.id, chased.id],
            "most days late first, then the biggest overdue amount",
        )
        values = [
            {key: row[key] for key in ("amount_overdue", "amount_open", "days_late")}
            for row in rows
        ]
        self.assertEqual(
            values,
            [
                {"amount_overdue": 150.0, "amount_open": 150.0, "days_late": 30},
                {"amount_overdue": 700.0, "amount_open": 620.0, "days_late": 10},
                {"amount_overdue": 400.0, "amount_open": 650.0, "days_late": 10},
                {"amount_overdue": 0.0, "amount_open": 300.0, "days_late": 0},
            ],
        )
        by_partner = self._by_partner(rows)
        self.assertEqual(by_partner[garage.id]["oldest_due_date"], day(-20))
        self.assertEqual(by_partner[chased.id]["dunning_level_id"]["id"], self.level[3].id)
        self.assertEqual(by_partner[chased.id]["dunning_last_date"], day(3))
        self.assertEqual(by_partner[garage.id]["policy_id"]["id"], self.policy.id)
        self.assertEqual(by_partner[garage.id]["currency_id"]["id"], self.company.currency_id.id)

        # the next day, everyone is one day later; the filters keep working
        later = self._rows(day(11), filters=["overdue"])
        self.assertEqual([row["days_late"] for row in later], [31, 11, 11])
        in_chase = self._rows(day(11), filters=["in_chase"])
        self.assertEqual([row["partner_id"]["id"] for row in in_chase], [chased.id])

    def test_level_profile_and_scenario_after_the_nightly_run(self):
        bad = self.env["account.dunning.risk.profile"].search([("code", "=", "bad")], limit=1)
        late = self._customer("Garage Petit", risk_profile_id=bad.id, risk_profile_locked=True)
        self._invoice(self.customer, 400, day(0))
        self._invoice(late, 300, day(0))
        self._run(day(3))
        by_partner = self._by_partner(self._rows(day(4)))
        for partner in (self.customer, late):
            row = by_partner[partner.id]
            self.assertEqual(
                (
                    row["dunning_level_id"] and row["dunning_level_id"]["id"],
                    row["dunning_last_date"],
                    row["dunning_next_date"],
                    row["policy_id"]["id"],
                ),
                (
                    partner.dunning_level_id.id,
                    partner.dunning_last_date,
                    partner.dunning_next_date,
                    partner.dunning_policy_id.id,
                ),
            )
        self.assertEqual(by_partner[self.customer.id]["dunning_level_id"]["id"], self.level[3].id)
        self.assertEqual(by_partner[self.customer.id]["dunning_next_date"], day(15))
        self.assertEqual(by_partner[late.id]["risk_profile_id"]["id"], bad.id)
        self.assertEqual(by_partner[late.id]["policy_id"]["id"], bad.policy_id.id)
        self.assertFalse(by_partner[self.customer.id]["risk_profile_id"])

    def test_effective_responsible_is_never_blank(self):
        nobody = self._customer("Librairie Noel", user_id=False)
        handled = self._customer("Garage Petit", dunning_responsible_id=self.controller.id)
        for partner in (self.customer, nobody, handled):
            self._invoice(partner, 400, day(0))
        manager = new_test_user(
            self.env, login="followup.manager", groups="account_dunning_pro.group_dunning_manager"
        )
        self.company.dunning_responsible_id = manager

        def responsibles():
            return {
                partner_id: row["responsible_id"]["id"]
                for partner_id, row in self._by_partner(self._rows(day(10))).items()
            }

        self.assertEqual(
            responsibles(),
            {
                self.customer.id: self.salesman.id,  # its salesperson
                handled.id: self.controller.id,  # its dunning responsible first
                nobody.id: manager.id,  # the company's default responsible
            },
        )
        self.company.dunning_responsible_id = False
        self.assertTrue(self.cron.user_id._is_superuser())
        self.assertEqual(
            responsibles()[nobody.id],
            self.env.ref("base.user_admin").id,
            "the nightly run's user, not the superuser",
        )
        # the one definition: the processor assigns the call tasks to the same users
        for partner_id, user_id in responsibles().items():
            partner = self.env["res.partner"].browse(partner_id)
            self.assertEqual(self.processor._responsible(partner).id, user_id)

    def test_why_a_customer_is_paused(self):
        planned = self._customer("Garage Petit")
        promised = self._customer("Hotel Lemoine SA")
        expired = self._customer("Cave Dupuis")
        plan_invoice = self._invoice(planned, 400, day(0))
        promised_invoice = self._invoice(promised, 300, day(0))
        expired_invoice = self._invoice(expired, 200, day(0))
        self._invoice(self.customer, 100, day(0))
        self._activate_plan(planned, plan_invoice, 400, day(20))
        Promise = self.env["account.dunning.promise"]
        for partner, invoice, on in (
            (promised, promised_invoice, day(25)),
            (promised, promised_invoice, day(20)),
            (expired, expired_invoice, day(5)),
        ):
            with freeze_time(day(0)):  # a promise is never for a day in the past
                Promise.create(
                    {
                        "partner_id": partner.id,
                        "move_ids": [Command.set(invoice.ids)],
                        "amount": 100,
                        "date": on,
                    }
                )

        by_partner = self._by_partner(self._rows(day(10)))
        self.assertEqual(
            {partner_id: row["pause"] for partner_id, row in by_partner.items()},
            {
                planned.id: "plan",
                promised.id: "promise",
                expired.id: False,
                self.customer.id: False,
            },
        )
        self.assertEqual(by_partner[promised.id]["promise_date"], day(20))
        self.assertFalse(by_partner[expired.id]["promise_date"])
        # paused customers are still overdue
        self.assertEqual(by_partner[planned.id]["amount_overdue"], 400.0)
        paused = self._rows(day(10), filters=["paused"])
        self.assertEqual({row["partner_id"]["id"] for row in paused}, {planned.id, promised.id})
        # the same invoices the nightly run leaves alone
        partners = planned | promised | expired | self.customer
        self.assertEqual(
            self.processor._paused_move_ids(partners, day(10)),
            set((plan_invoice | promised_invoice).ids),
        )

        # once the plan's invoice is paid, the customer leaves the list
        self._pay(plan_invoice, 400, day(12))
        self.assertNotIn(planned.id, self._by_partner(self._rows(day(12))))

    def test_my_customers_and_group_by_level(self):
        mine = self._customer("Garage Petit", dunning_responsible_id=self.controller.id)
        self._invoice(mine, 100, day(0))
        self._invoice(self.customer, 400, day(0))
        self._invoice(self.customer, 250, day(-5))
        self.customer.dunning_level_id = self.level[3]
        rows = self._rows(day(10), filters=["mine"])
        self.assertEqual([row["partner_id"]["id"] for row in rows], [mine.id])

        _action, _list, search_arch = self._screen()
        [by_level] = search_arch.xpath("//filter[@name='group_level']")
        groupby = safe_eval(by_level.get("context"))["group_by"]
        with freeze_time(day(10)):
            groups = (
                self.env["account.dunning.followup"]
                .with_user(self.controller)
                .formatted_read_group(
                    [], [groupby], ["__count", "amount_overdue:sum", "days_late:max"]
                )
            )
        self.assertEqual(
            [
                (
                    group[groupby] and group[groupby][0],
                    group["__count"],
                    group["amount_overdue:sum"],
                )
                for group in groups
            ],
            [(self.level[3].id, 1, 650.0), (False, 1, 100.0)],
        )
        self.assertEqual(groups[0]["days_late:max"], 15)

    def test_send_now_on_a_selection_and_row_click(self):
        garage = self._customer("Garage Petit")
        for partner in (self.customer, garage):
            self._invoice(partner, 400, day(0))
        _action, list_arch, _search = self._screen()
        followup = self.env["account.dunning.followup"].with_user(self.controller)

        [button] = list_arch.xpath("header/button")
        self.assertEqual(button.get("type"), "object")
        selected = followup.browse([self.customer.id, garage.id])
        action = getattr(selected, button.get("name"))()
        self.assertEqual(action["res_model"], "account.dunning.send")
        self.assertEqual(action["target"], "new")
        self.assertCountEqual(action["context"]["default_partner_ids"], selected.ids)
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.controller)
            .with_context(**action["context"])
            .create({})
        )
        self.assertEqual(wizard.partner_ids, self.customer | garage)

        self.assertEqual(list_arch.get("type"), "object")
        action = getattr(followup.browse(garage.id), list_arch.get("action"))()
        self.assertEqual(
            {key: action[key] for key in ("type", "res_model", "res_id")},
            {"type": "ir.actions.act_window", "res_model": "res.partner", "res_id": garage.id},
        )
        self.assertEqual(action["views"], [(False, "form")])

    def test_one_query_for_the_whole_list(self):
        def queries_for(count):
            for index in range(count):
                partner = self._customer(f"Client{count}x{index} SARL", user_id=False)
                self._invoice(partner, 100 + index, day(-index))
                self._invoice(partner, 50, day(30))
                partner.dunning_level_id = self.level[3]
            self.env.flush_all()
            self.env.invalidate_all()
            screen = self._screen()  # the web client loads the views once
            before = self.env.cr.sql_log_count
            rows = self._rows(day(10), screen=screen)
            self.assertGreaterEqual(len(rows), count)
            return self.env.cr.sql_log_count - before

        queries_for(1)  # warm the caches (access rules, company)
        self.assertEqual(queries_for(3), queries_for(12))

    def test_only_the_current_company(self):
        other = self.setup_other_company(name="Filiale Lyon")["company"]
        lyon_customer = self._customer("Garage Petit")
        self._invoice(self.customer, 400, day(0))
        self._invoice(self.customer, 900, day(-20), company=other)
        self._invoice(lyon_customer, 300, day(0), company=other)
        lyon = new_test_user(
            self.env,
            login="followup.lyon",
            groups="account_dunning_pro.group_dunning_user",
            company_id=other.id,
            company_ids=other.ids,
        )

        here = self._by_partner(self._rows(day(10)))
        self.assertEqual(list(here), [self.customer.id])
        self.assertEqual(here[self.customer.id]["amount_overdue"], 400.0)

        there = self._rows(day(10), user=lyon, company=other)
        self.assertEqual(
            [(row["partner_id"]["id"], row["amount_overdue"]) for row in there],
            [(self.customer.id, 900.0), (lyon_customer.id, 300.0)],
        )
        followup = self.env["account.dunning.followup"]
        followup.invalidate_model()
        self.assertEqual(
            followup.with_user(lyon)
            .with_context(allowed_company_ids=other.ids)
            .search([])
            .company_id,
            other,
        )

        with self.assertRaises(AccessError):
            self.env["account.dunning.followup"].with_user(self.salesman).search([])
