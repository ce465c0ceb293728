"""Is a page's translation there, current, or made from an older original?

A translation records what it was made from — a plan's `translations: {nl: 1.2.0}`,
a kit sibling's `translated_from: 1.0.0` (or the original's `updated` date) — so
that when the French original moves on, readers and `reproduce check` are told.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from macros.model.common import version_key
from macros.model.site import KitEntry, PlanEntry
from macros.model.text import DEFAULT_LANGUAGE


class State(enum.Enum):
    ORIGINAL = "original"
    CURRENT = "current"
    STALE = "stale"
    UNRECORDED = "unrecorded"
    MISSING = "missing"


@dataclass(frozen=True)
class TranslationStatus:
    state: State
    made_from: str | None = None
    original: str | None = None


def plan_translation(entry: PlanEntry, lang: str) -> TranslationStatus:
    plan = entry.plan
    if lang == DEFAULT_LANGUAGE:
        return TranslationStatus(State.ORIGINAL)
    if lang not in entry.guides:
        return TranslationStatus(State.MISSING, original=plan.version)
    made_from = plan.translations.get(lang)  # type: ignore[call-overload]
    if made_from is None:
        return TranslationStatus(State.UNRECORDED, original=plan.version)
    state = State.STALE if version_key(made_from) < version_key(plan.version) else State.CURRENT
    return TranslationStatus(state, made_from, plan.version)


def kit_translation(doc: KitEntry, lang: str) -> TranslationStatus:
    if lang == DEFAULT_LANGUAGE:
        return TranslationStatus(State.ORIGINAL)
    found = doc.translations.get(lang)
    original = doc.meta.version or (doc.meta.updated.isoformat() if doc.meta.updated else None)
    if found is None:
        return TranslationStatus(State.MISSING, original=original)
    made_from = found.meta.translated_from
    if isinstance(made_from, str) and doc.meta.version:
        stale = version_key(made_from) < version_key(doc.meta.version)
    elif isinstance(made_from, dt.date) and doc.meta.updated:
        stale = made_from < doc.meta.updated
    else:
        return TranslationStatus(State.UNRECORDED, str(made_from), original)
    return TranslationStatus(State.STALE if stale else State.CURRENT, str(made_from), original)


def printed_language(status: TranslationStatus, lang: str, built: tuple[str, ...]) -> str:
    """The language whose page PDF a page in `lang` offers: its own, unless the page only
    stands in for a missing translation and the original's PDF is built too (then the
    two PDFs would show the same text)."""
    if status.state is State.MISSING and DEFAULT_LANGUAGE in built:
        return DEFAULT_LANGUAGE
    return lang


def page_printed_language(entry: PlanEntry | KitEntry, lang: str,
                          built: tuple[str, ...]) -> str:
    """`printed_language` of a plan or kit page."""
    status = (plan_translation(entry, lang) if isinstance(entry, PlanEntry)
              else kit_translation(entry, lang))
    return printed_language(status, lang, built)
