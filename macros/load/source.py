"""Reading a content file as text: UTF-8 only, byte-order mark and CRLF tolerated.

A file is never read past its size limit (`REPRODUCE_MAX_TEXT_KB`), so a huge file in a
pull request costs one refused read, not the memory of the build machine.
"""

from __future__ import annotations

from pathlib import Path

from macros.limits import current_limits
from macros.problems import Problem, problem


class LoadFailure(Exception):
    """A file could not be read or parsed; carries the one problem that says why."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(problem.format())


def decode(raw: bytes, display_path: str) -> str:
    """Decode UTF-8 (with or without BOM) and normalise line endings to `\\n`."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise LoadFailure(problem(display_path, line, "", "check.not_utf8",
                                  byte=f"{raw[exc.start]:02x}")) from None
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: Path, display_path: str, max_bytes: int | None = None) -> str:
    """Read and decode one content file of at most `max_bytes` (default: the text limit)."""
    limit = max_bytes if max_bytes is not None else current_limits().bytes("text_kb")
    try:
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as exc:
        raise LoadFailure(problem(display_path, 1, "", "check.cannot_read",
                                  reason=exc.strerror)) from None
    if len(raw) > limit:
        raise LoadFailure(problem(display_path, 1, "", "check.text_too_large",
                                  size=limit // 1000))
    return decode(raw, display_path)

