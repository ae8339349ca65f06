# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib

from odoo import api, models
from odoo.tools import config

from odoo.addons.queue_job.delay import chain, group

CHANNEL = "root.dunning"


class AccountDunningProcessor(models.AbstractModel):
    _inherit = "account.dunning.processor"

    @api.model
    def _dunning_use_job_queue(self):
        """Whether this server hands the nightly batches to the job queue: only
        where queue_job's runner is set up (``queue_job`` loaded server-wide, see
        its README). Elsewhere the cron runs them itself as without this addon,
        so that installing it before the runner never stops the reminders."""
        return "queue_job" in config["server_wide_modules"]

    def _dispatch_batches(self, run, batches, today):
        """Enqueue one job per batch on ``root.dunning``, then one that finishes
        ``run`` once they are all done; the cron itself sends nothing.

        A job's identity is its run and its customers: a second call the same day,
        while the jobs wait, enqueues none again."""
        if not self._dunning_use_job_queue():
            return super()._dispatch_batches(run, batches, today)
        if not batches:
            self._finish_run(run)
            return True
        count = len(batches)
        keys = [self._dunning_job_key(run, "batch", batch_ids) for batch_ids in batches]
        jobs = [
            self.delayable(
                channel=CHANNEL,
                identity_key=key,
                description=self.env._(
                    "%(run)s, %(company)s: batch %(number)s of %(count)s",
                    run=run.display_name,
                    company=run.company_id.name,
                    number=number,
                    count=count,
                ),
            )._run_batch(run, batch_ids, today)
            for number, (batch_ids, key) in enumerate(zip(batches, keys, strict=True), 1)
        ]
        finish = self.delayable(
            channel=CHANNEL,
            identity_key=self._dunning_job_key(run, "finish", keys),
            description=self.env._(
                "%(run)s, %(company)s: close the run",
                run=run.display_name,
                company=run.company_id.name,
            ),
        )._finish_run(run)
        chain(group(*jobs), finish).delay()
        self.env["ir.cron"]._commit_progress(sum(len(batch_ids) for batch_ids in batches))
        return True

    @api.model
    def _dunning_job_key(self, run, kind, items):
        digest = hashlib.sha1(",".join(map(str, items)).encode(), usedforsecurity=False)
        return f"account.dunning.run({run.id}).{kind}:{digest.hexdigest()}"

    @api.model
    def _run_batch(self, run, partner_ids, today):
        if self.env.context.get("job_uuid"):
            # parallel jobs would all update the run's row (a serialization failure
            # each time): _finish_run counts the customers once at the end
            run = run.with_context(dunning_count_on_finish=True)
        return super()._run_batch(run, partner_ids, today)

    @api.model
    def _finish_run(self, run):
        """Last job of a run: count the customers examined and mark it done."""
        run._count_examined()
        run._finish()
