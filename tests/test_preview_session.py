"""The preview server's memory: a rebuild after one edit reads only what changed, and
never shows a stale page, plan or check."""

from __future__ import annotations

import os
import time
from pathlib import Path

from sample import edit, make_content

from macros.bundle.settings import PublishSettings
from macros.bundle.site_downloads import site_downloads
from macros.cache import ContentCache, Memo
from macros.content.repository import load_site
from macros.limits import Limits
from macros.model.site import Site
from macros.problems import Problem
from macros.session_cache import Changes, SessionCache
from macros.stage.remembered import PageMemo
from macros.stage.tree import StagedTree, stage_tree

PLAN_GUIDE = "plans/alpha-press/README.md"


def _settle(root: Path) -> None:
    """Date every file a minute back, as files are between two edits of a contributor."""
    past = time.time() - 60
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, (past, past))


class _Preview:
    """What the plugin does at each rebuild of `mkdocs serve`, with one session."""

    def __init__(self, repo: Path, limits: Limits | None = None) -> None:
        self.repo, self.limits = repo, limits
        self.session = SessionCache()
        self.store = ContentCache(repo / ".cache")
        self.changes: Changes | None = None
        """What a file watcher reports, once `watch` is called (as `mkdocs serve` does
        after its first build)."""

    def watch(self) -> Changes:
        self.changes = Changes(str(self.repo / name) for name in ("plans", "kit", "docs"))
        return self.changes

    def load(self) -> tuple[Site | None, list[Problem]]:
        self.session.begin_build(self.changes.take() if self.changes else None)
        self.memo = Memo(self.store, self.session)
        return load_site(self.repo, limits=self.limits, memo=self.memo)

    def stage(self) -> StagedTree:
        site, problems = self.load()
        assert site is not None, problems
        memo = self.memo
        shared = ((self.repo / "kit/vocabulary.yml").read_bytes(), b"settings")
        downloads = site_downloads(site, PublishSettings(), self.store, memo=memo,
                                   shared=shared)
        return stage_tree(site, self.repo / "docs", downloads, languages=("fr",),
                          remembered=PageMemo(memo, shared))


def _break_a_plan(repo: Path) -> None:
    edit(repo, "plans/alpha-press/plan.yml", "difficulty: 3", "difficulty: 9")


def _assert_the_plan_is_refused(site: Site | None, problems: list[Problem]) -> None:
    assert site is None
    assert any(p.path == "plans/alpha-press/plan.yml" and p.field == "difficulty"
               for p in problems)


def test_a_rebuild_after_one_edit_reads_only_the_edited_file(tmp_path: Path) -> None:
    repo = make_content(tmp_path / "repo")
    _settle(repo)
    preview = _Preview(repo)
    first = preview.stage()
    assert preview.session.hashed > 5
    preview.stage()
    assert preview.session.hashed == 0
    edit(repo, PLAN_GUIDE, "Souder le cadre.", "Souder le cadre à plat.")
    edited = preview.stage()
    assert preview.session.hashed == 1
    page = edited.pages["fr"]["plans/alpha-press/index.md"]
    assert "Souder le cadre à plat." in page.body
    untouched = "plans/beta-mould/index.md"
    assert edited.pages["fr"][untouched] is first.pages["fr"][untouched]


def test_the_downloads_of_an_edited_plan_are_made_again(tmp_path: Path) -> None:
    repo = make_content(tmp_path / "repo")
    _settle(repo)
    preview = _Preview(repo)
    site, _ = preview.load()
    assert site is not None
    before = preview.stage().pages["fr"]["plans/alpha-press/index.md"].body
    edit(repo, PLAN_GUIDE, "Souder le cadre.", "Souder le cadre à plat.")
    after = preview.stage().pages["fr"]["plans/alpha-press/index.md"].body
    checksums = [line for line in after.splitlines() if "SHA-256" in line]
    assert checksums and all(line not in before for line in checksums)


def test_an_edit_that_breaks_a_plan_is_reported_at_once(tmp_path: Path) -> None:
    repo = make_content(tmp_path / "repo")
    _settle(repo)
    preview = _Preview(repo)
    preview.stage()
    _break_a_plan(repo)
    _assert_the_plan_is_refused(*preview.load())


def test_an_attachment_that_grew_too_big_is_refused_though_its_document_did_not_change(
        tmp_path: Path) -> None:
    repo = make_content(tmp_path / "repo")
    _settle(repo)
    preview = _Preview(repo, Limits(file_mb=0.001))
    site, problems = preview.load()
    assert site is not None, problems
    (repo / "kit/outils/suivi.csv").write_text("poste,montant\n" + "matériaux,500\n" * 200,
                                                encoding="utf-8")
    site, problems = preview.load()
    assert site is None
    assert any(p.path == "kit/outils/outil-essai.md" and p.field == "files[0].path"
               for p in problems), [p.format("en") for p in problems]


def test_a_file_changed_in_the_same_clock_tick_is_never_taken_for_unchanged(
        tmp_path: Path) -> None:
    """A file written moments ago may be written again without its times changing:
    its digest is not kept until it has settled."""
    path = tmp_path / "guide.md"
    path.write_text("first", encoding="utf-8")
    session = SessionCache()
    first = session.file_digest(path)
    path.write_text("other", encoding="utf-8")  # same size, maybe the same mtime tick
    assert session.file_digest(path) != first
    assert session.hashed == 2


def test_a_settled_file_is_read_once_and_read_again_when_it_changes(tmp_path: Path) -> None:
    path = tmp_path / "guide.md"
    path.write_text("first", encoding="utf-8")
    past = time.time() - 60
    os.utime(path, (past, past))
    session = SessionCache()
    first = session.file_digest(path)
    assert session.file_digest(path) == first and session.hashed == 1
    path.write_text("other", encoding="utf-8")
    os.utime(path, (past, past))  # same size, same mtime: the change time still moves
    assert session.file_digest(path) != first


def test_results_the_last_rebuild_did_not_use_are_forgotten() -> None:
    session = SessionCache()
    session.begin_build()
    session.put("old", 1)
    session.put("kept", 2)
    session.begin_build()
    assert session.get("kept") == 2
    session.begin_build()
    assert session.get("old") is None and session.get("kept") == 2


def test_with_a_watcher_a_rebuild_looks_only_at_what_it_reported(tmp_path: Path) -> None:
    repo = make_content(tmp_path / "repo")
    _settle(repo)
    preview = _Preview(repo)
    preview.stage()
    changes = preview.watch()
    preview.stage()  # the first rebuild looks at everything: the watcher started late
    everything = preview.session.examined
    assert everything > 5
    edit(repo, PLAN_GUIDE, "Souder le cadre.", "Souder le cadre à plat.")
    changes.report(str(repo / PLAN_GUIDE))
    edited = preview.stage()
    assert preview.session.examined < everything / 2
    assert preview.session.hashed == 1
    assert "Souder le cadre à plat." in edited.pages["fr"]["plans/alpha-press/index.md"].body
    preview.stage()  # a file changed a moment ago is looked at until it has settled
    assert preview.session.examined == 1
    past = time.time() - 60
    os.utime(repo / PLAN_GUIDE, (past, past))
    changes.report(str(repo / PLAN_GUIDE))
    preview.stage()
    preview.stage()
    assert preview.session.examined == 0 and preview.session.hashed == 0


def test_a_change_reported_by_its_folder_is_seen(tmp_path: Path) -> None:
    """A watcher may report only a folder (one moved in): what is under it is looked
    at again."""
    repo = make_content(tmp_path / "repo")
    _settle(repo)
    preview = _Preview(repo)
    changes = preview.watch()
    preview.stage()
    preview.stage()
    _break_a_plan(repo)
    changes.report(str(repo / "plans/alpha-press"))
    _assert_the_plan_is_refused(*preview.load())


def test_a_link_leading_out_is_found_under_a_watcher_and_again_after_a_refusal(
        tmp_path: Path) -> None:
    repo = make_content(tmp_path / "repo")
    _settle(repo)
    secret = tmp_path / "secret.txt"
    secret.write_text("token", encoding="utf-8")
    preview = _Preview(repo)
    changes = preview.watch()
    preview.stage()
    preview.stage()
    link = repo / "plans/alpha-press/notes.md"
    link.symlink_to(secret)
    changes.report(str(link))
    site, problems = preview.load()
    assert site is None
    assert [p.path for p in problems] == ["plans/alpha-press/notes.md"]
    edit(repo, PLAN_GUIDE, "Souder le cadre.", "Souder le cadre à plat.")
    changes.report(str(repo / PLAN_GUIDE))  # the next edit is elsewhere: the link stays
    site, problems = preview.load()
    assert site is None
    assert [p.path for p in problems] == ["plans/alpha-press/notes.md"]


def test_a_watcher_names_paths_as_it_watches_them_and_the_build_as_it_reads_them(
        tmp_path: Path) -> None:
    real = tmp_path / "real"
    (real / "plans/x").mkdir(parents=True)
    alias = tmp_path / "alias"
    alias.symlink_to(real)
    changes = Changes([str(alias / "plans")])
    changes.report(str(alias / "plans/x/README.md"))
    changes.report(str(tmp_path / "elsewhere/README.md"))  # not watched: not reported
    assert changes.take() is None  # the first build cannot trust it
    changes.report(str(alias / "plans/x/README.md"))
    seen = changes.take()
    assert seen is not None
    assert seen.paths == {str(real / "plans/x/README.md")}
    assert not seen.unchanged(real / "plans/x/README.md")
    assert not seen.unchanged(real / "plans/x")
    assert not seen.unchanged(real / "plans")
    assert seen.unchanged(real / "plans/y/README.md")
    assert not seen.unchanged(real / "kit/a.md")  # not watched: never vouched for
    assert not seen.unchanged(real / "plans-old/a.md")


def test_the_catalogue_page_is_rendered_again_only_when_a_plan_card_changes(tmp_path: Path) -> None:
    repo = make_content(tmp_path / "repo")
    (repo / "docs").mkdir()
    (repo / "docs/catalogue.md").write_text(
        "---\nrender_macros: true\n---\n# Plans\n\n{{ plan_catalog() }}\n", encoding="utf-8")
    _settle(repo)
    preview = _Preview(repo)
    first = preview.stage().pages["fr"]["catalogue.md"]
    assert "Presse alpha" in first.body
    assert preview.stage().pages["fr"]["catalogue.md"] is first
    edit(repo, PLAN_GUIDE, "Souder le cadre.", "Souder le cadre à plat.")  # not in a card
    assert preview.stage().pages["fr"]["catalogue.md"] is first
    edit(repo, "plans/alpha-press/plan.yml", "fr: Presse alpha", "fr: Presse oméga")
    edited = preview.stage().pages["fr"]["catalogue.md"]
    assert "Presse oméga" in edited.body and "Presse alpha" not in edited.body


def test_a_place_page_follows_the_plans_it_can_build(tmp_path: Path) -> None:
    repo = make_content(tmp_path / "repo")
    _settle(repo)
    preview = _Preview(repo)
    place = "kit/lieux/atelier-complet/index.md"
    first = preview.stage().pages["fr"][place]
    assert "Presse alpha" in first.body
    edit(repo, PLAN_GUIDE, "Souder le cadre.", "Souder le cadre à plat.")
    assert preview.stage().pages["fr"][place] is first
    edit(repo, "plans/alpha-press/plan.yml", "fr: Presse alpha", "fr: Presse oméga")
    assert "Presse oméga" in preview.stage().pages["fr"][place].body


def test_editing_a_kit_document_renders_no_plan_page_and_editing_a_place_does(
        tmp_path: Path) -> None:
    repo = make_content(tmp_path / "repo")
    _settle(repo)
    preview = _Preview(repo)
    plan, sheet = "plans/alpha-press/index.md", "kit/fiches/fiche-essai/index.md"
    staged = preview.stage()
    first, other = staged.pages["fr"][plan], staged.pages["fr"][sheet]
    edit(repo, "kit/outils/outil-essai.md", "Un exemple chiffré.", "Un exemple chiffré, revu.")
    edited = preview.stage()
    assert edited.pages["fr"][plan] is first and edited.pages["fr"][sheet] is other
    assert "Un exemple chiffré, revu." in edited.pages["fr"]["kit/outils/outil-essai/index.md"].body
    place = (repo / "kit/lieux/atelier-complet.md").read_text(encoding="utf-8")
    title = place.split("title: ", 1)[1].split("\n", 1)[0].strip()
    edit(repo, "kit/lieux/atelier-complet.md", f"title: {title}", "title: Atelier renommé")
    assert "Atelier renommé" in preview.stage().pages["fr"][plan].body


def test_a_kit_edit_renders_the_kit_catalogue_again_not_the_plans_one(tmp_path: Path) -> None:
    repo = make_content(tmp_path / "repo")
    (repo / "docs").mkdir()
    (repo / "docs/catalogues.md").write_text(
        "---\nrender_macros: true\n---\n# Tout\n\n{{ plan_catalog() }}\n\n{{ kit_catalog() }}\n",
        encoding="utf-8")
    _settle(repo)
    preview = _Preview(repo)
    preview.stage()
    made = preview.store.made["fragment-plan_catalog"]
    edit(repo, "kit/outils/outil-essai.md", "title: Outil d'essai", "title: Outil renommé")
    edited = preview.stage().pages["fr"]["catalogues.md"]
    assert "Outil renommé" in edited.body and "Presse alpha" in edited.body
    assert preview.store.made["fragment-plan_catalog"] == made
