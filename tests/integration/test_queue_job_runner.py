# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The nightly run spread over two workers by OCA queue_job's job runner.

An Odoo server of its own, as in production: ``--workers=2``, ``queue_job``
loaded server-wide and ``[queue_job] channels = root:2``. The nightly cron only
enqueues one job per batch of customers (account_dunning_pro_queue); the runner
hands them to the two workers at once. Every customer is reminded exactly once,
even when a second call the same day enqueues jobs over the same customers.
"""

import re
import time
from datetime import date, timedelta

import pytest

from .conftest import ADMIN_LOGIN, ADMIN_PASSWORD, OdooClient, OdooServer

GLUE = "account_dunning_pro_queue"
CUSTOMERS = 12
JOBS_TIMEOUT = 60  # seconds for the runner to finish every job


class QueueJobServer(OdooServer):
    """The session's server command, with two workers and queue_job's runner."""

    def __init__(self, setup, db, smtp_port, log_path, config_path):
        super().__init__(setup, db, smtp_port, log_path)
        self.config_path = config_path

    def command(self):
        command = [arg for arg in super().command() if not arg.startswith("--workers=")]
        return [*command, f"--config={self.config_path}", "--workers=2"]


def _install_glue(odoo):
    """The test database of setup/run_tests.sh has it; a database of our own not yet."""
    [module] = odoo.call("ir.module.module", "search_read", [("name", "=", GLUE)], fields=["state"])
    if module["state"] != "installed":
        odoo.call("ir.module.module", "button_immediate_install", [module["id"]])


@pytest.fixture(scope="module")
def queue_odoo(odoo, odoo_setup, smtp_sink, tmp_path_factory):
    """A JSON-RPC client of a 2-worker server running queue_job's job runner."""
    _install_glue(odoo)
    folder = tmp_path_factory.mktemp("odoo-queue-job")
    config_path = folder / "odoo.conf"
    config_path.write_text(
        "[options]\n"
        "server_wide_modules = base,rpc,web,queue_job\n"
        "\n"
        "[queue_job]\n"
        "channels = root:2\n"
    )
    _sink, smtp_port = smtp_sink
    server = QueueJobServer(odoo_setup, odoo_setup.db, smtp_port, folder / "odoo.log", config_path)
    try:
        started = time.monotonic()
        try:
            server.start()
        except RuntimeError as error:
            pytest.fail(f"{error}\nlast lines of {server.log_path}:\n{server.tail()}")
        print(f"2-worker server up in {time.monotonic() - started:.1f}s")
        client = OdooClient(server.url, server.db)
        client.authenticate(ADMIN_LOGIN, ADMIN_PASSWORD)
        client.server = server
        yield client
    finally:
        server.stop()


def _late_customers(odoo, dunning, prefix):
    """CUSTOMERS customers, each with one invoice 5 days overdue (a few RPCs in all)."""
    [country_id] = odoo.call("res.country", "search", [("code", "=", "FR")], limit=1)
    customer_ids = odoo.call(
        "res.partner",
        "create",
        [
            {
                "name": f"{prefix} {index:02d} SARL",
                "is_company": True,
                "email": f"{prefix}{index}@customer.example.com",
                "country_id": country_id,
                "lang": dunning.customer_lang(),
            }
            for index in range(CUSTOMERS)
        ],
    )
    due = dunning.today - timedelta(days=5)
    move_ids = odoo.call(
        "account.move",
        "create",
        [
            {
                "move_type": "out_invoice",
                "partner_id": customer_id,
                "invoice_date": (due - timedelta(days=30)).isoformat(),
                "invoice_date_due": due.isoformat(),
                "invoice_line_ids": [
                    (0, 0, {"name": "Consulting", "price_unit": 200.0, "tax_ids": [(6, 0, [])]})
                ],
            }
            for customer_id in customer_ids
        ],
    )
    odoo.call("account.move", "action_post", move_ids)
    return customer_ids


def _run_cron(client, *batch_sizes):
    """The nightly cron, calling the run once per batch size."""
    cron_id = client.ref("account_dunning_pro.ir_cron_dunning_run")
    [cron] = client.call("ir.cron", "read", [cron_id], ["code"])
    code = "\n".join(f"model._cron_run(batch_size={size})" for size in batch_sizes)
    client.call("ir.cron", "write", [cron_id], {"code": code})
    try:
        client.run_cron("account_dunning_pro.ir_cron_dunning_run")
    finally:
        client.call("ir.cron", "write", [cron_id], {"code": cron["code"]})


def _last_job_id(client):
    return max(client.call("queue.job", "search", [], order="id desc", limit=1), default=0)


def _jobs(client, run_id, after_id):
    """The jobs of today's run enqueued after job ``after_id`` (other tests ran it too)."""
    return client.call(
        "queue.job",
        "search_read",
        [
            ("identity_key", "=like", f"account.dunning.run({run_id}).%"),
            ("id", ">", after_id),
        ],
        fields=[
            "method_name",
            "state",
            "channel",
            "worker_pid",
            "retry",
            "exc_info",
            "func_string",
        ],
        order="id",
    )


def _wait_for_jobs(client, run_id, after_id):
    deadline = time.monotonic() + JOBS_TIMEOUT
    while True:
        jobs = _jobs(client, run_id, after_id)
        failed = [job for job in jobs if job["state"] == "failed"]
        assert not failed, failed[0]["exc_info"]
        if jobs and all(job["state"] == "done" for job in jobs):
            return jobs
        assert time.monotonic() < deadline, (
            f"jobs not done after {JOBS_TIMEOUT}s: {[job['state'] for job in jobs]}\n"
            f"{client.server.tail()}"
        )
        time.sleep(0.5)


def _batches_of(customer_ids, batch_jobs):
    """{customer: number of batch jobs that examine it}, read from their calls."""
    counts = dict.fromkeys(customer_ids, 0)
    for job in batch_jobs:
        # account.dunning.processor()._run_batch(account.dunning.run(5,), (84, 85), date)
        ids = re.search(
            r"_run_batch\(account\.dunning\.run\(\d+,\), [(\[]([\d, ]*)", job["func_string"]
        )
        for partner_id in map(int, filter(None, ids[1].replace(" ", "").split(","))):
            if partner_id in counts:
                counts[partner_id] += 1
    return counts


def _reminders(odoo, customer_ids):
    """{customer: [(channel, level id, state) of its reminders]}."""
    events = odoo.call(
        "account.dunning.event",
        "search_read",
        [("partner_id", "in", customer_ids), ("event_type", "=", "reminder")],
        fields=["partner_id", "channel", "level_id", "state"],
    )
    found = {customer_id: [] for customer_id in customer_ids}
    for event in events:
        found[event["partner_id"][0]].append(
            (event["channel"], event["level_id"][0], event["state"])
        )
    return found


def _queued_mails(odoo, customer_ids):
    """{customer: number of outgoing mails queued for it}."""
    return {
        customer_id: odoo.call(
            "mail.mail",
            "search_count",
            [("recipient_ids", "in", [customer_id]), ("model", "=", "res.partner")],
        )
        for customer_id in customer_ids
    }


def test_two_workers_remind_each_customer_once(odoo, queue_odoo, dunning, tag):
    customer_ids = _late_customers(odoo, dunning, f"queue{tag}")
    last_job_id = _last_job_id(queue_odoo)
    started = time.monotonic()

    # the run enqueues batches of 3 and commits; called again at once, before
    # any of these jobs is done, it enqueues batches of 4 over the same customers:
    # the two workers run jobs on the same customers at the same time
    _run_cron(queue_odoo, 3, 4)
    [run] = queue_odoo.call(
        "account.dunning.run",
        "search_read",
        [("date", "=", date.today().isoformat()), ("company_id", "=", odoo.company["id"])],
        fields=["id"],
    )
    jobs = _wait_for_jobs(queue_odoo, run["id"], last_job_id)
    elapsed = time.monotonic() - started

    batch_jobs = [job for job in jobs if job["method_name"] == "_run_batch"]
    # the database may hold other customers to examine today: they take part too
    assert _batches_of(customer_ids, batch_jobs) == dict.fromkeys(customer_ids, 2), jobs
    assert {job["channel"] for job in jobs} == {"root.dunning"}
    assert len({job["worker_pid"] for job in batch_jobs}) >= 2, "both workers took jobs"

    reminders = _reminders(odoo, customer_ids)
    [[(_channel, level_id, _state)]] = {tuple(events) for events in reminders.values()}
    assert reminders == {customer_id: [("email", level_id, "done")] for customer_id in customer_ids}
    assert odoo.read_one("account.dunning.level", level_id, ["name"])["name"] == (
        "Friendly reminder"
    )
    assert _queued_mails(odoo, customer_ids) == dict.fromkeys(customer_ids, 1)
    [run] = odoo.call("account.dunning.run", "read", [run["id"]], ["state", "partner_count"])
    assert run["state"] == "done"
    assert run["partner_count"] >= CUSTOMERS

    # the cron once more: nothing left to enqueue or send
    _run_cron(queue_odoo, 3)
    assert len(_jobs(queue_odoo, run["id"], last_job_id)) == len(jobs)
    assert _reminders(odoo, customer_ids) == reminders
    print(
        f"{len(batch_jobs)} batch jobs over 2 workers "
        f"(retries: {sum(job['retry'] for job in jobs) - len(jobs)}) in {elapsed:.1f}s"
    )
