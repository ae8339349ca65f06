# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark the nightly risk rescoring on the benchmark customer book.

    python bench/bench_risk.py [--customers 1000] [--invoices 10000] [--seed 42] [--keep-db]

Builds the same book as ``bench_nightly.py`` (same options, same seed), then runs
the risk rescoring twice, as its cron does (``_cron_rescore``, committing per
batch): the first night, where the customers' random profiles meet their real
behaviour (many profile changes), and a second night (the same day, scores
forgotten), where nothing changes. See bench/README.md.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_nightly as nightly  # noqa: E402


def rescore(env, sql_db):
    cr = env.cr
    cr.execute("SELECT COALESCE(MAX(id), 0) FROM account_dunning_event")
    last_event = cr.fetchone()[0]
    env.invalidate_all()
    cr.commit()
    queries_before = sql_db.sql_counter
    started = time.perf_counter()
    env["account.dunning.risk.profile"]._cron_rescore()
    seconds = time.perf_counter() - started
    queries = sql_db.sql_counter - queries_before
    key = str(env.company.id)
    cr.execute(
        "SELECT COUNT(*) FROM res_partner WHERE risk_score_date ? %s",
        (key,),
    )
    scored = cr.fetchone()[0]
    cr.execute(
        """
        SELECT COUNT(*) FROM account_dunning_event
         WHERE id > %s AND event_type = 'profile_change'
        """,
        (last_event,),
    )
    changes = cr.fetchone()[0]
    return {
        "customers_scored": scored,
        "profile_changes": changes,
        "seconds": round(seconds, 3),
        "sql_queries": queries,
        "ms_per_customer": round(1000 * seconds / max(scored, 1), 3),
    }


def measure(args):
    registry, _odoo = nightly.open_env(args)
    from odoo import SUPERUSER_ID, api, sql_db  # noqa: PLC0415

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        figures = {"database": args.db, "seed": args.seed}
        first = rescore(env, sql_db)
        key = str(env.company.id)
        cr.execute(
            """
            SELECT COALESCE(profile.code, '-'), COUNT(*)
              FROM res_partner partner
              LEFT JOIN account_dunning_risk_profile profile
                ON profile.id = (partner.risk_profile_id->>%s)::int
             WHERE partner.risk_score_date ? %s
             GROUP BY 1
            """,
            (key, key),
        )
        profiles = dict(cr.fetchall())
        # the next night: the same behaviour, the scores of today forgotten
        cr.execute("UPDATE res_partner SET risk_score_date = risk_score_date - %s", (key,))
        cr.commit()
        second = rescore(env, sql_db)
        figures.update({"first_night": first, "next_night": second, "profiles_after": profiles})
    return figures


def report(figures):
    for night in ("first_night", "next_night"):
        f = figures[night]
        print(
            f"{night.replace('_', ' ')}: {f['customers_scored']} customers scored in "
            f"{f['seconds']} s ({f['ms_per_customer']} ms each), {f['sql_queries']} SQL "
            f"queries, {f['profile_changes']} profile changes"
        )
    print(
        "profiles after the first night: "
        + ", ".join(f"{code}={count}" for code, count in sorted(figures["profiles_after"].items()))
    )
    print(json.dumps(figures, default=str))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=1000)
    parser.add_argument("--invoices", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--keep-db", action="store_true", help="keep the database afterwards")
    parser.add_argument("--odoo", help="Odoo 19 source directory (default: $ODOO_SRC)")
    args = parser.parse_args()
    args.db = f"bench_risk_{os.getpid()}"
    print(f"installing {nightly.MODULE} in {args.db} (no demo)...", flush=True)
    try:
        nightly.install(args)
        print(
            f"building {args.customers} customers, {args.invoices} documents (seed {args.seed})...",
            flush=True,
        )
        child = [
            sys.executable,
            nightly.__file__,
            "--phase",
            "build",
            "--db",
            args.db,
            "--customers",
            str(args.customers),
            "--invoices",
            str(args.invoices),
            "--seed",
            str(args.seed),
        ] + (["--odoo", args.odoo] if args.odoo else [])
        subprocess.run(child, check=True)
        print("risk rescoring...", flush=True)
        report(measure(args))
    finally:
        if args.keep_db:
            print(f"database kept: {args.db}", file=sys.stderr)
        else:
            nightly.drop(args)


if __name__ == "__main__":
    main()
