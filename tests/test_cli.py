"""The `reproduce` command as a contributor uses it."""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.cli.main import main

ALPHA = "plans/alpha-press/plan.yml"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_passes_valid_content(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "--root", str(repo), "check")
    assert (code, out) == (0, "")
    assert err == "0 errors, 0 warnings, 14 notes (list them with --notes)\n"


def test_check_lists_every_problem_and_fails(repo: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    plan = repo / ALPHA
    text = plan.read_text(encoding="utf-8")
    text = text.replace("difficulty: 3", "difficulty: 0\ncolour: red")
    plan.write_text(text.replace("tools: [welder, drill-press]", "tools: [welder, lazer-cutter]"),
                    encoding="utf-8")
    code, out, err = _run(capsys, "--root", str(repo), "check")
    assert code == 1
    assert out.splitlines() == [
        f"{ALPHA}:9: difficulty: must be at least 1, got `0`",
        f"{ALPHA}:10: colour: warning: unknown field, ignored",
        f"{ALPHA}:15: tools[1]: unknown tools id `lazer-cutter`; did you mean `laser-cutter`? "
        "(known ids are in kit/vocabulary.yml)",
    ]
    assert err == "2 errors, 1 warning, 13 notes (list them with --notes)\n"


def test_warnings_alone_do_not_fail(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = repo / ALPHA
    plan.write_text(plan.read_text(encoding="utf-8") + "colour: red\n", encoding="utf-8")
    code, out, _ = _run(capsys, "--root", str(repo), "check")
    assert code == 0
    assert "colour: warning: unknown field" in out


def test_check_given_paths_only(repo: Path, capsys: pytest.CaptureFixture[str],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    plan = repo / ALPHA
    plan.write_text(plan.read_text(encoding="utf-8").replace("difficulty: 3", "difficulty: 9"),
                    encoding="utf-8")
    monkeypatch.chdir(repo)
    assert _run(capsys, "check", "plans/beta-mould", "kit")[0] == 0
    assert _run(capsys, "check", "plans/alpha-press")[0] == 1
    code, out, _ = _run(capsys, "check", "plans/nowhere")
    assert code == 1
    assert out == "plans/nowhere:1: -: no such file or folder\n"


def test_new_plan_passes_check(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--root", str(repo), "new", "plan", "fibre-press")
    assert code == 0
    assert "created plans/fibre-press/plan.yml" in out
    assert _run(capsys, "--root", str(repo), "check", str(repo / "plans/fibre-press")) == (
        0, "", "0 errors, 0 warnings, 2 notes (list them with --notes)\n")


@pytest.mark.parametrize("kind", ["fiche", "convention", "outil", "lieu"])
def test_new_sheet_passes_check(repo: Path, capsys: pytest.CaptureFixture[str],
                                kind: str) -> None:
    code, out, _ = _run(capsys, "--root", str(repo), "new", "sheet", kind, f"nouveau-{kind}")
    assert code == 0
    created = repo / out.split()[1]
    assert created.parent.parent == repo / "kit"
    assert _run(capsys, "--root", str(repo), "check", str(created))[0] == 0


def test_new_never_overwrites(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (repo / ALPHA).read_bytes()
    code, _, err = _run(capsys, "--root", str(repo), "new", "plan", "alpha-press")
    assert code == 2
    assert err == "reproduce: plans/alpha-press already exists; choose another id\n"
    assert (repo / ALPHA).read_bytes() == before


@pytest.mark.parametrize(("args", "message"), [
    (["new", "plan", "Big_Press"], "`Big_Press` is not a valid plan id"),
    (["new", "sheet", "poster", "x"], "`poster` is not a document type; use one of: fiche, "
                                      "convention, outil, lieu"),
])
def test_new_refuses_bad_names(repo: Path, capsys: pytest.CaptureFixture[str],
                               args: list[str], message: str) -> None:
    code, _, err = _run(capsys, "--root", str(repo), *args)
    assert code == 2
    assert message in err
