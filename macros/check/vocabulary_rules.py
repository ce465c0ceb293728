"""Every id used by plans and places must exist in the vocabulary."""

from __future__ import annotations

from collections.abc import Sequence

from macros.load.yaml_lines import Located
from macros.model.vocabulary import Category, Vocabulary
from macros.problems import Problem, problem
from macros.suggest import did_you_mean

VOCABULARY_FILE = "kit/vocabulary.yml"


def unknown_ids(
    vocabulary: Vocabulary,
    category: Category,
    field: str,
    ids: Sequence[str],
    located: Located,
) -> list[Problem]:
    known = vocabulary.entries(category)
    found = []
    for index, id_ in enumerate(ids):
        if id_ and id_ not in known:
            found.append(problem(located.path, located.line_of((field, index)),
                                 f"{field}[{index}]", "check.unknown_id", category=category,
                                 id=id_, suggestion=did_you_mean(id_, known),
                                 file=VOCABULARY_FILE))
    return found


def unit_word_problems(vocabulary: Vocabulary, located: Located) -> list[Problem]:
    """A word (or id) of two units: a part's `unit` written so could be either."""
    owner: dict[str, str] = {}
    found = []
    for id_, unit in vocabulary.units.items():
        words = {id_, *unit.fr.words(), *unit.nl.words(), *unit.en.words()}
        for word in sorted(words, key=str.casefold):
            other = owner.setdefault(word.casefold(), id_)
            if other != id_:
                found.append(problem(located.path, located.line_of(("units", id_)),
                                     f"units.{id_}", "check.unit_word_twice", word=word,
                                     other=other, line=located.line_of(("units", other))))
    return found
