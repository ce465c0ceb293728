"""The programme's real content: complete, valid and true to the source document."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from macros.bundle.drawings import svg_to_png
from macros.content.repository import load_site
from macros.model.site import Site
from macros.problems import Severity

PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def content() -> tuple[Site, list[object]]:
    site, problems = load_site(PROJECT)
    assert site is not None, [p.format() for p in problems]
    return site, problems


def test_whole_content_passes_check_without_error_or_warning(
        content: tuple[Site, list[object]]) -> None:
    _site, problems = content
    assert [p.format() for p in problems if p.severity is not Severity.INFO] == []


def test_required_document_types_and_counts(content: tuple[Site, list[object]]) -> None:
    site, _ = content
    counts = Counter(doc.meta.type for doc in site.kit)
    assert counts["fiche"] >= 6
    assert counts["convention"] >= 5  # three agreements, the de minimis statement, the checklist
    assert counts["outil"] >= 5  # two financial tools, the selection grid, in kind, indicators
    assert counts["lieu"] >= 5
    assert len(site.plans) >= 4


def test_each_outil_attaches_a_spreadsheet(content: tuple[Site, list[object]]) -> None:
    site, _ = content
    for doc in site.kit:
        if doc.meta.type == "outil":
            assert any(a.path.endswith((".csv", ".ods")) for a in doc.meta.files), doc.slug


def test_conventions_list_their_blanks_at_the_top(content: tuple[Site, list[object]]) -> None:
    site, _ = content
    for doc in site.kit:
        if doc.meta.type == "convention":
            assert "## Champs à compléter" in doc.body, doc.slug
            assert "[À COMPLÉTER" in doc.body, doc.slug


PLACES = {
    "Green Fabric": {"hollander-beater", "textile-shredder", "blender", "laser-cutter"},
    "MicroFactory": {"laser-cutter"},
    "cityfab 1": {"blender", "laser-cutter"},
    "cityfab 2": {"laser-cutter"},
    "cityfab 3": {"laser-cutter"},
}


def test_places_have_exactly_the_machines_the_source_names(
        content: tuple[Site, list[object]]) -> None:
    site, _ = content
    machines = {place.meta.title: set(place.meta.machines) for place in site.places}
    assert machines == PLACES


def test_every_machine_and_tool_id_is_in_the_vocabulary(
        content: tuple[Site, list[object]]) -> None:
    site, _ = content
    tools = site.vocabulary.entries("tools")
    for place in site.places:
        assert set(place.meta.machines) <= set(tools)
    for entry in site.plans:
        assert set(entry.plan.tools) <= set(tools), entry.id


REQUIRED_PLANS = {"hollander-beater", "textile-shredder", "papermaking-mould", "paper-press"}


def test_the_four_chain_plans_exist_with_honest_status(content: tuple[Site, list[object]]) -> None:
    site, _ = content
    plans = {entry.id: entry for entry in site.plans}
    assert set(plans) >= REQUIRED_PLANS
    for plan_id in REQUIRED_PLANS:
        entry = plans[plan_id]
        assert entry.plan.status in ("concept", "prototype")
        assert entry.plan.drawings, plan_id
        assert len(entry.parts) >= 5, plan_id
        assert entry.plan.bom.priced_on is not None
        assert "1." in entry.guides["fr"], plan_id  # numbered build steps


def test_machine_hazards_are_structured(content: tuple[Site, list[object]]) -> None:
    site, _ = content
    for plan_id in ("hollander-beater", "textile-shredder"):
        safety = site.plan(plan_id).plan.safety
        assert safety.risk == "high"
        assert len(safety.hazards) >= 2 and safety.ppe


@pytest.mark.parametrize("plan_id", sorted(REQUIRED_PLANS))
def test_each_plan_drawing_renders_with_real_millimetres(
        content: tuple[Site, list[object]], plan_id: str) -> None:
    site, _ = content
    entry = site.plan(plan_id)
    for drawing in entry.plan.drawings:
        svg = (entry.folder / drawing.path).read_bytes()
        assert b'mm"' in svg.split(b">", 2)[1] or b'mm"' in svg[:400]
        assert svg_to_png(svg, 300).startswith(b"\x89PNG")


def test_home_page_credits_funders_and_partners() -> None:
    home = (PROJECT / "docs/index.md").read_text(encoding="utf-8")
    for name in ("citydev.brussels", "GreenFabric", "MicroFactory", "FEDER",
                 "Région de Bruxelles-Capitale"):
        assert name in home, name
