# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The French translation of account_dunning_pro against its .pot template.

Plain pytest, no Odoo: the .po/.pot files are read with polib. Checked:
  - fr.po parses and declares French (Language, Plural-Forms);
  - every msgid of the .pot is in fr.po with a non-empty, non-fuzzy msgstr;
  - fr.po holds no msgid that the .pot no longer has;
  - python-format placeholders (%(name)s, %s, %d...) are the same in msgid and msgstr;
  - {{ ... }} expressions and QWeb t-* attributes (t-out, t-if, t-foreach, t-att-*,
    t-set, ...) are identical between msgid and msgstr;
  - HTML tags of the msgstr balance, and it keeps the msgid's (non-void) elements.
"""

import os
import re
from collections import Counter
from pathlib import Path

import polib
import pytest

ADDON_DIR = Path(__file__).resolve().parents[2] / "account_dunning_pro"
POT_PATH = ADDON_DIR / "i18n" / "account_dunning_pro.pot"
PO_PATH = ADDON_DIR / "i18n" / "fr.po"

# %(name)s, %s, %d, %(rate).2f ...; "%%" is removed first. The space flag is left out on
# purpose: "% a year", "12 % de" or "(%)" are text, not placeholders.
PY_FORMAT = re.compile(r"%(?:\([^)\s]+\))?[-#0+]?\d*(?:\.\d+)?[sdifr]")
JINJA = re.compile(r"\{\{.*?\}\}", re.S)
QWEB_ATTR = re.compile(r"""\bt-[\w-]+=(?:"[^"]*"|'[^']*')""")
TAG = re.compile(
    r"<(/?)([A-Za-z][\w:-]*)((?:\s+[^\s=>/]+(?:=(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*(/?)>"
)
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "param",
    "source",
    "track",
    "wbr",
}


def _load(path):
    assert path.is_file(), f"{path} is missing"
    return polib.pofile(str(path))


@pytest.fixture(scope="module")
def pot():
    return _load(POT_PATH)


@pytest.fixture(scope="module")
def po():
    return _load(PO_PATH)


def _key(entry):
    return (entry.msgctxt or "", entry.msgid)


def _active(entries):
    return [entry for entry in entries if not entry.obsolete and entry.msgid]


@pytest.fixture(scope="module")
def pairs(pot, po):
    """(msgid, msgstr) of the translated entries that the .pot holds."""
    translations = {_key(entry): entry.msgstr for entry in _active(po)}
    return [
        (entry.msgid, translations[_key(entry)])
        for entry in _active(pot)
        if translations.get(_key(entry))
    ]


def _report(problems, what):
    shown = "\n".join(f"  - {line}" for line in problems[:40])
    more = f"\n  ... and {len(problems) - 40} more" if len(problems) > 40 else ""
    return f"{len(problems)} term(s) {what}:\n{shown}{more}"


def _short(text, size=90):
    text = text.replace("\n", "\\n")
    return text if len(text) <= size else text[: size - 3] + "..."


def test_fr_po_parses_and_is_french(po):
    assert po.metadata.get("Language") == "fr"
    plural = po.metadata.get("Plural-Forms", "").replace(" ", "")
    assert plural.startswith("nplurals=2;plural=(n>1)"), plural
    assert "charset=UTF-8" in po.metadata.get("Content-Type", "")
    assert len(_active(po)) > 0
    for entry in _active(po):
        assert entry.comment.startswith("module: account_dunning_pro"), (
            f"Odoo needs the '#. module:' comment: {_short(entry.msgid)}"
        )


def test_pot_is_not_empty(pot):
    assert len(_active(pot)) > 100


def test_every_pot_msgid_is_translated(pot, po):
    by_key = {_key(entry): entry for entry in _active(po)}
    problems = []
    for entry in _active(pot):
        translated = by_key.get(_key(entry))
        if translated is None:
            problems.append(f"not in fr.po: {_short(entry.msgid)}")
        elif not translated.msgstr.strip():
            problems.append(f"empty msgstr: {_short(entry.msgid)}")
        elif "fuzzy" in translated.flags:
            problems.append(f"fuzzy: {_short(entry.msgid)}")
    assert not problems, _report(problems, "untranslated")


def test_fr_po_has_no_stale_msgid(pot, po):
    known = {_key(entry) for entry in _active(pot)}
    stale = [_short(entry.msgid) for entry in _active(po) if _key(entry) not in known]
    assert not stale, _report(stale, "in fr.po but no longer in the .pot (re-run the merge)")


def _placeholders(text):
    return Counter(PY_FORMAT.findall(text.replace("%%", "")))


def test_python_format_placeholders_are_kept(pairs):
    problems = [
        f"{_short(msgid)}: {dict(_placeholders(msgid))} != {dict(_placeholders(msgstr))}"
        for msgid, msgstr in pairs
        if _placeholders(msgid) != _placeholders(msgstr)
    ]
    assert not problems, _report(problems, "with changed %-placeholders")


def test_placeholder_regex_sees_the_usual_forms():
    assert _placeholders("%(days)s days, %s and %d, 100%% sure") == Counter(
        ["%(days)s", "%s", "%d"]
    )
    assert _placeholders("%(rate).2f") == Counter(["%(rate).2f"])
    assert not _placeholders("Late interest rate (%), 12 % des factures, % a year")


def test_inline_template_expressions_are_kept(pairs):
    problems = [
        _short(msgid)
        for msgid, msgstr in pairs
        if Counter(JINJA.findall(msgid)) != Counter(JINJA.findall(msgstr))
    ]
    assert not problems, _report(problems, "with changed {{ ... }} expressions")


def test_qweb_attributes_are_kept(pairs):
    problems = []
    for msgid, msgstr in pairs:
        source, translated = Counter(QWEB_ATTR.findall(msgid)), Counter(QWEB_ATTR.findall(msgstr))
        if source != translated:
            lost = list((source - translated).elements())
            added = list((translated - source).elements())
            problems.append(f"{_short(msgid, 60)}: lost {lost}, added {added}")
    assert not problems, _report(problems, "with changed t-* attributes")


def _tag_problems(text):
    """Why the HTML tags of ``text`` do not balance; empty when they do."""
    stack = []
    for match in TAG.finditer(text):
        closing, name, _attrs, self_closing = match.groups()
        name = name.lower()
        if name in VOID or self_closing:
            continue
        if not closing:
            stack.append(name)
        elif not stack:
            return [f"</{name}> closes nothing"]
        elif stack[-1] != name:
            return [f"</{name}> closes <{stack[-1]}>"]
        else:
            stack.pop()
    return [f"<{name}> never closed" for name in stack]


def _elements(text):
    return Counter(
        name.lower()
        for closing, name, _attrs, self_closing in TAG.findall(text)
        if not closing and not self_closing and name.lower() not in VOID
    )


def test_html_tags_balance(pairs):
    problems = []
    for msgid, msgstr in pairs:
        if _tag_problems(msgid):
            # a fragment that is unbalanced in English (not the case today) is judged
            # by its elements only
            if _elements(msgid) != _elements(msgstr):
                problems.append(f"{_short(msgid, 60)}: elements changed")
            continue
        why = _tag_problems(msgstr)
        if why:
            problems.append(f"{_short(msgid, 60)}: {why}")
        elif _elements(msgid) != _elements(msgstr):
            problems.append(
                f"{_short(msgid, 60)}: elements {dict(_elements(msgid))} "
                f"became {dict(_elements(msgstr))}"
            )
    assert not problems, _report(problems, "whose HTML does not balance or lost elements")


def test_tag_checker_sees_errors():
    assert not _tag_problems('<p>Bonjour <t t-out="x">Client</t>,<br/>Madame</p>')
    assert _tag_problems("<p>Bonjour <strong>client</p></strong>")
    assert _tag_problems("<p>Bonjour")


def test_committed_pot_follows_the_code():
    """The .pot (and so fr.po) holds every term of the addon as installed now.

    setup/run_tests.sh exports the terms of a freshly installed database into
    ADP_FRESH_POT; a new or changed user-facing string fails here until the
    .pot is exported again and fr.po translates it.
    """
    fresh_path = os.environ.get("ADP_FRESH_POT")
    if not fresh_path:
        pytest.skip("run through setup/run_tests.sh, which exports the installed terms")
    assert os.path.exists(fresh_path), f"the export of the installed terms failed: {fresh_path}"
    fresh = {entry.msgid for entry in polib.pofile(fresh_path) if entry.msgid}
    committed = {entry.msgid for entry in polib.pofile(str(POT_PATH)) if entry.msgid}
    missing = sorted(fresh - committed)
    stale = sorted(committed - fresh)
    assert not missing and not stale, (
        "account_dunning_pro/i18n/account_dunning_pro.pot is out of date: export it again "
        "(odoo-bin i18n export) and translate fr.po.\n"
        f"new terms: {[_short(m, 80) for m in missing]}\nstale terms: {[_short(m, 80) for m in stale]}"
    )
