# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import freeze_time, tagged
from odoo.tools import split_every

from odoo.addons.account_dunning_pro.tests.common import DunningCommon, day
from odoo.addons.queue_job.tests.common import trap_jobs


@tagged("post_install", "-at_install")
class TestQueueDispatch(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customers = (
            cls.customer
            | cls._customer("Transports Lefevre SAS")
            | cls._customer("Garage Durand SARL")
        )
        for customer in cls.customers:
            cls._invoice(customer, 300, day(0))

    def setUp(self):
        super().setUp()
        # a server running queue_job's runner (queue_job loaded server-wide)
        self.patch(type(self.processor), "_dunning_use_job_queue", lambda self: True)

    def _enqueue(self, on, batch_size):
        """The nightly cron on day ``on``, its jobs trapped (never run by themselves)."""
        self.cron.code = f"model._cron_run(batch_size={batch_size})"
        with trap_jobs() as trap:
            self._run(on)
        return trap

    def _perform(self, jobs, on):
        """Perform ``jobs`` as queue workers would, on the test's cursor: those
        that depend on others (closing the run) last."""
        with freeze_time(on):
            for job in sorted(jobs, key=lambda job: bool(job.depends_on)):
                job._env = job.env(cr=self.env.cr)
                job.perform()
        self.env.invalidate_all()

    def _run_of(self, on):
        return self.env["account.dunning.run"].search([("date", "=", on)])

    def _sent(self):
        """{customer: its reminders (events)}, and every customer's queued mails."""
        events = {customer: self._events(customer) for customer in self.customers}
        mails = self.env["mail.mail"].search(
            [("recipient_ids", "in", self.customers.ids), ("model", "=", "res.partner")]
        )
        return events, mails

    def _assert_reminded_once(self):
        events, mails = self._sent()
        for customer, reminders in events.items():
            self.assertRecordValues(
                reminders,
                [{"channel": "email", "state": "done", "level_id": self.level[3].id}],
            )
            self.assertEqual(customer.dunning_level_id, self.level[3])
        self.assertEqual(len(mails), len(self.customers), "one mail queued per customer")
        self.assertEqual(mails.recipient_ids, self.customers)

    def test_cron_enqueues_one_job_per_batch(self):
        batches = list(split_every(2, sorted(self.customers.ids)))

        with self.assertNoLogs("odoo.addons.base.models.ir_cron", "WARNING"):
            trap = self._enqueue(day(3), batch_size=2)

        run = self._run_of(day(3))
        run_batch, finish_run = self.processor._run_batch, self.processor._finish_run
        trap.assert_jobs_count(3)
        trap.assert_jobs_count(2, only=run_batch)
        for batch_ids in batches:
            trap.assert_enqueued_job(
                run_batch, args=(run, batch_ids, day(3)), properties={"channel": "root.dunning"}
            )
        trap.assert_enqueued_job(finish_run, args=(run,), properties={"channel": "root.dunning"})
        batch_jobs = trap._filtered_enqueued_jobs(run_batch)
        [finish_job] = trap._filtered_enqueued_jobs(finish_run)
        self.assertEqual(finish_job.depends_on, set(batch_jobs), "closes the run once all ran")
        self.assertEqual(len({job.identity_key for job in trap.enqueued_jobs}), 3)
        self.assertTrue(all(f"({run.id})" in job.identity_key for job in trap.enqueued_jobs))
        self.assertEqual(
            self.env["queue.job.function"]
            .sudo()
            .search([("name", "=", "<account.dunning.processor>._run_batch")])
            .channel,
            "root.dunning",
        )

        # the cron itself sent nothing and examined no one
        events, mails = self._sent()
        self.assertFalse(any(events.values()))
        self.assertFalse(mails)
        self.assertFalse(any(self.customers.mapped("dunning_checked_date")))
        self.assertRecordValues(run, [{"state": "running", "partner_count": 0}])

    def test_jobs_remind_each_customer_once(self):
        trap = self._enqueue(day(3), batch_size=2)
        self._perform(trap.enqueued_jobs, day(3))

        self._assert_reminded_once()
        run = self._run_of(day(3))
        self.assertRecordValues(run, [{"state": "done", "partner_count": 3, "sent_count": 3}])
        self.assertEqual(set(self.customers.mapped("dunning_checked_date")), {day(3)})

    def test_job_performed_twice_sends_nothing_more(self):
        trap = self._enqueue(day(3), batch_size=2)
        jobs = trap.enqueued_jobs
        self._perform(jobs, day(3))

        # a retry of every job, e.g. after a worker died before the runner saw the end
        self._perform(jobs, day(3))
        self._assert_reminded_once()
        self.assertRecordValues(self._run_of(day(3)), [{"state": "done", "partner_count": 3}])

        # the cron again the same day: nothing left to enqueue
        trap = self._enqueue(day(3), batch_size=2)
        trap.assert_jobs_count(0, only=self.processor._run_batch)
        self._assert_reminded_once()

    def test_overlapping_batches(self):
        """A second call the same day with another batch size, before the first
        call's jobs ran: its jobs cover the same customers and send nothing more."""
        first = self._enqueue(day(3), batch_size=2)
        second = self._enqueue(day(3), batch_size=3)
        first.assert_jobs_count(2, only=self.processor._run_batch)
        second.assert_enqueued_job(
            self.processor._run_batch,
            args=(self._run_of(day(3)), tuple(sorted(self.customers.ids)), day(3)),
        )

        # the one job of the second call runs between the two of the first
        first_jobs = first._filtered_enqueued_jobs(self.processor._run_batch)
        second_jobs = second._filtered_enqueued_jobs(self.processor._run_batch)
        self._perform(first_jobs[:1], day(3))
        self._perform(second_jobs, day(3))
        self._perform(first_jobs[1:], day(3))
        self._perform(first._filtered_enqueued_jobs(self.processor._finish_run), day(3))
        self._perform(second._filtered_enqueued_jobs(self.processor._finish_run), day(3))

        self._assert_reminded_once()
        self.assertRecordValues(
            self._run_of(day(3)), [{"state": "done", "partner_count": 3, "sent_count": 3}]
        )

    def test_second_call_enqueues_no_duplicate(self):
        """Stored for real: a job waiting to run is not enqueued again."""
        self.cron.code = "model._cron_run(batch_size=2)"
        self._run(day(3))
        self._run(day(3))

        run = self._run_of(day(3))
        jobs = (
            self.env["queue.job"]
            .sudo()
            .search([("identity_key", "=like", f"account.dunning.run({run.id}).%")])
        )
        self.assertEqual(len(jobs), 3)
        self.assertEqual(set(jobs.mapped("channel")), {"root.dunning"})
        batch_jobs = jobs.filtered(lambda job: job.method_name == "_run_batch")
        finish_job = jobs - batch_jobs
        self.assertEqual(len(batch_jobs), 2)
        self.assertEqual(set(batch_jobs.mapped("state")), {"pending"})
        self.assertRecordValues(
            finish_job, [{"method_name": "_finish_run", "state": "wait_dependencies"}]
        )
        self.assertEqual(finish_job.dependency_ids, batch_jobs)
        self.assertFalse(any(self._sent()[0].values()))


@tagged("post_install", "-at_install")
class TestWithoutRunner(DunningCommon):
    def test_cron_runs_the_batches_itself(self):
        """queue_job not loaded server-wide: no runner would run the jobs, so the
        cron sends the reminders itself, as without this addon."""
        self._invoice(self.customer, 300, day(0))
        self._run(day(3))
        self.assertRecordValues(self._events(), [{"channel": "email", "state": "done"}])
        run = self.env["account.dunning.run"].search([("date", "=", day(3))])
        self.assertRecordValues(run, [{"state": "done", "partner_count": 1}])
        jobs = (
            self.env["queue.job"]
            .sudo()
            .search([("identity_key", "=like", f"account.dunning.run({run.id}).%")])
        )
        self.assertFalse(jobs)
