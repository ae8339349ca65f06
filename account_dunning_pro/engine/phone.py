# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Phone numbers for SMS reminders, normalised with ``phonenumbers``."""

import phonenumbers


def normalize_e164(number, country_code=None):
    """Return ``(e164, "")`` for a valid number, else ``(None, reason)``.

    ``reason`` is ``"missing"`` when there is no number and ``"invalid"`` when
    ``phonenumbers`` cannot read it as a valid number of ``country_code`` (ISO
    3166 alpha-2, used for numbers written without their international prefix).
    """
    if not number or not number.strip():
        return None, "missing"
    region = (country_code or "").upper() or None
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return None, "invalid"
    if not phonenumbers.is_valid_number(parsed):
        return None, "invalid"
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), ""
