"""Terminology rules: words the programme must not use, with what to say instead.

The seed's FEDER rule is the first one: the support programme is never called a
"formation". Rules live in `kit/terminology.yml`; a text may keep a listed term
when its front matter says so (`allow_terms: [formation]`), e.g. for FabricAdemy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from macros.i18n.catalogue import text
from macros.load.markdown import lines_with_fences
from macros.model.text import Language
from macros.problems import Problem, Severity, problem

TERMINOLOGY_FILE = "kit/terminology.yml"


class TerminologyRule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    term: str = Field(min_length=1)
    lang: Language
    suggest: list[str] = Field(min_length=1)
    reason: str = ""


class TerminologyRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    rules: list[TerminologyRule] = Field(default_factory=list)


@dataclass(frozen=True)
class TextToCheck:
    """A text in one language, where it starts in its file, and its allowlist."""

    path: str
    lang: str
    text: str
    first_line: int = 1
    allowed: frozenset[str] = frozenset()


def _pattern(term: str) -> re.Pattern[str]:
    # Whole words only, with an optional plural: "transformation" is not "formation".
    return re.compile(rf"(?<!\w){re.escape(term)}(s|en)?(?!\w)", re.IGNORECASE)


def terminology_problems(rules: TerminologyRules, item: TextToCheck) -> list[Problem]:
    active = [r for r in rules.rules
              if r.lang == item.lang and r.term.casefold() not in
              {a.casefold() for a in item.allowed}]
    if not active:
        return []
    patterns = [(rule, _pattern(rule.term)) for rule in active]
    found = []
    for offset, (line, is_code) in enumerate(lines_with_fences(item.text)):
        if is_code:
            continue
        for rule, pattern in patterns:
            hit = pattern.search(line)
            if hit:
                found.append(problem(
                    item.path, item.first_line + offset, "terminology", "check.terminology",
                    Severity.WARNING, found=hit.group(0), term=rule.term,
                    suggestions=", ".join(f"« {s} »" for s in rule.suggest),
                    reason=text("check.terminology_reason", reason=rule.reason)
                    if rule.reason else ""))
    return found
