#!/usr/bin/env bash
# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
#
# The whole test suite of account_dunning_pro. Each stage counts its tests:
#   engine       pytest tests/engine (plain Python, no Odoo)
#   odoo         fresh database, -i account_dunning_pro and its glue addons (_sale, _queue)
#                without demo data, --test-enable --test-tags /<each of them>
#   integration  pytest tests (but tests/engine) against the database above,
#                env: ADP_ODOO_BIN ADP_PYTHON ADP_ADDONS_PATH ADP_DB ADP_DATA_DIR ODOO_RC
#   demo         fresh database with demo data: no WARNING+ from the addon (1 test),
#                then the users' walk on it in a browser (--test-tags adp_demo_walk)
#   lint         pre-commit run --all-files (1 test)
# and ends with one line "N passed, N failed, N skipped".
#
#   setup/run_tests.sh [--fast] [-k TestClass[.test_method] | --tags TEST_TAGS] [--keep-logs]
#     --fast        skip the demo and lint stages
#     -k NAME       only Odoo tests /account_dunning_pro:NAME
#     --tags SPEC   Odoo --test-tags value, as is (default: the addon and its glue addons)
#     --keep-logs   keep the log folder even when everything passed
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=setup/lib.sh
. "$HERE/lib.sh"

usage() {
    sed -n '5,19p' "$0" | sed 's/^# \{0,1\}//'
    exit "${1:-0}"
}

fast=0
keep_logs="${ADP_KEEP_LOGS:-0}"
GLUE_MODULES="account_dunning_pro_sale,account_dunning_pro_queue"
test_tags="/$ADP_MODULE,/${GLUE_MODULES//,/,/}"
while [ $# -gt 0 ]; do
    case "$1" in
        --fast) fast=1; shift ;;
        -k) [ $# -ge 2 ] || usage 2; test_tags="/$ADP_MODULE:$2"; shift 2 ;;
        -k*) test_tags="/$ADP_MODULE:${1#-k}"; shift ;;
        --tags) [ $# -ge 2 ] || usage 2; test_tags="$2"; shift 2 ;;
        --tags=*) test_tags="${1#--tags=}"; shift ;;
        --keep-logs) keep_logs=1; shift ;;
        -h | --help) usage 0 ;;
        *) echo "unknown option: $1" >&2; usage 2 ;;
    esac
done

# Time limits (seconds) of the Odoo runs; CI stops everything at 90 minutes.
ODOO_TEST_TIMEOUT="${ADP_ODOO_TEST_TIMEOUT:-1800}"
DEMO_TIMEOUT="${ADP_DEMO_TIMEOUT:-900}"
PYTEST_TIMEOUT="${ADP_PYTEST_TIMEOUT:-1200}"

adp_load_install
export PATH="$ADP_VENV/bin:$PATH"
adp_ensure_postgres
cd "$ADP_REPO_ROOT" || exit 2

WORK="$(mktemp -d "${TMPDIR:-/tmp}/adp-tests.XXXXXX")"
RAND="$(od -An -N4 -tx4 /dev/urandom | tr -d ' \n')"
ODOO_CONF="$WORK/odoo.conf"
DATA_DIR="$WORK/data"
mkdir -p "$DATA_DIR"
cat >"$ODOO_CONF" <<EOF
[options]
addons_path = $ADP_ADDONS_PATH
data_dir = $DATA_DIR
http_interface = 127.0.0.1
EOF

DBS=()
CHILD=""
ALL_OK=0
SUMMARY_DONE=0

# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
    local rc=$?
    if [ -n "$CHILD" ]; then
        kill -TERM "$CHILD" 2>/dev/null
        wait "$CHILD" 2>/dev/null
    fi
    local db
    for db in "${DBS[@]}"; do
        dropdb --if-exists --force "$db" >/dev/null 2>&1 ||
            echo "[adp] could not drop database $db" >&2
    done
    if [ "$ALL_OK" = 1 ] && [ "$keep_logs" != 1 ]; then
        rm -rf "$WORK"
    else
        rm -rf "$DATA_DIR"
        # After the summary nothing more is printed: it must stay the last line.
        [ "$SUMMARY_DONE" = 1 ] || echo "[adp] logs kept in $WORK" >&2
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'echo "[adp] interrupted" >&2; exit 130' INT TERM

# Run a command in the background with its output in a log file, so that a
# signal reaches the trap at once (and the trap stops the command).
run_logged() {
    local log="$1"
    shift
    "$@" >"$log" 2>&1 &
    CHILD=$!
    wait "$CHILD"
    local rc=$?
    CHILD=""
    return "$rc"
}

banner() { printf '\n==== %s ====\n' "$*"; }

# Stage results: names and counts, printed at the end.
ST_NAME=()
ST_PASS=()
ST_FAIL=()
ST_SKIP=()
ST_NOTE=()
record() {
    ST_NAME+=("$1")
    ST_PASS+=("$2")
    ST_FAIL+=("$3")
    ST_SKIP+=("$4")
    ST_NOTE+=("${5:-}")
}

join_reasons() {
    local out="" r
    for r in "$@"; do
        out="${out:+$out; }$r"
    done
    printf '%s' "$out"
}

show_tail() {
    local log="$1" lines="${2:-60}"
    echo "---- last $lines lines of $log ----"
    tail -n "$lines" "$log"
    echo "---- end of $log ----"
}

# "passed failed skipped" from a pytest JUnit XML file.
junit_counts() {
    "$ADP_PYTHON" - "$1" <<'PY'
import sys
import xml.etree.ElementTree as ET

try:
    root = ET.parse(sys.argv[1]).getroot()
except (OSError, ET.ParseError):
    print("0 0 0")
    sys.exit()
suites = [root] if root.tag == "testsuite" else root.iter("testsuite")
tests = failed = skipped = 0
for suite in suites:
    tests += int(suite.get("tests", 0))
    failed += int(suite.get("failures", 0)) + int(suite.get("errors", 0))
    skipped += int(suite.get("skipped", 0))
print(max(0, tests - failed - skipped), failed, skipped)
PY
}

# Read an Odoo log: print shell assignments with the counts, and write the
# ERROR/CRITICAL records to LOG.errors and the WARNING+ records of our addon to
# LOG.addon (a record = its first line and its continuation lines).
odoo_log_scan() {
    "$ADP_PYTHON" - "$1" "$ADP_MODULE" <<'PY'
import re
import sys

log_path, module = sys.argv[1], sys.argv[2]
head = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) (?P<db>\S+) (?P<logger>[\w.]+): ?(?P<msg>.*)"
)
summary = re.compile(
    r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database"
)
records = []
with open(log_path, encoding="utf-8", errors="replace") as log:
    for line in log:
        match = head.match(line)
        if match:
            records.append([match, [line]])
        elif records:
            records[-1][1].append(line)
        else:
            records.append([None, [line]])

tests = failures = errors = skipped = 0
found = 0
errs, addon, warnings = [], [], []
for match, lines in records:
    text = "".join(lines)
    if match is None:
        if "Traceback" in text:
            errs.append(text)
        continue
    level, logger, msg = match["level"], match["logger"], match["msg"]
    if logger == "odoo.tests.result":
        found_summary = summary.search(msg)
        if found_summary:
            found = 1
            failures, errors, tests = (int(x) for x in found_summary.groups())
    if level == "INFO" and logger.startswith("odoo.addons.") and msg.startswith("skipped "):
        skipped += 1
    if level in ("ERROR", "CRITICAL"):
        errs.append(text)
    if level in ("WARNING", "ERROR", "CRITICAL") and (
        logger.startswith("odoo.addons." + module) or module in text
    ):
        addon.append(text)
        if level == "WARNING":
            warnings.append(text)

with open(log_path + ".errors", "w", encoding="utf-8") as out:
    out.writelines(errs)
with open(log_path + ".addon", "w", encoding="utf-8") as out:
    out.writelines(addon)
with open(log_path + ".warnings", "w", encoding="utf-8") as out:
    out.writelines(warnings)
print(f"L_FOUND={found} L_TESTS={tests} L_FAILURES={failures} L_ERRORS={errors} "
      f"L_SKIPPED={skipped} L_ERROR_RECORDS={len(errs)} L_ADDON_RECORDS={len(addon)} "
      f"L_ADDON_WARNINGS={len(warnings)}")
PY
}

scan_log() {
    L_FOUND=0 L_TESTS=0 L_FAILURES=0 L_ERRORS=0 L_SKIPPED=0
    L_ERROR_RECORDS=0 L_ADDON_RECORDS=0 L_ADDON_WARNINGS=0
    local out
    if out="$(odoo_log_scan "$1")"; then
        eval "$out"
    else
        L_ERROR_RECORDS=1
        echo "[adp] could not read the log $1"
    fi
}

# Print the first records of a .errors / .addon file, capped.
show_records() {
    local file="$1" title="$2"
    [ -s "$file" ] || return 0
    echo "---- $title (first 150 lines; all in $file) ----"
    head -n 150 "$file"
    echo "----"
}

# pytest stage: name, log base, pytest args... Records the counts.
run_pytest_stage() {
    local name="$1" base="$2"
    shift 2
    local xml="$WORK/$base.xml" log="$WORK/$base.log" rc
    rm -f "$xml"
    # In a terminal, --foreground lets Ctrl-C reach pytest (its fixtures then
    # stop the servers they started).
    local fg=()
    [ -t 0 ] && fg=(--foreground)
    timeout "${fg[@]}" -k 30 "$PYTEST_TIMEOUT" "$ADP_PYTHON" -m pytest -p no:odoo "$@" \
        --junitxml="$xml" -o junit_family=xunit2 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    local passed failed skipped note=""
    read -r passed failed skipped < <(junit_counts "$xml")
    case "$rc" in
        0) ;;
        5) note="no tests collected" ;;
        1) [ "$failed" -gt 0 ] || { failed=1; note="pytest exited 1"; } ;;
        124 | 137) failed=$((failed + 1)); note="timed out after ${PYTEST_TIMEOUT}s" ;;
        *) failed=$((failed + 1)); note="pytest exited $rc (interrupted, internal or usage error)" ;;
    esac
    if [ "$failed" -gt 0 ] && [ "$rc" != 1 ]; then
        show_tail "$log" 40
    fi
    record "$name" "$passed" "$failed" "$skipped" "$note"
}

odoo_cmd=("$ADP_PYTHON" "$ADP_ODOO_BIN" -c "$ODOO_CONF" --workers 0 --max-cron-threads 0)
module_present=1
if [ ! -f "$ADP_REPO_ROOT/$ADP_MODULE/__manifest__.py" ]; then
    module_present=0
    echo "[adp] ERROR: the addon is missing: $ADP_REPO_ROOT/$ADP_MODULE/__manifest__.py" >&2
fi

echo "[adp] Odoo $ODOO_SRC | venv $ADP_VENV | logs $WORK"

# ---- a. engine ---------------------------------------------------------------
banner "engine: pytest tests/engine"
if [ -d tests/engine ]; then
    run_pytest_stage engine engine tests/engine -q
else
    echo "[adp] WARNING: no tests/engine folder: 0 engine tests"
    record engine 0 0 0 "no tests/engine folder"
fi

# ---- b. Odoo tests -------------------------------------------------------------
TEST_DB="adp_test_$RAND"
odoo_tests=0
odoo_db_ok=0
banner "odoo: -i $ADP_MODULE --test-tags $test_tags (database $TEST_DB)"
if [ "$module_present" = 1 ]; then
    DBS+=("$TEST_DB")
    log="$WORK/odoo-tests.log"
    port="$(adp_free_port)"
    started=$SECONDS
    echo "[adp] installing and testing (log: $log) ..."
    run_logged "$log" timeout -k 30 "$ODOO_TEST_TIMEOUT" "${odoo_cmd[@]}" \
        -d "$TEST_DB" --db-filter "^$TEST_DB\$" -i "$ADP_MODULE,$GLUE_MODULES" \
        --test-enable --test-tags "$test_tags" --stop-after-init --log-level=test \
        --http-port "$port"
    rc=$?
    scan_log "$log"
    state="$(adp_module_state "$TEST_DB" "$ADP_MODULE")"
    odoo_tests=$L_TESTS
    failed=$((L_FAILURES + L_ERRORS))
    skipped=$L_SKIPPED
    passed=$((L_TESTS - failed - skipped))
    [ "$passed" -ge 0 ] || passed=0
    reasons=()
    [ "$rc" = 0 ] || reasons+=("odoo-bin exited $rc$([ "$rc" = 124 ] && echo " (timed out after ${ODOO_TEST_TIMEOUT}s)")")
    [ "$L_ERROR_RECORDS" = 0 ] || reasons+=("$L_ERROR_RECORDS ERROR/CRITICAL log record(s)")
    [ "$state" = installed ] || reasons+=("$ADP_MODULE not installed (state '${state:-none}')")
    [ "$L_FOUND" = 1 ] || reasons+=("no test summary in the log")
    [ "$L_TESTS" -gt 0 ] || reasons+=("ran no Odoo test")
    if [ ${#reasons[@]} -gt 0 ] && [ "$failed" = 0 ]; then
        failed=1
    fi
    [ "$state" = installed ] && odoo_db_ok=1
    echo "[adp] odoo: $L_TESTS tests, $L_FAILURES failures, $L_ERRORS errors, $L_SKIPPED skipped" \
        "in $((SECONDS - started))s"
    if [ "$L_ADDON_WARNINGS" != 0 ]; then
        # Not a failure here (tests may provoke warnings); the demo stage is strict.
        echo "[adp] note: $L_ADDON_WARNINGS WARNING record(s) from $ADP_MODULE in the test log"
        show_records "$log.warnings" "WARNING records of $ADP_MODULE"
    fi
    if [ ${#reasons[@]} -gt 0 ]; then
        printf '[adp] odoo stage FAILED: %s\n' "${reasons[@]}"
        show_records "$log.errors" "ERROR/CRITICAL records"
        show_tail "$log" 30
    fi
    record odoo "$passed" "$failed" "$skipped" "$(join_reasons "${reasons[@]}")"
else
    record odoo 0 1 0 "addon missing: no $ADP_MODULE/__manifest__.py"
fi

# ---- c. integration tests ------------------------------------------------------
banner "integration: pytest tests --ignore=tests/engine (database $TEST_DB)"
if [ ! -d tests ]; then
    echo "[adp] no tests folder: 0 integration tests"
    record integration 0 0 0 "no tests folder"
elif [ "$odoo_db_ok" != 1 ]; then
    echo "[adp] not run: the database of the odoo stage has no $ADP_MODULE installed"
    record integration 0 0 0 "not run: no database with the addon"
else
    # the terms of the freshly installed addon, for tests/i18n: the committed .pot
    # and fr.po must follow every user-facing string of the code and data
    ADP_FRESH_POT="$WORK/fresh.pot"
    run_logged "$WORK/i18n-export.log" "$ADP_PYTHON" "$ADP_ODOO_BIN" \
        --addons-path="$ADP_ADDONS_PATH" i18n export -c "$ODOO_CONF" -d "$TEST_DB" \
        -o "$ADP_FRESH_POT" "$ADP_MODULE" || echo "[adp] i18n export failed: see $WORK/i18n-export.log"
    export ADP_FRESH_POT
    export ADP_DB="$TEST_DB" ADP_DATA_DIR="$DATA_DIR" ODOO_RC="$ODOO_CONF" ADP_ODOO_RC="$ODOO_CONF"
    run_pytest_stage integration integration tests -q --ignore=tests/engine
    unset ODOO_RC
fi

# ---- d. demo data install --------------------------------------------------------
if [ "$fast" = 1 ]; then
    record demo 0 0 0 "not run (--fast)"
elif [ "$module_present" = 0 ]; then
    record demo 0 1 0 "addon missing"
else
    DEMO_DB="adp_demo_$RAND"
    banner "demo: -i $ADP_MODULE --with-demo (database $DEMO_DB)"
    DBS+=("$DEMO_DB")
    log="$WORK/odoo-demo.log"
    started=$SECONDS
    run_logged "$log" timeout -k 30 "$DEMO_TIMEOUT" "${odoo_cmd[@]}" \
        -d "$DEMO_DB" --db-filter "^$DEMO_DB\$" -i "$ADP_MODULE" --with-demo \
        --stop-after-init --http-port "$(adp_free_port)"
    rc=$?
    scan_log "$log"
    state="$(adp_module_state "$DEMO_DB" "$ADP_MODULE")"
    demo="$(psql -X -d "$DEMO_DB" -Atc "SELECT demo FROM ir_module_module WHERE name = '$ADP_MODULE'" 2>/dev/null)"
    reasons=()
    [ "$rc" = 0 ] || reasons+=("odoo-bin exited $rc")
    [ "$state" = installed ] || reasons+=("$ADP_MODULE not installed (state '${state:-none}')")
    [ "$demo" = t ] || reasons+=("$ADP_MODULE installed without its demo data")
    [ "$L_ADDON_RECORDS" = 0 ] || reasons+=("$L_ADDON_RECORDS WARNING+ record(s) from $ADP_MODULE")
    [ "$L_ERROR_RECORDS" = 0 ] || reasons+=("$L_ERROR_RECORDS ERROR/CRITICAL log record(s)")
    echo "[adp] demo: install took $((SECONDS - started))s"
    passed=1
    failed=0
    if [ ${#reasons[@]} -ne 0 ]; then
        passed=0
        failed=1
        printf '[adp] demo stage FAILED: %s\n' "${reasons[@]}"
        show_records "$log.addon" "WARNING+ records of $ADP_MODULE"
        show_records "$log.errors" "ERROR/CRITICAL records"
        show_tail "$log" 40
    fi
    # The users' walk on the demo database, in a browser: a run of its own, as
    # --test-enable during the install would change the demo (reports as HTML).
    if [ "$state" = installed ]; then
        log="$WORK/odoo-demo-walk.log"
        started=$SECONDS
        run_logged "$log" timeout -k 30 "$DEMO_TIMEOUT" "${odoo_cmd[@]}" \
            -d "$DEMO_DB" --db-filter "^$DEMO_DB\$" --test-enable --test-tags adp_demo_walk \
            --stop-after-init --http-port "$(adp_free_port)"
        rc=$?
        scan_log "$log"
        walk_failed=$((L_FAILURES + L_ERRORS))
        passed=$((passed + L_TESTS - walk_failed - L_SKIPPED))
        failed=$((failed + walk_failed))
        walk=()
        [ "$rc" = 0 ] || walk+=("walk: odoo-bin exited $rc")
        [ "$L_TESTS" -gt 0 ] || walk+=("walk: ran no test")
        [ "$L_SKIPPED" = 0 ] || walk+=("walk: $L_SKIPPED test(s) skipped")
        [ "$L_ADDON_RECORDS" = 0 ] || walk+=("walk: $L_ADDON_RECORDS WARNING+ record(s) from $ADP_MODULE")
        [ "$L_ERROR_RECORDS" = 0 ] || walk+=("walk: $L_ERROR_RECORDS ERROR/CRITICAL log record(s)")
        echo "[adp] demo walk: $L_TESTS tests, $walk_failed failed in $((SECONDS - started))s"
        if [ ${#walk[@]} -ne 0 ]; then
            [ "$walk_failed" -gt 0 ] || failed=$((failed + 1))
            printf '[adp] demo walk FAILED: %s\n' "${walk[@]}"
            show_records "$log.addon" "WARNING+ records of $ADP_MODULE"
            show_records "$log.errors" "ERROR/CRITICAL records"
            show_tail "$log" 40
            reasons+=("${walk[@]}")
        fi
    fi
    record demo "$passed" "$failed" 0 "$(join_reasons "${reasons[@]}")"
fi

# ---- e. lint ---------------------------------------------------------------------
if [ "$fast" = 1 ]; then
    record lint 0 0 0 "not run (--fast)"
else
    banner "lint: pre-commit run --all-files"
    if ! git -C "$ADP_REPO_ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        echo "[adp] lint FAILED: $ADP_REPO_ROOT is not a git work tree (pre-commit needs one)"
        record lint 0 1 0 "not a git work tree"
    else
        log="$WORK/lint.log"
        FORCE_COLOR=0 NO_COLOR=1 \
            "$ADP_VENV/bin/pre-commit" run --all-files --color=never 2>&1 |
            tee "$log"
        rc=${PIPESTATUS[0]}
        if [ "$rc" = 0 ]; then
            record lint 1 0 0
        else
            record lint 0 1 0 "pre-commit exited $rc"
        fi
    fi
fi

# ---- summary ---------------------------------------------------------------------
banner "summary"
total_p=0
total_f=0
total_s=0
for i in "${!ST_NAME[@]}"; do
    printf '  %-12s passed=%-5s failed=%-4s skipped=%-4s %s\n' "${ST_NAME[$i]}" \
        "${ST_PASS[$i]}" "${ST_FAIL[$i]}" "${ST_SKIP[$i]}" "${ST_NOTE[$i]}"
    total_p=$((total_p + ST_PASS[i]))
    total_f=$((total_f + ST_FAIL[i]))
    total_s=$((total_s + ST_SKIP[i]))
done
if [ "$odoo_tests" -le 0 ]; then
    echo "[adp] FAILED: ran no Odoo test"
fi
if [ "$total_f" = 0 ] && [ "$odoo_tests" -gt 0 ]; then
    ALL_OK=1
fi
if [ "$ALL_OK" != 1 ] || [ "$keep_logs" = 1 ]; then
    echo "[adp] logs kept in $WORK"
fi
printf '%d passed, %d failed, %d skipped\n' "$total_p" "$total_f" "$total_s"
SUMMARY_DONE=1
[ "$ALL_OK" = 1 ]
