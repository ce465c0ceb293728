"""Publishing: link check of the built site, edit links, workflows, pre-commit, mike."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from browsing import serve
from buildsite import BuildResult
from playwright.sync_api import Browser
from sample import PROJECT, make_project, write
from test_changed import GIT_ENV, git

from macros.built.aliases import complete_aliases
from macros.built.sitecheck import check_site, configured_site_url
from macros.cli.main import _parser, main
from macros.schemas import schema_files

SITE_URL = "https://reproduce-brussels.github.io/reproduce-kit/"
REPO_URL = "https://github.com/reproduce-brussels/reproduce-kit"
BIN = Path(sys.executable).parent

# --- link and anchor check on small fixture sites ----------------------------------

FIXTURE = {
    "plans/index.html": '<h2 id="bom">BOM</h2><a href="../#top">home</a>',
    "plans/frame.svg": "<svg/>",
    "plans/file name.txt": "x",
    "assets/style.css": "",
    "404.html": '<link href="/reproduce-kit/assets/style.css" rel="stylesheet">',
}


def _site(tmp_path: Path, link_html: str) -> Path:
    for name, text in FIXTURE.items():
        write(tmp_path, name, text)
    write(tmp_path, "index.html", f'<p id="top"></p><a name="old"></a>{link_html}')
    return tmp_path


@pytest.mark.parametrize(("html", "problem"), [
    ('<a href="plans/">', None),
    ('<a href="plans/index.html#bom">', None),
    ('<a href="plans#bom">', None),
    ('<a href="./plans/../plans/#bom">', None),
    ('<a href="#top">', None),
    ('<a href="#old">', None),
    ('<a href="">', None),
    ('<a href="?q=1#top">', None),
    ('<a href="plans/file%20name.txt">', None),
    ('<a href="plans/frame.svg#layer">', None),
    ('<link href="assets/style.css" rel="stylesheet">', None),
    ('<img src="plans/frame.svg" srcset="plans/frame.svg 1x, assets/style.css 2x">', None),
    ('<a href="/reproduce-kit/plans/#bom">', None),
    (f'<link rel="canonical" href="{SITE_URL}plans/">', None),
    ('<a href="https://example.org/missing/">', None),
    ('<a href="mailto:contact@example.org">', None),
    ('<a href="tel:+3220000000">', None),
    ('<img src="data:image/png;base64,AAAA">', None),
    ('<a href="//cdn.example.org/x.js">', None),
    ('<a href="plans/#nope">', "no element with id `nope` in plans/index.html"),
    ('<a href="#nowhere">', "no element with id `nowhere` in index.html"),
    ('<a href="kit/">', "no such file in the built site"),
    ('<a href="plans/index.html/">', "no such file in the built site"),
    ('<img src="plans/missing.png">', "no such file in the built site"),
    ('<img srcset="plans/frame.svg 1x, plans/big.svg 2x">', "no such file in the built site"),
    ('<a href="/plans/">', "outside the site's base path /reproduce-kit/"),
    (f'<a href="{SITE_URL}gone/">', "no such file in the built site"),
    ('<a href="../../etc/passwd">', "points outside the site"),
])
def test_link_check(tmp_path: Path, html: str, problem: str | None) -> None:
    broken = check_site(_site(tmp_path, html), SITE_URL)
    assert [b.problem for b in broken] == ([problem] if problem else [])


def test_link_check_without_a_base_path(tmp_path: Path) -> None:
    site = _site(tmp_path, '<a href="/plans/#bom">')
    (site / "404.html").unlink()
    assert check_site(site, "/") == []


def test_check_site_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = _site(tmp_path / "site", '<a href="kit/">kit</a><a href="plans/#nope">x</a>')
    write(tmp_path, "mkdocs.yml", f"site_name: x\nsite_url: '{SITE_URL}'  # published\n")
    code = main(["--root", str(tmp_path), "check-site", str(site)])
    out, err = capsys.readouterr()
    assert code == 1
    assert out.splitlines() == [
        "index.html: kit/: no such file in the built site",
        "index.html: plans/#nope: no element with id `nope` in plans/index.html",
    ]
    assert err == "2 broken internal links or anchors\n"
    assert main(["--root", str(tmp_path), "check-site", str(tmp_path / "nothing")]) == 2
    assert "is not a built site" in capsys.readouterr().err


def test_configured_site_url(tmp_path: Path) -> None:
    assert configured_site_url(PROJECT / "mkdocs.yml") == SITE_URL
    assert configured_site_url(tmp_path / "missing.yml") == "/"


# --- the built sample site ------------------------------------------------------------

pages_of = pytest.mark.build


@pages_of
def test_built_site_has_no_broken_internal_link(built: BuildResult) -> None:
    assert [b.format() for b in check_site(built.site, SITE_URL)] == []


@pages_of
def test_no_page_asks_the_github_api(built: BuildResult) -> None:
    """Material fetches stars and forks for `data-md-component="source"`; our partial
    is a plain link, so setting `repo_url` makes no request to another origin."""
    for page in built.site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "api.github.com" not in text, page
        assert 'data-md-component="source"' not in text, page
    assert f'href="{REPO_URL}"' in built.page("")


def _edit_link(html: str) -> str | None:
    match = re.search(r'<a href="([^"]+)"[^>]*rel="edit"', html)
    return match.group(1) if match else None


@pages_of
@pytest.mark.parametrize(("url", "source"), [
    ("plans/alpha-press/", "plans/alpha-press/plan.yml"),
    ("plans/beta-mould/", "plans/beta-mould/plan.yml"),
    ("kit/fiches/fiche-essai/", "kit/fiches/fiche-essai.md"),
    ("kit/lieux/atelier-complet/", "kit/lieux/atelier-complet.md"),
    ("", "docs/index.md"),
    ("plans/", "docs/plans/index.md"),
])
def test_edit_links_open_the_real_source(built: BuildResult, url: str, source: str) -> None:
    assert _edit_link(built.page(url)) == f"{REPO_URL}/edit/main/{source}"


@pages_of
def test_schemas_are_published(built: BuildResult) -> None:
    for name, data in schema_files().items():
        assert (built.site / name).read_bytes() == data


# --- workflows and hooks: valid files that call commands that exist ---------------

WORKFLOWS = PROJECT / ".github" / "workflows"
SYSTEM_COMMANDS = {"apt-get", "git", "echo", "cd", "mkdir", "printf", "cp"}
"""Commands of the runner image, not of the project."""


def _load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


def _commands(script: str) -> list[list[str]]:
    """Simple commands of a shell script: split on newlines, `&&`, `||`, `;` and `|`."""
    script = script.replace("\\\n", " ")
    commands = []
    for line in script.splitlines():
        for part in re.split(r"&&|\|\||;|\|", line):
            words = shlex.split(part, comments=True)
            while words and re.match(r"[A-Za-z_]\w*=", words[0]):
                words = words[1:]  # a variable assignment, not a command
            if words:
                commands.append(words)
    return commands


def _help_of(tool: str, subcommand: str) -> str:
    proc = subprocess.run([str(BIN / tool), subcommand, "--help"], capture_output=True,
                          text=True, check=False,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert proc.returncode == 0, f"`{tool} {subcommand}` does not exist: {proc.stderr}"
    return proc.stdout


def _assert_exists(words: list[str]) -> None:
    tool = words[0].removeprefix(".venv/bin/")
    args = words[1:]
    flags = [a.split("=", 1)[0] for a in args if a.startswith("--")]
    if tool == "reproduce":
        _parser().parse_args(args)  # exits (fails the test) on an unknown command or option
    elif tool in ("mkdocs", "mike"):
        usage = _help_of(tool, args[0])
        assert all(flag in usage for flag in flags), f"{words}: unknown option"
    elif tool == "python" and args[:1] == ["-m"]:
        module = args[1]
        assert importlib.util.find_spec(module) is not None, f"no module {module}"
        if module == "pip" and "-e" in args:
            extra = re.search(r"\[(\w+)\]", args[-1])
            extras = importlib.metadata.metadata("reproduce-kit").get_all("Provides-Extra")
            assert extra and extra.group(1) in (extras or [])
    elif tool == "python":
        assert (PROJECT / args[0]).is_file(), f"no script {args[0]}"
    elif tool in ("properdocs", "zensical"):
        # a successor engine CI builds with: installed by the extra of the same name
        extras = importlib.metadata.metadata("reproduce-kit").get_all("Provides-Extra")
        assert tool in (extras or []), f"no `{tool}` extra installs {tool}"
    elif tool == "npm":
        # the accessibility engines, exactly as locked, without install scripts (one
        # would download a browser, another a Java runtime)
        assert args[:1] == ["ci"] and "--ignore-scripts" in args, words
        assert (PROJECT / "package-lock.json").is_file()
    elif tool in ("ruff", "mypy", "pytest"):
        assert (BIN / tool).is_file(), f"{tool} is not installed by the test extras"
    else:
        assert tool in SYSTEM_COMMANDS, f"`{tool}` is not a command of the project"


def _steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


@pytest.mark.parametrize("name", ["ci.yml", "deploy.yml"])
def test_workflow_is_valid_and_runs_existing_commands(name: str) -> None:
    workflow = _load(WORKFLOWS / name)
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads `on` as true
    assert triggers and workflow["jobs"]
    for job in workflow["jobs"].values():
        assert job["runs-on"] and job["steps"]
        for step in job["steps"]:
            assert ("uses" in step) != ("run" in step), step
            if "uses" in step:
                assert re.fullmatch(r"actions/[a-z-]+@v\d+", step["uses"]), step
            else:
                for words in _commands(step["run"]):
                    _assert_exists(words)


def test_ci_checks_content_builds_links_and_uploads_the_site() -> None:
    workflow = _load(WORKFLOWS / "ci.yml")
    assert {"pull_request", "push"} <= set(workflow[True])
    runs = [step.get("run", step.get("uses")) for step in _steps(workflow)]
    order = ["reproduce check", "mkdocs build --strict", "reproduce check-site site",
             "actions/upload-artifact@v4", "python -m pytest -q"]
    positions = [next(i for i, run in enumerate(runs) if run.startswith(cmd)) for cmd in order]
    assert positions[:4] == sorted(positions[:4])
    assert any("chromium" in run for run in runs)


def test_deploy_uses_mike_in_one_concurrency_group() -> None:
    workflow = _load(WORKFLOWS / "deploy.yml")
    assert workflow[True]["push"] == {"branches": ["main"], "tags": ["v[0-9]+.[0-9]+"]}
    assert workflow["permissions"] == {"contents": "write"}
    assert workflow["concurrency"]["group"] and not workflow["concurrency"]["cancel-in-progress"]
    steps = _steps(workflow)
    assert steps[0]["with"]["fetch-depth"] == 0
    script = "\n".join(step.get("run", "") for step in steps)
    template = 'reproduce redirect-template "$RUNNER_TEMP/redirect.html"'
    assert template in script
    assert 'mike deploy --alias-type=redirect -T "$RUNNER_TEMP/redirect.html" dev' in script
    assert ('mike deploy --update-aliases --alias-type=redirect -T "$RUNNER_TEMP/redirect.html"'
            ' "$version" latest') in script
    assert 'mike set-default -T "$RUNNER_TEMP/redirect.html" latest' in script
    assert script.index(template) < script.index("mike deploy")
    assert "git config user.name" in script and "gh-deploy" not in script
    # The versions and the files they share are pushed together, once.
    deploys = [step for step in steps if "mike deploy" in step.get("run", "")]
    assert deploys and all(step["env"]["REPRODUCE_SHARED_FILES"] for step in deploys)
    shared = next(step for step in steps if "shared-files/files" in step.get("run", ""))
    assert "git -C ../gh-pages push origin gh-pages" in shared["run"]
    assert steps.index(shared) > max(steps.index(step) for step in deploys)
    # What no kept version links any more is pruned before the push, removals included.
    lines = [line.strip() for line in shared["run"].splitlines()]
    prune = lines.index("reproduce prune-shared ../gh-pages --delete")
    assert lines.index("cp -R ../shared-files/files ../gh-pages/") < prune
    # `latest` gets the catalogue JSON beside its redirects, in the same push.
    assert lines.index("reproduce alias-files ../gh-pages") < lines.index(
        "git -C ../gh-pages add -A .") and lines.index("git -C ../gh-pages add -A .") > prune
    assert "--push" not in "\n".join(step["run"] for step in deploys)


def test_pre_commit_hooks_run_existing_commands() -> None:
    config = _load(PROJECT / ".pre-commit-config.yaml")
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert {"reproduce-check", "ruff"} <= set(hooks)
    assert hooks["reproduce-check"]["entry"].endswith("reproduce check --changed HEAD")
    for hook in hooks.values():
        assert hook["language"] == "system"
        _assert_exists(shlex.split(hook["entry"]))


@pytest.mark.parametrize("name", ["CONTRIBUTING.md", "CONTRIBUTING.en.md",
                                  ".github/pull_request_template.md"])
def test_documented_reproduce_commands_exist(name: str) -> None:
    text = (PROJECT / name).read_text(encoding="utf-8")
    commands = re.findall(r"`((?:\.venv/bin/)?reproduce [^`]+)`", text)
    assert commands, name
    for command in commands:
        _assert_exists(shlex.split(command.replace("<", "").replace(">", "")))


# --- mike against a temporary git repository -------------------------------------------


def _mike(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **GIT_ENV, "NO_MKDOCS_2_WARNING": "1",
           "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run([str(BIN / "mike"), *args], cwd=root, capture_output=True, text=True,
                          env=env, check=False, timeout=600)


@pytest.mark.build
def test_mike_publishes_versions_with_latest_as_redirects_and_a_root_redirect(
        tmp_path: Path, browser: Browser) -> None:
    root = make_project(tmp_path / "project")
    write(root, ".gitignore", "site/\n.cache/\n")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "sample")
    template = tmp_path / "redirect.html"
    assert main(["redirect-template", str(template)]) == 0
    for version in ("1.0", "2.0"):
        proc = _mike(root, "deploy", "--update-aliases", "--alias-type=redirect",
                     "-T", str(template), version, "latest")
        assert proc.returncode == 0, proc.stderr
    assert _mike(root, "list", "dev").returncode != 0  # how deploy.yml tells it is missing
    assert _mike(root, "set-default", "-T", str(template), "latest").returncode == 0

    tree = git(root, "ls-tree", "-r", "-l", "gh-pages").splitlines()
    modes = {line.split("\t")[1]: line.split()[0] for line in tree}
    sizes = {line.split("\t")[1]: int(line.split()[3]) for line in tree}
    assert "120000" not in modes.values(), "symlinks: GitHub Pages artifacts refuse them"
    for version in ("1.0", "2.0", "latest"):
        assert f"{version}/index.html" in modes
        assert f"{version}/plans/alpha-press/index.html" in modes
    versions = json.loads(git(root, "show", "gh-pages:versions.json"))
    assert versions == [
        {"version": "2.0", "title": "2.0", "aliases": ["latest"]},
        {"version": "1.0", "title": "1.0", "aliases": []},
    ]
    root_redirect = git(root, "show", "gh-pages:index.html")
    assert '<link rel="canonical" href="latest/">' in root_redirect
    page = git(root, "show", "gh-pages:2.0/plans/alpha-press/index.html")
    assert f'<link rel="canonical" href="{SITE_URL}2.0/plans/alpha-press/">' in page
    # `latest` holds a redirect per page, in the site's languages, not a second copy.
    redirect = git(root, "show", "gh-pages:latest/nl/plans/alpha-press/index.html")
    assert '<html lang="fr">' in redirect and 'lang="nl"' in redirect
    assert '<link rel="canonical" href="../../../../2.0/nl/plans/alpha-press/">' in redirect
    assert 'content="0; url=../../../../2.0/nl/plans/alpha-press/"' in redirect
    latest = sum(size for path, size in sizes.items() if path.startswith("latest/"))
    release = sum(size for path, size in sizes.items() if path.startswith("2.0/"))
    assert latest < release / 20, (latest, release)

    # After the deploy, the catalogue JSON programs fetch under /latest/ is copied there.
    branch = tmp_path / "gh-pages"
    git(root, "worktree", "add", "-q", str(branch), "gh-pages")
    assert not (branch / "latest/plans/index.json").exists()
    assert main(["alias-files", str(branch)]) == 0
    assert (branch / "latest/plans/index.json").read_bytes() == \
        (branch / "2.0/plans/index.json").read_bytes()
    assert main(["alias-files", str(root / "docs")]) == 2  # not the published branch

    # A reader's `#anchor` and query follow the redirect, with scripts and without.
    with serve(branch) as base:
        for scripts in (True, False):
            tab = browser.new_context(java_script_enabled=scripts).new_page()
            tab.goto(f"{base}latest/plans/alpha-press/?q=1#bom")
            tab.wait_for_url(f"{base}2.0/plans/alpha-press/**")
            tab.wait_for_load_state()
            if scripts:
                assert tab.url == f"{base}2.0/plans/alpha-press/?q=1#bom"
            assert "Presse alpha" in tab.title()


def test_alias_files_stay_inside_the_branch_and_fill_only_existing_aliases(
        tmp_path: Path) -> None:
    branch = tmp_path / "gh-pages"
    write(branch, "versions.json", json.dumps([
        {"version": "2.0", "title": "2.0", "aliases": ["latest", "..", "stable"]},
        {"version": "1.0", "title": "1.0", "aliases": ["old"]}]))
    write(branch, "2.0/plans/index.json", '{"format": 1}')
    (branch / "latest").mkdir()
    (branch / "old").mkdir()
    assert complete_aliases(branch) == ["latest/plans/index.json"]
    assert (branch / "latest/plans/index.json").read_text() == '{"format": 1}'
    assert not (tmp_path / "plans").exists() and not (branch / "stable").exists()
    assert not (branch / "old/plans").exists()  # 1.0 has no catalogue to copy


def _build_cache_step(steps: list[dict[str, Any]], prefix: str) -> int:
    """Where the build's cache is restored: keyed by commit, restored from the newest
    of the same kind of build (CI and the deploy build for other addresses, so their
    page PDFs differ)."""
    at = next(i for i, step in enumerate(steps)
              if step.get("uses", "").startswith("actions/cache@")
              and step["with"]["path"] == ".cache/reproduce")
    key, restore = steps[at]["with"]["key"], steps[at]["with"]["restore-keys"]
    assert key.startswith(prefix) and key.endswith("${{ github.sha }}")
    assert restore.split()[-1] == prefix
    return at


def _index(steps: list[dict[str, Any]], command: str) -> int:
    return next(i for i, step in enumerate(steps) if command in step.get("run", ""))


def test_ci_and_deploy_start_from_the_previous_build_cache_and_prune_it() -> None:
    ci = _steps(_load(WORKFLOWS / "ci.yml"))
    assert _build_cache_step(ci, "reproduce-build-") < _index(ci, "mkdocs build") \
        < _index(ci, "reproduce prune-cache --delete")
    deploy = _steps(_load(WORKFLOWS / "deploy.yml"))
    deploys = [i for i, step in enumerate(deploy) if "mike deploy" in step.get("run", "")]
    assert _build_cache_step(deploy, "reproduce-deploy-") < min(deploys)
    assert _index(deploy, "reproduce prune-cache --delete") > max(deploys)


def test_the_deploy_publishes_page_pdfs_or_fails() -> None:
    workflow = _load(WORKFLOWS / "deploy.yml")
    assert workflow["jobs"]["deploy"]["env"]["REPRODUCE_PDF"] == "require"
    packages = next(step["run"] for step in _steps(workflow)
                    if "apt-get install" in step.get("run", ""))
    assert "chromium" in packages.split()
