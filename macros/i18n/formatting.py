"""Numbers, money and dates written the way each language writes them (Babel)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Final

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

LOCALES: Final = {"fr": "fr_BE", "nl": "nl_BE", "en": "en_GB"}


def locale_of(lang: str) -> str:
    return LOCALES.get(lang, LOCALES["fr"])


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
