"""Names that must stay distinct on every system: in a checkout and inside a bundle.

Linux tells `Frame.svg` from `frame.svg`; Windows and macOS do not, and unzipping
or checking out such a pair there silently keeps only one. Bundles also flatten
paths (`drawings/<stem>.svg`, `files/<role>/<name>`, as `bundle/layout.py` places
them), so two different files can claim one name. The first claim wins; every
later one that collides is a problem at its own line, naming the first.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from macros.i18n.catalogue import Param, Text, text
from macros.load.yaml_lines import Loc, Located, dotted
from macros.model.kit import KitDocument
from macros.model.plan import Plan
from macros.problems import Problem, problem


@dataclass(frozen=True)
class Claim:
    """A name taken by a declared file, and where the file was declared."""

    name: str
    source: str
    """The declared path: two claims from one file (the same attachment in two documents)
    are not a collision."""
    path: str
    line: int
    field: str


@dataclass
class Names:
    """One space of names (a plan's folder, a plan bundle, the kit bundle)."""

    place: Text
    """How messages call the space: `in the bundle`, `in the plan folder`."""
    claims: dict[str, Claim] = field(default_factory=dict)

    def claim(self, new: Claim) -> Problem | None:
        """Take `new.name`; a problem when another file already holds it (up to case)."""
        key = unicodedata.normalize("NFC", new.name).casefold()
        first = self.claims.setdefault(key, new)
        if first is new or first.source == new.source:
            return None
        where: Param = (text("check.name_line", line=first.line) if first.path == new.path
                        else f"{first.path}:{first.line}")
        if first.name == new.name:
            return problem(new.path, new.line, new.field, "check.name_taken", source=new.source,
                           name=new.name, place=self.place, first=first.source, where=where)
        return problem(new.path, new.line, new.field, "check.name_case", name=new.name,
                       first=first.name, where=where, place=self.place)


def drawing_member(declared: str) -> str:
    """Where a drawing lands in a bundle (mirrors `bundle.layout.drawing_name`)."""
    return f"drawings/{PurePosixPath(declared).stem}.svg"


def file_member(declared: str, role: str) -> str:
    """Where a declared file lands in a bundle (mirrors `bundle.layout.layout_of`)."""
    return f"files/{role}/{PurePosixPath(declared).name}"


def plan_name_problems(plan: Plan, located: Located) -> list[Problem]:
    """Declared files and drawings: distinct in the plan folder and in the bundle."""
    folder = Names(text("check.place.plan_folder"))
    bundle = Names(text("check.place.bundle"))
    found: list[Problem | None] = []

    def claim(loc: Loc, declared: str, member: str | None) -> None:
        where = (located.path, located.line_of(loc), dotted(loc))
        found.append(folder.claim(Claim(declared, declared, *where)))
        if member is not None:
            found.append(bundle.claim(Claim(member, declared, *where)))

    if isinstance(plan.bom.parts, str):
        claim(("bom", "parts"), plan.bom.parts, None)
    for index, declared in enumerate(plan.files):
        claim(("files", index, "path"), declared.path, file_member(declared.path, declared.role))
    for index, drawing in enumerate(plan.drawings):
        claim(("drawings", index, "path"), drawing.path, drawing_member(drawing.path))
    return [problem for problem in found if problem is not None]


def kit_claims(slug: str, doc: KitDocument, located: Located) -> list[Claim]:
    """The names a document and its attachments take in the kit bundle, where a
    folder's documents and attachments share one folder (`kit_bundle.kit_members`)."""
    prefix = slug.rsplit("/", 1)[0] + "/" if "/" in slug else ""
    found = [Claim(f"{slug}.md", f"kit/{slug}.md", located.path, 1, "")]
    for index, attachment in enumerate(doc.files):
        loc: Loc = ("files", index, "path")
        member = prefix + attachment.path
        found.append(Claim(member, f"kit/{member}", located.path, located.line_of(loc),
                           dotted(loc)))
    return found


def claim_all(names: Names, claims: list[Claim]) -> list[Problem]:
    """Take every name of `claims` in `names`: one problem per name already taken."""
    found = [names.claim(claim) for claim in claims]
    return [problem for problem in found if problem is not None]
