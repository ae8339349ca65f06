# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import freeze_time, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import DunningCommon, day

ACTION = "account_dunning_pro.account_dunning_followup_action"
# cards a kanban column reads at first without a limit on the kanban or its action
KANBAN_LIMIT = 40


@tagged("post_install", "-at_install")
class TestDunningKanban(DunningCommon):
    """Accounting › Customers › Follow-up as a kanban by level, as a credit controller
    works it: the columns, the cards, their markers, the filters, the drag and drop
    and the quick actions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.controller = new_test_user(
            cls.env,
            login="kanban.controller",
            groups="account_dunning_pro.group_dunning_user",
            company_id=cls.company.id,
            company_ids=cls.company.ids,
        )
        cls.bad = cls.env.ref("account_dunning_pro.account_dunning_risk_profile_bad")
        cls.bad_policy = cls.bad.policy_id
        cls.bad_level = {level.delay: level for level in cls.bad_policy.level_ids}
        cls.level[45].credit_hold = True
        # Boulangerie (cls.customer): 400 overdue, not reminded yet
        cls.customer_invoice = cls._invoice(cls.customer, 400, day(0))
        cls.friendly = cls._customer("Garage Petit SARL")
        cls._invoice(cls.friendly, 300, day(-5))
        cls.friendly.write(
            {
                "dunning_level_id": cls.level[3].id,
                "dunning_last_date": day(3),
                "dunning_next_date": day(10),
            }
        )
        cls.notice = cls._customer("Hotel Lemoine SA", dunning_responsible_id=cls.controller.id)
        cls._invoice(cls.notice, 1200, day(-40))
        cls.notice.write({"dunning_level_id": cls.level[45].id, "dunning_last_date": day(5)})
        cls.bad_payer = cls._customer(
            "Cave Dupuis EURL", risk_profile_id=cls.bad.id, risk_profile_locked=True
        )
        cls._invoice(cls.bad_payer, 800, day(-2))
        cls.bad_payer.dunning_level_id = cls.bad_level[8]

    # ---- helpers ---------------------------------------------------------------

    def _views(self, user=None):
        user = user or self.controller
        action = self.env["ir.actions.act_window"].with_user(user)._for_xml_id(ACTION)
        model = self.env[action["res_model"]].with_user(user)
        result = model.get_views(
            [(False, "kanban"), (False, "search")], {"action_id": action["id"]}
        )
        return action, result

    def _board(self, on, user=None, filters=(), company=None, opening_info=()):
        """The kanban as the web client opens it on day ``on``: its ``web_read_group``
        with the kanban's fields, default group-by and order, and the search filters
        named ``filters``. Returns the groups."""
        user = user or self.controller
        action, views = self._views(user)
        kanban = etree.fromstring(views["views"]["kanban"]["arch"])
        search = etree.fromstring(views["views"]["search"]["arch"])
        fields = views["models"][action["res_model"]]["fields"]
        spec = {
            node.get("name"): {"fields": {"display_name": {}}}
            if fields[node.get("name")]["type"] == "many2one"
            else {}
            for node in kanban.iter("field")
        }
        domain = []
        for name in filters:
            [node] = search.xpath(f"//filter[@name='{name}']")
            domain += safe_eval(node.get("domain"), {"uid": user.id, "context_today": lambda: on})
        model = self.env[action["res_model"]].with_user(user)
        context = {"read_group_expand": True}
        if company:
            context["allowed_company_ids"] = company.ids
        model.invalidate_model()  # a web request reads afresh
        with freeze_time(on):
            result = model.with_context(**context).web_read_group(
                domain,
                [kanban.get("default_group_by")],
                [],
                order=kanban.get("default_order"),
                auto_unfold=True,
                opening_info=list(opening_info),
                unfold_read_specification=spec,
                # the kanban's limit, else its action's, as the web client reads them
                unfold_read_default_limit=int(
                    kanban.get("limit") or action["limit"] or KANBAN_LIMIT
                ),
            )
        return result["groups"]

    @staticmethod
    def _columns(groups):
        """{level id or False: [partner ids of its cards]}, in the column order."""
        return {
            group["dunning_level_id"] and group["dunning_level_id"][0]: [
                card["partner_id"]["id"] for card in group.get("__records", [])
            ]
            for group in groups
        }

    def _cards(self, on, **kwargs):
        """{partner id: card values} over every column."""
        return {
            card["partner_id"]["id"]: card
            for group in self._board(on, **kwargs)
            for card in group.get("__records", [])
        }

    def _row(self, partner, user=None):
        return (
            self.env["account.dunning.followup"]
            .with_user(user or self.controller)
            .browse(partner.id)
        )

    # ---- columns and cards -----------------------------------------------------

    def test_one_column_per_level_even_empty_and_the_not_reminded_first(self):
        groups = self._board(day(10))
        post_due = self.env["account.dunning.level"].search(
            [
                (
                    "policy_id",
                    "in",
                    self.env["account.dunning.risk.profile"].search([]).policy_id.ids,
                ),
                ("delay", ">=", 0),
            ]
        )
        self.assertEqual(
            list(self._columns(groups)),
            [False, *post_due.ids],
            "the customers not reminded yet, then every level of the scenarios in use",
        )
        self.assertEqual(
            [group["dunning_level_id"] and group["dunning_level_id"][1] for group in groups][:3],
            [False, "Standard / Friendly reminder", "Standard / Firm reminder"],
        )
        self.assertNotIn(self.level[-3].id, self._columns(groups), "no pre-due column")
        counts = {
            group["dunning_level_id"] and group["dunning_level_id"][0]: group["__count"]
            for group in groups
        }
        self.assertEqual(counts[self.level[15].id], 0, "an empty level still has its column")
        self.assertIn("__records", groups[0], "the not reminded column is open")
        _action, views = self._views()
        level_field = views["models"]["account.dunning.followup"]["fields"]["dunning_level_id"]
        self.assertEqual(level_field["falsy_value_label"], "Not reminded yet")
        self.assertFalse(level_field["readonly"], "cards can be dragged between levels")

    def test_each_card_in_its_level_column(self):
        columns = self._columns(self._board(day(10)))
        self.assertEqual(columns[False], [self.customer.id])
        self.assertEqual(columns[self.level[3].id], [self.friendly.id])
        self.assertEqual(columns[self.level[45].id], [self.notice.id])
        self.assertEqual(columns[self.bad_level[8].id], [self.bad_payer.id])
        self.assertEqual(columns[self.level[15].id], [])

    def test_a_card_shows_amount_days_next_action_profile_and_responsible(self):
        cards = self._cards(day(10))
        friendly = cards[self.friendly.id]
        self.assertEqual(friendly["amount_overdue"], 300.0)
        self.assertEqual(friendly["days_late"], 15)
        self.assertEqual(friendly["next_level_name"], self.level[15].name)
        self.assertEqual(friendly["dunning_next_date"], day(10))
        self.assertEqual(friendly["responsible_id"]["id"], self.salesman.id)
        self.assertFalse(friendly["waiting_validation"])
        self.assertFalse(friendly["pause"])
        notice = cards[self.notice.id]
        self.assertEqual(notice["responsible_id"]["id"], self.controller.id)
        self.assertEqual(notice["next_level_name"], self.level[60].name)
        self.assertEqual(notice["days_late"], 50)
        bad = cards[self.bad_payer.id]
        self.assertEqual(bad["risk_profile_id"]["id"], self.bad.id)
        self.assertEqual(bad["risk_profile_color"], self.bad.color)
        self.assertEqual(bad["next_level_name"], self.bad_level[15].name)
        new = cards[self.customer.id]
        self.assertEqual(new["next_level_name"], self.level[3].name, "the first level")
        row = self._row(self.friendly)
        with freeze_time(day(10)):
            self.assertEqual(row.next_level_id, self.level[15])
        self.assertFalse(new["risk_profile_id"])

    def test_overdue_per_currency_when_several(self):
        eur = self.setup_other_currency("EUR", rates=[("2026-01-01", 2.0)])
        self._invoice(self.friendly, 500, day(-5), currency=eur)
        cards = self._cards(day(10))
        friendly = cards[self.friendly.id]
        self.assertTrue(friendly["overdue_in_currencies"])
        self.assertEqual(friendly["amount_overdue"], 550.0, "company currency: 300 + 500 / 2")
        self.assertIn("300.00", friendly["amount_overdue_display"])
        self.assertIn("500.00", friendly["amount_overdue_display"])
        self.assertIn(" + ", friendly["amount_overdue_display"])
        self.assertFalse(cards[self.customer.id]["overdue_in_currencies"])

    def test_markers_promise_plan_dispute_credit_hold_and_waiting_validation(self):
        promised = self._customer("Pressing Faure EURL")
        planned = self._customer("Boucherie Garnier SAS")
        disputed = self._customer("Fleuriste Bonnet EURL")
        semi = self._customer("Traiteur Mercier SAS", dunning_mode="semi_automatic")
        promised_invoice = self._invoice(promised, 200, day(0))
        planned_invoice = self._invoice(planned, 600, day(0))
        disputed_invoice = self._invoice(disputed, 450, day(0))
        self._invoice(disputed, 150, day(-1))
        self._invoice(semi, 700, day(-10))
        with freeze_time(day(5)):
            self.env["account.dunning.promise"].create(
                {
                    "partner_id": promised.id,
                    "move_ids": [Command.set(promised_invoice.ids)],
                    "amount": 200,
                    "date": day(20),
                }
            )
            plan = self.env["account.dunning.payment.plan"].create(
                {
                    "partner_id": planned.id,
                    "move_ids": [Command.set(planned_invoice.ids)],
                    "line_ids": [Command.create({"date": day(30), "amount": 600})],
                }
            )
            plan.action_activate()
            self.env["account.dunning.dispute"].create(
                {
                    "move_id": disputed_invoice.id,
                    "reason_id": self.env.ref(
                        "account_dunning_pro.account_dunning_dispute_reason_price"
                    ).id,
                }
            )
        self._run(day(5))  # the semi-automatic customer's reminder waits for validation

        cards = self._cards(day(10))
        markers = ("promised", "in_plan", "dispute", "credit_hold", "waiting_validation")

        def flags(partner):
            return {marker for marker in markers if cards[partner.id][marker]}

        self.assertEqual(flags(promised), {"promised"})
        self.assertEqual(cards[promised.id]["pause"], "promise")
        self.assertEqual(cards[promised.id]["promise_date"], day(20))
        self.assertEqual(flags(planned), {"in_plan"})
        self.assertEqual(cards[planned.id]["pause"], "plan")
        self.assertEqual(flags(disputed), {"dispute"})
        self.assertEqual(flags(self.notice), {"credit_hold"})
        self.assertEqual(flags(semi), {"waiting_validation"})
        self.assertEqual(flags(self.customer), set())

    def test_a_column_shows_its_most_urgent_cards_first_and_loads_more(self):
        late = self.env["res.partner"]
        for index in range(22):
            partner = self._customer(f"Client{index} SARL")
            self._invoice(partner, 100 + index, day(-index))
            partner.dunning_level_id = self.level[15]
            late |= partner
        groups = self._board(day(10))
        [column] = [
            g
            for g in groups
            if g["dunning_level_id"] and g["dunning_level_id"][0] == self.level[15].id
        ]
        self.assertEqual(column["__count"], 22)
        self.assertEqual(
            [card["partner_id"]["id"] for card in column["__records"]],
            late[::-1][:20].ids,
            "the 20 most days late first",
        )
        # "Load more" on that column, the "Not reminded yet" one folded by the user
        groups = self._board(
            day(10),
            opening_info=[
                {"value": self.level[15].id, "folded": False, "limit": 40, "offset": 0},
                {"value": False, "folded": True},
            ],
        )
        columns = {g["dunning_level_id"] and g["dunning_level_id"][0]: g for g in groups}
        self.assertEqual(len(columns[self.level[15].id]["__records"]), 22)
        self.assertNotIn("__records", columns[False])
        self.assertEqual(columns[False]["__count"], 1)
        self.assertEqual(len(columns[self.level[3].id]["__records"]), 1, "others stay open")

    def test_amounts_follow_payments_and_due_dates(self):
        self._invoice(self.customer, 300, day(20))

        def card(on):
            row = self._cards(on)[self.customer.id]
            return row["amount_overdue"], row["amount_open"], row["days_late"]

        self.assertEqual(card(day(10)), (400.0, 700.0, 10))
        self._pay(self.customer_invoice, 100, day(12))
        self.assertEqual(card(day(12)), (300.0, 600.0, 12), "a payment shows at once")
        self.assertEqual(card(day(25)), (600.0, 600.0, 25), "the second invoice fell due")

        # the nightly refresh of the summary the follow-up reads
        cron = self.env.ref("account_dunning_pro.ir_cron_dunning_followup_summary")
        with freeze_time(day(25)), self.enter_registry_test_mode():
            cron.method_direct_trigger()
        summary = self.env["account.dunning.followup.summary"].search(
            [("partner_id", "=", self.customer.id), ("company_id", "=", self.company.id)]
        )
        self.assertRecordValues(
            summary,
            [
                {
                    "date": day(25),
                    "amount_open": 600.0,
                    "amount_overdue": 600.0,
                    "oldest_due_date": day(0),
                    "next_due_date": False,
                }
            ],
        )
        self.assertEqual(card(day(26)), (600.0, 600.0, 26))
        self.assertEqual(card(day(15)), (300.0, 600.0, 15), "a day before the summary: live")

        # paid in full: it leaves the board
        self._pay(self.customer_invoice, 300, day(26))
        self._pay(self.customer.invoice_ids.filtered(lambda m: m.amount_residual), 300, day(26))
        self.assertNotIn(self.customer.id, self._cards(day(26)))

    def test_a_contact_moved_to_the_customer_brings_its_debt_along(self):
        contact = self.env["res.partner"].create({"name": "Paul Martin"})
        self._invoice(contact, 150, day(2))
        cards = self._cards(day(10))
        self.assertEqual(cards[contact.id]["amount_overdue"], 150.0)
        self.assertEqual(cards[self.customer.id]["amount_overdue"], 400.0)
        contact.parent_id = self.customer
        cards = self._cards(day(10))
        self.assertNotIn(contact.id, cards)
        self.assertEqual(cards[self.customer.id]["amount_overdue"], 550.0)

    def test_opening_the_board_costs_the_same_queries_for_more_customers(self):
        def queries_for(count):
            for index in range(count):
                partner = self._customer(f"Client{count}x{index} SARL", user_id=False)
                self._invoice(partner, 100 + index, day(-index))
                partner.dunning_level_id = self.level[3 if index % 2 else 15]
            self.env.flush_all()
            self.env.invalidate_all()
            self._views()  # the web client loads the views once
            before = self.env.cr.sql_log_count
            self._board(day(10))
            return self.env.cr.sql_log_count - before

        queries_for(1)  # warm the caches (access rules, company)
        few = queries_for(3)
        # four times the cards, no more queries (a cold cache may cost the first a few)
        self.assertLessEqual(queries_for(12), few)

    # ---- filters ---------------------------------------------------------------

    def _filtered(self, *filters, on=None):
        return {
            partner_id
            for cards in self._columns(self._board(on or day(10), filters=filters)).values()
            for partner_id in cards
        }

    def test_filters(self):
        promised = self._customer("Pressing Faure EURL")
        planned = self._customer("Boucherie Garnier SAS")
        disputed = self._customer("Fleuriste Bonnet EURL")
        semi = self._customer("Traiteur Mercier SAS", dunning_mode="semi_automatic")
        promised_invoice = self._invoice(promised, 200, day(0))
        planned_invoice = self._invoice(planned, 600, day(0))
        disputed_invoice = self._invoice(disputed, 450, day(0))
        self._invoice(disputed, 120, day(-3))
        self._invoice(semi, 700, day(-10))
        with freeze_time(day(5)):
            self.env["account.dunning.promise"].create(
                {
                    "partner_id": promised.id,
                    "move_ids": [Command.set(promised_invoice.ids)],
                    "amount": 200,
                    "date": day(20),
                }
            )
            plan = self.env["account.dunning.payment.plan"].create(
                {
                    "partner_id": planned.id,
                    "move_ids": [Command.set(planned_invoice.ids)],
                    "line_ids": [Command.create({"date": day(30), "amount": 600})],
                }
            )
            plan.action_activate()
            self.env["account.dunning.dispute"].create(
                {
                    "move_id": disputed_invoice.id,
                    "reason_id": self.env.ref(
                        "account_dunning_pro.account_dunning_dispute_reason_price"
                    ).id,
                }
            )
            semi.dunning_level_id = self.level[3]
            self.env["account.dunning.event"].create(
                {
                    "partner_id": semi.id,
                    "level_id": self.level[15].id,
                    "channel": "email",
                    "state": "draft",
                }
            )
        # due today, due tomorrow
        self.customer.dunning_next_date = day(10)
        self.bad_payer.dunning_next_date = day(11)

        self.assertEqual(
            self._filtered("to_act"),
            {self.customer.id, self.friendly.id, semi.id},
            "the next reminder is due (today or before), or a prepared one waits",
        )
        self.assertEqual(self._filtered("mine"), {self.notice.id})
        self.assertEqual(self._filtered("waiting_validation"), {semi.id})
        self.assertEqual(self._filtered("promised"), {promised.id})
        self.assertEqual(self._filtered("in_plan"), {planned.id})
        self.assertEqual(self._filtered("disputed"), {disputed.id})
        self.assertEqual(self._filtered("credit_hold"), {self.notice.id})
        self.assertEqual(self._filtered("to_act", "mine"), set(), "filters of two groups: and")
        self.assertEqual(
            self._filtered("to_act", on=day(11)),
            {self.customer.id, self.friendly.id, semi.id, self.bad_payer.id},
        )

    def test_group_by_responsible_and_profile(self):
        _action, views = self._views()
        search = etree.fromstring(views["views"]["search"]["arch"])
        followup = self.env["account.dunning.followup"].with_user(self.controller)
        expected = {
            "group_responsible": {
                self.salesman.id: 3,
                self.controller.id: 1,
            },
            "group_risk": {False: 3, self.bad.id: 1},
        }
        for name, counts in expected.items():
            [node] = search.xpath(f"//filter[@name='{name}']")
            groupby = safe_eval(node.get("context"))["group_by"]
            with freeze_time(day(10)):
                groups = followup.formatted_read_group([], [groupby], ["__count"])
            self.assertEqual(
                {group[groupby] and group[groupby][0]: group["__count"] for group in groups},
                counts,
                name,
            )

    # ---- drag and drop ---------------------------------------------------------

    def _drag(self, partner, level, user=None):
        """Drop ``partner``'s card on the column of ``level``, as the web client saves it."""
        with freeze_time(day(10)):
            return self._row(partner, user).web_save(
                {"dunning_level_id": level.id}, {"dunning_level_id": {}}
            )

    def test_drag_a_card_sets_the_level_by_hand_and_logs_it(self):
        [saved] = self._drag(self.friendly, self.level[30])
        self.assertEqual(saved["dunning_level_id"], self.level[30].id)
        self.friendly.invalidate_recordset()
        self.assertEqual(self.friendly.dunning_level_id, self.level[30])
        self.assertEqual(self.friendly.dunning_last_date, day(10))
        self.assertEqual(
            self.friendly.dunning_next_date,
            day(25),
            "the next level (formal notice, 15 days later) counts from today",
        )
        event = self._events(self.friendly, event_type="level_change")
        self.assertRecordValues(
            event,
            [
                {
                    "user_id": self.controller.id,
                    "level_id": self.level[30].id,
                    "policy_id": self.policy.id,
                    "state": "done",
                    "reason_code": "set_by_hand",
                    "date": day(10),
                }
            ],
        )
        self.assertIn("Friendly reminder → Reminder letter", event.reason)
        self.assertIn(self.controller.name, event.reason)
        columns = self._columns(self._board(day(10)))
        self.assertEqual(columns[self.level[30].id], [self.friendly.id])
        self.assertEqual(columns[self.level[3].id], [])

    def test_drag_a_card_back_to_not_reminded_resets_the_chase(self):
        self._drag(self.friendly, self.env["account.dunning.level"])
        self.assertFalse(self.friendly.dunning_level_id)
        event = self._events(self.friendly, event_type="level_change")
        self.assertIn("Friendly reminder → (none)", event.reason)
        self.assertIn(self.friendly.id, self._columns(self._board(day(10)))[False])
        # dropped where it already is: nothing happens
        self._drag(self.customer, self.env["account.dunning.level"])
        self.assertFalse(self._events(self.customer, event_type="level_change"))

    def test_drag_to_a_level_of_another_scenario_is_refused(self):
        with self.assertRaisesRegex(UserError, "follows the scenario Standard"):
            self._drag(self.friendly, self.bad_level[15])
        with self.assertRaisesRegex(UserError, "before the due date"):
            self._drag(self.friendly, self.level[-3])
        self.assertEqual(self.friendly.dunning_level_id, self.level[3])
        self.assertFalse(self._events(self.friendly, event_type="level_change"))

    def test_only_the_level_can_be_written(self):
        with self.assertRaisesRegex(UserError, "only moves a customer to another level"):
            self._row(self.friendly).write({"dunning_next_date": day(30)})
        with self.assertRaisesRegex(UserError, "only moves a customer to another level"):
            self._row(self.friendly).write({"dunning_level_id": self.level[15].id, "days_late": 3})

    def test_a_salesman_cannot_drag(self):
        with self.assertRaises(AccessError):
            self._drag(self.friendly, self.level[15], user=self.salesman)
        self.assertEqual(self.friendly.dunning_level_id, self.level[3])

    # ---- quick actions ---------------------------------------------------------

    def test_quick_actions_of_a_card(self):
        _action, views = self._views()
        kanban = etree.fromstring(views["views"]["kanban"]["arch"])
        menu = kanban.xpath("//t[@t-name='menu']//a[@type='object']")
        self.assertEqual(
            [item.get("name") for item in menu],
            [
                "action_dunning_send_now",
                "action_dunning_log_call",
                "action_dunning_record_promise",
                "action_dunning_open_plan",
                "action_dunning_open_dispute",
            ],
        )
        row = self._row(self.friendly)
        with freeze_time(day(10)):
            actions = {item.get("name"): getattr(row, item.get("name"))() for item in menu}
        send = actions["action_dunning_send_now"]
        self.assertEqual((send["res_model"], send["target"]), ("account.dunning.send", "new"))
        self.assertEqual(send["context"]["default_partner_ids"], self.friendly.ids)
        call = actions["action_dunning_log_call"]
        self.assertEqual(call["res_model"], "account.dunning.call")
        self.assertEqual(call["context"]["default_partner_id"], self.friendly.id)
        promise = actions["action_dunning_record_promise"]
        self.assertEqual(promise["res_model"], "account.dunning.promise")
        self.assertEqual(promise["context"]["default_partner_id"], self.friendly.id)
        self.assertEqual(promise["context"]["default_amount"], 300.0)
        plan = actions["action_dunning_open_plan"]
        self.assertEqual(plan["res_model"], "account.dunning.payment.plan")
        self.assertEqual(plan["context"], {"default_partner_id": self.friendly.id})
        dispute = actions["action_dunning_open_dispute"]
        self.assertEqual(dispute["res_model"], "account.dunning.dispute")
        self.assertEqual(dispute["context"], {"default_partner_id": self.friendly.id})

        # the send now action opens the wizard and its preview, filled with the customer
        with freeze_time(day(10)):
            wizard = (
                self.env["account.dunning.send"]
                .with_user(self.controller)
                .with_context(**send["context"])
                .create({})
            )
        self.assertEqual(wizard.partner_ids, self.friendly)

    def test_quick_actions_need_something_to_act_on(self):
        settled = self._customer("Librairie Noel SARL")
        invoice = self._invoice(settled, 100, day(0))
        settled.dunning_level_id = self.level[3]
        self._pay(invoice, 100, day(8))
        row = self._row(settled)
        with freeze_time(day(10)):
            self.assertEqual(row.amount_overdue, 0.0, "still on the board: it has a level")
            with self.assertRaisesRegex(UserError, "nothing to promise"):
                row.action_dunning_record_promise()
            with self.assertRaisesRegex(UserError, "no open invoice to pay in instalments"):
                row.action_dunning_open_plan()
            with self.assertRaisesRegex(UserError, "no open invoice to dispute"):
                row.action_dunning_open_dispute()

    # ---- multi-company ---------------------------------------------------------

    def test_a_customer_of_another_company_is_neither_shown_nor_actionable(self):
        other = self.setup_other_company(name="Filiale Lyon")["company"]
        lyon_customer = self._customer("Transports Roux SAS")
        self._invoice(lyon_customer, 900, day(-20), company=other)
        lyon_customer.with_company(other).dunning_level_id = self.level[3]
        self.controller.write({"company_ids": [Command.link(other.id)]})

        cards = self._cards(day(10))
        self.assertNotIn(lyon_customer.id, cards)
        row = self._row(lyon_customer)
        for action in (
            "action_dunning_send_now",
            "action_dunning_log_call",
            "action_dunning_record_promise",
            "action_dunning_open_plan",
            "action_dunning_open_dispute",
        ):
            with freeze_time(day(10)), self.assertRaisesRegex(UserError, "nothing to follow up"):
                getattr(row, action)()
        with self.assertRaisesRegex(UserError, "nothing to follow up"):
            self._drag(lyon_customer, self.level[15])

        there = self._cards(day(10), company=other)
        self.assertEqual(list(there), [lyon_customer.id])
        self.assertEqual(there[lyon_customer.id]["amount_overdue"], 900.0)
