"""Problems found in content: one line each, `path:line: field: message`.

Validation collects every problem of a run before reporting, so a contributor
fixes all of them in one pass instead of one per build.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from macros.i18n.catalogue import REPORT_LANGUAGE, Messages, Param, Text, as_text, text

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class Severity(enum.Enum):
    """How a problem affects the build: only errors refuse it."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, order=True)
class Problem:
    """One finding about one place in one content file.

    `key` and `params` are the message in the catalogue (`macros/i18n/messages/`), so it
    can be shown in any language; `message` is its English rendering.
    """

    path: str
    line: int
    field: str
    message: str
    severity: Severity = Severity.ERROR
    key: str = ""
    params: tuple[tuple[str, Param], ...] = ()

    def text(self) -> Text:
        return Text(self.key, self.params)

    def format(self, lang: str = REPORT_LANGUAGE) -> str:
        """The contract's line format in `lang`; warnings and notes say so after the field.

        Always one line: values quoted from a file (a key with a line break, an escape
        sequence) are shown escaped, so they can neither split a report nor drive the
        terminal or the CI log that prints it.
        """
        messages = Messages(lang)
        message = self.text().render(messages) if self.key else self.message
        path, field, message = (one_line(part) for part in (self.path, self.field or "-",
                                                               message))
        if self.severity is Severity.ERROR:
            return f"{path}:{self.line}: {field}: {message}"
        return (f"{path}:{self.line}: {field}: {messages(f'problem.{self.severity.value}')}: "
                f"{message}")


def problem(path: str, line: int, field: str, message: str | Text,
            severity: Severity = Severity.ERROR, /, **params: object) -> Problem:
    """A problem whose message is the catalogue key `message` with `params` (or a `Text`
    made already, e.g. carried by an exception)."""
    found = as_text(message, **params)
    return Problem(path, line, field, str(found), severity, found.key, found.params)


def one_line(text: str) -> str:
    """`a\nb` → `a\\nb`: control characters written as escapes."""
    return _CONTROL.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


def errors(problems: list[Problem]) -> list[Problem]:
    """The problems that refuse the content."""
    return [p for p in problems if p.severity is Severity.ERROR]


class ContentError(Exception):
    """Raised when content has errors; carries every problem, errors and others."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=_sort_key)
        lines = "\n".join(p.format() for p in self.problems if p.severity is Severity.ERROR)
        super().__init__(str(text("check.content_errors", count=len(errors(self.problems)),
                                  lines=lines)))


def _sort_key(problem: Problem) -> tuple[str, int, str]:
    return (problem.path, problem.line, problem.field)


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Stable report order: by file, then line, then field."""
    return sorted(problems, key=_sort_key)
