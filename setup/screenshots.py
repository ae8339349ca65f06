# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Take the addon's screenshots on a running demo server, with headless Chromium.

Usage: python setup/screenshots.py [--url http://127.0.0.1:8069] [--db dunning_demo]
Writes the PNGs of README.md to account_dunning_pro/static/description/.
The demo users are those of demo/account_dunning_demo_users.xml.
"""

import argparse
import base64
import io
import itertools
import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import requests
import websocket
from PIL import Image

OUT = Path(__file__).resolve().parent.parent / "account_dunning_pro" / "static" / "description"
ACTION = "/odoo/action-account_dunning_pro."
# wide enough for the chase history beside the chatter
VIEWPORT = {"width": 1920, "height": 1080}

CLICK_DUNNING_TAB = "document.querySelector('.o_notebook a[name=dunning]').click()"
PROCESS_FROM = "Traiteur Mercier SAS"
SELECT_ROWS = """
const rows = [...document.querySelectorAll('.o_data_row')];
const first = rows.findIndex((row) => row.innerText.includes(%s));
rows.slice(first, first + 4)
    .forEach((row) => row.querySelector('.o_list_record_selector input').click());
"""
CLICK = """
(([selector, text]) => [...document.querySelectorAll(selector)]
    .find((element) => element.innerText.includes(text)).click())(%s)
"""
SCROLL = "document.querySelector(%s).scrollIntoView({block: %s})"


def partner_id(url, session, name):
    response = requests.post(
        f"{url}/web/dataset/call_kw",
        json={
            "jsonrpc": "2.0",
            "params": {
                "model": "res.partner",
                "method": "search",
                "args": [[["name", "=", name]]],
                "kwargs": {"limit": 1},
            },
        },
        cookies={"session_id": session},
        timeout=60,
    )
    return response.json()["result"][0]


def login(url, db, user):
    response = requests.post(
        f"{url}/web/session/authenticate",
        json={"jsonrpc": "2.0", "params": {"db": db, "login": user, "password": user}},
        timeout=60,
    )
    response.raise_for_status()
    if response.json().get("error"):
        raise SystemExit(f"cannot log in as {user}: {response.json()['error']}")
    return response.cookies["session_id"]


class Browser:
    """Headless Chromium, driven through the DevTools protocol."""

    def __init__(self, port=9333):
        self.profile = tempfile.mkdtemp(prefix="dunning-shots-")
        self.process = subprocess.Popen(  # noqa: S603 - fixed command line
            [
                "/usr/bin/chromium",
                *"--headless --no-sandbox --disable-gpu --disable-quic --no-first-run".split(),
                *"--disable-background-networking --disable-component-update".split(),
                "--disable-sync",
                f"--user-data-dir={self.profile}",
                f"--remote-debugging-port={port}",
                "--window-size=1440,900",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _attempt in range(100):
            try:
                pages = requests.get(f"http://127.0.0.1:{port}/json", timeout=2).json()
                target = next(p for p in pages if p["type"] == "page")
                break
            except (requests.ConnectionError, StopIteration):
                time.sleep(0.2)
        else:
            raise SystemExit("Chromium did not start")
        self.ws = websocket.create_connection(target["webSocketDebuggerUrl"], timeout=60)
        self.ids = itertools.count(1)
        self.call(
            "Emulation.setDeviceMetricsOverride",
            **VIEWPORT,
            deviceScaleFactor=1,
            mobile=False,
        )

    def call(self, method, **params):
        call_id = next(self.ids)
        self.ws.send(json.dumps({"id": call_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == call_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message["result"]

    def evaluate(self, expression):
        result = self.call(
            "Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True
        )
        return result["result"].get("value")

    def wait_for(self, selector, timeout=60):
        """Wait until ``selector`` shows and Odoo's loading indicator is gone."""
        check = (
            f"!!document.querySelector({json.dumps(selector)})"
            " && !document.querySelector('.o_loading_indicator')"
        )
        deadline = time.time() + timeout
        while not self.evaluate(check):
            if time.time() > deadline:
                raise SystemExit(f"timeout waiting for {selector}")
            time.sleep(0.5)
        time.sleep(1.5)  # charts and fonts settle
        if self.evaluate("!!document.querySelector('.o_error_dialog')"):
            raise SystemExit("an error dialog shows")

    def open(self, session, url, selector):
        self.call("Network.enable")
        self.call("Network.setCookie", name="session_id", value=session, url=url)
        self.call("Page.navigate", url=url)
        time.sleep(1)
        self.wait_for(selector)

    def shoot(self, name):
        data = base64.b64decode(self.call("Page.captureScreenshot", format="png")["data"])
        image = Image.open(io.BytesIO(data)).convert("RGB")
        # a 256-colour palette keeps a UI screenshot sharp and small
        image = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT)
        image.save(OUT / name, optimize=True)
        print(f"{name}: {(OUT / name).stat().st_size // 1024} KB")

    def close(self):
        self.ws.close()
        self.process.terminate()
        self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8069")
    parser.add_argument("--db", default="dunning_demo", help="the demo database")
    parser.add_argument("--port", type=int, default=9333, help="Chromium debugging port")
    args = parser.parse_args()
    browser = Browser(args.port)
    try:
        for user, shots in SHOTS.items():
            session = login(args.url, args.db, user)
            for shot in shots:
                shot(browser, session, args.url)
    finally:
        browser.close()


def kanban(browser, session, url):
    browser.open(session, url + ACTION + "account_dunning_followup_action", ".o_kanban_record")
    browser.shoot("screenshot_kanban.png")


def one_by_one(browser, session, url):
    """Four customers of the follow-up list, from the one waiting validation, sent to
    the one-by-one screen by the list's action, on the proposed email."""
    browser.open(
        session, url + ACTION + "account_dunning_followup_action?view_type=list", ".o_data_row"
    )
    browser.evaluate(SELECT_ROWS % json.dumps(PROCESS_FROM))
    browser.evaluate(CLICK % json.dumps([".o_control_panel .dropdown-toggle", "Actions"]))
    browser.wait_for(".o-dropdown-item")
    browser.evaluate(CLICK % json.dumps([".o-dropdown-item", "Process one by one"]))
    browser.wait_for(".o_form_view .o_notebook a[name=email]")
    browser.evaluate("document.querySelector('.o_notebook a[name=email]').click()")
    browser.wait_for(".o_notebook a[name=email].active")
    browser.shoot("screenshot_one_by_one.png")


def dashboard(browser, session, url):
    browser.open(
        session,
        url + ACTION + "account_dunning_receivable_report_action_level?view_type=graph",
        ".o_graph_renderer canvas",
    )
    browser.shoot("screenshot_dashboard.png")


def partner(name, customer, selector, block):
    """The customer's Dunning tab, scrolled to ``selector`` (at the ``block`` of the
    screen)."""

    def shot(browser, session, url):
        record_id = partner_id(url, session, customer)
        browser.open(
            session,
            f"{url}/odoo/action-account.res_partner_action_customer/{record_id}",
            ".o_form_view .o_notebook",
        )
        browser.evaluate(CLICK_DUNNING_TAB)
        browser.wait_for(".o_notebook a[name=dunning].active")
        browser.evaluate(SCROLL % (json.dumps(selector), json.dumps(block)))
        time.sleep(1)
        browser.shoot(name)

    return shot


SHOTS = {
    "controller": [
        kanban,
        one_by_one,
        # all levels and channels of the demo in one history, at the bottom
        partner(
            "screenshot_partner_history.png",
            "Nettoyage Perrin Services SARL",
            "[name=dunning_event_ids]",
            "end",
        ),
        dashboard,
    ],
    # one of the sales rep's customers, the tab from its top
    "salesrep": [
        partner("screenshot_partner_salesrep.png", "Pressing Faure", ".o_notebook_headers", "start")
    ],
}

if __name__ == "__main__":
    main()
