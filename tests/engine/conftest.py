# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Make ``account_dunning_pro.engine`` importable without Odoo.

The addon's ``__init__.py`` imports its Odoo models, so the addon package is
replaced by an empty stand-in whose only loaded child is the engine.
"""

import importlib.util
import sys
import types
from pathlib import Path

ADDON_DIR = Path(__file__).resolve().parents[2] / "account_dunning_pro"


def _load_engine():
    if "account_dunning_pro.engine" in sys.modules:
        return
    if "account_dunning_pro" not in sys.modules:
        addon = types.ModuleType("account_dunning_pro")
        addon.__path__ = [str(ADDON_DIR)]
        sys.modules["account_dunning_pro"] = addon
    engine_dir = ADDON_DIR / "engine"
    spec = importlib.util.spec_from_file_location(
        "account_dunning_pro.engine",
        engine_dir / "__init__.py",
        submodule_search_locations=[str(engine_dir)],
    )
    engine = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = engine
    spec.loader.exec_module(engine)
    sys.modules["account_dunning_pro"].engine = engine


_load_engine()
