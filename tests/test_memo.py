"""Plans loaded and pages rendered once: remembered between builds, never stale."""

from __future__ import annotations

from pathlib import Path

from sample import edit, make_content

from macros.bundle.settings import PublishSettings
from macros.bundle.site_downloads import site_downloads
from macros.cache import ContentCache, Memo
from macros.content.repository import load_site
from macros.model.site import Site
from macros.stage.remembered import PageMemo
from macros.stage.tree import StagedTree, stage_tree


def _load(repo: Path, store: ContentCache) -> Site:
    site, problems = load_site(repo, memo=Memo(store))
    assert site is not None, problems
    return site


def _stage(repo: Path, site: Site, store: ContentCache) -> StagedTree:
    downloads = site_downloads(site, PublishSettings(), ContentCache(repo / "objects"))
    shared = ((repo / "kit/vocabulary.yml").read_bytes(), b"kit", b"settings")
    return stage_tree(site, repo / "docs", downloads, languages=("fr",),
                      remembered=PageMemo(Memo(store), shared))


def test_an_unchanged_plan_is_loaded_from_the_memo_and_is_the_same(tmp_path: Path) -> None:
    repo = make_content(tmp_path / "repo")
    fresh, _ = load_site(repo)
    first = _load(repo, ContentCache(tmp_path / "memo"))
    store = ContentCache(tmp_path / "memo")
    again = _load(repo, store)
    assert store.made["loaded-plan"] == 0 and store.reused["loaded-plan"] == len(again.plans)
    assert fresh is not None and again.plans == first.plans == fresh.plans


def test_an_edited_plan_is_loaded_again_and_only_that_one(tmp_path: Path) -> None:
    repo = make_content(tmp_path / "repo")
    _load(repo, ContentCache(tmp_path / "memo"))
    edit(repo, "plans/alpha-press/plan.yml", "en: Alpha press", "en: Alpha press, mark II")
    store = ContentCache(tmp_path / "memo")
    site = _load(repo, store)
    assert store.made["loaded-plan"] == 1
    alpha = next(entry for entry in site.plans if entry.id == "alpha-press")
    assert alpha.plan.title.get("en") == "Alpha press, mark II"


def test_an_edited_plan_with_an_error_is_refused_although_it_was_remembered(
        tmp_path: Path) -> None:
    repo = make_content(tmp_path / "repo")
    _load(repo, ContentCache(tmp_path / "memo"))
    edit(repo, "plans/alpha-press/plan.yml", "difficulty: 3", "difficulty: 9")
    site, problems = load_site(repo, memo=Memo(ContentCache(tmp_path / "memo")))
    assert site is None
    assert any(p.path == "plans/alpha-press/plan.yml" and p.field == "difficulty"
               for p in problems)


def test_a_damaged_memo_entry_is_made_again(tmp_path: Path) -> None:
    repo = make_content(tmp_path / "repo")
    _load(repo, ContentCache(tmp_path / "memo"))
    for stored in (tmp_path / "memo" / "loaded-plan").rglob("*"):
        if stored.is_file():
            stored.write_bytes(stored.read_bytes()[:20])  # a killed build, a full disk
    store = ContentCache(tmp_path / "memo")
    site = _load(repo, store)
    assert store.made["loaded-plan"] == len(site.plans) > 0


def test_pages_are_rendered_again_only_when_what_they_show_changes(tmp_path: Path) -> None:
    repo = make_content(tmp_path / "repo")
    memo = tmp_path / "memo"
    first = _stage(repo, _load(repo, ContentCache(memo)), ContentCache(memo))
    store = ContentCache(memo)
    again = _stage(repo, _load(repo, ContentCache(memo)), store)
    assert store.made["plan-page"] == 0 and again.pages == first.pages
    edit(repo, "plans/alpha-press/README.md", "Souder le cadre.", "Souder le cadre à plat.")
    store = ContentCache(memo)
    edited = _stage(repo, _load(repo, ContentCache(memo)), store)
    assert store.made["plan-page"] == 1
    assert "Souder le cadre à plat." in edited.pages["fr"]["plans/alpha-press/index.md"].body


def test_a_place_page_always_lists_the_plans_of_the_moment(tmp_path: Path) -> None:
    """A place's page shows which plans it can build: it depends on every plan."""
    repo = make_content(tmp_path / "repo")
    memo = tmp_path / "memo"
    before = _stage(repo, _load(repo, ContentCache(memo)), ContentCache(memo)
                    ).pages["fr"]["kit/lieux/atelier-partiel/index.md"].body
    assert "alpha-press" not in before.split('#plans }')[-1]
    edit(repo, "plans/alpha-press/plan.yml", "tools: [welder, drill-press]", "tools: [welder]")
    place = _stage(repo, _load(repo, ContentCache(memo)), ContentCache(memo)
                   ).pages["fr"]["kit/lieux/atelier-partiel/index.md"].body
    assert "alpha-press" in place.split('#plans }')[-1]
