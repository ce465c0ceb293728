"""The engine glue's options, and the staged tree another engine builds."""

from __future__ import annotations

import posixpath
from pathlib import Path

import pytest
import yaml
from buildsite import build
from sample import PROJECT, make_project, write

from macros.build.options import BuildOptions, InvalidOption, with_environment
from macros.cli.main import main
from macros.limits import InvalidLimit, Limits


@pytest.mark.parametrize(("env", "message"), [
    ({"REPRODUCE_PDF": "yes"},
     "REPRODUCE_PDF='yes' is not allowed; use one of: auto, require, skip"),
    ({"REPRODUCE_OFFLINE_COPIES": "no"},
     "REPRODUCE_OFFLINE_COPIES='no' is not allowed; use one of: make, skip"),
    ({"REPRODUCE_LANGUAGES": "fr,de"},
     "REPRODUCE_LANGUAGES='de' is not allowed; use one of: fr, nl, en"),
    ({"REPRODUCE_LANGUAGES": "nl,en"},
     "REPRODUCE_LANGUAGES must include `fr`: French is the site root"),
])
def test_a_mistyped_override_names_the_variable_and_the_choices(
        env: dict[str, str], message: str) -> None:
    with pytest.raises(InvalidOption) as refused:
        with_environment(BuildOptions(), env)
    assert str(refused.value) == message


def test_overrides_apply_over_the_configured_options() -> None:
    options = with_environment(BuildOptions(limits=Limits(file_mb=20)),
                               {"REPRODUCE_PDF": "skip", "REPRODUCE_LANGUAGES": "en, fr",
                                "REPRODUCE_MAX_SVG_MB": "2"})
    assert options.pdf == "skip"
    assert options.languages == ("fr", "en")
    assert (options.limits.file_mb, options.limits.svg_mb) == (20, 2)


def test_an_unknown_limit_in_the_configuration_suggests_the_closest() -> None:
    with pytest.raises(InvalidLimit) as refused:
        Limits.from_mapping({"file_mbb": 3})
    assert "`limits.file_mbb` is not a limit; did you mean `file_mb`?" in str(refused.value)
    with pytest.raises(InvalidLimit) as refused:
        Limits.from_mapping({"file_mb": "a lot"})
    assert "limits.file_mb='a lot' is not a positive number" in str(refused.value)


def test_the_build_refuses_a_mistyped_pdf_mode(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path / "mistyped")
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(text.replace("pdf: auto", "pdf: sometimes"),
                                     encoding="utf-8")
    result = build(root)
    assert result.returncode != 0
    assert "pdf" in result.output and "sometimes" in result.output
    assert "Traceback" not in result.output


def test_a_french_only_configuration_builds_only_french(tmp_path: Path) -> None:
    root = make_project(tmp_path / "fr")
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(text.replace("languages: [fr, nl, en]", "languages: [fr]"),
                                     encoding="utf-8")
    result = build(root)
    assert result.returncode == 0, result.output
    assert (result.site / "plans/alpha-press/index.html").is_file()
    assert not (result.site / "nl").exists() and not (result.site / "en").exists()


def _front_matter(page: str) -> dict[str, object]:
    return yaml.safe_load(page.split("---\n", 2)[1])


def test_stage_writes_a_complete_tree_for_another_engine(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path / "repo")
    out = tmp_path / "staged"
    assert main(["--root", str(root), "stage", str(out), "--lang", "fr", "--lang", "en"]) == 0
    plan = (out / "en/plans/alpha-press/index.md").read_text(encoding="utf-8")
    assert _front_matter(plan)["title"] == "Alpha press"
    assert _front_matter(plan)["hide"] == ["navigation"]
    assert not (out / "nl").exists()
    catalog = (out / "plans/index.md").read_text(encoding="utf-8")
    assert "{{" not in catalog and 'class="rk-cards"' in catalog
    assert "render_macros" not in catalog
    bundle = next(part.split('"')[0] for part in plan.split('href="')[1:]
                  if part.split('"')[0].endswith(".zip"))
    target = posixpath.normpath(posixpath.join("en/plans/alpha-press", bundle))
    assert (out / target).is_file(), target
    assert "staged fr, en into" in capsys.readouterr().out


def test_stage_refuses_a_broken_template_with_file_and_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path / "repo")
    write(root, "docs/broken.md",
          "---\nrender_macros: true\n---\n\n# Cassé\n\n{{ plan_catalog( }}\n")
    assert main(["--root", str(root), "stage", str(tmp_path / "out")]) == 1
    assert "docs/broken.md:7: the page's template does not read" in capsys.readouterr().err


def test_stage_refuses_to_write_over_the_sources(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path / "repo")
    assert main(["--root", str(root), "stage", str(root / "docs")]) == 2
    assert "would overwrite the sources" in capsys.readouterr().err


def test_loading_reads_each_file_once(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The loaders and the terminology scan share one reading of every file."""
    from collections import Counter

    from macros.content.repository import load_site

    (repo / "kit/terminology.yml").write_bytes((PROJECT / "kit/terminology.yml").read_bytes())
    opened: Counter[str] = Counter()
    original = Path.open

    def counting(self: Path, *args: object, **kwargs: object) -> object:
        if self.resolve().is_relative_to(repo.resolve()):
            opened[self.resolve().relative_to(repo.resolve()).as_posix()] += 1
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", counting)
    site, problems = load_site(repo)
    assert site is not None, problems
    assert {"plans/alpha-press/plan.yml", "plans/alpha-press/README.md",
            "kit/vocabulary.yml", "kit/fiches/fiche-essai.md"} <= set(opened)
    assert [name for name, count in opened.items() if count > 1] == []
