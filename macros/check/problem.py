"""Problems found in content: one line each, `path:line: field: message`.

Validation collects every problem of a run before reporting, so a contributor
fixes all of them in one pass instead of one per build.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class Severity(enum.Enum):
    """How a problem affects the build: only errors refuse it."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, order=True)
class Problem:
    """One finding about one place in one content file."""

    path: str
    line: int
    field: str
    message: str
    severity: Severity = Severity.ERROR

    def format(self) -> str:
        """The contract's line format; warnings and notes say so after the field.

        Always one line: values quoted from a file (a key with a line break, an escape
        sequence) are shown escaped, so they can neither split a report nor drive the
        terminal or the CI log that prints it.
        """
        path, field, message = (one_line(text) for text in (self.path, self.field or "-",
                                                               self.message))
        if self.severity is Severity.ERROR:
            return f"{path}:{self.line}: {field}: {message}"
        return f"{path}:{self.line}: {field}: {self.severity.value}: {message}"


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
        super().__init__(f"{len(errors(self.problems))} content error(s):\n{lines}")


def _sort_key(problem: Problem) -> tuple[str, int, str]:
    return (problem.path, problem.line, problem.field)


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Stable report order: by file, then line, then field."""
    return sorted(problems, key=_sort_key)
