"""Exact amounts: parsing printed numbers and converting 万元 to 元.

Never uses float. ``parse_number("2,715.76")`` gives ``Decimal("2715.76")``.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from budgetkg.model.report import Amount
from budgetkg.model.units import FACTORS

#: 元 per printed unit (the model's :class:`~budgetkg.model.units.Unit` factors by label).
UNIT_FACTORS = FACTORS

_FULLWIDTH = str.maketrans("０１２３４５６７８９，．－", "0123456789,.-")
#: A printed amount: optional minus, digits with optional thousands commas, optional decimals.
NUMBER_RE = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


#: :data:`NUMBER_RE` inside running text (no anchors): a strictly printed figure.
NUMBER = NUMBER_RE.pattern.strip("^$")
#: A figure in running text, loosely: digits and commas, optional minus and decimals.
FIGURE = r"-?[\d,]+(?:\.\d+)?"
#: The units amounts are printed in, as an alternation (the longer first).
UNITS = "万元|元"


def amount_text(signed: bool = True, gap: bool = False) -> str:
    """A pattern for a figure and its unit in running text, as two groups (figure, unit):
    ``amount_text()`` matches "-12.5万元"; ``signed=False`` reads no minus (a dash before a
    figure is punctuation there); ``gap=True`` allows white space between figure and unit."""
    figure = FIGURE if signed else FIGURE.removeprefix("-?")
    return f"({figure})" + (r"\s*" if gap else "") + f"({UNITS})"


def normalise_digits(text: str) -> str:
    """Full-width digits and punctuation to ASCII."""
    return text.translate(_FULLWIDTH)


def is_number(token: str) -> bool:
    """True when ``token`` is a printed amount such as ``2,715.76`` or ``110``."""
    return bool(NUMBER_RE.match(normalise_digits(token.strip())))


def parse_number(token: str) -> Decimal:
    """The exact Decimal of a printed amount; raises ValueError if it is not one."""
    text = normalise_digits(token.strip())
    if not NUMBER_RE.match(text):
        raise ValueError(f"not an amount: {token!r}")
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the regex guards this
        raise ValueError(f"not an amount: {token!r}") from exc


def decimals_of(token: str) -> int:
    """Number of digits after the decimal point as printed."""
    text = normalise_digits(token.strip())
    return len(text.split(".", 1)[1]) if "." in text else 0


def to_amount(printed: Decimal, unit: str) -> Amount:
    """An :class:`Amount` in 元 from a printed value and its unit (万元 or 元)."""
    factor = UNIT_FACTORS.get(unit)
    if factor is None:
        raise ValueError(f"unknown unit {unit!r}")
    return Amount(yuan=printed * factor, printed=printed, unit=unit)


def format_decimal(value: Decimal) -> str:
    """Plain decimal string without exponent or trailing zeros: 27157600, 0.5, -3."""
    if value == 0:
        return "0"
    text = format(value.normalize(), "f")
    return text


_GLUED_RE = re.compile(r"((?:\d{1,3}(?:,\d{3})+|\d+)\.\d+)(?=[^\d\s,.%])")


_GLUED_CODE_RE = re.compile(r"^(\d{3}(?:\d{2}){0,2})(?=[\u4e00-\u9fff])")


_LABEL_THEN_DIGITS_RE = re.compile(r"^([^\d\s,.\-]+)(-?\d[\d,.]*)$")
_MAX_SPLITS = 20_000


def split_glued(digits: str) -> list[str] | None:
    """Amounts printed without a gap ("1,234,5671,000,000234,567") split where the table's own
    arithmetic says: the first is the row total and equals the sum of the others. Returns the
    one split that adds up, or None when none or several do (never a guess)."""
    found: list[list[str]] = []
    budget = [_MAX_SPLITS]

    def walk(i: int, parts: list[str]) -> None:
        if budget[0] <= 0 or len(found) > 1:
            return
        budget[0] -= 1
        if i == len(digits):
            if len(parts) >= 2:
                values = [Decimal(p.replace(",", "")) for p in parts]
                if values[0] == sum(values[1:]):
                    found.append(list(parts))
            return
        if len(parts) >= 8:
            return
        for j in range(i + 1, len(digits) + 1):
            piece = digits[i:j]
            if not NUMBER_RE.match(piece) or re.match(r"-?0\d", piece):
                continue  # not an amount, or a leading zero no table prints
            if parts and decimals_of(piece) != decimals_of(parts[0]):
                continue  # a table prints its amounts with one number of decimals
            if j == len(digits) or digits[j].isdigit() or digits[j] == "-":
                walk(j, [*parts, piece])

    walk(0, [])
    return found[0] if len(found) == 1 and budget[0] > 0 else None


def tokens(text: str) -> list[str]:
    """White-space tokens of a table line, with an amount glued to the text after it
    ("91,016,775.35一、一般公共服务支出") and a code glued to its name ("310资本性支出"),
    as some PDF extractors print them, split off; a label glued to amounts printed without
    a gap ("合计1,234,5671,000,000234,567") is split by :func:`split_glued`."""
    out = _GLUED_RE.sub(r"\1 ", normalise_digits(text)).split()
    if out:
        out[:1] = _GLUED_CODE_RE.sub(r"\1 ", out[0]).split()
    for k, tok in enumerate(out):
        m = _LABEL_THEN_DIGITS_RE.match(tok)
        if m and not NUMBER_RE.match(m.group(2)):
            parts = split_glued(m.group(2))
            if parts:
                out[k:k + 1] = [m.group(1), *parts]
                break
    return out


def rounding_slack(amounts: Iterable[Amount | None]) -> Decimal:
    """How far a sum of printed figures may miss a printed total through rounding alone: half a
    unit of the last printed digit of each figure, in 元."""
    slack = Decimal(0)
    for a in amounts:
        if a is not None:
            exponent = a.printed.as_tuple().exponent
            if isinstance(exponent, int):  # a finite figure (never NaN or Infinity once read)
                slack += _half_unit(exponent, a.unit)
    return slack


@lru_cache(maxsize=256)
def _half_unit(exponent: int, unit: str) -> Decimal:
    """Half a unit of the last digit at ``exponent``, in 元 (cached: the proof sums it for
    hundreds of thousands of figures, of a handful of exponents and units)."""
    return Decimal(5).scaleb(exponent - 1) * UNIT_FACTORS.get(unit, Decimal(1))
