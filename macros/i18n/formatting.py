"""Numbers, money and dates written the way each language writes them (Babel)."""

from __future__ import annotations

import datetime as dt
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


def long_date(value: dt.date, lang: str) -> str:
    return format_date(value, format="long", locale=locale_of(lang))
