# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The nightly dunning run in a process of its own, as a cron worker runs it.

    python dunning_run.py ODOO_BIN DB ADDONS_PATH [--data-dir DIR]
                          [--batch-size N] [--pause SECONDS]

Outside a cron, ``ir.cron._commit_progress`` commits, so every batch is
committed as in the real cron. ``--pause`` sleeps after each committed batch:
a test kills the process there, in the middle of the run.
"""

import argparse
import os
import sys
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("odoo_bin")
    parser.add_argument("db")
    parser.add_argument("addons_path")
    parser.add_argument("--data-dir")
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument("--pause", type=float, default=0.0)
    args = parser.parse_args()

    sys.path.insert(0, os.path.dirname(os.path.abspath(args.odoo_bin)))
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415
    from odoo.tools import config  # noqa: PLC0415

    from odoo.addons.base.models.ir_cron import IrCron  # noqa: PLC0415

    options = ["-d", args.db, "--addons-path", args.addons_path, "--log-level", "warn"]
    if args.data_dir:
        options += ["--data-dir", args.data_dir]
    config.parse_config(options, setup_logging=True)

    if args.pause:
        commit_progress = IrCron._commit_progress

        def commit_then_pause(self, processed=0, **kwargs):
            remaining = commit_progress(self, processed, **kwargs)
            if processed:
                print(f"committed a batch of {processed}", flush=True)
                time.sleep(args.pause)
            return remaining

        IrCron._commit_progress = commit_then_pause

    registry = Registry(args.db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        env["account.dunning.processor"]._cron_run(batch_size=args.batch_size)
    print("run finished", flush=True)


if __name__ == "__main__":
    main()
