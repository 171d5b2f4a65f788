"""A spreadsheet number as the sheet prints it: its number format's decimals, thousands
separator and percent applied to the stored value, in decimal arithmetic.

A cell stores a binary float (1234.5, or 0.30000000000000004 after a formula); what the
report shows is that value through the cell's format (``#,##0.00`` → "1,234.50"). Rounding
goes through :class:`decimal.Decimal` of the float's shortest repr, half away from zero as
Excel rounds, so no float artefact reaches a figure.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

_NOISE = re.compile(r'\[[^\]]*\]|"[^"]*"|\\.|_.|\*.')


def format_value(value: object, number_format: str | None) -> str:
    """The printed text of a cell's value under its number format ("General" when unknown)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, int | float):
        return format_number(value, number_format or "General")
    return str(value)


def format_number(value: float, number_format: str) -> str:
    """``value`` through an Excel number format's first section (decimals, grouping, %)."""
    section = number_format.split(";")[0]
    numeric = _NOISE.sub("", section)
    if value < 0 and ";" in number_format:
        numeric = _NOISE.sub("", number_format.split(";")[1]) or numeric
    try:
        number = Decimal(repr(float(value))) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        return str(value)
    if numeric.strip().lower() in ("general", "", "@") or not re.search(r"[0#?]", numeric):
        return _general(number)
    if "%" in numeric:
        number *= 100
    digits = re.search(r"\.([0#?]+)", numeric)
    places = len(digits.group(1)) if digits else 0
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    integer_part = numeric.split(".")[0]
    text = f"{abs(rounded):,.{places}f}" if "," in integer_part else f"{abs(rounded):.{places}f}"
    text += "%" if "%" in numeric else ""
    if rounded >= 0:
        return text
    if ";" in number_format and "(" in numeric:
        return f"({text})"  # the accountant's negative, as printed
    return "-" + text


def _general(number: Decimal) -> str:
    """Excel's General format: up to 11 significant digits, no trailing zeros."""
    if number == number.to_integral_value() and abs(number) < Decimal(10) ** 15:
        return str(int(number))
    text = f"{float(number):.11g}"
    return text if "e" in text else text.rstrip("0").rstrip(".") if "." in text else text
