"""`reproduce check --changed`: only what differs from a git base, and what depends on it."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from sample import write

from macros.cli.changes import GitUnavailable, affected_paths, changed_files
from macros.cli.main import main

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                          text=True, env={**os.environ, **GIT_ENV}).stdout


@pytest.fixture
def history(repo: Path) -> Path:
    """The sample content committed on `main`, with a `base` tag on that commit."""
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "sample")
    git(repo, "tag", "base")
    return repo


def _relative(root: Path, paths: list[Path] | None) -> list[str] | None:
    return None if paths is None else [p.relative_to(root).as_posix() for p in paths]


def _affected(root: Path) -> list[str] | None:
    return _relative(root, affected_paths(root, changed_files(root, "base")))


def test_nothing_changed(history: Path) -> None:
    assert changed_files(history, "base") == []
    assert _affected(history) == []


def test_committed_staged_unstaged_and_untracked_changes_are_all_seen(history: Path) -> None:
    write(history, "plans/alpha-press/README.en.md", "Guide.\n")
    git(history, "add", "-A")
    git(history, "commit", "-q", "-m", "translation")
    write(history, "plans/beta-mould/bom.csv", "ref,name,qty\nB1,Tasseau,1\n")  # unstaged
    write(history, "kit/fiches/fiche-essai.nl.md", "---\ntitle: x\n---\n")
    git(history, "add", "kit/fiches/fiche-essai.nl.md")  # staged
    write(history, "docs/notes.md", "Notes\n")  # untracked, not content
    assert changed_files(history, "base") == [
        "docs/notes.md", "kit/fiches/fiche-essai.nl.md", "plans/alpha-press/README.en.md",
        "plans/beta-mould/bom.csv"]
    assert _affected(history) == [
        "kit/fiches/fiche-essai.md", "plans/alpha-press", "plans/beta-mould"]


@pytest.mark.parametrize(("changed", "affected"), [
    (["plans/alpha-press/drawings/frame.svg"], ["plans/alpha-press"]),
    (["plans/alpha-press/README.nl.md", "plans/alpha-press/plan.yml"], ["plans/alpha-press"]),
    (["plans/removed-plan/plan.yml"], []),
    (["kit/lieux/atelier-complet.en.md"], ["kit/lieux/atelier-complet.md"]),
    (["kit/outils/suivi.csv"], ["kit/outils/outil-essai.md"]),
    (["README.md", "docs/index.md", "tests/test_x.py"], []),
    (["plans/alpha-press/plan.yml", "kit/vocabulary.yml"], None),
    (["kit/terminology.yml"], None),
    (["macros/check/plan_rules.py"], None),
])
def test_what_depends_on_a_change(repo: Path, changed: list[str],
                                  affected: list[str] | None) -> None:
    assert _relative(repo, affected_paths(repo, changed)) == affected


def test_a_missing_base_is_a_clear_error(history: Path) -> None:
    with pytest.raises(GitUnavailable, match="git ref `origin/main` not found"):
        changed_files(history, "origin/main")


def test_outside_a_repository(repo: Path) -> None:
    with pytest.raises(GitUnavailable):
        changed_files(repo, "HEAD")


def _break(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_cli_reports_only_changed_content(history: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    _break(history / "plans/beta-mould/plan.yml", "difficulty: 1", "difficulty: 9")
    git(history, "commit", "-q", "-am", "beta broken on the base")
    git(history, "tag", "-f", "base")
    _break(history / "plans/alpha-press/plan.yml", "difficulty: 3", "difficulty: 0")
    code = main(["--root", str(history), "check", "--changed", "base"])
    out, err = capsys.readouterr()
    assert code == 1
    assert out.splitlines() == [
        "plans/alpha-press/plan.yml:9: difficulty: must be at least 1, got `0`"]
    assert err == "1 error, 0 warnings, 0 notes\n"
    assert main(["--root", str(history), "check"]) == 1
    assert "plans/beta-mould/plan.yml" in capsys.readouterr().out


def test_cli_with_nothing_changed(history: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(history), "check", "--changed", "HEAD"]) == 0
    assert capsys.readouterr().err == "no content changed since HEAD; nothing to check\n"


def test_cli_falls_back_to_everything_when_the_base_is_missing(
        history: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(history), "check", "--changed"]) == 0
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "reproduce: git ref `origin/main` not found; checking everything instead (fetch "
        "the base, or name another one: `reproduce check --changed HEAD`)",
        "0 errors, 0 warnings, 14 notes (list them with --notes)",
    ]


def test_cli_refuses_paths_with_changed(history: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(history), "check", "plans", "--changed", "HEAD"]) == 2
    assert "either paths or --changed" in capsys.readouterr().err
