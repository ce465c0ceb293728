"""A BOM quantity's unit in the reader's language, agreeing with the quantity.

"100 pièce" reads wrong in every language: a unit of the vocabulary (`kit/vocabulary.yml`,
`units`) is written with the plural form the language's rules give for the quantity as
it is shown ("1,5 pièce", "1.5 pieces"); a unit of free text (`m²`, `boîte de 1 000`)
stays as its author wrote it, in French.
"""

from __future__ import annotations

from dataclasses import dataclass

from macros.i18n.formatting import plural_category
from macros.model.vocabulary import Vocabulary


@dataclass(frozen=True)
class UnitText:
    """The unit as shown: `text`, and whether it is the vocabulary's word in the reader's
    language (`translated`) or the author's own French."""

    text: str
    translated: bool


def unit_text(vocabulary: Vocabulary, qty: float, unit: str, lang: str) -> UnitText:
    found = vocabulary.unit_of(unit)
    if found is None:
        return UnitText(unit, False)
    word = found.unit.forms(lang).form(plural_category(qty, lang))
    return UnitText(f"{word} {found.size}" if found.size else word, True)
