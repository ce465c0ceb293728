"""A machine plan as declared in `plans/<id>/plan.yml`."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag

from macros.model.common import DEFAULT_DOCUMENTATION_LICENCE, Id, NonEmpty, SemVer
from macros.model.text import Text

Status = Literal["concept", "prototype", "tested", "validated"]
STATUSES: tuple[Status, ...] = ("concept", "prototype", "tested", "validated")
Risk = Literal["low", "medium", "high"]
RISKS: tuple[Risk, ...] = ("low", "medium", "high")
FileRole = Literal["source", "export", "auxiliary"]
FILE_ROLES: tuple[FileRole, ...] = ("source", "export", "auxiliary")

Positive = Annotated[float, Field(gt=0)]
NonNegative = Annotated[float, Field(ge=0)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Part(_Strict):
    """One line of the bill of materials."""

    ref: NonEmpty | None = Field(default=None, description="Reference, unique in the plan.")
    name: Text = Field(description="What the part is.")
    qty: Positive = Field(description="Quantity, > 0.")
    unit: NonEmpty | None = Field(default=None, description="Unit of the quantity (m, kg…).")
    unit_price: NonNegative | None = Field(
        default=None, description="Price of one unit in the BOM currency; absent if unknown."
    )
    supplier: NonEmpty | None = Field(default=None, description="Where to buy it new.")
    reuse: Text | None = Field(
        default=None, description="Where to find it second-hand or from scrap."
    )
    assembly: Id | None = Field(
        default=None, description="The sub-assembly it belongs to: the `id` of one of "
        "`bom.assemblies`.")


def _parts_kind(value: object) -> str:
    return "parts-csv" if isinstance(value, str) else "parts-list"


PartsOrCsv = Annotated[
    Annotated[list[Part], Tag("parts-list")] | Annotated[NonEmpty, Tag("parts-csv")],
    Discriminator(_parts_kind),
]
"""A list of parts, or the path of a CSV file of parts."""


class Assembly(_Strict):
    """A sub-assembly of the machine (tub, roll, frame, electrics…): the parts that name
    it are listed together, with their subtotal."""

    id: Id = Field(description="What a part's `assembly` names (`frame`).")
    name: Text = Field(description="Its name on the page and in the BOM file.")


class Bom(_Strict):
    """Bill of materials with the currency and the date prices were noted."""

    currency: str = Field(default="EUR", description="ISO 4217 code.")
    priced_on: dt.date | None = Field(default=None, description="Date the prices were noted.")
    note: Text | None = Field(default=None, description="A note shown under the BOM table.")
    assemblies: list[Assembly] = Field(
        default_factory=list,
        description="The machine's sub-assemblies, in the order the BOM lists them; each "
        "part may name one in `assembly`.")
    parts: PartsOrCsv = Field(
        description="The parts, or the path of a CSV file in the plan folder with the "
        "header ref,name,qty,unit,unit_price,supplier,reuse (and, optionally, assembly)."
    )


class Safety(_Strict):
    """Structured safety data shown before the build steps."""

    risk: Risk
    hazards: list[Text] = Field(default_factory=list)
    ppe: list[Text] = Field(default_factory=list, description="Protective equipment.")


class Dimensions(_Strict):
    width: Positive
    depth: Positive
    height: Positive


class PlanFile(_Strict):
    path: NonEmpty = Field(description="Relative to the plan folder.")
    role: FileRole


class Drawing(_Strict):
    path: Annotated[str, Field(pattern=r"\.svg$")] = Field(
        description="An SVG file relative to the plan folder."
    )
    title: Text


class Change(_Strict):
    version: SemVer
    date: dt.date
    changes: Text


class Plan(_Strict):
    """Everything `plan.yml` declares about one machine plan."""

    title: Text
    summary: Text
    version: SemVer
    status: Status
    licence: NonEmpty = Field(description="SPDX identifier of the hardware licence.")
    documentation_licence: NonEmpty = DEFAULT_DOCUMENTATION_LICENCE
    authors: list[NonEmpty] = Field(min_length=1)
    difficulty: int = Field(ge=1, le=5, description="1: hand tools only … 5: industrial.")
    build_time_hours: Positive | None = None
    feedstock: list[Id] = Field(default_factory=list)
    output: Text | None = None
    throughput_kg_per_hour: Positive | None = None
    power_w: NonNegative | None = None
    dimensions_mm: Dimensions | None = None
    mass_kg: Positive | None = None
    tools: list[Id] = Field(description="Machines needed to build it (may be empty).")
    skills: list[Id] = Field(default_factory=list)
    safety: Safety
    bom: Bom
    files: list[PlanFile] = Field(default_factory=list)
    drawings: list[Drawing] = Field(default_factory=list)
    changelog: list[Change] = Field(min_length=1, description="Newest first.")
    allow_terms: list[NonEmpty] = Field(
        default_factory=list, description="Terms the terminology check accepts here.")
    translations: dict[Literal["nl", "en"], SemVer] = Field(
        default_factory=dict,
        description="For each translation (README.<lang>.md and the <lang> texts), the plan "
        "version it was made from; an older version marks the translation as out of date.")
