"""Missing translations are notes; translations made from an older original are warnings."""

from __future__ import annotations

from pathlib import Path

from macros.check.problem import Problem, Severity
from macros.load.yaml_lines import Located
from macros.model.site import KitEntry, PlanEntry
from macros.model.text import LANGUAGES
from macros.model.translation import State, kit_translation, plan_translation

LANGUAGE_NAMES = {"nl": "Dutch", "en": "English"}


def plan_problems(entry: PlanEntry, located: Located) -> list[Problem]:
    found = []
    plan = entry.plan
    for lang in LANGUAGES[1:]:
        name = LANGUAGE_NAMES[lang]
        status = plan_translation(entry, lang)
        loc = ("translations", lang)
        if status.state is State.MISSING:
            if lang in plan.translations:
                found.append(Problem(located.path, located.line_of(loc), f"translations.{lang}",
                                     f"set, but README.{lang}.md is missing; add the {name} "
                                     f"build guide or remove `translations.{lang}`",
                                     Severity.WARNING))
            else:
                found.append(Problem(located.path, 1, "translations",
                                     f"no {name} translation yet (README.{lang}.md); the "
                                     f"{name} page shows the French text with a notice",
                                     Severity.INFO))
        elif status.state is State.UNRECORDED:
            found.append(Problem(located.path, located.line_of(("translations",)),
                                 "translations",
                                 f"README.{lang}.md exists but plan.yml does not say which "
                                 f"version it translates; add `translations: {{{lang}: "
                                 f"{plan.version}}}` once it is up to date", Severity.WARNING))
        elif status.state is State.STALE:
            found.append(Problem(located.path, located.line_of(loc), f"translations.{lang}",
                                 f"the {name} translation was made from {status.made_from} but "
                                 f"the plan is now at {plan.version}; update README.{lang}.md "
                                 f"and the `{lang}` texts, then set `translations.{lang}: "
                                 f"{plan.version}`", Severity.WARNING))
    return found


def kit_problems(doc: KitEntry, display: str, siblings: dict[str, Located]) -> list[Problem]:
    found = []
    for lang in LANGUAGES[1:]:
        name = LANGUAGE_NAMES[lang]
        status = kit_translation(doc, lang)
        sibling = f"{Path(display).stem}.{lang}.md"
        if status.state is State.MISSING:
            found.append(Problem(display, 1, "translation",
                                 f"no {name} translation yet ({sibling}); the {name} page shows "
                                 "the French text with a notice", Severity.INFO))
            continue
        located = siblings[lang]
        line = located.line_of(("translated_from",))
        if status.state is State.UNRECORDED:
            wanted = (f"the original's version ({doc.meta.version})" if doc.meta.version
                      else f"the original's `updated` date ({status.original})"
                      if status.original else None)
            message = (f"must be {wanted}" if wanted else
                       "the original has neither `version` nor `updated`; add `updated: "
                       "YYYY-MM-DD` to it so translations can say what they were made from")
            found.append(Problem(located.path, line, "translated_from", message,
                                 Severity.WARNING))
        elif status.state is State.STALE:
            found.append(Problem(located.path, line, "translated_from",
                                 f"this {name} translation was made from {status.made_from} but "
                                 f"the French original is now at {status.original}; update the "
                                 f"translation, then set `translated_from: {status.original}`",
                                 Severity.WARNING))
    return found
