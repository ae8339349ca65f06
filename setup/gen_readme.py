# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Build account_dunning_pro/README.rst from the fragments in readme/ (OCA layout).

Usage: python setup/gen_readme.py [--check]
The fragments are written in the subset of Markdown that is also valid
reStructuredText (paragraphs, bullets, numbered lists, **bold**).
"""

import sys
from pathlib import Path

ADDON = Path(__file__).resolve().parent.parent / "account_dunning_pro"
SECTIONS = [
    ("DESCRIPTION.md", None),
    ("CONFIGURE.md", "Configuration"),
    ("USAGE.md", "Usage"),
    ("CONTRIBUTORS.md", "Contributors"),
]


def build():
    manifest = eval((ADDON / "__manifest__.py").read_text())  # noqa: S307 - our own manifest
    title = manifest["name"]
    out = ["=" * len(title), title, "=" * len(title), ""]
    out += [
        f".. |license| image:: https://img.shields.io/badge/licence-{manifest['license']}-blue.png",
        "",
        f"|license| Version {manifest['version']}, {manifest['development_status']}",
        "",
    ]
    for filename, heading in SECTIONS:
        text = (ADDON / "readme" / filename).read_text().strip()
        if heading:
            out += [heading, "=" * len(heading), ""]
        out += [text.replace("`", "``").replace("````", "``"), ""]
    out += [
        "Maintainers",
        "===========",
        "",
        f"This module is maintained by {manifest['author']}.",
        "",
    ]
    return "\n".join(out)


if __name__ == "__main__":
    target = ADDON / "README.rst"
    content = build()
    if "--check" in sys.argv:
        if not target.exists() or target.read_text() != content:
            sys.exit("README.rst is out of date: run python setup/gen_readme.py")
    else:
        target.write_text(content)
