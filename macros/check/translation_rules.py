"""Missing translations are notes; translations made from an older original are warnings."""

from __future__ import annotations

from pathlib import Path

from macros.i18n.catalogue import Text, text
from macros.load.yaml_lines import Located
from macros.model.site import KitEntry, PlanEntry
from macros.model.text import LANGUAGES
from macros.model.translation import State, kit_translation, plan_translation
from macros.problems import Problem, Severity, problem

LANGUAGE_NAMES = {"nl": "check.language.nl", "en": "check.language.en"}
"""The name of each translation's language, as messages write it."""


def plan_problems(entry: PlanEntry, located: Located) -> list[Problem]:
    found = []
    plan = entry.plan
    for lang in LANGUAGES[1:]:
        name = text(LANGUAGE_NAMES[lang])
        status = plan_translation(entry, lang)
        loc = ("translations", lang)
        if status.state is State.MISSING:
            if lang in plan.translations:
                found.append(problem(located.path, located.line_of(loc), f"translations.{lang}",
                                     "check.translation_guide_missing", Severity.WARNING,
                                     lang=lang, name=name))
            else:
                found.append(problem(located.path, 1, "translations",
                                     "check.translation_missing", Severity.INFO,
                                     name=name, file=f"README.{lang}.md"))
        elif status.state is State.UNRECORDED:
            found.append(problem(located.path, located.line_of(("translations",)),
                                 "translations", "check.translation_unrecorded",
                                 Severity.WARNING, lang=lang, version=plan.version))
        elif status.state is State.STALE:
            found.append(problem(located.path, located.line_of(loc), f"translations.{lang}",
                                 "check.translation_stale_plan", Severity.WARNING, name=name,
                                 lang=lang, made_from=status.made_from, version=plan.version))
    return found


def kit_problems(doc: KitEntry, display: str, siblings: dict[str, Located]) -> list[Problem]:
    found = []
    for lang in LANGUAGES[1:]:
        name = text(LANGUAGE_NAMES[lang])
        status = kit_translation(doc, lang)
        sibling = f"{Path(display).stem}.{lang}.md"
        if status.state is State.MISSING:
            found.append(problem(display, 1, "translation", "check.translation_missing",
                                 Severity.INFO, name=name, file=sibling))
            continue
        located = siblings[lang]
        line = located.line_of(("translated_from",))
        if status.state is State.UNRECORDED:
            wanted: Text = (
                text("check.translated_from_version", version=doc.meta.version)
                if doc.meta.version else
                text("check.translated_from_date", date=status.original) if status.original
                else text("check.translated_from_nothing"))
            found.append(problem(located.path, line, "translated_from", wanted,
                                 Severity.WARNING))
        elif status.state is State.STALE:
            found.append(problem(located.path, line, "translated_from",
                                 "check.translation_stale_kit", Severity.WARNING, name=name,
                                 made_from=status.made_from, original=status.original))
    return found
