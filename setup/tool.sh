#!/usr/bin/env bash
# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
#
# Run a tool of the install made by setup/install.sh, found through the state
# file (or ADP_VENV / ODOO_SRC / ADP_NODE):
#   setup/tool.sh ruff check .          any program of the venv (ruff, pylint, pre-commit, coverage...)
#   setup/tool.sh pytest tests/engine   pytest, with pytest-odoo off unless an --odoo-* option is given
#   setup/tool.sh python script.py      the venv's interpreter
#   setup/tool.sh odoo-bin --help       Odoo's odoo-bin, run by the venv's interpreter
#   setup/tool.sh prettier --check f.xml  prettier with @prettier/plugin-xml
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=setup/lib.sh
. "$HERE/lib.sh"

[ $# -ge 1 ] || adp_die "usage: setup/tool.sh TOOL [ARGS...]"
tool="$1"
shift
adp_load_install

case "$tool" in
    prettier)
        bin="$ADP_NODE/node_modules/.bin/prettier"
        plugin="$ADP_NODE/node_modules/@prettier/plugin-xml/src/plugin.js"
        { [ -x "$bin" ] && [ -f "$plugin" ]; } ||
            adp_die "prettier/@prettier/plugin-xml missing in $ADP_NODE: run setup/install.sh --odoo $ODOO_SRC --no-run"
        # The plugin lives outside the repo, so prettier cannot resolve it by name.
        exec "$bin" --plugin="$plugin" "$@"
        ;;
    pytest)
        # pytest-odoo loads an Odoo registry for every pytest session (autouse
        # fixture), which breaks plain tests: keep it off unless asked for
        # (an --odoo-* option, or ODOO_RC pointing at a config with a database).
        args=("$@")
        use_odoo=0
        for arg in "${args[@]}"; do
            case "$arg" in --odoo-*) use_odoo=1 ;; esac
        done
        [ -n "${ODOO_RC:-}" ] && use_odoo=1
        if [ "$use_odoo" = 0 ]; then
            exec "$ADP_VENV/bin/pytest" -p no:odoo "$@"
        fi
        exec "$ADP_VENV/bin/pytest" "$@"
        ;;
    odoo | odoo-bin)
        exec "$ADP_PYTHON" "$ODOO_SRC/odoo-bin" "$@"
        ;;
    *)
        [ -x "$ADP_VENV/bin/$tool" ] ||
            adp_die "$tool is not in $ADP_VENV/bin: run setup/install.sh --odoo $ODOO_SRC --no-run"
        exec "$ADP_VENV/bin/$tool" "$@"
        ;;
esac
