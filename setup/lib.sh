# shellcheck shell=bash disable=SC2034
# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
#
# Shared helpers, sourced by setup/*.sh and .ci/run. Nothing here runs on its
# own: it defines variables and functions only.
#
# Where the install lives, in the order it is looked up:
#   1. the state file written by setup/install.sh:
#        $HOME/.config/account_dunning_pro/env   (KEY=value lines)
#   2. ADP_VENV / ODOO_SRC / ADP_NODE from the environment override it.

ADP_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ADP_MODULE=account_dunning_pro

# HOME may be unset (cron, `env -i`): derive it from the passwd database.
if [ -z "${HOME:-}" ]; then
    HOME="$(getent passwd "$(id -u)" | cut -d: -f6)"
    export HOME
fi

ADP_STATE_DIR="$HOME/.config/account_dunning_pro"
ADP_STATE_FILE="$ADP_STATE_DIR/env"
ADP_DATA_DIR="$HOME/.local/share/account_dunning_pro"
ADP_DEFAULT_VENV="$ADP_DATA_DIR/venv"
ADP_DEFAULT_NODE="$ADP_DATA_DIR/node"

adp_log() { printf '[adp] %s\n' "$*" >&2; }
adp_die() {
    printf '[adp] ERROR: %s\n' "$*" >&2
    exit 2
}

# Run a command as root: directly when we are root, through sudo otherwise.
adp_as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        adp_die "need root for: $* (not root and no sudo)"
    fi
}

ADP_HOW_TO_POINT="run setup/install.sh --odoo /path/to/odoo-19.0 --no-run, \
or set ODOO_SRC=/path/to/odoo-19.0 ADP_VENV=/path/to/venv \
(a venv with Odoo's requirements installed)"

# Fill ADP_VENV, ODOO_SRC, ADP_NODE, ADP_PYTHON and ADP_ADDONS_PATH, or exit
# with a message that says how to point the scripts at Odoo.
adp_load_install() {
    local env_venv="${ADP_VENV:-}" env_src="${ODOO_SRC:-}" env_node="${ADP_NODE:-}"
    local key value
    if [ -r "$ADP_STATE_FILE" ]; then
        while IFS='=' read -r key value; do
            case "$key" in
                ADP_VENV | ODOO_SRC | ADP_NODE)
                    value="${value#\"}"
                    value="${value%\"}"
                    value="${value#\'}"
                    value="${value%\'}"
                    printf -v "$key" '%s' "$value"
                    ;;
            esac
        done <"$ADP_STATE_FILE"
    fi
    [ -n "$env_venv" ] && ADP_VENV="$env_venv"
    [ -n "$env_src" ] && ODOO_SRC="$env_src"
    [ -n "$env_node" ] && ADP_NODE="$env_node"
    ADP_VENV="${ADP_VENV:-}"
    ODOO_SRC="${ODOO_SRC:-}"
    if [ -n "$ODOO_SRC" ] && [ -z "$ADP_VENV" ] && [ -x "$ADP_DEFAULT_VENV/bin/python" ]; then
        ADP_VENV="$ADP_DEFAULT_VENV"
    fi
    ADP_NODE="${ADP_NODE:-$ADP_DEFAULT_NODE}"

    if [ -z "$ODOO_SRC" ] && [ -z "$ADP_VENV" ]; then
        printf '[adp] ERROR: Odoo 19 install not found (no state file %s, no ODOO_SRC/ADP_VENV).\n' \
            "$ADP_STATE_FILE" >&2
        printf '[adp] To fix: %s\n' "$ADP_HOW_TO_POINT" >&2
        exit 2
    fi
    if [ -z "$ODOO_SRC" ] || [ ! -f "$ODOO_SRC/odoo-bin" ] || [ ! -d "$ODOO_SRC/odoo/addons" ]; then
        printf '[adp] ERROR: ODOO_SRC=%s is not an Odoo 19 source tree (no odoo-bin / odoo/addons).\n' \
            "${ODOO_SRC:-<unset>}" >&2
        printf '[adp] To fix: %s\n' "$ADP_HOW_TO_POINT" >&2
        exit 2
    fi
    if [ -z "$ADP_VENV" ] || [ ! -x "$ADP_VENV/bin/python" ]; then
        printf '[adp] ERROR: ADP_VENV=%s has no bin/python.\n' "${ADP_VENV:-<unset>}" >&2
        printf '[adp] To fix: %s\n' "$ADP_HOW_TO_POINT" >&2
        exit 2
    fi
    ADP_PYTHON="$ADP_VENV/bin/python"
    ADP_ODOO_BIN="$ODOO_SRC/odoo-bin"
    ADP_ADDONS_PATH="$(adp_addons_path)"
    export ADP_VENV ODOO_SRC ADP_NODE ADP_PYTHON ADP_ODOO_BIN ADP_ADDONS_PATH
}

# Odoo's own addons, the community addons, then this repository (which holds
# account_dunning_pro/). Never an enterprise or custom-addons folder.
adp_addons_path() {
    printf '%s,%s,%s' "$ODOO_SRC/odoo/addons" "$ODOO_SRC/addons" "$ADP_REPO_ROOT"
}

# Run odoo-bin with the venv's interpreter (its shebang would pick the
# system python3, which lacks Odoo's requirements).
adp_odoo() {
    "$ADP_PYTHON" "$ODOO_SRC/odoo-bin" "$@"
}

adp_pg_ready() {
    if command -v pg_isready >/dev/null 2>&1; then
        pg_isready -q >/dev/null 2>&1 || return 1
    fi
    psql -X -q -d postgres -Atc 'SELECT 1' >/dev/null 2>&1
}

# Start the local PostgreSQL cluster(s) when down, and make sure the current
# OS user has a superuser role (Odoo connects over the socket as that user).
adp_ensure_postgres() {
    command -v psql >/dev/null 2>&1 || adp_die "psql not found: install PostgreSQL (setup/install.sh does)"
    adp_pg_ready && return 0
    if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -q >/dev/null 2>&1; then
        if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
            local conf version
            for conf in /etc/postgresql/*/main; do
                [ -d "$conf" ] || continue
                version="$(basename "$(dirname "$conf")")"
                adp_log "starting PostgreSQL $version/main"
                adp_as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
            done
        else
            adp_die "PostgreSQL is down and pg_ctlcluster is missing: start it by hand"
        fi
        local _
        for _ in $(seq 1 30); do
            pg_isready -q >/dev/null 2>&1 && break
            sleep 1
        done
    fi
    if ! adp_pg_ready; then
        # The server answers but our role may be missing.
        local me
        me="$(id -un)"
        adp_log "creating PostgreSQL superuser role '$me'"
        if [ "$(id -u)" -eq 0 ]; then
            runuser -u postgres -- createuser --superuser "$me" || true
        else
            sudo -u postgres createuser --superuser "$me" || true
        fi
    fi
    adp_pg_ready || adp_die "cannot connect to PostgreSQL with 'psql -d postgres' as $(id -un)"
}

adp_db_exists() {
    [ "$(psql -X -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$1'" 2>/dev/null)" = 1 ]
}

# State of a module in a database ('' when the database/table is missing).
adp_module_state() {
    psql -X -d "$1" -Atc "SELECT state FROM ir_module_module WHERE name = '$2'" 2>/dev/null || true
}

# A TCP port nobody listens on, on 127.0.0.1.
adp_free_port() {
    "${ADP_PYTHON:-python3}" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}
