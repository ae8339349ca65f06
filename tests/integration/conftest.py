# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Integration tests: a real Odoo server, driven from outside like a user would.

The session starts a local SMTP server (aiosmtpd) that keeps every message it
receives, and an Odoo server subprocess on free ports that sends its mail there.
The tests talk to Odoo over HTTP only: JSON-RPC (the web client's
``/web/dataset/call_kw``) and plain HTTP downloads.

Where Odoo and the database come from (the environment of setup/run_tests.sh):

``ADP_DB``
    a database with account_dunning_pro installed (without demo data); the tests
    add their own customers and invoices to it. When unset, the session creates
    a database, installs the addon and drops the database at the end.
``ADP_PYTHON``, ``ADP_ODOO_BIN``, ``ADP_ADDONS_PATH``
    the venv interpreter, odoo-bin and the addons path. When unset, they are
    derived from ``ADP_VENV`` / ``ODOO_SRC`` (environment, else the state file
    ``$HOME/.config/account_dunning_pro/env`` written by setup/install.sh).
``ADP_DATA_DIR``
    Odoo's data directory (filestore) of ``ADP_DB``, when it is not the default.
"""

import base64
import contextlib
import html
import itertools
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
import requests
from aiosmtpd.controller import Controller

REPO_ROOT = Path(__file__).resolve().parents[2]
MODULE = "account_dunning_pro"
STATE_FILE = Path.home() / ".config" / MODULE / "env"
HOW_TO_POINT = (
    "run setup/install.sh --odoo /path/to/odoo-19.0 --no-run, or set ADP_PYTHON, "
    "ADP_ODOO_BIN and ADP_ADDONS_PATH (or ODOO_SRC and ADP_VENV)"
)

ADMIN_LOGIN = "admin"
ADMIN_PASSWORD = "admin"  # base's data: the admin of a database created without demo data

SERVER_START_TIMEOUT = 180  # seconds until /web/login answers
INSTALL_TIMEOUT = 1500  # seconds for the fallback install of the addon
RPC_TIMEOUT = 600  # seconds per RPC call (a run renders PDFs with wkhtmltopdf)
MAIL_TIMEOUT = 30  # seconds to wait for a message at the SMTP server
LOG_TAIL_LINES = 80

# The Odoo server of the session, so that a failure report can show its log.
_SERVER = None


# ----------------------------------------------------------------------------
# Where Odoo is
# ----------------------------------------------------------------------------


@dataclass
class OdooSetup:
    python: str
    odoo_bin: str
    addons_path: str
    db: str | None
    data_dir: str | None


def _read_state_file():
    values = {}
    if not STATE_FILE.is_file():
        return values
    for line in STATE_FILE.read_text(encoding="utf-8").splitlines():
        key, sep, value = line.partition("=")
        key = key.strip()
        if not sep or key.startswith("#"):
            continue
        values[key] = value.strip().strip("'\"")
    return values


def _resolve_setup():
    env = os.environ
    python = env.get("ADP_PYTHON")
    odoo_bin = env.get("ADP_ODOO_BIN")
    addons_path = env.get("ADP_ADDONS_PATH")
    if not (python and odoo_bin and addons_path):
        state = _read_state_file()
        venv = env.get("ADP_VENV") or state.get("ADP_VENV")
        odoo_src = env.get("ODOO_SRC") or state.get("ODOO_SRC")
        if not (venv and odoo_src):
            pytest.fail(
                "Odoo 19 install not found: ADP_PYTHON/ADP_ODOO_BIN/ADP_ADDONS_PATH are not "
                f"set and the state file {STATE_FILE} does not name ADP_VENV and ODOO_SRC. "
                f"To fix: {HOW_TO_POINT}.",
                pytrace=False,
            )
        python = python or str(Path(venv) / "bin" / "python")
        odoo_bin = odoo_bin or str(Path(odoo_src) / "odoo-bin")
        addons_path = addons_path or ",".join(
            [
                str(Path(odoo_src) / "odoo" / "addons"),
                str(Path(odoo_src) / "addons"),
                str(REPO_ROOT),
            ]
        )
    if not os.access(python, os.X_OK):
        pytest.fail(f"ADP_PYTHON={python} is not an executable. {HOW_TO_POINT}.", pytrace=False)
    if not os.path.isfile(odoo_bin):
        pytest.fail(f"ADP_ODOO_BIN={odoo_bin} does not exist. {HOW_TO_POINT}.", pytrace=False)
    return OdooSetup(
        python=python,
        odoo_bin=odoo_bin,
        addons_path=addons_path,
        db=env.get("ADP_DB") or None,
        data_dir=env.get("ADP_DATA_DIR") or None,
    )


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tail(path, lines=LOG_TAIL_LINES):
    try:
        with open(path, encoding="utf-8", errors="replace") as log:
            return "".join(deque(log, maxlen=lines))
    except OSError as error:
        return f"(cannot read {path}: {error})"


def _pg(*args):
    return subprocess.run(list(args), capture_output=True, text=True, timeout=300, check=False)


def _install_database(setup, db, log_path):
    """Fallback: create ``db`` and install the addon in it (no demo data)."""
    created = _pg("createdb", db)
    if created.returncode:
        pytest.fail(f"createdb {db} failed: {created.stderr.strip()}", pytrace=False)
    cmd = [
        setup.python,
        setup.odoo_bin,
        "-d",
        db,
        f"--addons-path={setup.addons_path}",
        "-i",
        MODULE,
        "--without-demo=True",
        "--stop-after-init",
        "--max-cron-threads=0",
        "--http-interface=127.0.0.1",
        f"--http-port={_free_port()}",
    ]
    if setup.data_dir:
        cmd.append(f"--data-dir={setup.data_dir}")
    with open(log_path, "wb") as log:
        try:
            result = subprocess.run(
                cmd, stdout=log, stderr=subprocess.STDOUT, timeout=INSTALL_TIMEOUT, check=False
            )
        except subprocess.TimeoutExpired:
            pytest.fail(
                f"installing {MODULE} in {db} took more than {INSTALL_TIMEOUT}s; "
                f"log {log_path}:\n{_tail(log_path)}",
                pytrace=False,
            )
    state = _pg(
        "psql",
        "-X",
        "-d",
        db,
        "-Atc",
        f"SELECT state FROM ir_module_module WHERE name = '{MODULE}'",
    ).stdout.strip()
    if result.returncode or state != "installed":
        pytest.fail(
            f"installing {MODULE} in {db} failed (exit {result.returncode}, state "
            f"{state or 'none'!r}); log {log_path}:\n{_tail(log_path)}",
            pytrace=False,
        )


# ----------------------------------------------------------------------------
# SMTP sink
# ----------------------------------------------------------------------------


@dataclass
class ReceivedMail:
    mail_from: str
    rcpt_tos: list
    content: bytes


class SmtpSink:
    """Keeps every message delivered to the local SMTP server."""

    def __init__(self):
        self.messages = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd hook name
        with self._lock:
            self.messages.append(
                ReceivedMail(
                    mail_from=envelope.mail_from,
                    rcpt_tos=list(envelope.rcpt_tos),
                    content=bytes(envelope.original_content or envelope.content),
                )
            )
        return "250 Message accepted for delivery"

    def received_by(self, address):
        address = address.lower()
        with self._lock:
            return [
                mail
                for mail in self.messages
                if address in (rcpt.lower() for rcpt in mail.rcpt_tos)
            ]

    def wait_for(self, address, timeout=MAIL_TIMEOUT, poke=None):
        """The messages delivered to ``address``, waiting up to ``timeout`` seconds.

        ``poke`` (optional) is called every few seconds while waiting, e.g. to
        run Odoo's mail queue again.
        """
        deadline = time.monotonic() + timeout
        next_poke = time.monotonic() + 5
        while True:
            mails = self.received_by(address)
            if mails or time.monotonic() >= deadline:
                return mails
            if poke and time.monotonic() >= next_poke:
                poke()
                next_poke = time.monotonic() + 5
            time.sleep(0.2)


# ----------------------------------------------------------------------------
# Odoo server and client
# ----------------------------------------------------------------------------


class OdooServer:
    def __init__(self, setup, db, smtp_port, log_path):
        self.setup = setup
        self.db = db
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.smtp_port = smtp_port
        self.log_path = log_path
        self.process = None

    def command(self):
        cmd = [
            self.setup.python,
            self.setup.odoo_bin,
            "-d",
            self.db,
            f"--addons-path={self.setup.addons_path}",
            "--http-interface=127.0.0.1",
            f"--http-port={self.port}",
            "--smtp=127.0.0.1",
            f"--smtp-port={self.smtp_port}",
            "--max-cron-threads=0",
            "--workers=0",
            f"--db-filter=^{re.escape(self.db)}$",
        ]
        if self.setup.data_dir:
            cmd.append(f"--data-dir={self.setup.data_dir}")
        return cmd

    def start(self):
        with open(self.log_path, "wb") as log:
            # its own process group: stopping it also stops its wkhtmltopdf children
            self.process = subprocess.Popen(
                self.command(),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Odoo exited with code {self.process.returncode} at start")
            try:
                response = requests.get(f"{self.url}/web/login", timeout=10)
                if response.status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"/web/login did not answer within {SERVER_START_TIMEOUT}s")

    def stop(self):
        process = self.process
        if process is None or process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)

    def tail(self, lines=LOG_TAIL_LINES):
        return _tail(self.log_path, lines)


class RpcError(Exception):
    """An error answered by Odoo to a JSON-RPC call, with the server traceback."""

    def __init__(self, error):
        data = error.get("data") or {}
        self.name = data.get("name", "")
        self.message = data.get("message") or error.get("message", "")
        self.debug = data.get("debug", "")
        super().__init__(f"{self.name}: {self.message}\n{self.debug}")


class OdooClient:
    """Talks to Odoo as the web client does: a session cookie and JSON-RPC."""

    _ids = itertools.count(1)

    def __init__(self, url, db):
        self.url = url
        self.db = db
        self.http = requests.Session()
        self.uid = None

    def jsonrpc(self, path, params):
        response = self.http.post(
            f"{self.url}{path}",
            json={"jsonrpc": "2.0", "method": "call", "params": params, "id": next(self._ids)},
            timeout=RPC_TIMEOUT,
        )
        response.raise_for_status()
        payload = response.json()
        if payload.get("error"):
            raise RpcError(payload["error"])
        return payload.get("result")

    def authenticate(self, login, password):
        info = self.jsonrpc(
            "/web/session/authenticate", {"db": self.db, "login": login, "password": password}
        )
        if not info or not info.get("uid"):
            raise RuntimeError(f"cannot log in to {self.db} as {login!r}")
        self.uid = info["uid"]
        return info

    def call(self, model, method, *args, **kwargs):
        return self.jsonrpc(
            f"/web/dataset/call_kw/{model}.{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def ref(self, xmlid):
        module, name = xmlid.split(".", 1)
        rows = self.call(
            "ir.model.data",
            "search_read",
            [("module", "=", module), ("name", "=", name)],
            fields=["model", "res_id"],
            limit=1,
        )
        if not rows:
            raise LookupError(f"no record {xmlid}")
        return rows[0]["res_id"]

    def read_one(self, model, record_id, fields, **kwargs):
        rows = self.call(model, "read", [record_id], fields, **kwargs)
        assert rows, f"{model}({record_id}) not found"
        return rows[0]

    def run_cron(self, xmlid):
        """Run a scheduled action now, as the scheduler would (its own transaction)."""
        result = self.call("ir.cron", "method_direct_trigger", [self.ref(xmlid)])
        # an error inside the job comes back as a client action, not as an RPC error
        if isinstance(result, dict) and result.get("type") == "ir.actions.client":
            raise AssertionError(f"scheduled action {xmlid} failed: {result.get('params')}")
        return result

    def download(self, path):
        return self.http.get(f"{self.url}{path}", timeout=RPC_TIMEOUT)


# ----------------------------------------------------------------------------
# Text helpers
# ----------------------------------------------------------------------------


def _parse_grouping(grouping):
    return [int(count) for count in re.findall(r"-?\d+", grouping or "")]


def _group_digits(integer, counts, separator):
    """Odoo's ``intersperse`` on the integer part: groups from the right."""
    chunks, rest, saved = [], integer[::-1], len(integer)
    for count in counts:
        if not rest or count == -1:
            break
        if count == 0:
            while rest:
                chunks.append(rest[:saved])
                rest = rest[saved:]
            break
        chunks.append(rest[:count])
        rest = rest[count:]
        saved = count
    if rest:
        chunks.append(rest)
    return separator.join(chunk[::-1] for chunk in reversed(chunks))


def normalize_spaces(text):
    """Collapse every kind of space (nbsp, narrow nbsp, newlines) to one plain space."""
    return re.sub(r"[\s\u00a0\u202f\u2009]+", " ", text)


def pdf_to_text(content, workdir):
    """The text of a PDF, by ``pdftotext -layout``."""
    assert content[:5] == b"%PDF-", f"not a PDF: {content[:60]!r}"
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext (poppler-utils) is not installed"
    path = Path(workdir) / f"{uuid.uuid4().hex}.pdf"
    path.write_bytes(content)
    result = subprocess.run(
        [pdftotext, "-layout", str(path), "-"], capture_output=True, timeout=120, check=False
    )
    assert result.returncode == 0, f"pdftotext failed: {result.stderr.decode(errors='replace')}"
    return result.stdout.decode("utf-8", errors="replace")


def wkhtmltopdf_has_patched_qt():
    """Whether the wkhtmltopdf Odoo uses is the "with patched qt" build."""
    binary = shutil.which("wkhtmltopdf")
    if not binary:
        return False
    result = subprocess.run(
        [binary, "--version"], capture_output=True, text=True, timeout=60, check=False
    )
    return "with patched qt" in result.stdout


def pdf_ink(content, workdir):
    """Share of dark pixels on the first page of a PDF (0.0 for a blank page)."""
    path = Path(workdir) / f"{uuid.uuid4().hex}.pdf"
    path.write_bytes(content)
    prefix = path.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-gray", "-r", "40", "-f", "1", "-l", "1", str(path), str(prefix)],
        capture_output=True,
        timeout=120,
        check=True,
    )
    [image] = Path(workdir).glob(f"{prefix.name}*.pgm")
    data = image.read_bytes()
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    assert header, "pdftoppm wrote no PGM image"
    width, height = int(header[1]), int(header[2])
    pixels = data[header.end() : header.end() + width * height]
    return sum(1 for value in pixels if value < 128) / max(len(pixels), 1)


def html_to_text(markup):
    """The visible text of an HTML document, spaces normalized."""
    markup = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", markup)
    return normalize_spaces(html.unescape(re.sub(r"<[^>]+>", " ", markup)))


# ----------------------------------------------------------------------------
# Test data
# ----------------------------------------------------------------------------


class DunningWorld:
    """Builds customers and overdue invoices, triggers the dunning, reads the result."""

    module = MODULE
    # the tests reach the helpers through the ``dunning`` fixture (no import of conftest)
    normalize_spaces = staticmethod(normalize_spaces)
    html_to_text = staticmethod(html_to_text)
    pdf_to_text = staticmethod(pdf_to_text)
    pdf_ink = staticmethod(pdf_ink)
    b64decode = staticmethod(base64.b64decode)
    wkhtmltopdf_has_patched_qt = staticmethod(wkhtmltopdf_has_patched_qt)

    def __init__(self, client, company):
        self.client = client
        self.company = company
        self.today = date.today()
        self._lang_cache = {}

    # -- customers and invoices ----------------------------------------------

    def customer_lang(self):
        langs = self.client.call(
            "res.lang", "search_read", [("code", "in", ["fr_FR", "en_US"])], fields=["code"]
        )
        codes = {lang["code"] for lang in langs}
        return "fr_FR" if "fr_FR" in codes else "en_US"

    def create_customer(self, name, email, **values):
        country_id = self.client.call("res.country", "search", [("code", "=", "FR")], limit=1)[0]
        vals = {
            "name": name,
            "is_company": True,
            "email": email,
            "phone": "+33 6 12 34 56 78",
            "street": "12 rue de la Paix",
            "zip": "75002",
            "city": "Paris",
            "country_id": country_id,
            "lang": self.customer_lang(),
            **values,
        }
        return self.client.call("res.partner", "create", vals)

    def create_overdue_invoices(self, partner_id, amounts, days_late):
        """Post one customer invoice per amount, each ``days_late`` days past due."""
        due = self.today - timedelta(days=days_late)
        move_ids = []
        for index, amount in enumerate(amounts):
            line = {
                "name": f"Consulting services, batch {index + 1}",
                "quantity": 1,
                "price_unit": amount,
                "tax_ids": [(6, 0, [])],  # no tax: the amount due is the price
            }
            move_id = self.client.call(
                "account.move",
                "create",
                {
                    "move_type": "out_invoice",
                    "partner_id": partner_id,
                    "invoice_date": (due - timedelta(days=30)).isoformat(),
                    "invoice_date_due": due.isoformat(),
                    "invoice_line_ids": [(0, 0, line)],
                },
            )
            move_ids.append(move_id)
        self.client.call("account.move", "action_post", move_ids)
        moves = self.client.call(
            "account.move",
            "read",
            move_ids,
            ["name", "state", "amount_residual", "invoice_date_due", "currency_id"],
        )
        for move in moves:
            assert move["state"] == "posted", move
            assert move["invoice_date_due"] == due.isoformat(), move
        return moves

    # -- dunning ---------------------------------------------------------------

    def send_now(self, partner_id):
        """The "Send now" wizard of the customer form: returns the ids of the events."""
        wizard_id = self.client.call(
            "account.dunning.send", "create", {"partner_ids": [(6, 0, [partner_id])]}
        )
        action = self.client.call("account.dunning.send", "action_send", [wizard_id])
        assert action and action.get("res_model") == "account.dunning.event", action
        [(_field, _op, event_ids)] = action["domain"]
        return event_ids

    def run_nightly(self):
        self.client.run_cron(f"{MODULE}.ir_cron_dunning_run")

    def flush_mail_queue(self):
        self.client.run_cron("mail.ir_cron_mail_scheduler_action")

    def events(self, partner_id):
        return self.client.call(
            "account.dunning.event",
            "search_read",
            [("partner_id", "=", partner_id)],
            fields=[
                "channel",
                "state",
                "level_id",
                "reason",
                "reason_code",
                "move_ids",
                "amount_due",
                "mail_message_id",
                "letter_attachment_id",
                "activity_id",
            ],
            order="id",
        )

    def done_event(self, partner_id, channel):
        """The one ``done`` event of ``channel``; the failure reasons when there is none."""
        events = self.events(partner_id)
        done = [e for e in events if e["channel"] == channel and e["state"] == "done"]
        assert len(done) == 1, f"expected one done {channel} event, got: " + "; ".join(
            f"{e['channel']}/{e['state']}: {e['reason']}" for e in events
        )
        return done[0]

    # -- formatting ------------------------------------------------------------

    def format_number(self, amount, lang_code, digits):
        """``amount`` as Odoo's ``format_amount`` writes it in ``lang_code``, without symbol.

        Reads the language's separators and grouping from the database, so the
        expectation holds for en_US ("1,200.00") and fr_FR ("1 200,00") alike.
        Spaces are normalized (see ``normalize_spaces``), like the texts it is
        looked for in.
        """
        if lang_code not in self._lang_cache:
            rows = self.client.call(
                "res.lang",
                "search_read",
                [("code", "=", lang_code)],
                fields=["decimal_point", "thousands_sep", "grouping"],
                context={"active_test": False},
            )
            assert rows, f"language {lang_code} not found"
            self._lang_cache[lang_code] = rows[0]
        lang = self._lang_cache[lang_code]
        text = f"{abs(amount):.{digits}f}"
        integer, _sep, decimals = text.partition(".")
        grouped = _group_digits(
            integer, _parse_grouping(lang["grouping"]), lang["thousands_sep"] or ""
        )
        sign = "-" if amount < 0 else ""
        decimals = (lang["decimal_point"] or ".") + decimals if decimals else ""
        return normalize_spaces(sign + grouped + decimals)


# ----------------------------------------------------------------------------
# Fixtures
# ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def odoo_setup(tmp_path_factory):
    """Odoo's paths and a database with the addon installed (created if ADP_DB is unset)."""
    setup = _resolve_setup()
    own_db = None
    own_data_dir = None
    if not setup.db:
        own_db = f"adp_itest_{uuid.uuid4().hex[:10]}"
        if not setup.data_dir:
            own_data_dir = tempfile.mkdtemp(prefix="adp-itest-data-")
            setup.data_dir = own_data_dir
        setup.db = own_db
    try:
        if own_db:
            log_path = tmp_path_factory.mktemp("odoo-install") / "install.log"
            _install_database(setup, own_db, log_path)
        yield setup
    finally:
        if own_db:
            dropped = _pg("dropdb", "--if-exists", "--force", own_db)
            if dropped.returncode:
                print(f"could not drop database {own_db}: {dropped.stderr.strip()}")
        if own_data_dir:
            shutil.rmtree(own_data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def smtp_sink():
    """A local SMTP server on a free port; ``.messages`` holds what it received."""
    sink = SmtpSink()
    controller = Controller(sink, hostname="127.0.0.1", port=_free_port(), enable_SMTPUTF8=True)
    controller.start()
    try:
        yield sink, controller.port
    finally:
        controller.stop()


@pytest.fixture(scope="session")
def odoo_server(odoo_setup, smtp_sink, tmp_path_factory):
    """A real Odoo server on a free port, sending its mail to ``smtp_sink``."""
    global _SERVER
    _sink, smtp_port = smtp_sink
    log_path = tmp_path_factory.mktemp("odoo-server") / "odoo.log"
    server = OdooServer(odoo_setup, odoo_setup.db, smtp_port, log_path)
    try:
        try:
            server.start()
        except RuntimeError as error:
            pytest.fail(
                f"{error}\ncommand: {' '.join(server.command())}\n"
                f"last lines of {log_path}:\n{server.tail()}",
                pytrace=False,
            )
        _SERVER = server
        yield server
    finally:
        _SERVER = None
        server.stop()


@pytest.fixture(scope="session")
def odoo(odoo_server):
    """A JSON-RPC client logged in as admin, with the main company ready to send mail."""
    client = OdooClient(odoo_server.url, odoo_server.db)
    client.authenticate(ADMIN_LOGIN, ADMIN_PASSWORD)
    # links in mails and the assets of the PDF letters point at this server
    client.call("ir.config_parameter", "set_param", "web.base.url", odoo_server.url)
    user = client.read_one("res.users", client.uid, ["company_id"])
    company_id = user["company_id"][0]
    company = client.read_one("res.company", company_id, ["name", "email", "currency_id"])
    if not company["email"]:
        client.call("res.company", "write", [company_id], {"email": "billing@company.example.com"})
        company = client.read_one("res.company", company_id, ["name", "email", "currency_id"])
    currency = client.read_one(
        "res.currency", company["currency_id"][0], ["name", "decimal_places"]
    )
    company["currency"] = currency
    client.company = company
    return client


@pytest.fixture
def dunning(odoo):
    return DunningWorld(odoo, odoo.company)


@pytest.fixture
def tag():
    """A short unique tag: each test has its own customers."""
    return uuid.uuid4().hex[:6]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """On failure, show the end of the Odoo server's log with the report."""
    report = yield
    if report.failed and _SERVER is not None:
        report.sections.append(
            (f"Odoo server log, last {LOG_TAIL_LINES} lines ({_SERVER.log_path})", _SERVER.tail())
        )
    return report
