"""Property-based tests: whatever a contributor writes, the loaders and validators answer
with problems (one line each), never with an exception."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sample import ALPHA_PLAN, make_content
from test_hostile_markdown import active_parts, render

from macros.check.svg_rules import svg_findings
from macros.content.repository import load_site
from macros.limits import Limits
from macros.load.bom_csv import BOM_COLUMNS

PURE = settings(max_examples=200, deadline=None, database=None)
"""For the functions that take one input and touch no file."""
EXAMPLES = settings(PURE, max_examples=100, suppress_health_check=[HealthCheck.too_slow])
"""For whole `load_site` runs (about 30 ms each on the trimmed repository)."""
YAML_CHARACTERS = st.sampled_from(list("ab:-[]{},'\"&*!|>#%@`?~\t\n \\<=.0123456789eé\x00\x85"))
SCALARS = (st.none() | st.booleans() | st.integers() | st.floats()
           | st.text(max_size=20) | st.dates(min_value=dt.date(1, 1, 1)))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=12), inner, max_size=4), max_leaves=20)
PLAN_FIELDS = list(yaml.safe_load(ALPHA_PLAN))


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample repository trimmed to what the examples change, so each run is quick;
    the examples restore every file they replace."""
    root = make_content(tmp_path_factory.mktemp("properties") / "repo")
    for document in ("conventions/convention-essai.md", "outils/outil-essai.md",
                     "lieux/atelier-complet.md", "lieux/atelier-textile.md"):
        (root / "kit" / document).unlink()
    vocabulary_path = root / "kit/vocabulary.yml"
    vocabulary = yaml.safe_load(vocabulary_path.read_text(encoding="utf-8"))
    used = {"tools": {"welder", "drill-press", "laser-cutter"}, "feedstock": {"paper", "cotton"},
            "skills": {"welding"}}
    trimmed = {category: {id_: labels for id_, labels in vocabulary[category].items()
                          if id_ in used[category]} for category in used}
    vocabulary_path.write_text(yaml.safe_dump(trimmed, allow_unicode=True), encoding="utf-8")
    assert load_site(root)[0] is not None
    return root


def _replaced(repo: Path, relative: str, data: str | bytes) -> Iterator[None]:
    path = repo / relative
    original = path.read_bytes()
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    try:
        yield
    finally:
        path.write_bytes(original)


def _assert_only_problems(repo: Path) -> None:
    site, problems = load_site(repo)
    assert isinstance(problems, list)
    for problem in problems:
        line = problem.format()
        assert "\n" not in line and "\r" not in line, line
        assert problem.line >= 1 and problem.path, line
    if site is None:
        assert any(p.severity.value == "error" for p in problems)


def _check_with(repo: Path, relative: str, data: str | bytes) -> None:
    for _ in _replaced(repo, relative, data):
        _assert_only_problems(repo)


@EXAMPLES
@given(st.text(YAML_CHARACTERS, max_size=200))
def test_any_plan_text(repo: Path, text: str) -> None:
    _check_with(repo, "plans/alpha-press/plan.yml", text)


@EXAMPLES
@given(st.binary(max_size=200))
def test_any_plan_bytes(repo: Path, data: bytes) -> None:
    _check_with(repo, "plans/alpha-press/plan.yml", data)


@EXAMPLES
@given(VALUES)
def test_any_plan_structure(repo: Path, value: Any) -> None:
    _check_with(repo, "plans/alpha-press/plan.yml", yaml.safe_dump(value, allow_unicode=True))


@EXAMPLES
@given(st.sampled_from(PLAN_FIELDS), VALUES)
def test_any_value_in_a_valid_plan(repo: Path, field: str, value: Any) -> None:
    data = yaml.safe_load(ALPHA_PLAN)
    data[field] = value
    _check_with(repo, "plans/alpha-press/plan.yml", yaml.safe_dump(data, allow_unicode=True))


@EXAMPLES
@given(st.dictionaries(st.sampled_from(["title", "type", "summary", "audience", "themes",
                                        "version", "licence", "updated", "machines", "skills",
                                        "website", "files", "allow_terms", "other"]),
                       VALUES, max_size=6),
       st.text(max_size=80))
def test_any_kit_front_matter(repo: Path, meta: dict[str, Any], body: str) -> None:
    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + body
    _check_with(repo, "kit/lieux/atelier-partiel.md", text)


@EXAMPLES
@given(st.text(YAML_CHARACTERS, max_size=120))
def test_any_kit_file_text(repo: Path, text: str) -> None:
    _check_with(repo, "kit/fiches/fiche-essai.md", "---\n" + text)


CELLS = st.text(st.sampled_from(list('ab1.-,"=+@\t\r\n e\x00')), max_size=8)


@EXAMPLES
@given(st.lists(st.lists(CELLS, min_size=0, max_size=8), max_size=6))
def test_any_bom_csv(repo: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(BOM_COLUMNS)
    writer.writerows(rows)
    _check_with(repo, "plans/beta-mould/bom.csv", buffer.getvalue())


@EXAMPLES
@given(st.text(st.sampled_from(list('ab1,"\n\r ')), max_size=120))
def test_any_bom_csv_text(repo: Path, text: str) -> None:
    _check_with(repo, "plans/beta-mould/bom.csv", text)


@EXAMPLES
@given(st.dictionaries(st.sampled_from(["tools", "feedstock", "skills", "other"]), VALUES,
                       max_size=4))
def test_any_vocabulary(repo: Path, value: dict[str, Any]) -> None:
    _check_with(repo, "kit/vocabulary.yml", yaml.safe_dump(value, allow_unicode=True))


SVG_PARTS = st.sampled_from([
    "<svg xmlns='http://www.w3.org/2000/svg'>", "</svg>", "<g>", "</g>", "<rect/>",
    "<use href='#a'/>", "<g id='a'>", "<!DOCTYPE svg>", "<!ENTITY a 'b'>", "&a;", "&#106;",
    " width='1e999mm'", " viewBox='0 0 -1 nan'", "<style>@import", "url(", "data:", ";base64,",
    "<image href='", "'/>", "<script>", "<?xml-stylesheet?>", "\x00", "é", "<", ">", "'",
])


@PURE
@given(st.lists(SVG_PARTS, max_size=20).map("".join) | st.binary(max_size=100))
def test_any_drawing_gives_findings_only(data: str | bytes) -> None:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    for finding in svg_findings(raw, Limits()):
        assert finding.line >= 1 and finding.message


MARKDOWN_PARTS = st.sampled_from([
    "<", ">", "script", "`", "```", "\n", "[a](", ")", "javascript", ":", "&#106;", "&", "{",
    "}", " onclick=", '"', "=", "<img src=x onerror=alert(1)>", "!!! note ", "    ", "#",
    "[r]: ", "java\tscript", "<https://ok>", "text ", "- ", "\\`", "| ", "~~~", "````",
    "\n\n", "> ", "```js\n", "{: ", "<!--", "&lt;",
])


@PURE
@given(st.lists(MARKDOWN_PARTS, max_size=30).map("".join))
def test_neutralised_markdown_never_renders_a_script(text: str) -> None:
    rendered = render(text)
    assert active_parts(rendered) == []
    assert "<script" not in rendered.lower()
