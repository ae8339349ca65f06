# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark the nightly dunning run on realistic, generated customer books.

    python bench/bench_nightly.py [--variant shipped,email_letter,email_only] [--big]
        [--queue-workers 1,2] [--customers 1000] [--invoices 10000] [--seed 42] [--reuse]

Steps: build each book once in a template database (install account_dunning_pro
without demo with odoo-bin, then generate the customers and invoices in a child
process); for each variant, copy the book (CREATE DATABASE ... TEMPLATE), set the
levels' channels of the variant and run the nightly run once as the cron does
(``_cron_run``, committing per batch), in a process of its own (its memory is the
run's); then print one table, with the targets beside the figures. See bench/README.md.
"""

import argparse
import importlib.util
import json
import logging
import os
import random
import resource
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import tracemalloc
import unicodedata
import urllib.request
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
        *(["-d", args.db] if args.db else []),
        *([f"--load={args.load}"] if getattr(args, "load", None) else []),
        "--http-interface=127.0.0.1",
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
# Measuring one run (child process)
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


def _is_wkhtmltopdf(args):
    argv = list(args) if isinstance(args, (list, tuple)) else str(args).split()
    return (
        bool(argv)
        and os.path.basename(str(argv[0])).startswith("wkhtmltopdf")
        and "--version" not in argv
    )


class PdfCounter:
    """What the PDFs cost, counted in this process (bench code only, nothing in the addon):

    - ``processes``: wkhtmltopdf processes started (``subprocess.Popen`` wrapped);
    - ``documents``: PDF documents rendered, the records given to Odoo's PDF rendering
      (``_render_qweb_pdf_prepare_streams``, outermost calls: a call for 20 letters
      counts 20, whatever the number of wkhtmltopdf processes it takes);
    - ``seconds``: time spent in ``_run_wkhtmltopdf`` (wkhtmltopdf and its files).
    """

    def __init__(self):
        from odoo.addons.base.models.ir_actions_report import IrActionsReport  # noqa: PLC0415

        self.cls = IrActionsReport
        self.processes = self.documents = self._depth = 0
        self.seconds = 0.0
        self._saved = None

    def snapshot(self):
        return self.processes, self.documents, self.seconds

    def __enter__(self):
        counter = self
        popen = subprocess.Popen
        prepare = self.cls._render_qweb_pdf_prepare_streams
        run = self.cls._run_wkhtmltopdf
        self._saved = (popen, prepare, run)

        class CountingPopen(popen):
            def __init__(self, args, *rest, **kwargs):
                if _is_wkhtmltopdf(args):
                    counter.processes += 1
                super().__init__(args, *rest, **kwargs)

        def counted_prepare(report, *args, **kwargs):
            counter._depth += 1
            try:
                streams = prepare(report, *args, **kwargs)
            finally:
                counter._depth -= 1
            if not counter._depth:
                counter.documents += len(streams)
            return streams

        def timed_run(report, *args, **kwargs):
            start = time.perf_counter()
            try:
                return run(report, *args, **kwargs)
            finally:
                counter.seconds += time.perf_counter() - start

        subprocess.Popen = CountingPopen
        self.cls._render_qweb_pdf_prepare_streams = counted_prepare
        self.cls._run_wkhtmltopdf = timed_run
        return self

    def __exit__(self, *exc):
        popen, prepare, run = self._saved
        subprocess.Popen = popen
        self.cls._render_qweb_pdf_prepare_streams = prepare
        self.cls._run_wkhtmltopdf = run


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


def _load():
    return round(os.getloadavg()[0], 2)


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


# the channel switches of a level, when the addon does not declare them (models/channels.py)
CHANNEL_FIELDS = {
    "email": "send_email",
    "sms": "send_sms",
    "letter": "send_letter",
    "call": "create_activity",
}


def channel_fields():
    """{channel code: boolean field of account.dunning.level that switches it on}."""
    try:
        from odoo.addons.account_dunning_pro.models.channels import CHANNELS  # noqa: PLC0415
    except ImportError:
        return dict(CHANNEL_FIELDS)
    return {channel.code: channel.level_field for channel in CHANNELS}


def configure_levels(env, channels):
    """Every level of every scenario (every company) carries out exactly ``channels``."""
    fields_by_code = channel_fields()
    unknown = set(channels) - set(fields_by_code)
    if unknown:
        sys.exit(f"unknown channels {sorted(unknown)}: the levels know {sorted(fields_by_code)}")
    default_template = env.ref(f"{MODULE}.mail_template_dunning_friendly")
    levels = env["account.dunning.level"].with_context(active_test=False).search([])
    for level in levels:
        vals = {field: code in channels for code, field in fields_by_code.items()}
        if "email" in channels and not level.mail_template_id:
            vals["mail_template_id"] = default_template.id
        level.write(vals)
    return len(levels)


def run_in_process(env):
    """The nightly run as the cron does it, in this process: () -> extra figures."""
    env["account.dunning.processor"]._cron_run()
    return {}


def measure(args, run=run_in_process):
    """Run the nightly run once (``run(env)``) and gather its figures."""
    registry, _odoo = open_env(args)
    from odoo import SUPERUSER_ID, api, fields, sql_db  # noqa: PLC0415

    warnings = WarningCounter()
    logging.getLogger(f"odoo.addons.{MODULE}").addHandler(warnings)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        channels = VARIANTS[args.variant]["channels"]
        levels = configure_levels(env, channels) if channels else 0
        processor = env["account.dunning.processor"]
        today = fields.Date.context_today(processor)
        figures = {
            "database": args.db,
            "seed": args.seed,
            "variant": args.variant,
            "levels_configured": levels,
            **book_figures(cr, today),
        }
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
        load_before = _load()
        if args.tracemalloc:
            tracemalloc.start()
        queries_before = sql_db.sql_counter
        with QueryStats() as stats, PdfCounter() as pdf:
            started = time.perf_counter()
            extra = run(env) or {}
            seconds = time.perf_counter() - started
            queries = sql_db.sql_counter - queries_before - extra.pop("uncounted_queries", 0)
        py_peak = tracemalloc.get_traced_memory()[1] / 2**20 if args.tracemalloc else None
        tracemalloc.stop()
        cr.commit()  # what the cron commits at its end (the run's last figures)

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
        queries += extra.get("worker_queries", 0)
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
                "pdf_seconds": round(pdf.seconds + extra.get("worker_pdf_seconds", 0), 2),
                "pdf_documents": pdf.documents + extra.get("worker_pdf_documents", 0),
                "wkhtmltopdf_calls": pdf.processes + extra.get("worker_wkhtmltopdf_calls", 0),
                "maxrss_mb_before_run": round(rss_before, 1),
                "maxrss_mb_after_run": round(_maxrss_mb(), 1),
                "peak_rss_mb": round(max(_maxrss_mb(), extra.get("worker_peak_rss_mb", 0)), 1),
                "python_peak_mb": round(py_peak, 1) if py_peak is not None else None,
                "addon_warnings": warnings.count,
                "load_before": load_before,
                "load_after": _load(),
                **extra,
            }
        )
    return figures, stats


def report(figures, stats, top):
    """The detailed figures of one run (``--details``)."""
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
        (
            "  of which PDF (wkhtmltopdf)",
            f"{f['pdf_seconds']} s, {f['pdf_documents']} documents in "
            f"{f['wkhtmltopdf_calls']} wkhtmltopdf calls",
        ),
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
    print(f"--- {f['variant']} ({f['database']})")
    for label, value in lines:
        print(f"{label:<{width}}  {value}")
    if top and stats:
        print(f"\ntop {top} statements by count (count, total ms, statement):")
        for query, count in stats.count.most_common(top):
            print(f"{count:>8} {1000 * stats.seconds[query]:>9.0f}  {query}")
        print(f"\ntop {top} addon lines by queries issued (count, file:line function):")
        for line, count in stats.by_line.most_common(top):
            print(f"{count:>8}  {line}")
        print(f"\ntop {top} statements by time:")
        for query, seconds in sorted(stats.seconds.items(), key=lambda kv: -kv[1])[:top]:
            print(f"{stats.count[query]:>8} {1000 * seconds:>9.0f}  {query}")


RESULT = "BENCH_RESULT "


def phase_run(args):
    figures, stats = measure(args)
    if args.details:
        report(figures, stats, args.top_queries)
    print(RESULT + json.dumps(figures, default=str), flush=True)


def phase_risk(args):
    """The risk rescoring's first night (``_cron_rescore``), as bench_risk.py runs it."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import bench_risk  # noqa: PLC0415

    registry, _odoo = open_env(args)
    from odoo import SUPERUSER_ID, api, sql_db  # noqa: PLC0415

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        rss_before = _maxrss_mb()
        load_before = _load()
        night = bench_risk.rescore(env, sql_db)
    scored = night["customers_scored"]
    figures = {
        "database": args.db,
        "seed": args.seed,
        "variant": "risk",
        "customers_scored": scored,
        "profile_changes": night["profile_changes"],
        "run_seconds": night["seconds"],
        "sql_queries": night["sql_queries"],
        "ms_per_scored": round(1000 * night["seconds"] / max(scored, 1), 2),
        "sql_queries_per_scored": round(night["sql_queries"] / max(scored, 1), 2),
        "maxrss_mb_before_run": round(rss_before, 1),
        "peak_rss_mb": round(_maxrss_mb(), 1),
        "load_before": load_before,
        "load_after": _load(),
    }
    print(RESULT + json.dumps(figures, default=str), flush=True)


# ----------------------------------------------------------------------
# The queue_job variant: the run's batches as jobs, run by odoo-bin's workers
# ----------------------------------------------------------------------

QUEUE_MODULE = "account_dunning_pro_queue"
QUEUE_CHANNEL = "root.dunning"


def phase_server(args, argv):
    """odoo-bin, with each queue job's cost written to ``args.job_log`` (one JSON line
    a job: queries, seconds, PDFs, the worker's peak RSS). The counters are set up in
    the master before it forks its workers, and read around queue_job's ``_runjob``."""
    src = odoo_src(args)
    sys.path.insert(0, str(src))
    import odoo.cli  # noqa: PLC0415
    from odoo import sql_db  # noqa: PLC0415
    from odoo.service import server  # noqa: PLC0415

    load = server.load_server_wide_modules
    log = args.job_log

    def load_and_count():
        load()
        from odoo.addons.queue_job.controllers.main import RunJobController  # noqa: PLC0415

        pdf = PdfCounter().__enter__()
        runjob = RunJobController._runjob

        def counted_runjob(cls, env, job):
            queries, started = sql_db.sql_counter, time.perf_counter()
            processes, documents, pdf_seconds = pdf.snapshot()
            try:
                return runjob(env, job)
            finally:
                record = {
                    "pid": os.getpid(),
                    "uuid": job.uuid,
                    "method": job.method_name,
                    "seconds": time.perf_counter() - started,
                    "queries": sql_db.sql_counter - queries,
                    "wkhtmltopdf_calls": pdf.processes - processes,
                    "pdf_documents": pdf.documents - documents,
                    "pdf_seconds": pdf.seconds - pdf_seconds,
                    "maxrss_mb": _maxrss_mb(),
                }
                with open(log, "a", encoding="utf-8") as out:
                    out.write(json.dumps(record) + "\n")

        RunJobController._runjob = classmethod(counted_runjob)

    server.load_server_wide_modules = load_and_count
    # no gevent (bus) process: the jobs need none, and it would share the CPUs
    server.PreforkServer.long_polling_spawn = lambda self: None
    sys.argv = [str(src / "odoo-bin"), *argv]
    odoo.cli.main()


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(args, workers, job_log):
    src = odoo_src(args)
    port, gevent_port = _free_port(), _free_port()
    log = Path(f"/tmp/{args.db}_server.log")
    cmd = [
        sys.executable,
        __file__,
        "--phase",
        "server",
        "--job-log",
        str(job_log),
        *(["--odoo", args.odoo] if args.odoo else []),
        "--",
        f"--addons-path={addons_path(src)}",
        "-d",
        args.db,
        f"--db-filter=^{args.db}$",
        f"--workers={workers}",
        "--load=web,queue_job",
        "--max-cron-threads=0",
        "--http-interface=127.0.0.1",
        f"--http-port={port}",
        f"--gevent-port={gevent_port}",
        # one job is a whole batch: no worker killed half-way
        "--limit-time-real=7200",
        "--limit-time-cpu=7200",
        "--log-level=warn",
        "--log-handler=odoo.addons.base.models.ir_actions_report:ERROR",
        f"--logfile={log}",
    ]
    env = dict(
        os.environ,
        ODOO_QUEUE_JOB_CHANNELS=f"root:{workers},{QUEUE_CHANNEL}:{workers}",
        ODOO_QUEUE_JOB_HOST="127.0.0.1",
        ODOO_QUEUE_JOB_PORT=str(port),
    )
    # its own process group: stopped as a whole (master, workers, job runner)
    server = subprocess.Popen(cmd, env=env, start_new_session=True)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"odoo-bin stopped (code {server.returncode}), see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/web/health", timeout=2) as r:
                if r.status == 200:
                    return server
        except OSError:
            pass
        time.sleep(0.5)
    stop_server(server)
    sys.exit(f"odoo-bin did not answer on port {port} within 5 minutes, see {log}")


def stop_server(server):
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(60)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def phase_queue(args):
    """The nightly run through queue_job: the cron (in this process) enqueues one job
    per batch on ``root.dunning``; odoo-bin's ``args.workers`` workers run them. The
    run lasts until the last job is done; its queries, PDFs and peak RSS are the jobs'
    (written by the server's workers) plus the cron's."""
    job_log = Path(f"/tmp/{args.db}_jobs.jsonl")
    job_log.unlink(missing_ok=True)
    # the glue enqueues only where queue_job is loaded server-wide (its runner set up)
    args.load = "base,web,queue_job"
    registry, _odoo = open_env(args)
    server = start_server(args, args.workers, job_log)
    try:

        def run(env):
            from odoo import sql_db  # noqa: PLC0415

            env.cr.execute("SELECT COALESCE(MAX(id), 0) FROM queue_job")
            last_job = env.cr.fetchone()[0]
            env.cr.commit()
            env["account.dunning.processor"]._cron_run()
            env.cr.commit()
            cron_queries = sql_db.sql_counter
            pending = None
            with registry.cursor() as poll:
                while pending != 0:
                    time.sleep(0.1)
                    poll.execute(
                        """
                        SELECT COUNT(*) FILTER (WHERE state NOT IN ('done', 'failed', 'cancelled')),
                               COUNT(*) FILTER (WHERE state = 'failed'),
                               COUNT(*),
                               COUNT(*) FILTER (WHERE channel = %s)
                          FROM queue_job WHERE id > %s
                        """,
                        (QUEUE_CHANNEL, last_job),
                    )
                    pending, failed, jobs, on_channel = poll.fetchone()
                    poll.rollback()
                    if server.poll() is not None:
                        sys.exit(f"odoo-bin stopped during the run (code {server.returncode})")
            records = []
            if job_log.exists():
                records = [json.loads(line) for line in job_log.read_text().splitlines()]
            return {
                "uncounted_queries": sql_db.sql_counter - cron_queries,  # the polling
                "queue_workers": args.workers,
                "jobs": jobs,
                "jobs_on_channel": on_channel,
                "jobs_failed": failed,
                "job_seconds": round(sum(r["seconds"] for r in records), 2),
                "worker_pids": len({r["pid"] for r in records}),
                "worker_queries": sum(r["queries"] for r in records),
                "worker_pdf_seconds": sum(r["pdf_seconds"] for r in records),
                "worker_pdf_documents": sum(r["pdf_documents"] for r in records),
                "worker_wkhtmltopdf_calls": sum(r["wkhtmltopdf_calls"] for r in records),
                "worker_peak_rss_mb": max((r["maxrss_mb"] for r in records), default=0),
            }

        figures, stats = measure(args, run)
    finally:
        stop_server(server)
    if args.details:
        report(figures, stats, args.top_queries)
    print(RESULT + json.dumps(figures, default=str), flush=True)


# ----------------------------------------------------------------------
# Books (template databases) and the variants' copies
# ----------------------------------------------------------------------

# variant -> channels every level is set to (None: the shipped scenarios as installed)
VARIANTS = {
    "shipped": {"channels": None, "label": "shipped scenarios"},
    "email_letter": {"channels": ("email", "letter"), "label": "email + letter"},
    "email_only": {"channels": ("email",), "label": "email only"},
}
BIG = (5000, 50000)
BOOK_PARAM = "bench_nightly.book"


def _pg(dbname="postgres"):
    """An autocommit psycopg2 connection, reached as Odoo reaches PostgreSQL."""
    import psycopg2  # noqa: PLC0415

    from odoo.sql_db import connection_info_for  # noqa: PLC0415

    _name, info = connection_info_for(dbname)
    conn = psycopg2.connect(**info)
    conn.autocommit = True
    return conn


def _sql(dbname, query, params=()):
    conn = _pg(dbname)
    try:
        with conn.cursor() as cr:
            cr.execute(query, params)
            return cr.fetchall() if cr.description else None
    finally:
        conn.close()


def db_exists(name):
    return bool(_sql("postgres", "SELECT 1 FROM pg_database WHERE datname = %s", (name,)))


def drop_db(name):
    if db_exists(name):
        _sql(
            "postgres",
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
            (name,),
        )
        _sql("postgres", f'DROP DATABASE "{name}"')
    from odoo.tools import config  # noqa: PLC0415

    shutil.rmtree(config.filestore(name), ignore_errors=True)


def copy_db(template, name):
    """``createdb -T template name``, and its filestore."""
    drop_db(name)
    _sql("postgres", f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    from odoo.tools import config  # noqa: PLC0415

    if os.path.isdir(config.filestore(template)):
        shutil.copytree(config.filestore(template), config.filestore(name))


def odoo_bin(args, db, *options, log):
    src = odoo_src(args)
    cmd = [
        sys.executable,
        str(src / "odoo-bin"),
        *odoo_args(argparse.Namespace(db=db), src),
        *options,
        "--stop-after-init",
        "--no-http",
        f"--logfile={log}",
    ]
    if subprocess.run(cmd, check=False).returncode:
        sys.exit(f"odoo-bin {' '.join(options)} failed on {db}, see {log}")


def book_key(customers, invoices, seed):
    return f"{customers}:{invoices}:{seed}:{time.strftime('%Y-%m-%d')}"


def book_ready(name, key, modules):
    """Whether ``name`` holds today's book of ``key`` with ``modules`` installed."""
    if not db_exists(name):
        return False
    try:
        rows = _sql(name, "SELECT value FROM ir_config_parameter WHERE key = %s", (BOOK_PARAM,))
        installed = _sql(
            name,
            "SELECT name FROM ir_module_module WHERE state = 'installed' AND name IN %s",
            (tuple(modules),),
        )
    except Exception:  # noqa: BLE001 - not a book of ours
        return False
    return bool(rows) and rows[0][0] == key and len(installed) == len(modules)


def make_book(args, customers, invoices, queue=False):
    """The template database of a book (built, or reused with ``--reuse``): its name."""
    name = f"bench_book_{customers}_{invoices}_s{args.seed}" + ("_queue" if queue else "")
    if name in args.made:
        return name
    modules = [MODULE, QUEUE_MODULE] if queue else [MODULE]
    key = book_key(customers, invoices, args.seed)
    log = Path(f"/tmp/{name}_install.log")
    started = time.perf_counter()
    if args.reuse and book_ready(name, key, modules):
        print(f"book {name}: reused, updating {', '.join(modules)}...", flush=True)
        odoo_bin(args, name, "-u", ",".join(modules), log=log)
        args.made.append(name)
        args.timings.append((f"book {name} (reused, updated)", time.perf_counter() - started))
        return name
    if queue:
        parent = make_book(args, customers, invoices)
        started = time.perf_counter()
        print(f"book {name}: {parent} with {QUEUE_MODULE}...", flush=True)
        copy_db(parent, name)
        odoo_bin(args, name, "-i", QUEUE_MODULE, "--without-demo", log=log)
    else:
        print(
            f"book {name}: installing {MODULE} (no demo), building {customers} customers, "
            f"{invoices} documents (seed {args.seed})...",
            flush=True,
        )
        drop_db(name)
        odoo_bin(args, name, "-i", MODULE, "--without-demo", log=log)
        child = [
            sys.executable,
            __file__,
            "--phase",
            "build",
            "--db",
            name,
            "--customers",
            str(customers),
            "--invoices",
            str(invoices),
            "--seed",
            str(args.seed),
        ] + (["--odoo", args.odoo] if args.odoo else [])
        subprocess.run(child, check=True)
        _sql(
            name,
            "INSERT INTO ir_config_parameter (key, value) VALUES (%s, %s) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            (BOOK_PARAM, key),
        )
        # statistics, as a production server's autovacuum keeps them (copied with the book)
        _sql(name, "VACUUM ANALYZE")
    args.made.append(name)
    args.books.append(name)
    args.timings.append((f"book {name} (built)", time.perf_counter() - started))
    return name


def run_child(args, row, book):
    """Copy ``book``, run ``row`` on the copy in a process of its own: its figures."""
    db = f"bench_run_{row['name']}_{os.getpid()}"
    started = time.perf_counter()
    copy_db(book, db)
    args.copies.append(db)
    cmd = [
        sys.executable,
        __file__,
        "--phase",
        row["phase"],
        "--db",
        db,
        "--variant",
        row["variant"],
        "--seed",
        str(args.seed),
        "--workers",
        str(row.get("workers", 0)),
        "--top-queries",
        str(args.top_queries),
    ]
    cmd += ["--odoo", args.odoo] if args.odoo else []
    cmd += ["--tracemalloc"] if args.tracemalloc else []
    cmd += ["--details"] if args.details else []
    print(f"{row['label']} on {book}...", flush=True)
    figures = None
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True) as child:
        for line in child.stdout:
            if line.startswith(RESULT):
                figures = json.loads(line[len(RESULT) :])
            else:
                print(line, end="", flush=True)
    if child.returncode or figures is None:
        print(f"  {row['label']} failed (code {child.returncode})", flush=True)
        figures = {"failed": True}
    if not args.keep_db:
        drop_db(db)
        args.copies.remove(db)
    figures["took_seconds"] = round(time.perf_counter() - started, 1)
    args.timings.append((row["label"], figures["took_seconds"]))
    return figures


# ----------------------------------------------------------------------
# The table
# ----------------------------------------------------------------------


def _verdict(value, limit, strict=False):
    ok = value < limit if strict else value <= limit
    return "ok" if ok else "MISS"


def targets(rows):
    """The target of each row, with its verdict, beside the figures (never asserted)."""
    by_name = {row["name"]: row for row in rows if not row["figures"].get("failed")}
    for row in rows:
        f = row["figures"]
        if f.get("failed"):
            row["target"] = "failed: see the output above"
            continue
        ms, queries = f.get("ms_per_reminded"), f.get("sql_queries_per_reminded")
        name = row["name"]
        if name == "email_letter":
            row["target"] = f"<= 130 ms: {_verdict(ms, 130)}"
        elif name == "email_only":
            row["target"] = f"<= 10 ms: {_verdict(ms, 10)}; <= 5 queries: {_verdict(queries, 5)}"
        elif name == "shipped":
            row["target"] = f"<= 30 ms: {_verdict(ms, 30)}"
        elif name == "big":
            small = by_name.get("shipped")
            if not small:
                row["target"] = "<= 5.5x time, RSS +20% of shipped 1k: not run"
                continue
            ratio = f["run_seconds"] / max(small["figures"]["run_seconds"], 0.001)
            rss = f["peak_rss_mb"] / max(small["figures"]["peak_rss_mb"], 1) - 1
            row["target"] = (
                f"<= 5.5x time: {ratio:.2f}x {_verdict(ratio, 5.5)}; "
                f"RSS within 20%: {100 * rss:+.0f}% {_verdict(abs(rss), 0.2)}"
            )
        elif name == "risk_big":
            row["target"] = f"< 30 s: {_verdict(f['run_seconds'], 30, strict=True)}"
        else:
            small = by_name.get("shipped")
            row["target"] = (
                f"{small['figures']['run_seconds'] / max(f['run_seconds'], 0.001):.2f}x "
                "the in-process speed"
                if small
                else "-"
            )


def table(rows):
    targets(rows)
    head = (
        "variant",
        "book",
        "customers",
        "wall s",
        "ms/cust",
        "SQL/cust",
        "PDFs",
        "wkhtmltopdf",
        "peak RSS MB",
        "load 1m",
        "took s",
        "target",
    )
    lines = []
    for row in rows:
        f = row["figures"]
        if f.get("failed"):
            took = f"{f.get('took_seconds', 0):.0f}"
            lines.append((row["label"], row["book"], *["-"] * 8, took, row["target"]))
            continue
        risk = row["phase"] == "risk"
        lines.append(
            (
                row["label"],
                row["book"],
                f"{f['customers_scored' if risk else 'customers_reminded']:,}"
                + (" scored" if risk else ""),
                f"{f['run_seconds']:.2f}",
                f"{f['ms_per_scored' if risk else 'ms_per_reminded']:.1f}",
                f"{f['sql_queries_per_scored' if risk else 'sql_queries_per_reminded']:.1f}",
                "-" if risk else f"{f['pdf_documents']:,}",
                "-" if risk else f"{f['wkhtmltopdf_calls']:,}",
                f"{f['peak_rss_mb']:.0f}" + (" (worker)" if row["phase"] == "queue" else ""),
                f"{f['load_before']:.1f}-{f['load_after']:.1f}",
                f"{f['took_seconds']:.0f}",
                row["target"],
            )
        )
    widths = [max(len(str(line[i])) for line in [head, *lines]) for i in range(len(head))]
    text = []
    for index, line in enumerate([head, *lines]):
        cells = [
            str(cell).ljust(width) if col in (0, 1, 11) else str(cell).rjust(width)
            for col, (cell, width) in enumerate(zip(line, widths, strict=True))
        ]
        text.append("  ".join(cells).rstrip())
        if not index:
            text.append("  ".join("-" * width for width in widths))
    return "\n".join(text)


NOTES = """\
customers: distinct customers reminded today (risk cron: customers scored); ms/cust and
SQL/cust: per reminded (scored) customer; wall s: the nightly run (_cron_run, committing
per batch) or the risk cron (_cron_rescore), without loading the registry; PDFs: documents
rendered; wkhtmltopdf: processes started; peak RSS: ru_maxrss of the measuring process
(queue: of the busiest odoo-bin worker); load 1m: load average before-after the run;
took s: the whole step (copy of the book, registry, run)."""


def _wkhtmltopdf_info():
    path = shutil.which("wkhtmltopdf")
    if not path:
        return "not found"
    try:
        version = subprocess.run(
            [path, "--version"], capture_output=True, text=True, check=False, timeout=30
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        version = "?"
    return f"{path} ({version})"


def plan(args):
    """The rows to run, in order: dicts of name, label, book size, phase, variant."""
    size = (args.customers, args.invoices)
    chosen = []
    for value in args.variant or []:
        chosen += [name.strip() for name in value.split(",") if name.strip()]
    unknown = set(chosen) - set(VARIANTS)
    if unknown:
        sys.exit(f"unknown variants {sorted(unknown)}: choose among {', '.join(VARIANTS)}")
    if not chosen:
        # alone, --big runs the 5k book and the 1k shipped run its targets compare with
        chosen = ["shipped"] if args.big else list(VARIANTS)
    rows = [
        {
            "name": name,
            "label": f"{VARIANTS[name]['label']} {_size_label(size)}",
            "size": size,
            "phase": "run",
            "variant": name,
        }
        for name in VARIANTS
        if name in chosen
    ]
    for workers in args.queue_workers:
        rows.append(
            {
                "name": f"queue_{workers}",
                "label": f"queue_job {workers} worker{'s' if workers > 1 else ''} "
                f"{_size_label(size)}",
                "size": size,
                "phase": "queue",
                "variant": "shipped",
                "workers": workers,
                "queue": True,
            }
        )
    if args.big:
        rows += [
            {
                "name": "big",
                "label": f"shipped scenarios {_size_label(BIG)}",
                "size": BIG,
                "phase": "run",
                "variant": "shipped",
            },
            {
                "name": "risk_big",
                "label": f"risk cron {_size_label(BIG)}",
                "size": BIG,
                "phase": "risk",
                "variant": "shipped",
            },
        ]
    return rows


def _size_label(size):
    return f"{size[0] // 1000}k" if not size[0] % 1000 else str(size[0])


def orchestrate(args):
    args.db = None
    import_odoo(args)
    # Odoo finds wkhtmltopdf on PATH: the venv's (setup/install.sh's patched build) first,
    # as setup/install.sh runs Odoo
    venv_bin = Path(sys.executable).parent
    if (venv_bin / "wkhtmltopdf").exists():
        os.environ["PATH"] = f"{venv_bin}{os.pathsep}{os.environ.get('PATH', '')}"
    if args.queue_workers:
        paths = addons_path(odoo_src(args)).split(",")
        if not any((Path(path) / QUEUE_MODULE / "__manifest__.py").exists() for path in paths):
            print(
                f"note: --queue-workers skipped: the addon {QUEUE_MODULE} is not in the "
                f"addons path ({', '.join(paths)})",
                flush=True,
            )
            args.queue_workers = []
        elif not importlib.util.find_spec("odoo.addons.queue_job"):
            print("note: --queue-workers skipped: queue_job is not installed", flush=True)
            args.queue_workers = []
    rows = plan(args)
    args.books, args.made, args.copies, args.timings = [], [], [], []
    header = [
        f"bench_nightly {time.strftime('%Y-%m-%d %H:%M')}, seed {args.seed}, "
        f"{os.cpu_count()} CPUs, load average {' '.join(f'{v:.2f}' for v in os.getloadavg())}",
        f"wkhtmltopdf: {_wkhtmltopdf_info()}",
        f"addons: {addons_path(odoo_src(args))}",
    ]
    for line in header:
        print(line, flush=True)
    started = time.perf_counter()
    books = {}
    try:
        for row in rows:
            key = (*row["size"], row.get("queue", False))
            if key not in books:
                books[key] = make_book(args, *row["size"], queue=row.get("queue", False))
            row["book"] = f"{row['size'][0]:,}/{row['size'][1]:,}"
            row["figures"] = run_child(args, row, books[key])
    finally:
        kept = list(args.copies)
        if args.reuse or args.keep_db:
            kept += args.books
        else:
            for name in reversed(args.books):
                drop_db(name)
        if kept:
            print(f"databases kept: {', '.join(kept)}", file=sys.stderr)
    done = [row for row in rows if "figures" in row]
    print()
    for line in header:
        print(line)
    print(table(done))
    print(NOTES)
    print(
        "took: "
        + "; ".join(f"{label} {seconds:.0f} s" for label, seconds in args.timings)
        + f"; total {time.perf_counter() - started:.0f} s"
    )
    if args.json:
        Path(args.json).write_text(
            json.dumps({row["name"]: row["figures"] for row in done}, indent=1, default=str)
        )


def _workers_list(value):
    try:
        workers = [int(part) for part in value.split(",") if part.strip()]
    except ValueError as error:
        raise argparse.ArgumentTypeError("a list of worker counts, e.g. 1,2") from error
    if any(count < 1 for count in workers):
        raise argparse.ArgumentTypeError("worker counts are positive")
    return workers


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=1000)
    parser.add_argument("--invoices", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--variant",
        action="append",
        metavar="NAME[,NAME]",
        help=f"run only these variants on the book ({', '.join(VARIANTS)}; default: all)",
    )
    parser.add_argument(
        "--big",
        action="store_true",
        help=f"also the {BIG[0]:,}-customer, {BIG[1]:,}-document book: the nightly run and the "
        "risk cron (alone: with the shipped run of the book, its reference)",
    )
    parser.add_argument(
        "--queue-workers",
        type=_workers_list,
        default=[],
        metavar="N[,N]",
        help=f"also the run through queue_job ({QUEUE_MODULE}) with N odoo-bin workers",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="reuse today's books kept by an earlier --reuse (addon updated first); keep them",
    )
    parser.add_argument(
        "--keep-db", action="store_true", help="keep the books and the variants' databases"
    )
    parser.add_argument("--odoo", help="Odoo 19 source directory (default: $ODOO_SRC)")
    parser.add_argument(
        "--tracemalloc",
        action="store_true",
        help="also measure the Python peak (slows the run down)",
    )
    parser.add_argument(
        "--details", action="store_true", help="print every figure of each run before the table"
    )
    parser.add_argument(
        "--top-queries",
        type=int,
        default=10,
        metavar="N",
        help="with --details: the N most frequent and slowest statements (0: none)",
    )
    parser.add_argument("--json", metavar="FILE", help="write every figure of every run to FILE")
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument(
        "--phase", choices=["build", "run", "risk", "queue", "server"], help=argparse.SUPPRESS
    )
    parser.add_argument("--workers", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--job-log", help=argparse.SUPPRESS)
    argv = sys.argv[1:]
    server_argv = []
    if "--" in argv:
        argv, server_argv = argv[: argv.index("--")], argv[argv.index("--") + 1 :]
    args = parser.parse_args(argv)

    if args.phase == "server":
        phase_server(args, server_argv)
        return
    if args.phase == "build":
        build(args)
        return
    if args.phase:
        if (args.variant or ["shipped"])[0] not in VARIANTS:
            sys.exit(f"unknown variant {args.variant}")
        args.variant = (args.variant or ["shipped"])[0]
        {"run": phase_run, "risk": phase_risk, "queue": phase_queue}[args.phase](args)
        return
    orchestrate(args)


if __name__ == "__main__":
    main()
