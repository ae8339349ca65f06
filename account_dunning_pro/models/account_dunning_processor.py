# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The one service that turns the engine's decisions into reminders.

The nightly cron, the "Run now" button, the "Send now" wizard and the validation
of prepared reminders all come here. Reading order for a newcomer:
``_cron_run`` → ``_process_partners`` → ``_decide`` (the engine) → ``_act`` →
``_send_level`` → ``_send_<channel>``.
"""

import dataclasses
import logging
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import LockError, UserError
from odoo.fields import Command, Domain
from odoo.tools import SQL, format_amount, format_date, formatLang, split_every

from odoo.addons.base.models.ir_actions_report import _wkhtml

from ..engine import Item, LastReminder, Level, decide, next_level_date
from ..engine.claim import ClaimLine, claim
from ..engine.phone import normalize_e164
from .channels import CHANNEL_CODES
from .ir_qweb import COMPILED_TEMPLATES

_logger = logging.getLogger(__name__)

BATCH_SIZE = 200
LETTER_CHUNK = 50  # letters laid out by one wkhtmltopdf call (with patched Qt)


class AccountDunningProcessor(models.AbstractModel):
    _name = "account.dunning.processor"
    _description = "Dunning processor"

    # ------------------------------------------------------------------
    # Entry points
    # ------------------------------------------------------------------

    @api.model
    def _cron_run(self, batch_size=BATCH_SIZE):
        """Nightly run: examine every customer with open receivables once a day.

        Customers are handled in batches, each committed through
        ``_commit_progress``. A customer examined today is not selected again,
        so a run that was interrupted (crash, time limit) resumes with the
        customers it had not reached, and a second run on the same day sends
        nothing more.
        """
        today = fields.Date.context_today(self)
        cron = self.env["ir.cron"]
        for company in self.env["res.company"].search([("active", "=", True)], order="id"):
            self.with_company(company)._settle_arrangements(today)
            cron._commit_progress()
        todo = self._select_candidates(today)
        cron._commit_progress(remaining=sum(len(ids) for ids in todo.values()))
        Run = self.env["account.dunning.run"]
        for company in self.env["res.company"].search([("active", "=", True)], order="id"):
            run = Run._start(company, today)
            batches = list(split_every(batch_size, todo.get(company, [])))
            if not self.with_company(company)._dispatch_batches(run, batches, today):
                _logger.info("Dunning run out of time: it resumes at its next call.")
                return

    def _dispatch_batches(self, run, batches, today):
        """Process the ``batches`` (lists of partner ids) of ``run`` in this worker,
        committing after each; return False when the cron ran out of time.

        The queue_job glue (``account_dunning_pro_queue``) enqueues them instead."""
        cron = self.env["ir.cron"]
        for batch_ids in batches:
            self._run_batch(run, batch_ids, today)
            if not cron._commit_progress(len(batch_ids)):
                return False
        run._finish()
        return True

    @api.model
    def _run_batch(self, run, partner_ids, today):
        """Examine one batch of ``run``'s customers (idempotent: a customer already
        examined today, or locked by another worker, is left alone)."""
        processor = self.with_company(run.company_id).with_context(dunning_run_id=run.id)
        partners = processor.env["res.partner"].browse(partner_ids).exists()
        # the customers examined here: not those locked by, or done by, another worker
        run._add_examined(len(processor._process_partners(partners, today)))

    @api.model
    def _settle_arrangements(self, today):
        """Before choosing whom to remind (``self.env.company``): promises kept or
        broken, payment plans breached or done, disputes past their deadline. Each
        step is set-based and idempotent: a run that crashed redoes it harmlessly."""
        self.env["account.dunning.promise"]._cron_settle(today)
        self.env["account.dunning.payment.plan"]._cron_settle(today)
        self.env["account.dunning.dispute"]._cron_check_deadlines(today)

    @api.model
    def _send_now(self, partners):
        """Send what is due today to ``partners`` whatever their mode (a person asked)."""
        today = fields.Date.context_today(self)
        return self._process_partners(partners.commercial_partner_id, today, manual=True)

    @api.model
    def _validate_drafts(self, drafts):
        """Send the reminders prepared by a semi-automatic run, after checking them again.

        What is due is decided anew: a draft whose customer has paid meanwhile is
        cancelled, with its reason. Returns ``{partner: events created}``.
        """
        today = fields.Date.context_today(self)
        results = {}
        for company in drafts.company_id:
            company_drafts = drafts.filtered(lambda e, c=company: e.company_id == c)
            results.update(
                self.with_company(company)._process_partners(
                    company_drafts.partner_id, today, manual=True
                )
            )
        return results

    @api.model
    def _preview(self, partners):
        """What "Send now" would send to ``partners`` today, without sending it.

        One dict per customer: ``partner``, ``level`` (empty when nothing is due),
        ``amount_due``, ``moves`` (and their ``lines`` reminded), ``note`` (why nothing
        goes out), and ``channels`` as ``(channel, unreachable reason, fallback
        channel)``, the plan ``_send_level`` carries out.
        """
        today = fields.Date.context_today(self)
        partners = partners.commercial_partner_id
        lines_by_partner = self._fetch_open_lines(partners)
        paused_moves = self._paused_move_ids(partners, today)
        previews = []
        for partner in partners:
            lines = lines_by_partner.get(partner.id, self.env["account.move.line"])
            chase = self._decide(partner, lines, paused_moves, today)
            decision = chase and chase["decision"]
            preview = {
                "partner": partner,
                "level": self.env["account.dunning.level"],
                "amount_due": 0.0,
                "moves": self.env["account.move"],
                "lines": self.env["account.move.line"],
                "channels": [],
                "note": "",
            }
            if chase is None:
                preview["note"] = self.env._("No dunning scenario applies to this customer.")
            elif not decision or not decision.level:
                preview["note"] = self.env._("Nothing is due today.")
            else:
                level = self.env["account.dunning.level"].browse(decision.level.key)
                covered = lines.browse([item.key for item in decision.items])
                preview.update(
                    level=level,
                    lines=covered,
                    moves=covered.move_id,
                    amount_due=self.env.company.currency_id.round(
                        sum(covered.mapped("amount_residual"))
                    ),
                )
                if decision.skip_reason:
                    preview["note"] = self._skip_reason_text(decision.skip_reason, chase["policy"])
                else:
                    preview["channels"] = self._channel_plan(partner, level)
            previews.append(preview)
        return previews

    # ------------------------------------------------------------------
    # Selection (set-based: a constant number of queries per company)
    # ------------------------------------------------------------------

    @api.model
    def _open_items_domain(self):
        return Domain(
            [
                ("parent_state", "=", "posted"),
                ("account_type", "=", "asset_receivable"),
                ("reconciled", "=", False),
                ("amount_residual", "!=", 0),
                ("partner_id", "!=", False),
            ]
        )

    @api.model
    def _select_candidates(self, today):
        """Return ``{company: [partner ids]}`` of the customers to examine today."""
        todo = {}
        companies = self.env["res.company"].search([("active", "=", True)], order="id")
        for company in companies:
            env = self.with_company(company).env
            not_checked = Domain("dunning_checked_date", "=", False) | Domain(
                "dunning_checked_date", "<", today
            )
            groups = env["account.move.line"]._read_group(
                self._open_items_domain()
                & Domain("company_id", "=", company.id)
                & Domain("partner_id", "any", not_checked),
                ["partner_id"],
            )
            partner_ids = {partner.id for [partner] in groups}
            # customers whose debt was settled meanwhile: their level must reset
            with_level = env["res.partner"].search(
                Domain("dunning_level_id", "!=", False) & not_checked
            )
            partner_ids.update(with_level.ids)
            if partner_ids:
                todo[company] = sorted(partner_ids)
        return todo

    # ------------------------------------------------------------------
    # Decision
    # ------------------------------------------------------------------

    def _process_partners(self, partners, today, *, manual=False):
        """Decide, render, then act for ``partners`` (commercial partners) of
        ``self.env.company``, so that the costly work is done once per batch:

        1. **decide** for every customer (reads only);
        2. **render** every document the batch sends: the letters in one wkhtmltopdf
           call per chunk, the invoice PDFs to attach together, the email bodies;
        3. **act** per customer in its own savepoint: post, queue, advance. A failure
           is written down as a ``failed`` event and never rolls back the others; a
           customer whose letter cannot be laid out gets a ``failed`` event with the
           reason and is neither reminded nor advanced.

        Returns ``{partner: events created}``.
        """
        if not manual:
            # a customer locked by a concurrent run or a "Send now" is left for the next call
            partners = partners.try_lock_for_update(allow_referencing=True).filtered(
                lambda p: p.dunning_checked_date != today  # done meanwhile by another worker
            )
        results = dict.fromkeys(partners, self.env["account.dunning.event"])
        # the compiled mail templates are kept for the whole batch
        processor = self.with_context(**{COMPILED_TEMPLATES: {}})
        work = processor._decide_batch(partners, today, results, manual=manual)
        actor = processor.with_context(
            **processor._render_documents([action for _p, _c, action, _d in work if action])
        )
        next_dates = actor._act_batch(work, today, results, manual=manual)
        # written together: one UPDATE for the whole batch
        for partner, next_date in next_dates.items():
            if partner.dunning_next_date != next_date:
                partner.sudo().dunning_next_date = next_date
        if not manual:
            partners.sudo().dunning_checked_date = today
        return results

    def _decide_batch(self, partners, today, results, *, manual=False):
        """Phase 1: ``[(partner, chase, action, draft prepared)]``, reading for the whole batch at
        once what deciding and summing up read per customer."""
        lines_by_partner = self._fetch_open_lines(partners)
        paused_moves = self._paused_move_ids(partners, today)
        self._ensure_access_tokens(
            self.env["account.move.line"].union(*lines_by_partner.values()).move_id
        )
        processor = self.with_context(
            dunning_previous_reminders=self._previous_reminders(partners, today)
        )
        # what a semi-automatic run prepared and waits for validation
        drafts = {
            event.partner_id: event
            for event in self.env["account.dunning.event"].search(
                [
                    ("partner_id", "in", partners.ids),
                    ("company_id", "=", self.env.company.id),
                    ("state", "=", "draft"),
                ]
            )
        }
        work = []
        for partner in partners:
            lines = lines_by_partner.get(partner.id, self.env["account.move.line"])
            try:
                chase = processor._decide(partner, lines, paused_moves, today)
                action = (
                    chase
                    and chase["decision"]
                    and processor._plan_action(partner, chase, today, manual=manual)
                )
            except Exception as error:  # noqa: BLE001 - one customer never stops the run
                results[partner] = self._record_failure(partner, error)
                continue
            if chase is None and manual and lines:
                results[partner] = self._record_skip(
                    partner,
                    self.env["account.dunning.policy"],
                    self.env["account.dunning.level"],
                    0.0,
                    self.env._("No dunning scenario applies to this customer."),
                    "no_policy",
                )
            work.append((partner, chase, action, drafts.get(partner)))
        return work

    def _act_batch(self, work, today, results, *, manual=False):
        """Phase 3: act for each customer in its own savepoint; returns the date of
        each one's next reminder."""
        next_dates = {}
        for partner, chase, action, draft in work:
            try:
                if action and action["render_failed"]:
                    results[partner] = action["render_failed"]
                elif action:
                    with self.env.cr.savepoint():
                        results[partner] = self._act(partner, chase, action, today, draft=draft)
            except Exception as error:  # noqa: BLE001 - one customer never stops the run
                results[partner] = self._record_failure(partner, error, action)
                continue
            if manual and draft:
                self._settle_draft(draft, results[partner])
            if chase:
                next_dates[partner] = next_level_date(
                    chase["items"],
                    chase["levels"],
                    today,
                    chase["last"],
                    chase["policy"].min_amount,
                    chase["policy"].allow_level_jump,
                    partner.dunning_escalate,
                )
        return next_dates

    def _record_failure(self, partner, error, action=None):
        """A customer whose reminder could not be prepared or sent: its ``failed`` event
        (what was written ahead for it, never sent, goes)."""
        _logger.error("Dunning of partner %s failed: %s", partner.id, error, exc_info=error)
        if action:
            self._drop_drafts(action)
        return self._create_event(
            partner,
            state="failed",
            reason=self.env._("The reminder could not be prepared: %(error)s", error=str(error)),
            reason_code="error",
        )

    def _settle_draft(self, draft, events):
        """A person sent the customer's reminder: the night's prepared one is done with."""
        if events:
            draft.unlink()
        else:
            draft.write(
                {
                    "state": "cancelled",
                    "reason": self.env._(
                        "Nothing was due any more when the reminder was sent by hand."
                    ),
                }
            )

    def _fetch_open_lines(self, partners):
        lines = self.env["account.move.line"].search_fetch(
            self._open_items_domain()
            & Domain("company_id", "=", self.env.company.id)
            & Domain("partner_id", "in", partners.ids),
            [
                "partner_id",
                "move_id",
                "date_maturity",
                "amount_residual",
                "amount_residual_currency",
                "currency_id",
                "no_followup",
            ],
            order="date_maturity, id",
        )
        return {
            partner.id: partner_lines
            for partner, partner_lines in lines.grouped("partner_id").items()
        }

    def _paused_move_ids(self, partners, today):
        """Invoices whose chase pauses: in an active payment plan, or promised for a
        date that, plus the company's grace period, is not over yet."""
        company_id = self.env.company.id
        grace = timedelta(days=self.env.company.dunning_grace_days)
        plans = self.env["account.dunning.payment.plan"].search(
            [
                ("partner_id", "in", partners.ids),
                ("company_id", "=", company_id),
                ("state", "=", "active"),
            ]
        )
        promises = self.env["account.dunning.promise"].search(
            [
                ("partner_id", "in", partners.ids),
                ("company_id", "=", company_id),
                ("state", "=", "open"),
                ("date", ">=", today - grace),
            ]
        )
        return set(plans.move_ids.ids) | set(promises.move_ids.ids)

    @api.model
    def _map_level(self, level, policy):
        """``level`` as a level of ``policy`` (the scenario may have changed since): its
        last level at the same delay or earlier. A customer who never had a formal
        notice is never taken as past the new scenario's formal notice: moved from a
        reminder letter at +30 to a scenario whose formal notice is at +15, it gets that
        notice next rather than being taken as handed off already."""
        if not level or level.policy_id == policy:
            return level
        mapped = policy.level_ids.filtered(lambda lv: lv.delay <= level.delay)
        notice_sent = any(
            lv.formal_notice for lv in level.policy_id.level_ids if lv.delay <= level.delay
        )
        first_notice = policy.level_ids.filtered("formal_notice")[:1]
        if first_notice and not notice_sent:
            mapped = mapped.filtered(lambda lv: lv.sequence < first_notice.sequence)
        return mapped[-1:]

    @api.model
    def _engine_level(self, level):
        return Level(key=level.id, sequence=level.sequence, delay=level.delay)

    def _engine_items(self, lines, policy, paused_moves):
        items = []
        for line in lines:
            move = line.move_id
            covered = self._map_level(move.dunning_level_id, policy)
            items.append(
                Item(
                    key=line.id,
                    due_date=line.date_maturity or move.invoice_date_due or move.date,
                    residual=line.amount_residual_currency,
                    currency=line.currency_id.name,
                    residual_company=line.amount_residual,
                    excluded=line.no_followup or move.id in paused_moves,
                    level_sequence=covered.sequence if covered else None,
                )
            )
        return items

    def _decide(self, partner, lines, paused_moves, today):
        """What the engine decides for ``partner`` today, with what it decided from.

        Reads only. Returns None when no scenario applies, else a dict with the
        ``policy``, the engine's ``levels``, ``items`` and ``last`` reminder, and
        its ``decision`` (None when there is nothing to do).
        """
        policy = partner.dunning_policy_id
        if not policy or not policy.level_ids:
            return None
        levels = [self._engine_level(level) for level in policy.level_ids]
        items = self._engine_items(lines, policy, paused_moves)
        current = self._map_level(partner.dunning_level_id, policy)
        last = None
        if current and not current.is_pre_due:
            last = LastReminder(
                level=self._engine_level(current),
                date=partner.dunning_last_date or today,
            )
        return {
            "policy": policy,
            "levels": levels,
            "items": items,
            "last": last,
            "lines": lines,
            "decision": decide(
                items,
                levels,
                today,
                last=last,
                min_amount=policy.min_amount,
                jump=policy.allow_level_jump,
                # a broken promise: the next level goes out at once
                escalate=partner.dunning_escalate,
            ),
        }

    def _plan_action(self, partner, chase, today, *, manual=False):
        """What will be done for ``partner`` (reads only): the level, the lines it
        covers and their summary, the mode, and the channels with their fallbacks."""
        policy, decision = chase["policy"], chase["decision"]
        action = {
            "partner": partner,
            "policy": policy,
            "reset": decision.reset,
            "level": self.env["account.dunning.level"],
            "lines": self.env["account.move.line"],
            "summary": None,
            "mode": "automatic" if manual else (partner.dunning_mode or policy.mode),
            "channels": [],
            "steps": [],  # the history lines the channels write, in order
            "render_failed": None,
        }
        if decision.level:
            level = self.env["account.dunning.level"].browse(decision.level.key)
            lines = chase["lines"].browse([item.key for item in decision.items])
            action.update(
                level=level,
                lines=lines,
                summary=self._prepare_summary(partner, level, lines, today),
            )
            if not decision.skip_reason and action["mode"] == "automatic":
                action["channels"] = self._channel_plan(partner, level)
                action["steps"] = self._channel_steps(action)
        return action

    def _channel_steps(self, action):
        """The channels of ``action`` as the history lines they write, in order:
        ``{"channel", "send", "values", "failure"}``; a channel that cannot reach the
        customer writes its line as failed (``failure``) and hands over to its
        fallback. ``values`` are a draft's, completed once the channel has run."""
        partner, steps = action["partner"], []
        for channel, reason, fallback in action["channels"]:
            values = self._event_values(
                partner, state="draft", **self._reminder_kwargs(action, channel, counted=not steps)
            )
            if not reason:
                steps.append({"channel": channel, "send": True, "values": values})
                continue
            failure = {"state": "failed", "reason": reason, "reason_code": "unreachable"}
            steps.append({"channel": channel, "send": False, "values": values, "failure": failure})
            if fallback:
                values = self._event_values(
                    partner,
                    state="draft",
                    reason=self._fallback_reason(channel, reason),
                    **self._reminder_kwargs(action, fallback),
                )
                steps.append({"channel": fallback, "send": True, "values": values})
        return steps

    def _act(self, partner, chase, action, today, *, draft=None):
        """Carry out ``chase["decision"]`` as ``action`` planned it; update ``chase``
        to what tomorrow will see."""
        Event = self.env["account.dunning.event"]
        policy, decision = chase["policy"], chase["decision"]
        level, covered_lines, summary = action["level"], action["lines"], action["summary"]
        events = Event
        if decision.reset:
            events |= self._close_chase(partner, policy, today)
            chase["last"] = None
            if partner.dunning_escalate:  # nothing overdue is left to escalate
                partner.sudo().dunning_escalate = False
        if not level:
            return events
        if decision.skip_reason:
            events = self._record_skip(
                partner,
                policy,
                level,
                summary["amount_due"],
                self._skip_reason_text(decision.skip_reason, policy),
                decision.skip_reason,
                covered_lines.move_id,
            )
        elif action["mode"] == "automatic":
            events = self._send_level(partner, action, today)
            if events.filtered(lambda e: e.state == "done"):
                if not level.is_pre_due:
                    chase["last"] = LastReminder(level=decision.level, date=today)
                covered = {item.key for item in decision.items}
                chase["items"] = [
                    dataclasses.replace(item, level_sequence=decision.level.sequence)
                    if item.key in covered and item.residual > 0
                    else item
                    for item in chase["items"]
                ]
        elif action["mode"] == "semi_automatic":
            events = self._prepare_draft(partner, policy, level, covered_lines, summary, draft)
        return events

    def _close_chase(self, partner, policy, today):
        """The reminded customer has paid everything overdue: thank it (once, if the
        scenario says so), reset its level and write the closing in its history."""
        Event = self.env["account.dunning.event"]
        level = partner.dunning_level_id
        last_reminder = Event.sudo().search(
            [
                ("partner_id", "=", partner.id),
                ("company_id", "=", self.env.company.id),
                ("event_type", "=", "reminder"),
                ("state", "=", "done"),
            ],
            limit=1,
        )
        paid = last_reminder.move_ids.filtered(
            lambda m: m.payment_state in ("paid", "in_payment", "reversed")
        )
        partner.sudo().write({"dunning_level_id": False})
        events = Event
        if policy.send_thank_you and policy.thank_you_template_id:
            events |= self._send_thank_you(partner, policy, paid, today)
        return events | Event._log_event(
            partner,
            "closing",
            self.env._(
                "Everything overdue is paid: the chase is closed (it had reached %(level)s).",
                level=level.name,
            ),
            policy_id=policy.id,
            level_id=level.id,
            move_ids=[fields.Command.set(paid.ids)],
        )

    def _send_thank_you(self, partner, policy, paid, today):
        env = self.with_context(lang=partner.lang or self.env.lang).env
        summary = {
            "date": format_date(env, today),
            "company_name": self.env.company.name,
            "company_email": self.env.company.email_formatted or "",
            "paid_invoices": ", ".join(paid.mapped("name")),
        }
        vals = {
            "policy_id": policy.id,
            "channel": "email",
            "move_ids": [fields.Command.set(paid.ids)],
            "summary": summary,
        }
        Event = self.env["account.dunning.event"]
        reason = self._unreachable_reason(partner, "email")
        if reason:
            return Event._log_event(
                partner,
                "thank_you",
                self.env._("No thank-you sent: %(reason)s.", reason=reason),
                state="skipped",
                reason_code="unreachable",
                **vals,
            )
        message = self._post_email(partner, policy.thank_you_template_id, summary)
        return Event._log_event(
            partner,
            "thank_you",
            self.env._("Thanked for paying everything overdue."),
            mail_message_id=message.id,
            **vals,
        )

    @api.model
    def _skip_reason_text(self, code, policy):
        if code == "below_tolerance":
            return self.env._(
                "Overdue total below the scenario's tolerance (%(amount)s).",
                amount=format_amount(self.env, policy.min_amount, self.env.company.currency_id),
            )
        if code == "covered_by_credits":
            return self.env._("Open credit notes or payments cover the overdue invoices.")
        return code

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def _record_skip(self, partner, policy, level, amount, reason, code, moves=None):
        """A visible skip, written once per customer, level and reason."""
        Event = self.env["account.dunning.event"]
        already = Event.search_count(
            [
                ("partner_id", "=", partner.id),
                ("company_id", "=", self.env.company.id),
                ("state", "=", "skipped"),
                ("level_id", "=", level.id),
                ("reason_code", "=", code),
                ("date", ">=", partner.dunning_last_date or fields.Date.to_date("1970-01-01")),
            ],
            limit=1,
        )
        if already:
            return Event
        _logger.info("Dunning of partner %s skipped: %s", partner.id, code)
        return self._create_event(
            partner,
            policy=policy,
            level=level,
            state="skipped",
            reason=reason,
            reason_code=code,
            amount_due=amount,
            moves=moves,
            channel=(level._get_channels() or [False])[0] if level else False,
        )

    def _prepare_draft(self, partner, policy, level, lines, summary, draft):
        vals = {
            "level_id": level.id,
            "policy_id": policy.id,
            "move_ids": [fields.Command.set(lines.move_id.ids)],
            "amount_due": summary["amount_due"],
            "summary": summary,
            "channel": (level._get_channels() or ["call"])[0],
        }
        if draft:
            draft.write(vals)
            return draft
        return self._create_event(
            partner,
            policy=policy,
            level=level,
            state="draft",
            summary=summary,
            moves=lines.move_id,
            amount_due=summary["amount_due"],
            channel=vals["channel"],
            reason=self.env._("Prepared by the nightly run; waiting for validation."),
        )

    def _send_level(self, partner, action, today):
        """Carry out every channel of the action's level, falling back where one
        cannot reach (``action["steps"]``).

        Send, then advance: the customer's and the invoices' levels move only when
        at least one channel succeeded.
        """
        Event = self.env["account.dunning.event"]
        events = Event
        for step in action["steps"]:
            if step["send"]:
                events |= self._execute(partner, action, step)
                continue
            event = step.get("event") or Event.sudo().create(step["values"])
            event.write(step["failure"])
            events |= event
        if events.filtered(lambda e: e.state == "done"):
            level, lines = action["level"], action["lines"]
            self._advance(partner, level, lines.move_id, today)
            self._record_penalties(partner, level, lines, action["summary"], today)
        return events

    def _reminder_kwargs(self, action, channel, counted=False):
        """The ``_event_values`` keywords of a reminder line of ``action`` by ``channel``."""
        return {
            "counted": counted,
            "policy": action["policy"],
            "level": action["level"],
            "channel": channel,
            "moves": action["lines"].move_id,
            "amount_due": action["summary"]["amount_due"],
            "summary": action["summary"],
        }

    def _fallback_reason(self, channel, reason):
        return self.env._(
            "Fallback: %(channel)s could not reach the customer (%(reason)s).",
            channel=self._channel_label(channel),
            reason=reason,
        )

    def _channel_plan(self, partner, level):
        """The channels ``level`` uses for ``partner``, in order, as
        ``(channel, reason it cannot reach the customer, fallback channel)``."""
        planned = level._get_channels()
        used, plan = set(planned), []
        for channel in planned:
            reason = self._unreachable_reason(partner, channel)
            fallback = reason and self._fallback_channel(partner, channel, used)
            if fallback:
                used.add(fallback)
            plan.append((channel, reason, fallback or None))
        return plan

    def _fallback_channel(self, partner, channel, used):
        for candidate in CHANNEL_CODES[CHANNEL_CODES.index(channel) + 1 :]:
            if candidate not in used and not self._unreachable_reason(partner, candidate):
                return candidate
        return None

    def _execute(self, partner, action, step):
        """Run the channel of ``step`` in a savepoint; a failure becomes a ``failed``
        event. Its history line may have been written ahead, with its letter."""
        channel, event = step["channel"], step.get("event")
        try:
            with self.env.cr.savepoint():
                if not event:
                    event = self.env["account.dunning.event"].sudo().create(step["values"])
                sent = getattr(self, f"_send_{channel}")(
                    event, partner, action["level"], action["summary"]
                )
                event.write({**sent, "state": "done"})
        except Exception as error:  # noqa: BLE001 - written down as a failed event
            _logger.warning("Dunning %s to partner %s failed: %s", channel, partner.id, error)
            failure = {
                "state": "failed",
                "reason": self.env._("Sending failed: %(error)s", error=str(error)),
                "reason_code": "error",
            }
            if step.get("event"):
                event.write(failure)
            else:
                event = (
                    self.env["account.dunning.event"].sudo().create({**step["values"], **failure})
                )
        return event

    def _advance(self, partner, level, moves, today):
        """The customer and the invoices reminded are at ``level`` now. An invoice keeps
        a later level of the same scenario; a level of another scenario (the customer
        moved) is replaced, as the reminder just sent was decided from it mapped."""
        if not level.is_pre_due:
            partner.sudo().write(
                {
                    "dunning_level_id": level.id,
                    "dunning_last_date": today,
                    "dunning_escalate": False,
                }
            )
        # Technical counters of posted invoices: one UPDATE for them all, rather than
        # an account.move write (and its balance checks) per invoice.
        Move = self.env["account.move"]
        Move.flush_model(["dunning_count", "dunning_last_date", "dunning_level_id"])
        self.env.execute_query(
            SQL(
                """
                UPDATE account_move m
                   SET dunning_count = COALESCE(m.dunning_count, 0) + 1,
                       dunning_last_date = %(today)s,
                       dunning_level_id = CASE
                           WHEN m.dunning_level_id IS NULL
                             OR current.policy_id != %(policy)s
                             OR current.sequence < %(sequence)s
                           THEN %(level)s ELSE m.dunning_level_id END
                  FROM account_move mm
             LEFT JOIN account_dunning_level current ON current.id = mm.dunning_level_id
                 WHERE mm.id = m.id AND m.id IN %(ids)s
                """,
                today=today,
                policy=level.policy_id.id,
                sequence=level.sequence,
                level=level.id,
                ids=tuple(moves.ids),
            )
        )
        moves.invalidate_recordset(["dunning_count", "dunning_last_date", "dunning_level_id"])

    def _create_event(self, partner, **values):
        """One history line (see ``_event_values``)."""
        return (
            self.env["account.dunning.event"].sudo().create(self._event_values(partner, **values))
        )

    def _event_values(
        self,
        partner,
        *,
        state,
        policy=None,
        level=None,
        channel=False,
        reason="",
        reason_code=False,
        moves=None,
        amount_due=0.0,
        summary=None,
        counted=True,
    ):
        """The values of one history line. ``counted``: the first line of a reminder
        carries its amount in ``amount_reminded``, so that a reminder sent by several
        channels counts once in the totals."""
        return {
            "partner_id": partner.id,
            "company_id": self.env.company.id,
            "policy_id": policy.id if policy else False,
            "level_id": level.id if level else False,
            "channel": channel,
            "state": state,
            "reason": reason,
            "reason_code": reason_code,
            "move_ids": [fields.Command.set(moves.ids)] if moves else [],
            "amount_due": amount_due,
            "amount_reminded": amount_due if counted else 0.0,
            "run_id": self.env.context.get("dunning_run_id", False),
            "summary": summary,
        }

    # ------------------------------------------------------------------
    # Rendering: the documents of a whole batch at once (phase 2)
    # ------------------------------------------------------------------

    def _render_documents(self, actions):
        """Phase 2 of ``_process_partners``: lay out what the ``actions`` send in as
        few wkhtmltopdf calls as possible.

        The letters are kept on their events, written as drafts and completed by the
        act; a customer whose letter cannot be laid out gets that event as
        ``failed``, with the reason, in ``action["render_failed"]``. Returns the
        context the act runs in: the invoice PDFs the emails attach."""
        to_attach = self.env["account.move"]
        for action in actions:
            sent = {fallback or channel for channel, _reason, fallback in action["channels"]}
            if "email" in sent and action["level"].attach_invoices:
                to_attach |= action["lines"].move_id
        context = {"dunning_invoice_pdfs": self._render_invoice_pdfs(to_attach)}
        # The history lines of the batch are written now, as drafts, in one INSERT and
        # in the order of each customer's channels: a letter is laid out from its own.
        with_steps = [action for action in actions if action["steps"]]
        if not with_steps:
            return context
        steps = [step for action in with_steps for step in action["steps"]]
        events = self.env["account.dunning.event"].sudo().create([step["values"] for step in steps])
        for step, event in zip(steps, events, strict=True):
            step["event"] = event
        letters = events.filtered(lambda e: e.channel == "letter")
        pdfs = self._render_letter_pdfs(letters)
        attachments = self.env["ir.attachment"].create(
            [
                self._letter_attachment_values(event, pdfs[event])
                for event in letters
                if isinstance(pdfs[event], bytes)
            ]
        )
        for attachment in attachments:
            letters.browse(attachment.res_id).letter_attachment_id = attachment
        for action in with_steps:
            failed = next(
                (
                    step["event"]
                    for step in action["steps"]
                    if step["event"] in letters and not step["event"].letter_attachment_id
                ),
                None,
            )
            if failed:  # nothing goes out to this customer tonight
                self._drop_drafts(action, keep=failed)
                failed.write(
                    {
                        "state": "failed",
                        "reason_code": "error",
                        "reason": self.env._(
                            "The letter could not be laid out: %(error)s", error=str(pdfs[failed])
                        ),
                    }
                )
                action["render_failed"] = failed
        return context

    @api.model
    def _letter_attachment_values(self, event, content):
        return {
            "name": f"{event._letter_filename()}.pdf",
            "raw": content,
            "res_model": event._name,
            "res_id": event.id,
            "mimetype": "application/pdf",
        }

    def _drop_drafts(self, action, keep=None):
        """Remove the history lines written ahead for ``action`` and still drafts
        (with the letters laid out for them): they were never sent."""
        drafts = (
            self.env["account.dunning.event"]
            .union(
                *(
                    step.get("event") or self.env["account.dunning.event"]
                    for step in action["steps"]
                )
            )
            .exists()
            .filtered(lambda e: e.state == "draft" and e != keep)
        )
        drafts.letter_attachment_id.unlink()
        drafts.unlink()

    def _render_letter_pdfs(self, events):
        """``{event: PDF bytes, or the exception that stopped it}``. Several letters go
        in one wkhtmltopdf call where it can lay them out (patched Qt), one per call
        otherwise; a call that fails is retried by halves, down to the single letter."""
        chunk = LETTER_CHUNK if _wkhtml().is_patched_qt else 1
        pdfs = {}
        for ids in split_every(chunk, events.ids):
            self._render_letter_chunk(events.browse(ids), pdfs)
        return pdfs

    def _render_invoice_pdfs(self, moves):
        """``{move id: (file name, PDF bytes)}`` of the invoices without a stored PDF,
        laid out together (as ``account.move.send`` does); an invoice missing from it
        is laid out alone when its email is sent."""
        moves = moves.filtered(lambda m: m.is_invoice() and not m.invoice_pdf_report_id)
        pdfs = {}
        chunk = LETTER_CHUNK if _wkhtml().is_patched_qt else 1
        reports = self.env["ir.actions.report"]
        for ids in split_every(chunk, moves.ids):
            try:
                with self.env.cr.savepoint():
                    streams, result_type = reports._pre_render_qweb_pdf(
                        "account.account_invoices", res_ids=list(ids)
                    )
            except Exception as error:  # noqa: BLE001 - laid out one by one at sending
                _logger.warning("Invoice PDFs %s could not be laid out together: %s", ids, error)
                continue
            if result_type != "pdf":  # Odoo's tests lay reports out as HTML only
                break
            for move in moves.browse(ids):
                if streams.get(move.id, {}).get("stream"):
                    content = streams[move.id]["stream"].getvalue()
                    pdfs[move.id] = (move._get_invoice_report_filename(), content)
        return pdfs

    def _render_letter_chunk(self, events, pdfs):
        Event = self.env["account.dunning.event"]
        reports = self.env["ir.actions.report"].with_context(
            report_pdf_no_attachment=True, **Event._letter_render_context()
        )
        report = reports.env.ref("account_dunning_pro.action_report_dunning_letter")
        try:
            with self.env.cr.savepoint():
                result, result_type = reports._pre_render_qweb_pdf(report, res_ids=events.ids)
            if result_type == "pdf":
                for event in events:
                    pdfs[event] = result[event.id]["stream"].getvalue()
            elif len(events) == 1:
                pdfs[events] = result  # Odoo's tests lay reports out as HTML only
            else:
                for event in events:
                    self._render_letter_chunk(event, pdfs)
        except Exception as error:  # noqa: BLE001 - isolated below, down to one letter
            if len(events) == 1:
                _logger.warning("Dunning letter %s could not be laid out: %s", events.id, error)
                pdfs[events] = error
                return
            half = len(events) // 2
            self._render_letter_chunk(events[:half], pdfs)
            self._render_letter_chunk(events[half:], pdfs)

    # ------------------------------------------------------------------
    # Reachability
    # ------------------------------------------------------------------

    @api.model
    def _channel_label(self, channel):
        return dict(
            self.env["account.dunning.event"]._fields["channel"]._description_selection(self.env)
        )[channel]

    @api.model
    def _invoice_contact(self, partner):
        return self.env["res.partner"].browse(partner.address_get(["invoice"])["invoice"])

    @api.model
    def _sms_number(self, partner):
        contact = self._invoice_contact(partner)
        number = contact.phone or partner.phone
        country = contact.country_id or partner.country_id or self.env.company.country_id
        return normalize_e164(number, country.code)

    def _unreachable_reason(self, partner, channel):
        """Why ``channel`` cannot reach ``partner``, or an empty string."""
        return getattr(self, f"_check_{channel}")(partner)

    # ------------------------------------------------------------------
    # What the reminder says
    # ------------------------------------------------------------------

    @api.model
    def _ensure_access_tokens(self, moves):
        """Give the invoices their portal token (pay-now links) in one UPDATE."""
        missing = moves.filtered(lambda m: not m.access_token)
        if missing:
            self.env.execute_query(
                SQL(
                    "UPDATE account_move SET access_token = gen_random_uuid()::text"
                    " WHERE id IN %s AND access_token IS NULL",
                    tuple(missing.ids),
                )
            )
            missing.invalidate_recordset(["access_token"])

    def _prepare_summary(self, partner, level, lines, today):
        """The invoices and amounts of one reminder, as plain values.

        Stored on the event (the record of what was claimed that day) and used by
        every channel: email, SMS, letter and call task. What is claimed (interest,
        indemnity, totals) is the engine's ``claim``; this only formats it.
        """
        company = self.env.company
        env = self.with_context(lang=partner.lang or self.env.lang).env
        self._ensure_access_tokens(lines.move_id)
        policy = level.policy_id
        result = self._claim(
            partner,
            lines,
            today,
            policy,
            interest=level.formal_notice and level.add_interest,
            indemnity=level.formal_notice
            and level.add_indemnity
            and company.dunning_claim_indemnity,
        )
        eur = self.env.ref("base.EUR")
        rows = []
        for line, claimed in zip(lines, result.lines, strict=True):
            move, currency = line.move_id, line.currency_id
            residual = claimed.residual
            rows.append(
                {
                    "move_id": move.id,
                    "name": move.name,
                    "ref": move.ref or "",
                    "invoice_date": format_date(env, move.invoice_date or move.date),
                    "due_date": format_date(env, self._line_due_date(line)),
                    "days_late": claimed.days_late,
                    "currency": currency.name,
                    "amount_total": format_amount(
                        env,
                        abs(move.amount_total_in_currency_signed) * (1 if residual > 0 else -1),
                        currency,
                    ),
                    "residual": residual,
                    "residual_display": format_amount(env, residual, currency),
                    "interest": claimed.interest,
                    "interest_display": format_amount(env, claimed.interest, currency)
                    if claimed.interest
                    else "",
                    "interest_period": self._interest_period_display(env, claimed),
                    "indemnity": claimed.indemnity,
                    "indemnity_display": format_amount(env, claimed.indemnity, eur)
                    if claimed.indemnity
                    else "",
                    "portal_url": move.get_base_url() + move.get_portal_url()
                    if residual > 0
                    else "",
                }
            )
        currencies = {currency.name: currency for currency in lines.currency_id}
        totals = [
            {
                "currency": total.currency,
                "residual_display": format_amount(env, total.residual, currencies[total.currency]),
                "interest_display": format_amount(env, total.interest, currencies[total.currency])
                if total.interest
                else "",
                "with_interest_display": format_amount(
                    env, total.total, currencies[total.currency]
                ),
            }
            for total in result.totals
        ]
        previous = self._previous_reminder_dates(partner, lines.move_id, today)
        summary = {
            "date": format_date(env, today),
            # what the text may claim: the reminders really sent about these invoices
            "previous_reminders": [format_date(env, date) for date in previous],
            "previous_reminders_display": ", ".join(format_date(env, date) for date in previous),
            "level": level.name,
            "pre_due": level.is_pre_due,
            "lines": rows,
            "totals": totals,
            "has_interest": bool(result.interest),
            "interest_total_display": ", ".join(
                total["interest_display"] for total in totals if total["interest_display"]
            ),
            "indemnity_count": len(result.indemnity_invoices),
            **self._indemnity_displays(
                env,
                result.indemnity,
                [currencies[total.currency] for total in result.totals],
                today,
            ),
            # what the customer owes, penalties included: per currency, the indemnity in EUR
            "amount_claimed_display": ", ".join(
                format_amount(env, amount, currencies.get(name) or eur)
                for name, amount in result.amount_due.items()
            ),
            "amount_due": company.currency_id.round(sum(lines.mapped("amount_residual"))),
            "amount_due_display": format_amount(
                env, sum(lines.mapped("amount_residual")), company.currency_id
            ),
            "portal_url": partner.get_base_url() + "/my/invoices",
            "company_name": company.name,
            "company_email": company.email_formatted or "",
            "interest_rate_display": formatLang(env, result.annual_rate, digits=2),
        }
        summary.update(self._penalty_notices(env, summary))
        return summary

    @api.model
    def _penalty_notices(self, env, summary):
        """The legal wording of the penalties a formal notice claims, whole sentences in
        the customer's language, kept with the event as what was claimed that day."""
        notices = {"interest_notice": "", "indemnity_notice": "", "amount_claimed_notice": ""}
        if summary["has_interest"]:
            notices["interest_notice"] = env._(
                "Under article L441-10 of the French Code de commerce, late-payment penalties "
                "are owed at the rate of %(rate)s%% a year from the day after the due date: "
                "%(amount)s as of %(date)s.",
                rate=summary["interest_rate_display"],
                amount=summary["interest_total_display"],
                date=summary["date"],
            )
        if summary["indemnity_display"]:
            amount = summary["indemnity_display"]
            if summary["indemnity_converted_display"]:
                amount = f"{amount} ({summary['indemnity_converted_display']})"
            notices["indemnity_notice"] = env._(
                "A fixed indemnity for recovery costs of 40 euros per late invoice is also "
                "owed (articles L441-10 and D441-5 of the Code de commerce), outside the scope "
                "of VAT: %(amount)s.",
                amount=amount,
            )
        if notices["interest_notice"] or notices["indemnity_notice"]:
            notices["amount_claimed_notice"] = env._(
                "Total claimed, penalties included: %(amount)s.",
                amount=summary["amount_claimed_display"],
            )
        return notices

    @api.model
    def _interest_period_display(self, env, claimed):
        """The days the interest of a line runs, for the letter and the penalty invoice."""
        if not claimed.interest:
            return ""
        return env._(
            "%(start)s to %(end)s (%(days)s days)",
            start=format_date(env, claimed.interest_from),
            end=format_date(env, claimed.interest_to),
            days=claimed.interest_days,
        )

    def _indemnity_displays(self, env, indemnity, currencies, today):
        """The recovery indemnity, due in euros by law, and its value in the currency
        of the totals (``currencies``; the company's when they are several) at
        ``today``'s rate, unless that is the euro."""
        if not indemnity:
            return {"indemnity_display": "", "indemnity_converted_display": ""}
        company = self.env.company
        eur = self.env.ref("base.EUR")
        currency = currencies[0] if len(currencies) == 1 else company.currency_id
        converted = ""
        if currency != eur:
            converted = format_amount(
                env, eur._convert(indemnity, currency, company, today), currency
            )
        return {
            "indemnity_display": format_amount(env, indemnity, eur),
            "indemnity_converted_display": converted,
        }

    def _previous_reminder_dates(self, partner, moves, today):
        """Days before ``today`` on which a post-due reminder about ``moves`` was sent."""
        sent = self.env.context.get("dunning_previous_reminders")
        if sent is None:
            sent = self._previous_reminders(partner, today)
        return sorted({date for move in moves.ids for date in sent.get(move, ())})

    def _previous_reminders(self, partners, today):
        """``{invoice id: {days before today it was reminded after its due date}}`` of
        the ``partners``' invoices: one query for a whole batch."""
        Event = self.env["account.dunning.event"].sudo()
        events = Event.search_fetch(
            [
                ("partner_id", "in", partners.ids),
                ("company_id", "=", self.env.company.id),
                ("state", "=", "done"),
                ("level_id.delay", ">=", 0),
                ("date", "<", today),
            ],
            ["date", "move_ids"],
        )
        sent = {}
        for event in events:
            for move_id in event.move_ids.ids:
                sent.setdefault(move_id, set()).add(event.date)
        return sent

    # ------------------------------------------------------------------
    # Penalties: late interest and the recovery indemnity
    # ------------------------------------------------------------------

    @api.model
    def _line_due_date(self, line):
        return line.date_maturity or line.move_id.invoice_date_due or line.move_id.date

    @api.model
    def _interest_rate(self, policy):
        """The annual late interest rate: the scenario's own, else the company's."""
        return policy._get_interest_rate() if policy else self.env.company.dunning_interest_rate

    def _claim(self, partner, lines, today, policy, *, interest, indemnity, charge=False):
        """What ``lines`` of ``partner`` claim on ``today`` (``engine.claim``).

        Interest runs from the day after what was already charged; the indemnity of
        an invoice already charged is not claimed again, nor, for a reminder
        (``charge`` False), the one an earlier formal notice claimed.
        """
        items = []
        for line in lines:
            move = line.move_id
            items.append(
                ClaimLine(
                    key=line.id,
                    invoice=move.id,
                    due_date=self._line_due_date(line),
                    residual=line.amount_residual_currency,
                    currency=line.currency_id.name,
                    digits=line.currency_id.decimal_places,
                    indemnity_done=move.dunning_indemnity_charged
                    or (not charge and bool(move.dunning_indemnity_claimed_date)),
                    interest_until=move.dunning_interest_charged_until or None,
                    penalties=not move.dunning_penalty_invoice,
                )
            )
        return claim(
            items,
            today,
            annual_rate=self._interest_rate(policy),
            b2b=partner.is_company,
            insolvent=partner.dunning_insolvency,
            claim_interest=interest,
            claim_indemnity=indemnity,
        )

    def _record_penalties(self, partner, level, lines, summary, today):
        """A level was sent: remember the indemnities its formal notice claimed, so that
        no later reminder claims them again, and draft the penalty invoice when the
        level charges penalties (a failure there is written down, the reminder stays
        sent)."""
        claimed = sorted({row["move_id"] for row in summary["lines"] if row.get("indemnity")})
        if claimed:
            Move = self.env["account.move"]
            Move.flush_model(["dunning_indemnity_claimed_date"])
            self.env.execute_query(
                SQL(
                    "UPDATE account_move SET dunning_indemnity_claimed_date = %s"
                    " WHERE id IN %s AND dunning_indemnity_claimed_date IS NULL",
                    today,
                    tuple(claimed),
                )
            )
            Move.browse(claimed).invalidate_recordset(["dunning_indemnity_claimed_date"])
        if not level.charge_penalties:
            return
        try:
            with self.env.cr.savepoint():
                self._charge_penalties(partner, lines, today)
        except Exception as error:  # noqa: BLE001 - the reminder was sent all the same
            _logger.warning("Penalties of partner %s not charged: %s", partner.id, error)
            self.env["account.dunning.event"]._log_event(
                partner,
                "penalty",
                self.env._("The penalties could not be charged: %(error)s", error=str(error)),
                state="failed",
                level_id=level.id,
                move_ids=[Command.set(lines.move_id.ids)],
                reason_code="error",
            )

    @api.model
    def _charge_penalties_now(self, partner):
        """ "Charge penalties" on ``partner`` (``self.env.company``): the draft penalty
        invoice of every late invoice still chased, or a UserError when there is
        nothing left to charge."""
        today = fields.Date.context_today(self)
        try:
            partner.lock_for_update(allow_referencing=True)
        except LockError:
            raise UserError(
                self.env._(
                    "The penalties of %(partner)s are being charged by someone else; "
                    "try again in a moment.",
                    partner=partner.display_name,
                )
            ) from None
        lines = self._fetch_open_lines(partner).get(partner.id, self.env["account.move.line"])
        move = self._charge_penalties(
            partner, lines.filtered(lambda line: not line.no_followup), today
        )
        if not move:
            raise UserError(
                self.env._(
                    "Nothing to charge to %(partner)s: no late invoice bears late interest or "
                    "a recovery indemnity that has not been charged yet.",
                    partner=partner.display_name,
                )
            )
        return move

    def _charge_penalties(self, partner, lines, today):
        """Draft ONE customer invoice of the penalties of ``lines`` not charged yet, in
        the company currency. Never posted here: a person reviews and posts it.

        What it charges is written on its lines (``dunning_penalty_origin_id``, the
        interest period): the late invoices read from them what was charged, so
        deleting or cancelling the draft gives the penalties back.
        Returns the draft, or an empty recordset when nothing is owed.
        """
        company = self.env.company
        result = self._claim(
            partner,
            lines,
            today,
            partner.dunning_policy_id,
            interest=True,
            indemnity=company.dunning_claim_indemnity,
            charge=True,
        )
        if not result.has_penalties:
            return self.env["account.move"]
        env = self.with_context(lang=partner.lang or self.env.lang).env
        invoice_lines, origins = [], self.env["account.move"]
        for line, claimed in zip(lines, result.lines, strict=True):
            if claimed.interest:
                invoice_lines.append(
                    Command.create(self._interest_line_vals(env, line, claimed, result, today))
                )
            if claimed.indemnity:
                invoice_lines.append(
                    Command.create(self._indemnity_line_vals(env, line, claimed, today))
                )
            if claimed.interest or claimed.indemnity:
                origins |= line.move_id
        move = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "currency_id": company.currency_id.id,
                "dunning_penalty_invoice": True,
                "invoice_origin": ", ".join(origins.mapped("name")),
                "narration": Markup("<p>%s</p>")
                % env._(
                    "Late-payment penalties (French Code de commerce, article L441-10) and "
                    "fixed indemnity for recovery costs (article D441-5): outside the scope "
                    "of VAT."
                ),
                "invoice_line_ids": invoice_lines,
            }
        )
        self.env["account.dunning.event"]._log_event(
            partner,
            "penalty",
            self.env._(
                "Penalty invoice drafted for review: %(amount)s (late interest on %(interests)s "
                "invoices, recovery indemnity on %(indemnities)s).",
                amount=format_amount(self.env, move.amount_total, move.currency_id),
                interests=len([c for c in result.lines if c.interest]),
                indemnities=len(result.indemnity_invoices),
            ),
            move_ids=[Command.set(origins.ids)],
            amount_due=move.amount_total,
        )
        return move

    def _interest_line_vals(self, env, line, claimed, result, today):
        company = self.env.company
        amount = claimed.interest
        if line.currency_id != company.currency_id:
            amount = line.currency_id._convert(amount, company.currency_id, company, today)
        product = company.dunning_interest_product_id or self.env.ref(
            "account_dunning_pro.product_dunning_late_interest"
        )
        vals = {
            "product_id": product.id,
            "name": env._(
                "Late interest on %(invoice)s: %(base)s from %(start)s to %(end)s "
                "(%(days)s days) at %(rate)s%% a year",
                invoice=line.move_id.name,
                base=format_amount(env, claimed.residual, line.currency_id),
                start=format_date(env, claimed.interest_from),
                end=format_date(env, claimed.interest_to),
                days=claimed.interest_days,
                rate=formatLang(env, result.annual_rate, digits=2),
            ),
            "quantity": 1,
            "price_unit": amount,
            "tax_ids": [Command.clear()],
            "dunning_penalty_origin_id": line.move_id.id,
            "dunning_penalty_kind": "interest",
            "dunning_interest_date_from": claimed.interest_from,
            "dunning_interest_date_to": claimed.interest_to,
        }
        if company.dunning_interest_account_id:
            vals["account_id"] = company.dunning_interest_account_id.id
        return vals

    def _indemnity_line_vals(self, env, line, claimed, today):
        company = self.env.company
        eur = self.env.ref("base.EUR")
        amount = claimed.indemnity
        if company.currency_id != eur:
            amount = eur._convert(amount, company.currency_id, company, today)
        product = company.dunning_indemnity_product_id or self.env.ref(
            "account_dunning_pro.product_dunning_recovery_indemnity"
        )
        vals = {
            "product_id": product.id,
            "name": env._(
                "Fixed recovery indemnity for %(invoice)s: %(amount)s (French Code de commerce, "
                "articles L441-10 and D441-5)",
                invoice=line.move_id.name,
                amount=format_amount(env, claimed.indemnity, eur),
            ),
            "quantity": 1,
            "price_unit": amount,
            "tax_ids": [Command.clear()],
            "dunning_penalty_origin_id": line.move_id.id,
            "dunning_penalty_kind": "indemnity",
        }
        if company.dunning_indemnity_account_id:
            vals["account_id"] = company.dunning_indemnity_account_id.id
        return vals

    # ------------------------------------------------------------------
    # Channels (declared in channels.py), each as a pair:
    # ``_check_<code>(partner)``: why it cannot reach the customer, or "";
    # ``_send_<code>(event, partner, level, summary)``: the values to write on its event.
    # ------------------------------------------------------------------

    def _check_email(self, partner):
        contact = self._invoice_contact(partner)
        if not contact.email_normalized:
            return self.env._("no email address on %(contact)s", contact=contact.display_name)
        if contact.is_blacklisted:
            return self.env._(
                "the email address %(email)s is blacklisted", email=contact.email_normalized
            )
        return ""

    def _send_email(self, event, partner, level, summary):
        attachments = []
        if level.attach_invoices:
            attachments = self._invoice_pdfs(event.move_ids.filtered(lambda m: m.is_invoice()))
        # a person who reviewed the reminder (one-by-one screen) may have edited its text
        edited = self.env.context.get("dunning_email_edits", {}).get(partner.id)
        content = edited and edited["level_id"] == level.id and (edited["subject"], edited["body"])
        message = self._post_email(
            partner, level.mail_template_id, summary, attachments, content=content or None
        )
        return {"mail_message_id": message.id}

    def _render_email(self, partner, template, summary):
        """``(subject, body)`` of ``template`` for ``partner``, in its language."""
        # the templates read the reminder's invoices and amounts from ctx["dunning_summary"]
        template = template.with_context(dunning_summary=summary)
        subject = template._render_field("subject", partner.ids, compute_lang=True)[partner.id]
        body = template._render_field(
            "body_html", partner.ids, compute_lang=True, options={"post_process": True}
        )[partner.id]
        return subject, body

    def _post_email(self, partner, template, summary, attachments=(), content=None):
        """Post ``template`` to the customer's invoicing contact through the mail queue;
        ``content``: the ``(subject, body)`` to send instead of the rendered ones."""
        template = template.with_context(dunning_summary=summary)
        contact = self._invoice_contact(partner)
        subject, body = content or self._render_email(partner, template, summary)
        email_from = (
            template.email_from and template._render_field("email_from", partner.ids)[partner.id]
        ) or self.env.company.email_formatted
        # Posted as the company's dunning service, on behalf of the user who runs it: a
        # credit controller needs no right to edit the customer to remind it.
        message = (
            partner.sudo()
            .with_context(mail_notify_force_send=False, mail_post_autofollow=False)
            .message_post(
                author_id=self.env.user.partner_id.id,
                body=body,
                subject=subject,
                email_from=email_from,
                partner_ids=contact.ids,
                message_type="comment",
                # a subtype of its own: internal followers of the customer get no copy
                subtype_xmlid="account_dunning_pro.mail_message_subtype_dunning_reminder",
                email_layout_xmlid="mail.mail_notification_light",
                attachments=list(attachments),
            )
        )
        return message

    @api.model
    def _invoice_pdfs(self, moves):
        rendered = self.env.context.get("dunning_invoice_pdfs") or {}
        attachments = []
        for move in moves:
            if move.id in rendered:
                attachments.append(rendered[move.id])
            elif move.invoice_pdf_report_id:
                attachments.append(
                    (move.invoice_pdf_report_id.name, move.invoice_pdf_report_id.raw)
                )
            else:
                content, _type = self.env["ir.actions.report"]._render_qweb_pdf(
                    "account.account_invoices", move.ids
                )
                attachments.append((move._get_invoice_report_filename(), content))
        return attachments

    def _check_sms(self, partner):
        number, error = self._sms_number(partner)
        if error == "missing":
            contact = self._invoice_contact(partner)
            return self.env._("no phone number on %(contact)s", contact=contact.display_name)
        if error == "invalid":
            contact = self._invoice_contact(partner)
            return self.env._(
                "the phone number %(number)s is not valid", number=contact.phone or partner.phone
            )
        if self.env["phone.blacklist"].sudo().search_count([("number", "=", number)], limit=1):
            return self.env._("the phone number %(number)s is blacklisted", number=number)
        return ""

    def _send_sms(self, event, partner, level, summary):
        number, _error = self._sms_number(partner)
        # a level reached by fallback may have no SMS template of its own
        template = (
            level.sms_template_id
            or self.env.ref("account_dunning_pro.sms_template_dunning_reminder")
        ).with_context(dunning_summary=summary)
        body = template._render_field("body", partner.ids, compute_lang=True)[partner.id]
        message = partner.sudo()._message_sms(
            body,
            partner_ids=[],
            sms_numbers=[number],
            put_in_queue=True,
            author_id=self.env.user.partner_id.id,
        )
        return {"mail_message_id": message.id}

    def _check_letter(self, partner):
        contact = self._invoice_contact(partner)
        if not (contact.street and contact.city):
            return self.env._("no postal address on %(contact)s", contact=contact.display_name)
        return ""

    def _send_letter(self, event, partner, level, summary):
        if not event.letter_attachment_id:  # else laid out with the batch's other letters
            content = self._render_letter_pdfs(event)[event]
            if isinstance(content, Exception):
                raise content
            # the event keeps the letter itself (Odoo would otherwise store a second copy)
            event.letter_attachment_id = self.env["ir.attachment"].create(
                self._letter_attachment_values(event, content)
            )
        return {}

    def _check_call(self, partner):
        return ""  # a task for a person always reaches its responsible

    def _send_call(self, event, partner, level, summary):
        # quick update: the responsible sees the task, without an email per task
        activity = (
            partner.sudo()
            .with_context(mail_activity_quick_update=True)
            .activity_schedule(
                activity_type_id=level.activity_type_id.id
                or self.env.ref("account_dunning_pro.mail_activity_type_dunning_call").id,
                date_deadline=fields.Date.context_today(self),
                summary=level.activity_summary or level.name,
                note=self._call_note(summary),
                user_id=self._responsible(partner).id,
            )
        )
        return {"activity_id": activity.id}

    @api.model
    def _responsible(self, partner):
        """Who gets the customer's call tasks: its dunning responsible, else its
        salesperson, else the company's default responsible, else the cron's user."""
        return (
            partner.dunning_responsible_id
            or partner.user_id
            or self._fallback_responsible(self.env.company)
        )

    @api.model
    def _fallback_responsible(self, company):
        """The responsible of customers with neither a dunning responsible nor a salesperson."""
        if company.dunning_responsible_id:
            return company.dunning_responsible_id
        user = self.env.ref("account_dunning_pro.ir_cron_dunning_run").sudo().user_id
        if user._is_superuser():
            user = self.env.ref("base.user_admin", raise_if_not_found=False) or user
        return user

    @api.model
    def _call_note(self, summary):
        rows = Markup("").join(
            Markup("<li>%s, %s: %s (%s)</li>")
            % (
                row["name"],
                row["due_date"],
                row["residual_display"],
                self.env._("%(days)s days late", days=row["days_late"]),
            )
            for row in summary["lines"]
        )
        totals = Markup(", ").join(total["residual_display"] for total in summary["totals"])
        return Markup("<p>%s</p><ul>%s</ul>") % (
            self.env._("Overdue: %(totals)s", totals=totals),
            rows,
        )
