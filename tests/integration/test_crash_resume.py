# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A nightly run killed in the middle resumes where it stopped, sending nothing twice.

The run is a real process with its own registry, killed with SIGKILL after
its first committed batch (no clean-up of any kind can run), then started
again to the end.
"""

import os
import signal
import subprocess
import time
from pathlib import Path

SCRIPT = Path(__file__).with_name("dunning_run.py")
CUSTOMERS = 12


def _command(setup, *extra):
    command = [setup.python, str(SCRIPT), setup.odoo_bin, setup.db, setup.addons_path, *extra]
    if setup.data_dir:
        command += ["--data-dir", setup.data_dir]
    return command


def _late_customers(dunning, prefix, days_late):
    """CUSTOMERS customers, each with one invoice ``days_late`` days overdue."""
    customer_ids = []
    for index in range(CUSTOMERS):
        customer_id = dunning.create_customer(
            f"{prefix} {index:02d} SARL", f"{prefix}{index}@customer.example.com"
        )
        dunning.create_overdue_invoices(customer_id, [100.0 + index], days_late=days_late)
        customer_ids.append(customer_id)
    return customer_ids


def _reminded(odoo, customer_ids):
    """{customer: number of done email reminders}."""
    events = odoo.call(
        "account.dunning.event",
        "search_read",
        [("partner_id", "in", customer_ids), ("channel", "=", "email"), ("state", "=", "done")],
        fields=["partner_id"],
    )
    counts = dict.fromkeys(customer_ids, 0)
    for event in events:
        counts[event["partner_id"][0]] += 1
    return counts


def test_killed_run_resumes_without_sending_twice(odoo, odoo_setup, dunning, tag, tmp_path):
    customer_ids = _late_customers(dunning, f"crash{tag}", days_late=5)

    log_path = tmp_path / "killed-run.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            _command(odoo_setup, "--batch-size", "3", "--pause", "60"),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and process.poll() is None:
            if any(_reminded(odoo, customer_ids).values()):
                break
            time.sleep(0.5)
        assert process.poll() is None, (
            f"the run ended before it was killed:\n{log_path.read_text()}"
        )
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    after_crash = _reminded(odoo, customer_ids)
    sent_before = [c for c, count in after_crash.items() if count]
    assert 0 < len(sent_before) < CUSTOMERS, after_crash
    assert set(after_crash.values()) <= {0, 1}, after_crash

    finished = subprocess.run(
        _command(odoo_setup, "--batch-size", "3"),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert "run finished" in finished.stdout

    after_resume = _reminded(odoo, customer_ids)
    assert after_resume == dict.fromkeys(customer_ids, 1), after_resume
    # one chatter message per customer, the history says the same
    messages = odoo.call(
        "mail.message",
        "search_count",
        [
            ("model", "=", "res.partner"),
            ("res_id", "in", customer_ids),
            ("subtype_id.name", "=", "Dunning reminder"),
        ],
    )
    assert messages == CUSTOMERS
    # a third run on the same day sends nothing more
    again = subprocess.run(_command(odoo_setup), capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stdout + again.stderr
    assert _reminded(odoo, customer_ids) == after_resume


def test_two_runs_at_once_send_each_reminder_once(odoo, odoo_setup, dunning, tag, tmp_path):
    """Two workers start the nightly run together: row locks keep them apart."""
    customer_ids = _late_customers(dunning, f"twin{tag}", days_late=4)

    logs = [tmp_path / "worker-a.log", tmp_path / "worker-b.log"]
    processes = []
    for log_path in logs:
        with open(log_path, "w") as log:
            processes.append(
                subprocess.Popen(
                    _command(odoo_setup, "--batch-size", "2", "--pause", "0.3"),
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
    for process in processes:
        process.wait(timeout=300)
    outputs = [log_path.read_text() for log_path in logs]
    # a worker may give up on a customer the other one holds, never send it twice
    assert any("run finished" in output for output in outputs), outputs
    # whatever a worker had to leave is picked up by the next run
    subprocess.run(_command(odoo_setup), capture_output=True, text=True, timeout=300, check=True)
    assert _reminded(odoo, customer_ids) == dict.fromkeys(customer_ids, 1), outputs
