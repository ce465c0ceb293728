"""Starting points for new content that pass `reproduce check` as they are."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path
from string import Template

from macros.i18n.catalogue import MessageError, as_text
from macros.model.common import ID_RE
from macros.model.kit import KIT_TYPES

KIT_FOLDERS = {"fiche": "fiches", "convention": "conventions", "outil": "outils",
               "lieu": "lieux"}
_EXTRA = {
    "fiche": "",
    "convention": "version: 0.1.0",
    "outil": "version: 0.1.0",
    "lieu": "machines: [laser-cutter]   # replace with the machines the place confirms\n"
            "machines_to_confirm: []      # machines it probably has, not confirmed yet",
}


class ScaffoldError(MessageError):
    """The requested content cannot be created; the message says why."""


def _template(name: str) -> Template:
    return Template(resources.files("macros.cli.scaffold").joinpath(name).read_text("utf-8"))


def _title_of(name: str) -> str:
    return name.replace("-", " ").capitalize()


def _check_name(name: str, what: str) -> None:
    """`what` is the catalogue key that names what `name` is for (`plan id`)."""
    if not ID_RE.match(name):
        raise ScaffoldError("cli.new.invalid_name", name=name, what=as_text(what))


def new_plan(root: Path, plan_id: str, today: dt.date | None = None) -> list[Path]:
    """Create `plans/<id>/` with plan.yml, README.md and a drawing; never overwrite."""
    _check_name(plan_id, "cli.new.plan_id")
    folder = root / "plans" / plan_id
    if folder.exists():
        raise ScaffoldError("cli.new.plan_exists", path=f"plans/{plan_id}")
    values = {"id": plan_id, "title": _title_of(plan_id),
              "today": (today or dt.date.today()).isoformat()}
    files = {
        folder / "plan.yml": _template("plan.yml.tmpl").substitute(values),
        folder / "README.md": _template("README.md.tmpl").substitute(values),
        folder / "drawings" / "overview.svg": _template("overview.svg.tmpl").substitute(values),
    }
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(files)


def new_sheet(root: Path, kit_type: str, name: str, today: dt.date | None = None) -> Path:
    """Create `kit/<type folder>/<name>.md`; never overwrite."""
    if kit_type not in KIT_TYPES:
        raise ScaffoldError("cli.new.kit_type", type=kit_type, types=", ".join(KIT_TYPES))
    _check_name(name, "cli.new.document_name")
    path = root / "kit" / KIT_FOLDERS[kit_type] / f"{name}.md"
    if path.exists():
        raise ScaffoldError("cli.new.document_exists", path=path.relative_to(root).as_posix())
    text = _template("sheet.md.tmpl").substitute(
        title=_title_of(name), type=kit_type, extra=_EXTRA[kit_type],
        today=(today or dt.date.today()).isoformat(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
