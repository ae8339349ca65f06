# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from lxml import etree

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import freeze_time, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import DunningCommon, day

PREFIX = "account_dunning_pro."
AGING = PREFIX + "account_dunning_receivable_report_action_aging"
BY_LEVEL = PREFIX + "account_dunning_receivable_report_action_level"
DSO = PREFIX + "account_dunning_dso_report_action"
EFFECTIVENESS = PREFIX + "account_dunning_effectiveness_report_action"
PROMISES = PREFIX + "account_dunning_promise_action_report"
MENU = PREFIX + "account_dunning_report_menu"

# Day the aging and DSO figures are read on.
TODAY = date(2026, 6, 10)


def ago(days):
    return TODAY - timedelta(days=days)


@tagged("post_install", "-at_install")
class TestDunningReport(DunningCommon):
    """Accounting › Reporting › Receivables follow-up, as a credit controller reads it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.controller = new_test_user(
            cls.env, login="report.controller", groups="account_dunning_pro.group_dunning_user"
        )
        cls.manager = new_test_user(
            cls.env, login="report.manager", groups="account_dunning_pro.group_dunning_manager"
        )
        cls.bad = cls.env.ref("account_dunning_pro.account_dunning_risk_profile_bad")
        cls.good = cls.env.ref("account_dunning_pro.account_dunning_risk_profile_good")

    # ---- the web client's calls ---------------------------------------------------

    def _action(self, xmlid, user):
        action = self.env["ir.actions.act_window"].with_user(user)._for_xml_id(xmlid)
        views = {view_type: view_id for view_id, view_type in action["views"]}
        search_view = action["search_view_id"] and action["search_view_id"][0]
        model = self.env[action["res_model"]].with_user(user)
        arches = model.get_views(
            [(views.get("pivot"), "pivot"), (views.get("graph"), "graph"), (search_view, "search")]
        )["views"]
        context = safe_eval(action["context"] or "{}", {"uid": user.id})
        return action, context, {key: etree.fromstring(v["arch"]) for key, v in arches.items()}

    def _domain(self, action, context, search_arch, user):
        """The action's domain and its search view's default filters."""
        domain = safe_eval(action["domain"] or "[]", {"uid": user.id})
        for key in context:
            if key.startswith("search_default_") and context[key]:
                name = key.removeprefix("search_default_")
                [node] = search_arch.xpath(f"//filter[@name='{name}']")
                domain += safe_eval(node.get("domain"), {"uid": user.id})
        return domain

    def _aggregates(self, model, measures):
        """The aggregates the pivot and the graph ask for ``measures``: the field's own
        aggregator (``fields_get``), and the currency sums of a monetary field."""
        fields = model.fields_get(attributes=["type", "aggregator", "currency_field"])
        aggregates = {}
        for measure in measures:
            if measure == "__count":
                aggregates[measure] = measure
                continue
            field = fields[measure]
            aggregates[measure] = f"{measure}:{field['aggregator']}"
            if field.get("currency_field"):
                aggregates[f"{measure}#currency"] = f"{field['currency_field']}:array_agg_distinct"
                aggregates[f"{measure}#sum_currency"] = f"{measure}:sum_currency"
        return aggregates

    @staticmethod
    def _key(value):
        """A group's value as a test reads it: an id, a selection key, a month's first day."""
        if isinstance(value, tuple):
            return value[0]
        return value

    def _pivot(self, xmlid, on, user=None, company=None, rows=None, cols=None, domain=()):
        """The pivot of action ``xmlid`` on day ``on``, read as the web client does
        (``formatted_read_grouping_sets`` with the arch's groupbys and measures, or
        those of the action's context). Returns ``{(row, col): {measure: value}}``,
        ``None`` standing for a total."""
        user = user or self.controller
        action, context, arches = self._action(xmlid, user)
        model = self.env[action["res_model"]].with_user(user)
        if company:
            model = model.with_context(allowed_company_ids=company.ids)
        arch = arches["pivot"]

        def arch_fields(kind):
            return [
                f"{node.get('name')}:{node.get('interval')}"
                if node.get("interval")
                else node.get("name")
                for node in arch.xpath(f"field[@type='{kind}']")
            ]

        measures = context.get("pivot_measures") or arch_fields("measure")
        rows = rows if rows is not None else context.get("pivot_row_groupby", arch_fields("row"))
        cols = cols if cols is not None else context.get("pivot_column_groupby", arch_fields("col"))
        aggregates = self._aggregates(model, measures)
        sets = []
        for groupby in ([], rows, cols, rows + cols):
            if groupby not in sets:
                sets.append(groupby)
        model.invalidate_model()  # a web request reads afresh
        with freeze_time(on):
            results = model.formatted_read_grouping_sets(
                self._domain(action, context, arches["search"], user) + list(domain),
                sets,
                list(aggregates.values()),
            )
        table = {}
        for groupby, groups in zip(sets, results, strict=True):
            for group in groups:
                row = self._key(group[rows[0]]) if rows and rows[0] in groupby else None
                col = self._key(group[cols[0]]) if cols and cols[0] in groupby else None
                table[(row, col)] = {
                    measure: group[spec]
                    for measure, spec in aggregates.items()
                    if "#" not in measure
                }
        return table

    def _graph(self, xmlid, on, user=None):
        """The graph of action ``xmlid`` on day ``on``, as the web client reads it
        (``formatted_read_group``): ``{group: measure value}``."""
        user = user or self.controller
        action, context, arches = self._action(xmlid, user)
        model = self.env[action["res_model"]].with_user(user)
        arch = arches["graph"]
        groupby = context.get("graph_groupbys") or [
            f"{node.get('name')}:{node.get('interval')}"
            if node.get("interval")
            else node.get("name")
            for node in arch.xpath("field[not(@type='measure')]")
        ]
        measure = context.get("graph_measure") or next(
            (node.get("name") for node in arch.xpath("field[@type='measure']")), "__count"
        )
        aggregates = self._aggregates(model, ["__count", measure])
        model.invalidate_model()
        with freeze_time(on):
            groups = model.formatted_read_group(
                self._domain(action, context, arches["search"], user),
                groupby[:1],
                list(aggregates.values()),
            )
        return {self._key(group[groupby[0]]): group[aggregates[measure]] for group in groups}

    def _rows(self, model_name, on, user=None, company=None):
        """The drill-down list's records of ``model_name`` on day ``on``."""
        model = self.env[model_name].with_user(user or self.controller)
        if company:
            model = model.with_context(allowed_company_ids=company.ids)
        model.invalidate_model()
        with freeze_time(on):
            return model.search_read([], [])

    # ---- data -----------------------------------------------------------------------

    def _aging_book(self):
        """Three customers: A with an invoice at every edge of the buckets, B overdue,
        C not due. Returns ``(a, b, c, {days overdue: invoice of A})``."""
        fallback = new_test_user(
            self.env, login="report.fallback", groups="account_dunning_pro.group_dunning_user"
        )
        self.company.dunning_responsible_id = fallback
        a = self._customer(
            "Alpha Bâtiment",
            risk_profile_id=self.bad.id,
            risk_profile_locked=True,
            dunning_responsible_id=self.controller.id,
        )
        b = self._customer("Boulangerie Bernard")
        c = self._customer("Cave Charles", user_id=False)
        amounts = {-10: 50, 0: 100, 1: 200, 30: 300, 31: 400, 60: 500, 61: 600, 90: 700, 91: 800}
        invoices = {days: self._invoice(a, amount, ago(days)) for days, amount in amounts.items()}
        self._pay(invoices[91], 150, ago(5))
        self._invoice(a, 100, ago(45), move_type="out_refund")
        self._invoice(b, 1000, ago(45))
        self._invoice(c, 2000, ago(-5))
        return a, b, c, invoices, fallback

    # ---- 1. aging -------------------------------------------------------------------

    def test_aging_buckets_at_their_edges(self):
        a, b, c, invoices, _fallback = self._aging_book()

        rows = {
            row["move_id"][0]: row for row in self._rows("account.dunning.receivable.report", TODAY)
        }
        self.assertEqual(
            {
                days: (rows[inv.id]["days_overdue"], rows[inv.id]["aging_bucket"])
                for days, inv in invoices.items()
            },
            {
                -10: (-10, "0_not_due"),
                0: (0, "0_not_due"),
                1: (1, "1_30"),
                30: (30, "1_30"),
                31: (31, "31_60"),
                60: (60, "31_60"),
                61: (61, "61_90"),
                90: (90, "61_90"),
                91: (91, "91_plus"),
            },
        )

        pivot = self._pivot(AGING, TODAY)
        amounts = {key: values["amount_residual"] for key, values in pivot.items()}
        self.assertEqual(
            amounts,
            {
                (a.id, "0_not_due"): 150.0,  # due in 10 days, due today
                (a.id, "1_30"): 500.0,  # 1 and 30 days
                (a.id, "31_60"): 800.0,  # 31 and 60 days, less a credit note 45 days old
                (a.id, "61_90"): 1300.0,  # 61 and 90 days
                (a.id, "91_plus"): 650.0,  # 91 days, 150 of 800 paid
                (a.id, None): 3400.0,
                (b.id, "31_60"): 1000.0,
                (b.id, None): 1000.0,
                (c.id, "0_not_due"): 2000.0,
                (c.id, None): 2000.0,
                (None, "0_not_due"): 2150.0,
                (None, "1_30"): 500.0,
                (None, "31_60"): 1800.0,
                (None, "61_90"): 1300.0,
                (None, "91_plus"): 650.0,
                (None, None): 6400.0,
            },
        )
        # the buckets come in their natural order
        self.assertEqual(
            [key[1] for key in pivot if key[0] is None and key[1]],
            ["0_not_due", "1_30", "31_60", "61_90", "91_plus"],
        )
        # a day later, everything moves one day: the edges change bucket
        later = self._pivot(AGING, TODAY + timedelta(days=1), rows=[])
        self.assertEqual(
            {key[1]: values["amount_residual"] for key, values in later.items() if key[1]},
            {
                "0_not_due": 2050.0,  # C, and A's invoice due in 10 days
                "1_30": 300.0,  # A: 0 → 1, 1 → 2; the 30 days one is now 31
                "31_60": 1600.0,  # A: 30 → 31, 31 → 32, the credit note; B
                "61_90": 1100.0,  # A: 60 → 61, 61 → 62; the 90 days one is now 91
                "91_plus": 1350.0,  # A: 91 → 92 (650) and 90 → 91 (700)
            },
        )

    def test_aging_by_risk_profile_and_responsible(self):
        a, b, c, _invoices, fallback = self._aging_book()
        by_profile = self._pivot(AGING, TODAY, rows=["risk_profile_id"], cols=[])
        self.assertEqual(
            {key: values["amount_residual"] for key, values in by_profile.items()},
            {(self.bad.id, None): 3400.0, (False, None): 3000.0, (None, None): 6400.0},
        )
        by_responsible = self._pivot(AGING, TODAY, rows=["responsible_id"], cols=["aging_bucket"])
        self.assertEqual(
            {
                key: values["amount_residual"]
                for key, values in by_responsible.items()
                if key[1] is None
            },
            {
                (self.controller.id, None): 3400.0,  # A's dunning responsible
                (self.salesman.id, None): 1000.0,  # B: its salesperson
                (fallback.id, None): 2000.0,  # C: the company's default responsible
                (None, None): 6400.0,
            },
        )
        # the graph: open amounts by bucket
        self.assertEqual(
            self._graph(AGING, TODAY),
            {
                "0_not_due": 2150.0,
                "1_30": 500.0,
                "31_60": 1800.0,
                "61_90": 1300.0,
                "91_plus": 650.0,
            },
        )
        # my customers: the controller's
        filtered = self._pivot(
            AGING, TODAY, cols=[], domain=[("responsible_id", "=", self.controller.id)]
        )
        self.assertEqual(filtered[(None, None)]["amount_residual"], 3400.0)

    # ---- 2. overdue by level -------------------------------------------------------

    def test_overdue_by_the_customer_level(self):
        a = self._customer("Alpha Bâtiment")
        self._invoice(a, 400, day(0))
        self._invoice(a, 250, day(20))  # not due on the day of the report
        self._run(day(3))
        self.assertEqual(a.dunning_level_id, self.level[3])
        b = self._customer("Boulangerie Bernard")
        self._invoice(b, 700, day(-40))
        b.sudo().dunning_level_id = self.level[30]  # set by hand
        c = self._customer("Cave Charles")
        self._invoice(c, 300, day(5))  # not reminded yet

        pivot = self._pivot(BY_LEVEL, day(10))
        self.assertEqual(
            {key: values["amount_overdue"] for key, values in pivot.items()},
            {
                (self.level[3].id, "1_30"): 400.0,
                (self.level[3].id, None): 400.0,
                (self.level[30].id, "31_60"): 700.0,
                (self.level[30].id, None): 700.0,
                (False, "1_30"): 300.0,
                (False, None): 300.0,
                (None, "1_30"): 700.0,
                (None, "31_60"): 700.0,
                (None, None): 1400.0,
            },
        )
        self.assertEqual(
            self._graph(BY_LEVEL, day(10)),
            {self.level[3].id: 400.0, self.level[30].id: 700.0, False: 300.0},
        )
        # the follow-up list agrees on every customer's overdue amount
        followup = self.env["account.dunning.followup"].with_user(self.controller)
        followup.invalidate_model()
        with freeze_time(day(10)):
            overdue = dict(followup._read_group([], ["partner_id"], ["amount_overdue:sum"]))
        self.assertEqual(overdue, {a: 400.0, b: 700.0, c: 300.0})

    # ---- 3. DSO --------------------------------------------------------------------

    def _dso_book(self):
        d = self._customer("Distillerie Dumas", risk_profile_id=self.good.id)
        e = self._customer("Épicerie Étienne", risk_profile_id=self.good.id)
        f = self._customer("Fromagerie Fabre", risk_profile_id=self.bad.id)
        # D: 6000 + 3000 sold in the last 90 days (the first one 89 days ago), 3000 paid;
        # 1000 sold 90 days ago, open but out of the window
        first = self._invoice(d, 6000, ago(89) + timedelta(days=30))
        self._pay(first, 3000, ago(10))
        self._invoice(d, 3000, TODAY + timedelta(days=30))
        self._invoice(d, 1000, ago(90) + timedelta(days=30))
        # E: 5400 sold and paid, a credit note of 900 not used yet
        paid = self._invoice(e, 5400, ago(30) + timedelta(days=30))
        self._pay(paid, 5400, ago(2))
        self._invoice(e, 900, ago(5) + timedelta(days=30), move_type="out_refund")
        # F: 2000 open from an old sale, nothing sold since
        self._invoice(f, 2000, ago(120) + timedelta(days=30))
        return d, e, f

    def test_dso_per_customer_and_for_the_company(self):
        d, e, f = self._dso_book()
        by_customer = self._pivot(DSO, TODAY, rows=["partner_id"])
        figures = {
            key[0]: (values["amount_open"], values["credit_sales"], values["dso"])
            for key, values in by_customer.items()
        }
        self.assertEqual(set(figures), {d.id, e.id, f.id, None})
        self.assertEqual(figures[d.id][:2], (7000.0, 9000.0))
        self.assertAlmostEqual(figures[d.id][2], 70.0)  # 7000 / 9000 × 90
        self.assertEqual(figures[e.id][:2], (-900.0, 4500.0))
        self.assertAlmostEqual(figures[e.id][2], -18.0)  # -900 / 4500 × 90
        self.assertEqual(figures[f.id], (2000.0, 0.0, False))  # no sale: no DSO
        # the company: 8100 / 13500 × 90, not the sum (52) nor the average (26) of the lines
        self.assertEqual(figures[None][:2], (8100.0, 13500.0))
        self.assertAlmostEqual(figures[None][2], 54.0)

        by_profile = self._pivot(DSO, TODAY)  # the action's rows: the risk profiles
        self.assertAlmostEqual(by_profile[(self.good.id, None)]["dso"], 6100 * 90 / 13500)
        self.assertFalse(by_profile[(self.bad.id, None)]["dso"])
        self.assertAlmostEqual(by_profile[(None, None)]["dso"], 54.0)
        graph = self._graph(DSO, TODAY)
        self.assertAlmostEqual(graph[self.good.id], 6100 * 90 / 13500)

        rows = {
            row["partner_id"][0]: row["dso"]
            for row in self._rows("account.dunning.dso.report", TODAY)
        }
        self.assertAlmostEqual(rows[d.id], 70.0)
        self.assertFalse(rows[f.id])

        # a day later, D's sale of 89 days ago leaves the window
        later = self._pivot(DSO, TODAY + timedelta(days=1), rows=["partner_id"])
        self.assertEqual(later[(d.id, None)]["credit_sales"], 3000.0)

    # ---- 4. collection effectiveness ------------------------------------------------

    def test_collection_effectiveness_per_level(self):
        g = self._customer("Garage Girard")
        h = self._customer("Hôtel Henri")
        i = self._customer("Imprimerie Isnard")
        invoice_g = self._invoice(g, 1000, day(0))
        invoice_h = self._invoice(h, 2000, day(0))
        invoice_i = self._invoice(i, 1000, day(0))
        self._run(day(3))
        reminders = self.env["account.dunning.event"].search(
            [("partner_id", "in", (g | h | i).ids), ("event_type", "=", "reminder")]
        )
        self.assertEqual(
            sorted(reminders.mapped(lambda e: (e.level_id.id, e.state, e.amount_reminded))),
            sorted((self.level[3].id, "done", amount) for amount in (1000.0, 2000.0, 1000.0)),
        )
        self._pay(invoice_g, 1000, day(18))  # 15 days after the reminder: collected
        self._pay(invoice_h, 2000, day(19))  # 16 days after: too late
        self._pay(invoice_i, 400, day(10))
        self._pay(invoice_i, 600, day(25))

        # a reminder for part of an invoice (500 of 1000): what it collects is capped
        j = self._customer("Jardinerie Joly")
        invoice_j = self._invoice(j, 1000, day(0))
        # an email that failed, then its SMS fallback: one reminder of 1500
        k = self._customer("Kiosque Klein")
        invoice_k = self._invoice(k, 1500, day(0))
        Event = self.env["account.dunning.event"].sudo()
        firm = self.level[15]
        for partner, invoice, channel, state, amount in (
            (j, invoice_j, "email", "done", 500.0),
            (k, invoice_k, "email", "failed", 1500.0),
            (k, invoice_k, "sms", "done", 0.0),
        ):
            Event.create(
                {
                    "partner_id": partner.id,
                    "date": day(20),
                    "level_id": firm.id,
                    "policy_id": self.policy.id,
                    "channel": channel,
                    "state": state,
                    "move_ids": [Command.set(invoice.ids)],
                    "amount_due": amount or 1500.0,
                    "amount_reminded": amount,
                }
            )
        self._pay(invoice_j, 1000, day(22))
        self._pay(invoice_k, 500, day(30))

        pivot = self._pivot(EFFECTIVENESS, day(40))
        figures = {
            key[0]: (
                values["amount_reminded"],
                values["amount_collected"],
                values["collection_rate"],
            )
            for key, values in pivot.items()
        }
        self.assertEqual(figures[self.level[3].id][:2], (4000.0, 1400.0))
        self.assertAlmostEqual(figures[self.level[3].id][2], 35.0)  # not (100 + 0 + 40) / 3
        self.assertEqual(figures[firm.id][:2], (2000.0, 1000.0))
        self.assertAlmostEqual(figures[firm.id][2], 50.0)
        self.assertEqual(figures[None][:2], (6000.0, 2400.0))
        self.assertAlmostEqual(figures[None][2], 40.0)
        self.assertAlmostEqual(self._graph(EFFECTIVENESS, day(40))[self.level[3].id], 35.0)

        rows = {
            row["partner_id"][0]: (
                row["amount_reminded"],
                row["amount_collected"],
                round(row["collection_rate"], 1),
            )
            for row in self._rows("account.dunning.effectiveness.report", day(40))
        }
        self.assertEqual(
            rows,
            {
                g.id: (1000.0, 1000.0, 100.0),
                h.id: (2000.0, 0.0, 0.0),
                i.id: (1000.0, 400.0, 40.0),
                j.id: (500.0, 500.0, 100.0),
                k.id: (1500.0, 500.0, 33.3),
            },
        )

        # the level 3 reminders (day 3) have their 15 days on day 18, not before:
        # the action shows only the reminders whose result is final
        self.assertNotIn((self.level[3].id, None), self._pivot(EFFECTIVENESS, day(18)))
        self.assertIn((self.level[3].id, None), self._pivot(EFFECTIVENESS, day(19)))

    # ---- 5. promises ---------------------------------------------------------------

    def test_promises_kept_against_broken_by_month(self):
        invoice = self._invoice(self.customer, 1000, day(0))
        Promise = self.env["account.dunning.promise"].sudo()
        with freeze_time(date(2026, 3, 1)):
            for promised, state, amount in (
                (date(2026, 3, 10), "kept", 300),
                (date(2026, 3, 25), "kept", 700),
                (date(2026, 3, 31), "broken", 500),
                (date(2026, 4, 5), "broken", 200),
                (date(2026, 4, 20), "broken", 400),
            ):
                Promise.create(
                    {
                        "partner_id": self.customer.id,
                        "date": promised,
                        "amount": amount,
                        "state": state,
                    }
                )
            Promise.create(
                {
                    "partner_id": self.customer.id,
                    "date": date(2026, 4, 28),
                    "amount": 1000,
                    "move_ids": [Command.set(invoice.ids)],
                }
            )
        pivot = self._pivot(PROMISES, date(2026, 5, 1))
        self.assertEqual(
            {key: (values["__count"], values["amount"]) for key, values in pivot.items()},
            {
                ("2026-03-01", "kept"): (2, 1000.0),
                ("2026-03-01", "broken"): (1, 500.0),
                ("2026-03-01", None): (3, 1500.0),
                ("2026-04-01", "broken"): (2, 600.0),
                ("2026-04-01", "open"): (1, 1000.0),
                ("2026-04-01", None): (3, 1600.0),
                (None, "kept"): (2, 1000.0),
                (None, "broken"): (3, 1100.0),
                (None, "open"): (1, 1000.0),
                (None, None): (6, 3100.0),
            },
        )
        self.assertEqual(
            self._graph(PROMISES, date(2026, 5, 1)), {"2026-03-01": 3, "2026-04-01": 3}
        )

    # ---- multi-company and access ---------------------------------------------------

    def test_only_the_current_company(self):
        other = self.setup_other_company(name="Filiale Lyon")["company"]
        lyon = new_test_user(
            self.env,
            login="report.lyon",
            groups="account_dunning_pro.group_dunning_user",
            company_id=other.id,
            company_ids=other.ids,
        )
        self.customer.risk_profile_id = self.bad  # in this company
        self._invoice(self.customer, 400, ago(10))
        self._invoice(self.customer, 900, ago(20), company=other)

        here = self._pivot(AGING, TODAY, cols=[])
        self.assertEqual(
            {key: values["amount_residual"] for key, values in here.items()},
            {(self.customer.id, None): 400.0, (None, None): 400.0},
        )
        here_rows = self._rows("account.dunning.receivable.report", TODAY)
        self.assertEqual(here_rows[0]["risk_profile_id"][0], self.bad.id)
        there = self._pivot(AGING, TODAY, user=lyon, company=other)
        self.assertEqual(
            {key: values["amount_residual"] for key, values in there.items()},
            {
                (self.customer.id, "1_30"): 900.0,
                (self.customer.id, None): 900.0,
                (None, "1_30"): 900.0,
                (None, None): 900.0,
            },
        )
        # the risk profile is the company's: none in Lyon
        lyon_rows = self._rows("account.dunning.receivable.report", TODAY, user=lyon, company=other)
        self.assertEqual([row["company_id"][0] for row in lyon_rows], [other.id])
        self.assertFalse(lyon_rows[0]["risk_profile_id"])
        dso = self._pivot(DSO, TODAY, user=lyon, company=other, rows=["partner_id"])
        self.assertAlmostEqual(dso[(None, None)]["dso"], 90.0)  # 900 / 900 × 90

    def test_who_reads_the_dashboard(self):
        account_manager = new_test_user(
            self.env, login="report.accountant", groups="account.group_account_manager"
        )
        self._invoice(self.customer, 400, ago(10))
        reports = (
            "account.dunning.receivable.report",
            "account.dunning.dso.report",
            "account.dunning.effectiveness.report",
        )
        menus = self.env["ir.ui.menu"]
        menu = self.env.ref(MENU)
        for user in (self.controller, self.manager, account_manager):
            with self.subTest(user=user.login):
                self.assertIn(menu.id, menus.with_user(user)._visible_menu_ids())
                self.assertIn(menu.child_id.ids[0], menus.with_user(user)._visible_menu_ids())
                pivot = self._pivot(AGING, TODAY, user=user, cols=[])
                self.assertEqual(pivot[(None, None)]["amount_residual"], 400.0)
                for xmlid in (BY_LEVEL, DSO, EFFECTIVENESS, PROMISES):
                    self._pivot(xmlid, TODAY, user=user)
        # read-only: nobody writes a report line
        line = self.env["account.dunning.receivable.report"].with_user(self.controller)
        with freeze_time(TODAY), self.assertRaises(AccessError):
            line.search([], limit=1).write({"amount_residual": 0})
        # a salesperson without dunning rights sees neither the menu nor the figures
        self.assertNotIn(menu.id, menus.with_user(self.salesman)._visible_menu_ids())
        for model_name in reports:
            with self.subTest(model=model_name), self.assertRaises(AccessError):
                self.env[model_name].with_user(self.salesman).formatted_read_group(
                    [], [], ["__count"]
                )

    def test_ratio_measures_are_offered_to_the_pivot(self):
        for model_name, measure in (
            ("account.dunning.dso.report", "dso"),
            ("account.dunning.effectiveness.report", "collection_rate"),
        ):
            fields = (
                self.env[model_name]
                .with_user(self.controller)
                .fields_get([measure], ["aggregator", "type"])
            )
            self.assertEqual(fields[measure], {"aggregator": "sum", "type": "float"})
