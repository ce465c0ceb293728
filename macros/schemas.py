"""JSON Schemas of `plan.yml` and of kit front matter, generated from the typed models.

Editors that speak the YAML language server (VS Code, JetBrains IDEs, Neovim, Helix…)
read the `# yaml-language-server: $schema=…` line of a scaffolded file, then complete
field names and underline mistakes while the contributor types. The schemas are
generated from the same pydantic models `reproduce check` validates with, never copied
by hand, so an editor cannot accept what the check refuses on shape or type (rules
that span fields or files, like vocabulary ids, stay with `reproduce check`).

Run `python -m macros.schemas` to rewrite the copies committed under `schemas/`,
`python -m macros.schemas --check` to verify they match the model.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from macros.addresses import SCHEMA_FOLDER, schema_url
from macros.model.kit import KitDocument
from macros.model.plan import Plan

DIALECT = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True)
class SchemaSpec:
    name: str
    model: type[BaseModel]
    title: str
    description: str

    @property
    def url(self) -> str:
        return schema_url(self.name)


SCHEMAS: tuple[SchemaSpec, ...] = (
    SchemaSpec(
        "plan.schema.json", Plan, "ReProduce Kit machine plan",
        "plans/<id>/plan.yml: a machine plan of the ReProduce Kit (content contract, "
        "DESIGN.md §2). Vocabulary ids, paths and cross-field rules are checked by "
        "`reproduce check`.",
    ),
    SchemaSpec(
        "kit.schema.json", KitDocument, "ReProduce Kit toolkit document",
        "Front matter of a Markdown document under kit/ (fiche, convention, outil, lieu). "
        "Vocabulary ids and rules per type are checked by `reproduce check`.",
    ),
)


def json_schema(spec: SchemaSpec) -> dict[str, Any]:
    """The model's schema (pydantic emits draft 2020-12) with its identity first."""
    generated = spec.model.model_json_schema(mode="validation")
    generated.pop("title", None)
    generated.pop("description", None)
    return {"$schema": DIALECT, "$id": spec.url, "title": spec.title,
            "description": spec.description, **generated}


def schema_bytes(spec: SchemaSpec) -> bytes:
    return (json.dumps(json_schema(spec), indent=2, ensure_ascii=False) + "\n").encode()


def schema_files() -> dict[str, bytes]:
    """The schemas by their path in the published site (`schemas/plan.schema.json`…)."""
    return {f"{SCHEMA_FOLDER}/{spec.name}": schema_bytes(spec) for spec in SCHEMAS}


def stale_files(out_dir: Path) -> list[Path]:
    """Files under `out_dir` that differ from what the model generates."""
    return [out_dir / spec.name for spec in SCHEMAS
            if not (out_dir / spec.name).is_file()
            or (out_dir / spec.name).read_bytes() != schema_bytes(spec)]


def write_schemas(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = stale_files(out_dir)
    for spec in SCHEMAS:
        (out_dir / spec.name).write_bytes(schema_bytes(spec))
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.schemas",
                                     description="Write the JSON Schemas generated from the "
                                     "content model.")
    parser.add_argument("out_dir", nargs="?", type=Path, default=Path(SCHEMA_FOLDER),
                        help=f"where to write them (default: {SCHEMA_FOLDER}/)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if a file differs from the model")
    args = parser.parse_args(argv)
    if args.check:
        stale = stale_files(args.out_dir)
        for path in stale:
            print(f"{path.as_posix()}: out of date with the model; run `python -m "
                  f"macros.schemas {args.out_dir.as_posix()}`", file=sys.stderr)
        return 1 if stale else 0
    for path in write_schemas(args.out_dir):
        print(f"wrote {path.as_posix()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
