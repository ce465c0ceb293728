"""The JSON Schemas editors use: generated from the model, and agreeing with it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from sample import PROJECT

from macros.cli.scaffold import new_plan, new_sheet
from macros.content.repository import load_site
from macros.load.frontmatter import split_front_matter
from macros.load.yaml_lines import parse_yaml
from macros.problems import Severity
from macros.schemas import SCHEMA_FOLDER, SCHEMAS, json_schema, main, schema_files

SCHEMA_HEADER = "# yaml-language-server: $schema="


def _by_name(name: str) -> dict[str, Any]:
    return next(json_schema(spec) for spec in SCHEMAS if spec.name == name)


def _as_json(value: Any) -> Any:
    """YAML as an editor's language server sees it: dates are strings there."""
    if isinstance(value, dict):
        return {key: _as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_json(item) for item in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _schema_errors(name: str, data: Any) -> list[str]:
    validator = jsonschema.Draft202012Validator(_by_name(name),
                                                format_checker=jsonschema.FormatChecker())
    return [f"{'/'.join(map(str, e.path))}: {e.message}"
            for e in validator.iter_errors(_as_json(data))]


def _plan_data(path: Path) -> Any:
    return parse_yaml(path.read_text(encoding="utf-8"), str(path)).data


def _kit_data(path: Path) -> Any:
    return split_front_matter(path.read_text(encoding="utf-8"), str(path)).meta.data


def _kit_documents(root: Path) -> list[Path]:
    return sorted(p for p in (root / "kit").rglob("*.md")
                  if p.name.count(".") == 1)


def test_committed_schemas_match_the_model() -> None:
    """Drift test: regenerate and compare with the copies under schemas/."""
    for name, data in schema_files().items():
        committed = PROJECT / name
        assert committed.read_bytes() == data, (
            f"{name} is out of date with the model: run `python -m macros.schemas`")
    assert main([str(PROJECT / SCHEMA_FOLDER), "--check"]) == 0


@pytest.mark.parametrize("spec", SCHEMAS, ids=lambda spec: spec.name)
def test_schemas_are_draft_2020_12_with_a_published_id(spec: Any) -> None:
    schema = json_schema(spec)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == (
        f"https://reproduce-brussels.github.io/reproduce-kit/schemas/{spec.name}")
    assert schema["title"] and schema["description"]
    assert list(schema)[:4] == ["$schema", "$id", "title", "description"]


def test_check_writes_nothing_and_reports_stale_files(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path), "--check"]) == 1
    assert list(tmp_path.iterdir()) == []
    assert "plan.schema.json: out of date with the model" in capsys.readouterr().err
    assert main([str(tmp_path)]) == 0
    assert main([str(tmp_path), "--check"]) == 0


@pytest.mark.parametrize("path", sorted((PROJECT / "plans").glob("*/plan.yml")),
                         ids=lambda p: p.parent.name)
def test_every_plan_of_the_repository_validates(path: Path) -> None:
    assert _schema_errors("plan.schema.json", _plan_data(path)) == []


@pytest.mark.parametrize("path", _kit_documents(PROJECT),
                         ids=lambda p: p.relative_to(PROJECT / "kit").as_posix())
def test_every_kit_document_of_the_repository_validates(path: Path) -> None:
    assert _schema_errors("kit.schema.json", _kit_data(path)) == []


def test_sample_content_validates(repo: Path) -> None:
    for path in sorted((repo / "plans").glob("*/plan.yml")):
        assert _schema_errors("plan.schema.json", _plan_data(path)) == [], path
    for path in _kit_documents(repo):
        assert _schema_errors("kit.schema.json", _kit_data(path)) == [], path


def test_scaffolds_reference_the_schema_and_pass_both_checks(tmp_path: Path) -> None:
    repo = tmp_path
    (repo / "kit").mkdir()
    (repo / "kit" / "vocabulary.yml").write_bytes((PROJECT / "kit/vocabulary.yml").read_bytes())
    plan = new_plan(repo, "new-press")[0]
    sheets = [new_sheet(repo, kind, f"new-{kind}") for kind in
              ("fiche", "convention", "outil", "lieu")]
    first = plan.read_text(encoding="utf-8").splitlines()[0]
    assert first == SCHEMA_HEADER + _by_name("plan.schema.json")["$id"]
    assert _schema_errors("plan.schema.json", _plan_data(plan)) == []
    for sheet in sheets:
        lines = sheet.read_text(encoding="utf-8").splitlines()
        assert lines[:2] == ["---", SCHEMA_HEADER + _by_name("kit.schema.json")["$id"]]
        assert _schema_errors("kit.schema.json", _kit_data(sheet)) == [], sheet
    site, problems = load_site(repo)
    assert site is not None
    assert [p for p in problems if p.severity is not Severity.INFO] == []


@pytest.mark.parametrize(("name", "change", "where"), [
    ("plan.schema.json", {"status": "finished"}, "status"),
    ("plan.schema.json", {"difficulty": 6}, "difficulty"),
    ("plan.schema.json", {"version": "1.2"}, "version"),
    ("plan.schema.json", {"authors": []}, "authors"),
    ("plan.schema.json", {"title": {"nl": "Pers"}}, "title"),
    ("plan.schema.json", {"tools": ["Laser Cutter"]}, "tools/0"),
    ("plan.schema.json", {"colour": "red"}, ""),
    ("kit.schema.json", {"type": "guide"}, "type"),
    ("kit.schema.json", {"audience": ["everyone"]}, "audience/0"),
    ("kit.schema.json", {"website": "javascript:alert(1)"}, "website"),
])
def test_schema_and_model_refuse_the_same_mistakes(name: str, change: dict[str, Any],
                                                   where: str, repo: Path) -> None:
    """Editors underline what `reproduce check` refuses (shape and types)."""
    if name == "plan.schema.json":
        path = repo / "plans/alpha-press/plan.yml"
        data = {**_plan_data(path), **change}
    else:
        path = repo / "kit/fiches/fiche-essai.md"
        data = {**_kit_data(path), **change}
    errors = _schema_errors(name, data)
    assert errors and all(e.startswith(f"{where}:") for e in errors), errors
    spec = next(spec for spec in SCHEMAS if spec.name == name)
    with pytest.raises(ValueError):
        spec.model.model_validate(data)


def test_published_schema_is_plain_json() -> None:
    for data in schema_files().values():
        assert json.loads(data)["$schema"].startswith("https://json-schema.org/")
