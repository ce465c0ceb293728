"""Numbers, money and dates written the way each language writes them (Babel)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Final

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

LOCALES: Final = {"fr": "fr_BE", "nl": "nl_BE", "en": "en_GB"}
_SHOWN_DECIMALS: Final = Decimal("0.001")
"""The decimals Babel's number pattern (`#,##0.###`) shows."""


def locale_of(lang: str) -> str:
    return LOCALES.get(lang, LOCALES["fr"])


def plural_category(value: object, lang: str) -> str:
    """The CLDR plural category (`one`, `many`, `other`…) of a number in `lang`, for the
    number as `number` writes it (at most three decimals): `1.0` is written `1`, so it
    is `one` in English too. A value that is not a number is `other`."""
    try:
        amount = abs(Decimal(str(value).strip()))
        if not amount.is_finite():
            return "other"
        amount = amount.quantize(_SHOWN_DECIMALS, rounding=ROUND_HALF_EVEN)
        if amount == amount.to_integral_value():
            amount = amount.quantize(Decimal(1))
        else:
            amount = amount.normalize()
    except (ArithmeticError, ValueError):  # not a number, infinite, or beyond precision
        return "other"
    return str(_plural_rule(lang)(amount))


@functools.cache
def _plural_rule(lang: str) -> Callable[[Decimal], str]:
    return Locale.parse(locale_of(lang)).plural_form


def money(amount: Decimal, currency: str, lang: str) -> str:
    return format_currency(amount, currency, locale=locale_of(lang))


def number(value: float | Decimal, lang: str) -> str:
    return format_decimal(value, locale=locale_of(lang))


def file_size(size: int, t: Callable[..., str], lang: str) -> str:
    """`12,3 ko` / `12.3 kB`: sizes in kilo- or megabytes (powers of 1000)."""
    if size >= 1_000_000:
        return t("downloads.size_mb", value=format_decimal(round(size / 1_000_000, 1),
                                                          locale=locale_of(lang)))
    return t("downloads.size_kb", value=format_decimal(max(round(size / 1000, 1), 0.1),
                                                      locale=locale_of(lang)))


def long_date(value: dt.date, lang: str) -> str:
    return format_date(value, format="long", locale=locale_of(lang))
