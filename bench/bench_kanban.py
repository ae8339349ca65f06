# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark the opening of the follow-up kanban on generated customer books.

    python bench/bench_kanban.py [--sizes 1000:10000,2500:25000,5000:50000] [--seed 42]

For each size (customers:invoices): create a scratch database and install
account_dunning_pro without demo, build the book of ``bench_nightly.py`` (same
generator, same seed), give it a dunning history (levels as a catch-up run
would leave them, a few prepared reminders, promises, payment plans and
disputes), then time the one call the web client makes to open Accounting ›
Customers › Follow-up: ``web_read_group`` with its first cards, built from the
kanban view as the client builds it, as a dunning user. See bench/README.md.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_nightly as nightly  # noqa: E402

MODEL = "account.dunning.followup"
SUMMARY_TABLE = "account_dunning_followup_summary"
ACTION = "account_dunning_pro.account_dunning_followup_action"
CONTROLLER = "bench.controller"
# cards per column the web client reads at first without a limit on the kanban or its
# action (web/static/src/views/kanban/kanban_controller.js)
KANBAN_LIMIT = 40


# ----------------------------------------------------------------------
# The dunning history of the book (child process)
# ----------------------------------------------------------------------


def _overdue_customers(env, today):
    """{partner id: (oldest due date, [overdue invoice ids])} of the company."""
    env.cr.execute(
        """
        SELECT move.commercial_partner_id, MIN(move.invoice_date_due), ARRAY_AGG(move.id)
          FROM account_move move
         WHERE move.state = 'posted' AND move.move_type = 'out_invoice'
           AND move.amount_residual > 0 AND move.invoice_date_due < %s
           AND move.company_id = %s
         GROUP BY move.commercial_partner_id
        """,
        (today, env.company.id),
    )
    return {partner_id: (due, sorted(ids)) for partner_id, due, ids in env.cr.fetchall()}


def _catch_up_level(partner, oldest_due, today):
    """(level, last date, next date) a first catch-up run leaves on ``partner``."""
    levels = partner.dunning_policy_id.level_ids.filtered(lambda lv: lv.delay >= 0).sorted(
        "sequence"
    )
    late = (today - oldest_due).days
    reached = levels.filtered(lambda lv: lv.delay <= late)[-1:]
    if not reached:
        following = levels[:1]
    else:
        following = levels.filtered(lambda lv: lv.sequence > reached.sequence)[:1]
    last = oldest_due + timedelta(days=reached.delay) if reached else False
    upcoming = oldest_due + timedelta(days=following.delay) if following else False
    return reached, last, upcoming


def history(args):
    """Levels, responsibles, prepared reminders, promises, plans and disputes."""
    registry, _odoo = nightly.open_env(args)
    from odoo import SUPERUSER_ID, api, fields  # noqa: PLC0415
    from odoo.fields import Command  # noqa: PLC0415

    started = time.perf_counter()
    rng = random.Random(args.seed + 1)
    with registry.cursor() as cr:
        env = api.Environment(
            cr, SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True}
        )
        today = fields.Date.context_today(env["res.partner"])
        company = env.company
        Users = env["res.users"]
        # the user who opens the board (kept by a history written again)
        controller = Users.search([("login", "=", CONTROLLER)]) or Users.create(
            {
                "name": "Camille Recouvrement",
                "login": CONTROLLER,
                "email": "camille@fournisseur-bench.example.fr",
                "group_ids": [
                    Command.set(
                        [
                            env.ref("account.group_account_invoice").id,
                            env.ref("account_dunning_pro.group_dunning_user").id,
                        ]
                    )
                ],
            }
        )
        overdue = _overdue_customers(env, today)
        partners = env["res.partner"].browse(sorted(overdue))
        levelled = 0
        for partner in partners:
            oldest_due, _invoices = overdue[partner.id]
            level, last, upcoming = _catch_up_level(partner, oldest_due, today)
            vals = {"dunning_next_date": upcoming, "dunning_checked_date": today}
            if level:
                vals.update(dunning_level_id=level.id, dunning_last_date=last)
                levelled += 1
            if rng.random() < 0.3:
                vals["dunning_responsible_id"] = controller.id
            partner.write(vals)
        cr.commit()
        print(f"  {levelled} customers at a level, of {len(partners)} overdue", flush=True)

        Event = env["account.dunning.event"]
        semi = partners.filtered(
            lambda p: p.dunning_mode == "semi_automatic" and p.dunning_level_id
        )
        for partner in semi:
            Event.create(
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "policy_id": partner.dunning_policy_id.id,
                    "level_id": partner.dunning_level_id.id,
                    "channel": "email",
                    "state": "draft",
                    "amount_due": 0.0,
                    "move_ids": [Command.set(overdue[partner.id][1])],
                }
            )
        shuffled = list(partners)
        rng.shuffle(shuffled)
        cut = [round(len(shuffled) * share) for share in (0.03, 0.05, 0.07)]
        promised = shuffled[: cut[0]]
        planned = shuffled[cut[0] : cut[1]]
        disputed = shuffled[cut[1] : cut[2]]
        env["account.dunning.promise"].create(
            [
                {
                    "partner_id": partner.id,
                    "move_ids": [Command.set(overdue[partner.id][1])],
                    "amount": sum(
                        env["account.move"].browse(overdue[partner.id][1]).mapped("amount_residual")
                    ),
                    "date": today + timedelta(days=rng.randint(2, 20)),
                }
                for partner in promised
            ]
        )
        plans = env["account.dunning.payment.plan"].create(
            [
                {
                    "partner_id": partner.id,
                    "move_ids": [Command.set(overdue[partner.id][1])],
                    "instalment_count": 3,
                    "first_date": today + timedelta(days=7),
                }
                for partner in planned
            ]
        )
        plans.action_compute_instalments()
        plans.action_activate()
        reason = env["account.dunning.dispute.reason"].search([], limit=1)
        env["account.dunning.dispute"].create(
            [{"move_id": overdue[partner.id][1][0], "reason_id": reason.id} for partner in disputed]
        )
        cr.commit()
        print(
            f"  {len(semi)} reminders to validate, {len(promised)} promises, {len(plans)} "
            f"payment plans, {len(disputed)} disputes",
            flush=True,
        )
    print(f"history seconds: {time.perf_counter() - started:.1f}", flush=True)


# ----------------------------------------------------------------------
# The web client's call
# ----------------------------------------------------------------------


def _field_spec(node, fields_info):
    """The read specification of one ``<field>`` of the arch, as the client writes it:
    a relational field reads its display name (the avatar widgets included)."""
    if fields_info[node.get("name")]["type"] in ("many2one", "many2many", "one2many"):
        return {"fields": {"display_name": {}}}
    return {}


def client_call(env):
    """(args, kwargs) of the ``web_read_group`` the web client sends to open the board."""
    from lxml import etree  # noqa: PLC0415

    action = env["ir.actions.act_window"]._for_xml_id(ACTION)
    Model = env[MODEL]
    views = Model.get_views([[False, "kanban"], [False, "search"]], {"action_id": action["id"]})
    kanban = views["views"]["kanban"]
    fields_info = views["models"][MODEL]["fields"]
    arch = etree.fromstring(kanban["arch"])
    spec = {node.get("name"): _field_spec(node, fields_info) for node in arch.iter("field")}
    group_by = arch.get("default_group_by")
    order = ", ".join(
        " ".join([part.split()[0], *(word.upper() for word in part.split()[1:])])
        for part in (arch.get("default_order") or "").split(",")
        if part.strip()
    )
    progress = arch.find(".//progressbar")
    aggregates = (
        [f"{progress.get('sum_field')}:sum"]
        if progress is not None and progress.get("sum_field")
        else []
    )
    context = {
        "lang": env.user.lang,
        "tz": env.user.tz,
        "uid": env.uid,
        "allowed_company_ids": [env.company.id],
        "read_group_expand": True,
    }
    kwargs = {
        "limit": None,
        "offset": 0,
        "order": order,
        "auto_unfold": True,
        "opening_info": [],
        "unfold_read_specification": spec,
        # the kanban's limit, else its action's (80 by default), as the client reads them
        "unfold_read_default_limit": int(arch.get("limit") or action.get("limit") or KANBAN_LIMIT),
        "groupby_read_specification": {},
        "context": context,
    }
    return (action.get("domain") or [], [group_by], aggregates), kwargs


def time_call(registry, repeat, stale=False):
    """Open the board ``repeat`` times as the controller, each in its own transaction
    with an empty cache, like a request; returns (seconds list, queries, result).

    With ``stale``, every customer's summary is first dated tomorrow (in the
    transaction, rolled back): the follow-up reads them all from their lines, the
    worst case of a day whose nightly refresh did not run."""
    from odoo import api, sql_db  # noqa: PLC0415

    with registry.cursor() as cr:
        env = api.Environment(cr, 1, {})
        uid = env["res.users"].search([("login", "=", CONTROLLER)]).id
    seconds, queries, result = [], 0, None
    for run in range(repeat + 1):
        with registry.cursor() as cr:
            if stale:
                cr.execute(f"UPDATE {SUMMARY_TABLE} SET date = date + 1")
            env = api.Environment(cr, uid, {})
            (domain, groupby, aggregates), kwargs = client_call(env)
            context = kwargs.pop("context")
            model = env[MODEL].with_context(context)
            env.invalidate_all()
            before = sql_db.sql_counter
            started = time.perf_counter()
            result = model.web_read_group(domain, groupby, aggregates, **kwargs)
            elapsed = time.perf_counter() - started
            if run:  # the first call warms the registry and PostgreSQL's caches
                seconds.append(elapsed)
                queries = sql_db.sql_counter - before
            cr.rollback()
    return seconds, queries, result


def describe(result):
    groups = result["groups"]
    opened = [g for g in groups if "__records" in g]
    return {
        "columns": len(groups),
        "columns_opened": len(opened),
        "cards_on_board": sum(g["__count"] for g in groups),
        "cards_read": sum(len(g["__records"]) for g in opened),
    }


def measure(args, repeat):
    registry, _odoo = nightly.open_env(args)
    seconds, queries, result = time_call(registry, repeat)
    figures = {
        "database": args.db,
        "customers": args.customers,
        "invoices": args.invoices,
        "median_ms": round(1000 * statistics.median(seconds), 1),
        "min_ms": round(1000 * min(seconds), 1),
        "max_ms": round(1000 * max(seconds), 1),
        "sql_queries": queries,
        **describe(result),
    }
    if args.stale:
        with registry.cursor() as cr:
            cr.execute(f"SELECT to_regclass('{SUMMARY_TABLE}') IS NOT NULL")
            has_summary = cr.fetchone()[0]
        if has_summary:
            stale_seconds, _queries, _result = time_call(registry, repeat, stale=True)
            figures["stale_median_ms"] = round(1000 * statistics.median(stale_seconds), 1)
    return figures


# ----------------------------------------------------------------------
# Main
# ----------------------------------------------------------------------


def _child(args, phase, script):
    cmd = [
        sys.executable,
        script,
        "--phase",
        phase,
        "--db",
        args.db,
        "--customers",
        str(args.customers),
        "--invoices",
        str(args.invoices),
        "--seed",
        str(args.seed),
    ] + (["--odoo", args.odoo] if args.odoo else [])
    subprocess.run(cmd, check=True)


def update(args):
    """Update the addon in ``args.db`` (to measure a changed follow-up on a kept book)."""
    src = nightly.odoo_src(args)
    log = Path(f"/tmp/{args.db}_update.log")
    cmd = [
        sys.executable,
        str(src / "odoo-bin"),
        *nightly.odoo_args(args, src),
        "-u",
        nightly.MODULE,
        "--stop-after-init",
        "--no-http",
        f"--logfile={log}",
    ]
    if subprocess.run(cmd, check=False).returncode:
        sys.exit(f"Update failed, see {log}")


def vacuum(args):
    """VACUUM ANALYZE the book, as a production server's autovacuum keeps it: without
    statistics, PostgreSQL plans every query as if the tables were empty."""
    nightly.import_odoo(args)
    import psycopg2  # noqa: PLC0415

    from odoo import sql_db  # noqa: PLC0415

    _name, info = sql_db.connection_info_for(args.db)
    connection = psycopg2.connect(**info)
    try:
        connection.autocommit = True
        with connection.cursor() as cr:
            cr.execute("VACUUM ANALYZE")
    finally:
        connection.close()


def prepare(args):
    """Install, build the book and its history in ``args.db``."""
    print(f"installing {nightly.MODULE} in {args.db} (no demo)...", flush=True)
    nightly.install(args)
    print(
        f"building {args.customers} customers, {args.invoices} documents (seed {args.seed})...",
        flush=True,
    )
    _child(args, "build", nightly.__file__)
    print("dunning history...", flush=True)
    _child(args, "history", __file__)
    print("vacuum analyze...", flush=True)
    vacuum(args)


def report(rows):
    print()
    print(
        f"{'book (customers / invoices)':<28} {'median ms':>10} {'min ms':>8} {'queries':>8}"
        f" {'columns':>8} {'cards':>6} {'read':>5} {'all stale ms':>13}"
    )
    for f in rows:
        print(
            f"{f['customers']:>6,} / {f['invoices']:<19,} {f['median_ms']:>10} {f['min_ms']:>8}"
            f" {f['sql_queries']:>8} {f['columns']:>8} {f['cards_on_board']:>6}"
            f" {f['cards_read']:>5} {f.get('stale_median_ms', '-'):>13}"
        )
    for f in rows:
        print(json.dumps(f))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default="1000:10000,2500:25000,5000:50000",
        help="books to measure, as customers:invoices, comma-separated",
    )
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeat", type=int, default=9, help="timed calls per book")
    parser.add_argument(
        "--no-stale",
        dest="stale",
        action="store_false",
        help="skip the worst case where every customer's summary is out of date",
    )
    parser.add_argument("--keep-db", action="store_true", help="keep the databases afterwards")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the kept databases bench_kanban_<customers>_<invoices> (built with "
        "--keep-db), updating the addon first, instead of building new ones",
    )
    parser.add_argument(
        "--build-only", action="store_true", help="build the books (with --keep-db), no timing"
    )
    parser.add_argument("--odoo", help="Odoo 19 source directory (default: $ODOO_SRC)")
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--customers", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--invoices", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--phase", choices=["history"], help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.phase == "history":
        history(args)
        return
    sizes = [tuple(int(n) for n in size.split(":")) for size in args.sizes.split(",")]
    rows = []
    for customers, invoices in sizes:
        args.customers, args.invoices = customers, invoices
        args.db = f"bench_kanban_{customers}_{invoices}"
        if not (args.reuse or args.keep_db):
            args.db += f"_{os.getpid()}"
        try:
            if args.reuse:
                print(f"updating {nightly.MODULE} in {args.db}...", flush=True)
                update(args)
                vacuum(args)
            else:
                prepare(args)
            if args.build_only:
                continue
            print(f"opening the follow-up kanban ({args.repeat} times)...", flush=True)
            rows.append(measure(args, args.repeat))
            print(json.dumps(rows[-1]), flush=True)
        finally:
            if args.keep_db or args.reuse:
                print(f"database kept: {args.db}", file=sys.stderr)
            else:
                nightly.drop(args)
    if rows:
        report(rows)


if __name__ == "__main__":
    main()
