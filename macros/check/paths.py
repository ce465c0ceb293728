"""Paths declared in content: relative, inside their folder, present, portable.

Every path comes from an untrusted pull request. A path must never reach outside
its folder (no `..`, no absolute path, no symbolic link leading out), and its
name must unzip on every system, Windows included.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from macros.i18n.catalogue import MessageError, Text, text

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


class PathProblem(MessageError, ValueError):
    """A declared path that cannot be used; the message says how to fix it."""


def portable_name_problem(name: str) -> Text | None:
    """Why `name` (one path component) would break an archive somewhere, if it would."""
    if name.endswith((".", " ")):
        return text("check.name_trailing_dot", name=name)
    if name.split(".", 1)[0].casefold() in _WINDOWS_RESERVED:
        return text("check.name_reserved", name=name)
    if not name.isascii():
        return text("check.name_not_ascii", name=name)
    if not _SAFE_NAME.match(name):
        return text("check.name_characters", name=name)
    if ".." in name:
        return text("check.name_double_dot", name=name,
                    suggestion=re.sub(r"\.{2,}", ".", name))
    return None


def resolve_inside(folder: Path, declared: str, folder_label: Text) -> Path:
    """The real file `declared` names inside `folder`, or a PathProblem saying why not;
    `folder_label` names the folder in messages (`plan folder`)."""
    if not declared or declared.strip() != declared:
        raise PathProblem("check.path_spaces")
    if "\\" in declared:
        raise PathProblem("check.path_backslash", path=declared)
    pure = PurePosixPath(declared)
    if pure.is_absolute() or re.match(r"^[A-Za-z]:", declared):
        raise PathProblem("check.path_absolute", path=declared, folder=folder_label)
    if ".." in pure.parts:
        raise PathProblem("check.path_up", path=declared, folder=folder_label)
    if len(declared) > MAX_RELATIVE_PATH:
        raise PathProblem("check.path_too_long", length=len(declared),
                          limit=MAX_RELATIVE_PATH)
    for part in pure.parts:
        reason = portable_name_problem(part)
        if reason:
            raise PathProblem(reason)
    if pure.suffix.lower() in ACTIVE_SUFFIXES:
        raise PathProblem("check.path_active", path=declared)
    _check_exact_names(folder, pure, declared, folder_label)
    candidate = folder / pure
    base = folder.resolve()
    try:
        real = candidate.resolve(strict=True)
    except FileNotFoundError:
        raise PathProblem("check.path_missing", path=declared, folder=folder_label) from None
    except (OSError, RuntimeError):
        raise PathProblem("check.path_loop", path=declared) from None
    if not real.is_relative_to(base):
        raise PathProblem("check.path_link_out", path=declared, folder=folder_label)
    if not real.is_file():
        raise PathProblem("check.path_not_file", path=declared)
    return real


def _check_exact_names(folder: Path, pure: PurePosixPath, declared: str, label: Text) -> None:
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
            if match is None:
                raise PathProblem("check.path_missing", path=declared, folder=label)
            fixed = PurePosixPath(*pure.parts[:index], match, *pure.parts[index + 1:])
            raise PathProblem("check.path_case", path=declared, folder=label, fixed=fixed)
        current = current / part
