"""“Where to build it”: places ranked by what of a plan they have, probably have or lack,
and a next step on every plan page; places' machines and skills to confirm."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from buildsite import text_of
from sample import edit

from macros.content.repository import load_site
from macros.model.matching import places_for
from macros.model.site import Site
from macros.problems import Severity
from macros.render.catalog import plan_catalog
from macros.render.context import RenderContext
from macros.render.pages import kit_page_content
from macros.render.plan_page import where_to_build

PROJECT = Path(__file__).resolve().parent.parent
ALPHA = "plans/alpha-press/plan.yml"  # needs welder, drill-press; skill welding
PARTIAL = "kit/lieux/atelier-partiel.md"  # has a welder
TEXTILE = "kit/lieux/atelier-textile.md"  # has a sewing machine


def _site(repo: Path) -> Site:
    site, problems = load_site(repo)
    assert site is not None, [p.format() for p in problems]
    return site


def _where(site: Site, lang: str = "fr", plan: str = "alpha-press") -> str:
    return where_to_build(RenderContext(site, lang, f"plans/{plan}/"), site.plan(plan))


def _places(html: str) -> list[str]:
    """The places the section names, in its order."""
    return [text_of(name) for name in re.findall(r'<li><a href="[^"]*/lieux/[^"]*">(.*?)</a>',
                                                 html)]


def test_places_are_ranked_by_what_they_have_or_probably_have(repo: Path) -> None:
    # The textile workshop probably has both machines and the skill: a better first call
    # than the workshop sure to have one machine of the two.
    edit(repo, TEXTILE, "machines: [sewing-machine]\n", "machines: [sewing-machine]\n"
         "machines_to_confirm: [welder, drill-press]\nskills_to_confirm: [welding]\n")
    where = _where(_site(repo))
    assert _places(where) == ["Atelier Textile", "Atelier Complet", "Atelier Partiel"]
    textile = text_of(where.split("<li><a ")[1])
    assert "sur place : 0 sur 3 · à confirmer : 3" in textile
    assert ("Machines probables, à confirmer auprès du lieu : Poste à souder, "
            "Perceuse à colonne") in textile
    assert "Compétences probables, à confirmer auprès du lieu : Soudure" in textile
    partial = text_of(where.split("<li><a ")[3])
    assert "Machines sur place : Poste à souder" in partial
    assert "Pas dans l'annuaire pour ce lieu, à lui demander : Perceuse à colonne, Soudure" \
        in partial
    assert '<ol class="rk-where">' in where


def test_a_confirmed_need_outranks_a_probable_one(repo: Path) -> None:
    edit(repo, TEXTILE, "machines: [sewing-machine]\n",
         "machines: [sewing-machine]\nmachines_to_confirm: [welder]\n")
    ranked = places_for(_site(repo).plan("alpha-press"), _site(repo).places)
    assert [m.place.meta.title for m in ranked][1:] == ["Atelier Partiel", "Atelier Textile"]
    assert (ranked[1].confirmed, ranked[1].likely) == (1, 1)
    assert (ranked[2].confirmed, ranked[2].likely) == (0, 1)


def test_skills_count_like_machines(repo: Path) -> None:
    edit(repo, PARTIAL, "machines: [welder]\n", "machines: [welder]\nskills: [welding]\n")
    where = _where(_site(repo))
    partial = text_of(where.split("<li><a ")[2])
    assert "sur place : 2 sur 3" in partial
    assert "Compétences sur place : Soudure" in partial


def test_every_section_ends_with_a_next_step(repo: Path) -> None:
    where = _where(_site(repo))
    assert where.index("Prochaine étape : contactez les lieux ci-dessus") > where.index("</ol>")
    assert ('<a href="../../contribute/#place-machines">Voir comment l&#x27;ajouter à la page '
            'du lieu</a>') in where
    english = _where(_site(repo), "en")
    assert "Next step: contact the places above" in text_of(english)
    assert '<a href="../../en/contribute/#place-machines">' in english


def test_a_complete_place_is_the_one_to_book(repo: Path) -> None:
    where = text_of(_where(_site(repo), plan="beta-mould"))
    assert "Atelier Complet — toutes les machines et compétences nécessaires sont confirmées" \
        in where
    assert "Prochaine étape : contactez le premier lieu pour réserver ses machines" in where


def test_no_place_listing_a_need_still_names_the_places_to_ask(repo: Path) -> None:
    for name in ("atelier-complet", "atelier-partiel"):
        (repo / f"kit/lieux/{name}.md").unlink()
    where = _where(_site(repo))
    assert "Aucun lieu de l'annuaire ne liste encore ces machines ni ces compétences" \
        in text_of(where)
    assert _places(where) == ["Atelier Textile"]
    assert "#place-machines" in where


def test_a_plan_that_needs_nothing_can_be_built_anywhere(repo: Path) -> None:
    edit(repo, "plans/beta-mould/plan.yml", "tools: [laser-cutter]", "tools: []")
    where = _where(_site(repo), plan="beta-mould")
    assert "Ce plan ne demande ni machine ni compétence particulière" in text_of(where)
    assert _places(where) == ["Atelier Complet", "Atelier Partiel", "Atelier Textile"]


def test_place_page_shows_machines_to_confirm_apart(repo: Path) -> None:
    edit(repo, PARTIAL, "machines: [welder]\n", "machines: [welder]\n"
         "machines_to_confirm: [drill-press]\nskills_to_confirm: [welding]\n")
    site = _site(repo)
    doc = site.document("lieux/atelier-partiel")
    page = kit_page_content(RenderContext(site, "fr", "kit/lieux/atelier-partiel/"), doc).body
    machines = page.split("{ #machines }", 1)[1].split("## ", 1)[0]
    confirmed, probable = machines.split("Machines probables, à confirmer auprès du lieu")
    assert "Poste à souder" in confirmed and "Perceuse à colonne" not in confirmed
    assert "Perceuse à colonne" in probable
    assert "Ni le programme ni le lieu ne les ont encore confirmées" in probable
    assert "Soudure" in page.split("{ #skills }", 1)[1]
    plans = page.split("{ #plans }", 1)[1]
    assert "Aucun plan publié ne peut encore être entièrement construit ici." in plans
    assert "Plans réalisables ici si les machines à confirmer le sont :" in plans
    assert '<a href="../../../plans/alpha-press/">' in plans


@pytest.mark.parametrize(("front_matter", "expected"), [
    ("machines_to_confirm: [drill-pres]",
     "kit/lieux/atelier-partiel.md:6: machines_to_confirm[0]: unknown tools id `drill-pres`; "
     "did you mean `drill-press`? (known ids are in kit/vocabulary.yml)"),
    ("skills_to_confirm: [weld]",
     "kit/lieux/atelier-partiel.md:6: skills_to_confirm[0]: unknown skills id `weld`; "
     "did you mean `welding`? (known ids are in kit/vocabulary.yml)"),
    ("machines_to_confirm: [drill-press, welder]",
     "kit/lieux/atelier-partiel.md:6: machines_to_confirm[1]: `welder` is already in "
     "`machines`; keep it in `machines` if the place confirms it, otherwise only in "
     "`machines_to_confirm`"),
    ("skills: [sewing]\nskills_to_confirm:\n  - welding\n  - sewing",
     "kit/lieux/atelier-partiel.md:9: skills_to_confirm[1]: `sewing` is already in `skills`; "
     "keep it in `skills` if the place confirms it, otherwise only in `skills_to_confirm`"),
])
def test_to_confirm_lists_are_checked_like_machines(repo: Path, front_matter: str,
                                                    expected: str) -> None:
    edit(repo, PARTIAL, "machines: [welder]\n", f"machines: [welder]\n{front_matter}\n")
    site, problems = load_site(repo)
    assert site is None
    assert [p.format() for p in problems if p.severity is Severity.ERROR] == [expected]


def test_real_plans_never_end_at_a_dead_end() -> None:
    site, _ = load_site(PROJECT)
    assert site is not None
    for entry in site.plans:
        for lang in ("fr", "nl", "en"):
            where = where_to_build(RenderContext(site, lang, f"plans/{entry.id}/"), entry)
            assert 'class="rk-where-next"' in where, (entry.id, lang)
            assert "#place-machines" in where, (entry.id, lang)
            assert len(_places(where)) >= 1, (entry.id, lang)


def test_real_places_keep_what_is_to_confirm_apart_from_the_source() -> None:
    """Machines the programme names stay the only confirmed ones; what a place probably
    has is only ever to confirm, never in both lists."""
    site, _ = load_site(PROJECT)
    assert site is not None
    for place in site.places:
        meta = place.meta
        assert not set(meta.machines) & set(meta.machines_to_confirm), place.slug
        assert not set(meta.skills) & set(meta.skills_to_confirm), place.slug
    assert any(place.meta.machines_to_confirm for place in site.places)


def test_the_contribution_guide_has_the_section_the_pages_link() -> None:
    for name in ("contribute.md", "contribute.nl.md", "contribute.en.md"):
        text = (PROJECT / "docs" / name).read_text(encoding="utf-8")
        assert "{ #place-machines }" in text, name
        assert "machines_to_confirm" in text, name


def _cards(site: Site) -> dict[str, str]:
    """Each catalogue card's plan and the places it says it can be built at."""
    catalog = plan_catalog(RenderContext(site, "fr", "plans/"))
    cards = re.findall(r'<li( data-[^>]*)>.*?<h2><a href="([^/"]+)/"', catalog)
    return {plan: (re.findall(r'data-place="([^"]*)"', attributes) or [""])[0]
            for attributes, plan in cards}


def test_catalogue_says_where_each_plan_can_be_built_as_place_pages_do(repo: Path) -> None:
    """A plan is buildable at a place when each machine it needs is there or to confirm:
    what the place's page lists, in the order the plan's "where to build" ranks them."""
    edit(repo, PARTIAL, "machines: [welder]\n",
         "machines: [welder]\nmachines_to_confirm: [drill-press]\n")
    site = _site(repo)
    assert _cards(site) == {
        "alpha-press": "lieux/atelier-complet lieux/atelier-partiel",
        "beta-mould": "lieux/atelier-complet",
    }
    catalog = plan_catalog(RenderContext(site, "fr", "plans/"))
    options = re.findall(r'<option value="(lieux/[^"]*)">', catalog)
    assert options == ["lieux/atelier-complet", "lieux/atelier-partiel"]
    place = kit_page_content(RenderContext(site, "fr", "kit/lieux/atelier-partiel/"),
                             site.document("lieux/atelier-partiel")).body
    assert ('<a href="../../../plans/?place=lieux%2Fatelier-partiel">Voir les plans '
            'réalisables ici dans le catalogue</a>') in place
    textile = kit_page_content(RenderContext(site, "fr", "kit/lieux/atelier-textile/"),
                               site.document("lieux/atelier-textile")).body
    assert "?place=" not in textile  # no plan to show there
