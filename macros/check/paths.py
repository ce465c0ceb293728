"""Paths declared in content: relative, inside their folder, present, portable.

Every path comes from an untrusted pull request. A path must never reach outside
its folder (no `..`, no absolute path, no symbolic link leading out), and its
name must unzip on every system, Windows included.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{i}" for i in range(1, 10)}
    | {f"lpt{i}" for i in range(1, 10)}
)
MAX_RELATIVE_PATH = 120
"""Bundles nest paths under `<id>-<version>/files/<role>/`; this keeps them short."""


ACTIVE_SUFFIXES = frozenset({
    ".html", ".htm", ".xhtml", ".xht", ".shtml", ".mht", ".mhtml", ".xml", ".xsl", ".xslt",
    ".js", ".mjs", ".swf", ".svgz",
})
"""Files a browser would run as a page of the site's origin if published as they are."""


class PathProblem(ValueError):
    """A declared path that cannot be used; the message says how to fix it."""


def portable_name_problem(name: str) -> str | None:
    """Why `name` (one path component) would break an archive somewhere, if it would."""
    if name.endswith((".", " ")):
        return f"`{name}` ends with a dot or a space, which Windows cannot store; rename it"
    if name.split(".", 1)[0].casefold() in _WINDOWS_RESERVED:
        return f"`{name}` is a reserved name on Windows; rename it"
    if not name.isascii():
        return (
            f"`{name}` has non-ASCII characters: macOS writes accented letters decomposed "
            "(NFD) and other systems composed (NFC), so the name may not match after a "
            "checkout or an unzip; use only ASCII letters, digits, `.`, `_` and `-`"
        )
    if not _SAFE_NAME.match(name):
        return (
            f"`{name}` has characters that do not travel well between systems; "
            "use only letters, digits, `.`, `_` and `-`"
        )
    return None


def resolve_inside(folder: Path, declared: str, folder_label: str) -> Path:
    """The real file `declared` names inside `folder`, or a PathProblem saying why not."""
    if not declared or declared.strip() != declared:
        raise PathProblem("the path is empty or has leading or trailing spaces")
    if "\\" in declared:
        raise PathProblem(f"`{declared}` uses `\\`; separate folders with `/`")
    pure = PurePosixPath(declared)
    if pure.is_absolute() or re.match(r"^[A-Za-z]:", declared):
        raise PathProblem(
            f"`{declared}` is absolute; give a path relative to the {folder_label}"
        )
    if ".." in pure.parts:
        raise PathProblem(f"`{declared}` goes up with `..`; it must stay inside the "
                          f"{folder_label}")
    if len(declared) > MAX_RELATIVE_PATH:
        raise PathProblem(
            f"the path is {len(declared)} characters long; keep it under "
            f"{MAX_RELATIVE_PATH} so that archives unzip on Windows"
        )
    for part in pure.parts:
        reason = portable_name_problem(part)
        if reason:
            raise PathProblem(reason)
    if pure.suffix.lower() in ACTIVE_SUFFIXES:
        raise PathProblem(
            f"`{declared}` would be served as a web page of the site, where it could run "
            "scripts; publish it inside a .zip, or as .txt"
        )
    _check_exact_names(folder, pure, declared, folder_label)
    candidate = folder / pure
    base = folder.resolve()
    try:
        real = candidate.resolve(strict=True)
    except FileNotFoundError:
        raise PathProblem(f"`{declared}` does not exist in the {folder_label}") from None
    except (OSError, RuntimeError):
        raise PathProblem(f"`{declared}` cannot be resolved (a symbolic-link loop?)") from None
    if not real.is_relative_to(base):
        raise PathProblem(
            f"`{declared}` is a symbolic link that leads outside the {folder_label}; "
            "copy the file in instead"
        )
    if not real.is_file():
        raise PathProblem(f"`{declared}` is not a file")
    return real


def _check_exact_names(folder: Path, pure: PurePosixPath, declared: str, label: str) -> None:
    """Each part of the path exists with exactly this case: the web server and Linux tell
    `Frame.svg` from `frame.svg` even where the contributor's system does not."""
    current = folder
    for index, part in enumerate(pure.parts):
        try:
            names = [entry.name for entry in current.iterdir()]
        except OSError:
            names = []
        if part not in names:
            match = next((name for name in names if name.casefold() == part.casefold()), None)
            hint = ""
            if match is not None:
                fixed = PurePosixPath(*pure.parts[:index], match, *pure.parts[index + 1:])
                hint = f"; did you mean `{fixed}`? Names are case-sensitive on the web server"
            raise PathProblem(f"`{declared}` does not exist in the {label}{hint}")
        current = current / part
