"""Reading a content file as text: UTF-8 only, byte-order mark and CRLF tolerated."""

from __future__ import annotations

from pathlib import Path

from macros.check.problem import Problem


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
        raise LoadFailure(
            Problem(
                display_path,
                line,
                "",
                f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); "
                "save it as UTF-8 in your editor",
            )
        ) from None
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: Path, display_path: str) -> str:
    """Read and decode one content file."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise LoadFailure(
            Problem(display_path, 1, "", f"cannot read the file: {exc.strerror}")
        ) from None
    return decode(raw, display_path)
