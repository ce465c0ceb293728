"""Did-you-mean suggestions for unknown names."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from macros.i18n.catalogue import Param, text


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The known name closest to `word`, if any is reasonably close."""
    options = list(candidates)
    folded = {option.casefold(): option for option in options}
    if word.casefold() in folded:
        return folded[word.casefold()]
    found = difflib.get_close_matches(word.casefold(), list(folded), n=1, cutoff=0.7)
    return folded[found[0]] if found else None


def did_you_mean(word: str, candidates: Iterable[str]) -> Param:
    """The fragment `; did you mean `x`?`, or an empty string."""
    match = closest(word, candidates)
    return text("check.did_you_mean", name=match) if match else ""
