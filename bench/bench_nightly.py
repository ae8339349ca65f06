# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark the nightly dunning run on a realistic, generated customer book.

    python bench/bench_nightly.py [--customers 1000] [--invoices 10000] [--seed 42] [--keep-db]

Steps: create a scratch database and install account_dunning_pro without demo
(odoo-bin), build the book in a child process (so that its memory does not count),
then run the nightly run once, as the cron does (``_cron_run``, committing per
batch), and print what it did and what it cost. See bench/README.md.
"""

import argparse
import json
import logging
import os
import random
import resource
import subprocess
import sys
import threading
import time
import tracemalloc
import unicodedata
from collections import Counter, defaultdict
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MODULE = "account_dunning_pro"
BATCH = 500

ACTIVITIES = [
    "Boulangerie",
    "Transports",
    "Menuiserie",
    "Garage",
    "Pharmacie",
    "Imprimerie",
    "Plomberie",
    "Électricité",
    "Restaurant",
    "Traiteur",
    "Quincaillerie",
    "Agence",
    "Boucherie",
    "Pressing",
    "Fromagerie",
    "Librairie",
    "Cabinet",
    "Fleuriste",
    "BTP",
    "Nettoyage",
    "Laboratoires",
    "Clinique",
    "Coopérative",
    "Distribution",
    "Chocolaterie",
    "Hôtel",
    "Auto-école",
    "Optique",
    "Cave",
    "Carrosserie",
]
SURNAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Legrand",
    "Garnier",
    "Faure",
    "Rousseau",
    "Blanc",
    "Guérin",
    "Muller",
    "Henry",
    "Roussel",
    "Nicolas",
    "Perrin",
]
FORMS = ["SARL", "SAS", "SA", "EURL", "SNC", ""]
# (zip, city, first digit of the landline numbers)
CITIES = [
    ("75002", "Paris", "1"),
    ("69002", "Lyon", "4"),
    ("13001", "Marseille", "4"),
    ("31000", "Toulouse", "5"),
    ("06000", "Nice", "4"),
    ("44000", "Nantes", "2"),
    ("67000", "Strasbourg", "3"),
    ("34000", "Montpellier", "4"),
    ("33000", "Bordeaux", "5"),
    ("59000", "Lille", "3"),
    ("35000", "Rennes", "2"),
    ("51100", "Reims", "3"),
    ("76600", "Le Havre", "2"),
    ("42000", "Saint-Étienne", "4"),
    ("83000", "Toulon", "4"),
    ("38000", "Grenoble", "4"),
    ("21000", "Dijon", "3"),
    ("49000", "Angers", "2"),
    ("37000", "Tours", "2"),
    ("87000", "Limoges", "5"),
    ("63000", "Clermont-Ferrand", "4"),
    ("14000", "Caen", "2"),
    ("57000", "Metz", "3"),
    ("64100", "Bayonne", "5"),
]
STREETS = [
    "rue de la République",
    "avenue Jean Jaurès",
    "boulevard Victor Hugo",
    "rue Nationale",
    "place de la Mairie",
    "rue du Commerce",
    "allée des Tilleuls",
    "rue Pasteur",
    "avenue de la Gare",
    "quai du Port",
]
# risk profile code -> share of the customers
PROFILES = {"good": 0.45, "standard": 0.35, "bad": 0.12, "key_account": 0.08}
# payment term days -> share of the customers
TERMS = {0: 0.15, 30: 0.45, 45: 0.20, 60: 0.20}
HISTORY_DAYS = 240


# ----------------------------------------------------------------------
# Odoo plumbing
# ----------------------------------------------------------------------


def odoo_src(args):
    src = Path(args.odoo or os.environ.get("ODOO_SRC") or REPO.parent / "odoo-19.0")
    if not (src / "odoo-bin").exists():
        sys.exit(f"Odoo 19 source not found at {src}: pass --odoo or set ODOO_SRC.")
    return src


def addons_path(src):
    return os.environ.get("ADP_ADDONS_PATH") or f"{src}/odoo/addons,{src}/addons,{REPO}"


def odoo_args(args, src):
    return [
        f"--addons-path={addons_path(src)}",
        "-d",
        args.db,
        "--log-level=warn",
        # wkhtmltopdf's stderr chatter (one warning per letter) is not ours to show
        "--log-handler=odoo.addons.base.models.ir_actions_report:ERROR",
    ]


def import_odoo(args):
    """Odoo, imported from its source tree and configured for ``args.db`` (once)."""
    if "odoo.tools.config" not in sys.modules:
        src = odoo_src(args)
        sys.path.insert(0, str(src))
        from odoo.tools import config  # noqa: PLC0415

        config.parse_config(odoo_args(args, src), setup_logging=True)
    import odoo  # noqa: PLC0415

    return odoo


def open_env(args):
    """(registry, odoo) for ``args.db``."""
    odoo = import_odoo(args)
    from odoo.modules.registry import Registry  # noqa: PLC0415

    return Registry(args.db), odoo


def install(args):
    """Create ``args.db`` and install the addon without demo data."""
    src = odoo_src(args)
    log = Path(f"/tmp/{args.db}_install.log")
    cmd = [
        sys.executable,
        str(src / "odoo-bin"),
        *odoo_args(args, src),
        "-i",
        MODULE,
        "--without-demo",
        "--stop-after-init",
        "--no-http",
        f"--logfile={log}",
    ]
    if subprocess.run(cmd, check=False).returncode:
        sys.exit(f"Install failed, see {log}")


def drop(args):
    import_odoo(args)
    from odoo.service import db  # noqa: PLC0415

    db.exp_drop(args.db)


# ----------------------------------------------------------------------
# Building the book (child process)
# ----------------------------------------------------------------------


def _slug(text):
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c if c.isalnum() else "." for c in ascii_text.lower()).strip(".")


def _pick(rng, shares):
    return rng.choices(list(shares), weights=list(shares.values()))[0]


def _phone(rng, area):
    digits = " ".join(f"{rng.randint(0, 99):02d}" for _i in range(4))
    return f"+33 {area} {digits}"


def payment_terms(env):
    """Payment terms of 0, 30, 45 and 60 days: Odoo's own where they exist."""
    Term = env["account.payment.term"]
    terms = {}
    for days, xmlid in (
        (0, "account.account_payment_term_immediate"),
        (30, "account.account_payment_term_30days"),
        (45, "account.account_payment_term_45days"),
        (60, None),
    ):
        term = env.ref(xmlid, raise_if_not_found=False) if xmlid else None
        if not term:
            term = Term.create(
                {
                    "name": f"{days} Days",
                    "line_ids": [
                        (0, 0, {"value": "percent", "value_amount": 100, "nb_days": days})
                    ],
                }
            )
        terms[days] = term
    return terms


def create_customers(env, rng, count, terms):
    salespeople = env["res.users"].create(
        [
            {
                "name": name,
                "login": f"bench.{_slug(name)}",
                "email": f"{_slug(name)}@example.fr",
                "group_ids": [(6, 0, [env.ref("sales_team.group_sale_salesman").id])],
            }
            for name in ("Sophie Vendeuse", "Julien Commercial", "Claire Terrain")
        ]
    )
    profiles = {p.code: p for p in env["account.dunning.risk.profile"].search([])}
    france = env.ref("base.fr")
    vals_list, term_days = [], []
    for index in range(count):
        name = " ".join(
            filter(None, [rng.choice(ACTIVITIES), rng.choice(SURNAMES), rng.choice(FORMS)])
        )
        zip_code, city, area = rng.choice(CITIES)
        reach = rng.random()  # ~10% cannot be reached by email or by phone
        days = _pick(rng, TERMS)
        term_days.append(days)
        vals_list.append(
            {
                "name": name,
                "is_company": True,
                "street": f"{rng.randint(1, 180)} {rng.choice(STREETS)}",
                "zip": zip_code,
                "city": city,
                "country_id": france.id,
                "email": False
                if reach < 0.05 or reach >= 0.09 and reach < 0.10
                else f"{_slug(name)}.{index}@example.fr",
                "phone": False
                if 0.05 <= reach < 0.10
                else _phone(rng, "6" if rng.random() < 0.3 else area),
                "user_id": rng.choice(salespeople).id if rng.random() < 0.6 else False,
                "risk_profile_id": profiles[_pick(rng, PROFILES)].id,
                "dunning_mode": "semi_automatic" if rng.random() < 0.02 else False,
                "property_payment_term_id": terms[days].id,
            }
        )
    partners = env["res.partner"]
    for start in range(0, count, BATCH):
        partners |= env["res.partner"].create(vals_list[start : start + BATCH])
    return partners, term_days


def plan_invoices(rng, partners, term_days, count, today):
    """The documents to create, with what will be paid: plain dicts, sorted by date."""
    # a few customers buy a lot, most a little
    weights = [rng.paretovariate(2.0) for _p in partners]
    docs = []
    for number in range(count):
        # every customer buys at least once, then the heavy buyers again and again
        index = (
            number
            if number < len(partners)
            else rng.choices(range(len(partners)), weights=weights)[0]
        )
        age = int(HISTORY_DAYS * rng.random() ** 2)  # a growing business: more recent invoices
        refund = rng.random() < 0.05
        invoice_date = today - timedelta(days=age)
        days = 0 if refund else term_days[index]
        docs.append(
            {
                "partner": partners[index].id,
                "refund": refund,
                "date": invoice_date,
                "due": invoice_date + timedelta(days=days),
                "amount": round(min(max(rng.lognormvariate(6.6, 0.9), 40.0), 40000.0), 2),
                "paid": None,  # amount paid: None = nothing, else (amount, date)
            }
        )
    invoices = [doc for doc in docs if not doc["refund"]]
    n_open = round(0.40 * count)  # 55% paid, 8% partially paid, 32% unpaid, 5% credit notes
    n_partial = round(0.08 * count)
    future = [doc for doc in invoices if doc["due"] >= today]
    late = [doc for doc in invoices if doc["due"] < today]
    rng.shuffle(future)
    open_docs = future[: n_open - n_open // 3]
    # the overdue third: 1 to 200 days late, the less late more likely still open
    eligible = [doc for doc in late if (today - doc["due"]).days <= 200]
    eligible.sort(key=lambda doc: rng.random() ** (1 + (today - doc["due"]).days / 45))
    open_docs += eligible[-(n_open - len(open_docs)) :]
    open_ids = {id(doc) for doc in open_docs}
    for doc in invoices:
        if id(doc) not in open_ids:
            paid_on = doc["due"] + timedelta(days=rng.randint(-15, 25))
            doc["paid"] = (doc["amount"], min(max(paid_on, doc["date"]), today))
    for doc in rng.sample(open_docs, n_partial):
        paid_on = doc["date"] + timedelta(days=rng.randint(0, (today - doc["date"]).days))
        doc["paid"] = (round(doc["amount"] * rng.uniform(0.2, 0.7), 2), paid_on)
    docs.sort(key=lambda doc: doc["date"])
    return docs


def create_invoices(env, docs):
    Move = env["account.move"]
    moves = Move
    for start in range(0, len(docs), BATCH):
        batch = Move.create(
            [
                {
                    "move_type": "out_refund" if doc["refund"] else "out_invoice",
                    "partner_id": doc["partner"],
                    "invoice_date": doc["date"],
                    "invoice_date_due": doc["due"],
                    "invoice_line_ids": [
                        (
                            0,
                            0,
                            {
                                "name": "Prestations",
                                "quantity": 1,
                                "price_unit": doc["amount"],
                                "tax_ids": [],
                            },
                        )
                    ],
                }
                for doc in docs[start : start + BATCH]
            ]
        )
        batch.action_post()
        moves |= batch
        env.cr.commit()
        print(f"  {len(moves)} documents posted", flush=True)
    return moves


def register_payments(env, docs, moves):
    """One payment per paid document, reconciled in bulk with its invoice."""
    journal = env["account.journal"].search(
        [("type", "=", "bank"), ("company_id", "=", env.company.id)], limit=1
    )
    pairs = [(doc, move) for doc, move in zip(docs, moves, strict=True) if doc["paid"]]
    Payment = env["account.payment"]
    for start in range(0, len(pairs), BATCH):
        chunk = pairs[start : start + BATCH]
        payments = Payment.create(
            [
                {
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": move.partner_id.id,
                    "amount": doc["paid"][0],
                    "date": doc["paid"][1],
                    "journal_id": journal.id,
                    "memo": move.name,
                }
                for doc, move in chunk
            ]
        )
        payments.action_post()
        plan = []
        for (_doc, move), payment in zip(chunk, payments, strict=True):
            receivable = move.line_ids.filtered(
                lambda line: line.account_type == "asset_receivable"
            )
            plan.append(
                receivable
                | payment.move_id.line_ids.filtered(
                    lambda line, account=receivable.account_id: line.account_id == account
                )
            )
        env["account.move.line"]._reconcile_plan(plan)
        env.cr.commit()
        print(f"  {start + len(chunk)} payments reconciled", flush=True)


def build(args):
    registry, odoo = open_env(args)
    from odoo import SUPERUSER_ID, api, fields  # noqa: PLC0415

    started = time.perf_counter()
    rng = random.Random(args.seed)
    with registry.cursor() as cr:
        env = api.Environment(
            cr, SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True}
        )
        env.company.write(
            {
                "email": "compta@fournisseur-bench.example.fr",
                "phone": "+33 1 84 00 00 00",
                "street": "1 rue de Rivoli",
                "zip": "75001",
                "city": "Paris",
            }
        )
        today = fields.Date.context_today(env["res.partner"])
        terms = payment_terms(env)
        partners, term_days = create_customers(env, rng, args.customers, terms)
        cr.commit()
        print(f"  {len(partners)} customers created", flush=True)
        docs = plan_invoices(rng, partners, term_days, args.invoices, today)
        moves = create_invoices(env, docs)
        register_payments(env, docs, moves)
    print(f"build seconds: {time.perf_counter() - started:.1f}", flush=True)


# ----------------------------------------------------------------------
# Measuring the nightly run
# ----------------------------------------------------------------------


class QueryStats:
    """Counts this thread's queries by statement and by addon source line.

    Hooked into ``odoo.sql_db`` through the thread's ``query_hooks``. The source
    line is the innermost frame in the addon's code that led to the query.
    """

    def __init__(self):
        self.count = Counter()
        self.seconds = defaultdict(float)
        self.by_line = Counter()
        self.marker = f"/{MODULE}/"

    def __call__(self, cr, query, params, start, delay):
        key = " ".join(str(query).split())[:150]
        self.count[key] += 1
        self.seconds[key] += delay
        frame = sys._getframe(1)
        while frame and self.marker not in frame.f_code.co_filename:
            frame = frame.f_back
        if frame:
            path = frame.f_code.co_filename.split(self.marker, 1)[1]
            self.by_line[f"{path}:{frame.f_lineno} {frame.f_code.co_name}"] += 1

    def __enter__(self):
        thread = threading.current_thread()
        thread.query_hooks = (*getattr(thread, "query_hooks", ()), self)
        return self

    def __exit__(self, *exc):
        thread = threading.current_thread()
        thread.query_hooks = tuple(h for h in thread.query_hooks if h is not self)


class PdfTimer:
    """Time spent in wkhtmltopdf, where the letters are rendered."""

    def __init__(self, odoo):
        from odoo.addons.base.models.ir_actions_report import IrActionsReport  # noqa: PLC0415

        self.cls, self.original = IrActionsReport, IrActionsReport._run_wkhtmltopdf
        self.seconds, self.calls = 0.0, 0

    def __enter__(self):
        timer, original = self, self.original

        def timed(report, *args, **kwargs):
            start = time.perf_counter()
            try:
                return original(report, *args, **kwargs)
            finally:
                timer.seconds += time.perf_counter() - start
                timer.calls += 1

        self.cls._run_wkhtmltopdf = timed
        return self

    def __exit__(self, *exc):
        self.cls._run_wkhtmltopdf = self.original


class WarningCounter(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1


def _max_id(cr, table):
    cr.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608 - fixed names
    return cr.fetchone()[0]


def _maxrss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def book_figures(cr, today):
    cr.execute(
        """
        SELECT COUNT(DISTINCT partner_id),
               COUNT(*) FILTER (WHERE move_type = 'out_invoice'),
               COUNT(*) FILTER (WHERE move_type = 'out_refund'),
               COUNT(*) FILTER (WHERE move_type = 'out_invoice'
                                  AND payment_state IN ('paid', 'in_payment')),
               COUNT(*) FILTER (WHERE move_type = 'out_invoice' AND payment_state = 'partial'),
               SUM(amount_residual_signed) FILTER (WHERE move_type = 'out_invoice'),
               SUM(amount_residual_signed) FILTER (WHERE move_type = 'out_invoice'
                                                     AND invoice_date_due < %s)
          FROM account_move
         WHERE state = 'posted' AND move_type IN ('out_invoice', 'out_refund')
    """,
        (today,),
    )
    partners, invoices, refunds, paid, partial, open_amount, overdue = cr.fetchone()
    return {
        "customers_invoiced": partners,
        "invoices": invoices,
        "credit_notes": refunds,
        "invoices_paid": paid,
        "invoices_partial": partial,
        "open_amount": float(open_amount or 0),
        "open_amount_overdue_pct": round(100 * float(overdue or 0) / float(open_amount or 1), 1),
    }


def measure(args):
    registry, odoo = open_env(args)
    from odoo import SUPERUSER_ID, api, fields, sql_db  # noqa: PLC0415

    warnings = WarningCounter()
    logging.getLogger(f"odoo.addons.{MODULE}").addHandler(warnings)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        processor = env["account.dunning.processor"]
        today = fields.Date.context_today(processor)
        figures = {"database": args.db, "seed": args.seed, **book_figures(cr, today)}
        figures["customers_considered"] = sum(
            len(ids) for ids in processor._select_candidates(today).values()
        )
        tables = (
            "mail_mail",
            "mail_message",
            "sms_sms",
            "mail_activity",
            "ir_attachment",
            "account_dunning_event",
        )
        before = {table: _max_id(cr, table) for table in tables}
        env.invalidate_all()
        cr.commit()

        rss_before = _maxrss_mb()
        if args.tracemalloc:
            tracemalloc.start()
        queries_before = sql_db.sql_counter
        with QueryStats() as stats, PdfTimer(odoo) as pdf:
            started = time.perf_counter()
            processor._cron_run()
            seconds = time.perf_counter() - started
        queries = sql_db.sql_counter - queries_before
        py_peak = tracemalloc.get_traced_memory()[1] / 2**20 if args.tracemalloc else None
        tracemalloc.stop()

        cr.execute(
            """
            SELECT state, channel, COUNT(*), COUNT(DISTINCT partner_id)
              FROM account_dunning_event WHERE id > %s GROUP BY state, channel
        """,
            (before["account_dunning_event"],),
        )
        events = cr.fetchall()
        cr.execute(
            """
            SELECT COUNT(DISTINCT partner_id) FROM account_dunning_event
             WHERE id > %s AND state = 'done' AND date = %s
        """,
            (before["account_dunning_event"], today),
        )
        reminded = cr.fetchone()[0]

        def created(table, where=""):
            cr.execute(
                f"SELECT COUNT(*) FROM {table} WHERE id > %s {where}",  # noqa: S608
                (before[table],),
            )
            return cr.fetchone()[0]

        by_state = Counter()
        by_channel = Counter()
        for state, channel, count, _partners in events:
            by_state[state] += count
            if state == "done":
                by_channel[channel] += count
        per = max(reminded, 1)
        figures.update(
            {
                "customers_reminded": reminded,
                "run_seconds": round(seconds, 2),
                "sql_queries": queries,
                "sql_queries_per_reminded": round(queries / per, 1),
                "ms_per_reminded": round(1000 * seconds / per, 1),
                "ms_per_considered": round(
                    1000 * seconds / max(figures["customers_considered"], 1), 1
                ),
                "events": dict(by_state),
                "done_by_channel": dict(by_channel),
                "mails_queued": created("mail_mail"),
                "reminder_emails": by_channel["email"],
                "sms_queued": created("sms_sms"),
                "letters": by_channel["letter"],
                "letter_attachments": created(
                    "ir_attachment", "AND res_model = 'account.dunning.event'"
                ),
                "call_tasks": created("mail_activity"),
                "pdf_seconds": round(pdf.seconds, 2),
                "pdf_renders": pdf.calls,
                "maxrss_mb_before_run": round(rss_before, 1),
                "maxrss_mb_after_run": round(_maxrss_mb(), 1),
                "python_peak_mb": round(py_peak, 1) if py_peak is not None else None,
                "addon_warnings": warnings.count,
            }
        )
    return figures, stats


def report(figures, stats, top):
    f = figures
    lines = [
        ("database", f["database"]),
        ("customers invoiced", f["customers_invoiced"]),
        (
            "invoices",
            f"{f['invoices']} ({f['invoices_paid']} paid, {f['invoices_partial']} "
            f"partially paid), {f['credit_notes']} credit notes",
        ),
        ("open amount", f"{f['open_amount']:,.2f}, {f['open_amount_overdue_pct']}% overdue"),
        ("customers considered", f["customers_considered"]),
        ("customers reminded", f["customers_reminded"]),
        ("run wall seconds", f["run_seconds"]),
        ("  of which PDF (wkhtmltopdf)", f"{f['pdf_seconds']} s in {f['pdf_renders']} renders"),
        ("SQL queries", f["sql_queries"]),
        ("SQL queries / reminded customer", f["sql_queries_per_reminded"]),
        ("ms / reminded customer", f["ms_per_reminded"]),
        ("ms / considered customer", f["ms_per_considered"]),
        ("events", ", ".join(f"{k}={v}" for k, v in sorted(f["events"].items()))),
        ("done by channel", ", ".join(f"{k}={v}" for k, v in sorted(f["done_by_channel"].items()))),
        (
            "mails queued (mail.mail)",
            f"{f['mails_queued']} for {f['reminder_emails']} reminder emails",
        ),
        ("SMS queued", f["sms_queued"]),
        ("letters", f"{f['letters']} ({f['letter_attachments']} PDF attachments)"),
        ("call tasks", f["call_tasks"]),
        (
            "peak RSS MB (before -> after run)",
            f"{f['maxrss_mb_before_run']} -> {f['maxrss_mb_after_run']}",
        ),
        (
            "python peak MB (tracemalloc)",
            f["python_peak_mb"]
            if f["python_peak_mb"] is not None
            else "not measured (--tracemalloc)",
        ),
        ("warnings logged by the addon", f["addon_warnings"]),
    ]
    width = max(len(label) for label, _value in lines)
    for label, value in lines:
        print(f"{label:<{width}}  {value}")
    if top:
        print(f"\ntop {top} statements by count (count, total ms, statement):")
        for query, count in stats.count.most_common(top):
            print(f"{count:>8} {1000 * stats.seconds[query]:>9.0f}  {query}")
        print(f"\ntop {top} addon lines by queries issued (count, file:line function):")
        for line, count in stats.by_line.most_common(top):
            print(f"{count:>8}  {line}")
        print(f"\ntop {top} statements by time:")
        for query, seconds in sorted(stats.seconds.items(), key=lambda kv: -kv[1])[:top]:
            print(f"{stats.count[query]:>8} {1000 * seconds:>9.0f}  {query}")
    print(json.dumps(figures, default=str))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=1000)
    parser.add_argument("--invoices", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--keep-db", action="store_true", help="keep the database afterwards")
    parser.add_argument("--odoo", help="Odoo 19 source directory (default: $ODOO_SRC)")
    parser.add_argument(
        "--tracemalloc",
        action="store_true",
        help="also measure the Python peak (slows the run down)",
    )
    parser.add_argument(
        "--top-queries",
        type=int,
        default=10,
        metavar="N",
        help="print the N most frequent and slowest statements (0: none)",
    )
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--phase", choices=["build"], help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.phase == "build":
        build(args)
        return
    args.db = f"bench_dunning_{os.getpid()}"
    print(f"installing {MODULE} in {args.db} (no demo)...", flush=True)
    started = time.perf_counter()
    try:
        install(args)
        print(f"install seconds: {time.perf_counter() - started:.1f}", flush=True)
        print(
            f"building {args.customers} customers, {args.invoices} documents (seed {args.seed})...",
            flush=True,
        )
        child = [
            sys.executable,
            __file__,
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
        print("nightly run...", flush=True)
        figures, stats = measure(args)
        report(figures, stats, args.top_queries)
    finally:
        if args.keep_db:
            print(f"database kept: {args.db}", file=sys.stderr)
        else:
            drop(args)


if __name__ == "__main__":
    main()
