"""`reproduce`: check content and scaffold new plans and sheets.

The only place that turns problems into exit codes and printed lines, in the language
of `--lang` or `REPRODUCE_LANG` (English by default).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from macros.build.options import InvalidOption
from macros.build.prepare import ContentRefused
from macros.built.aliases import complete_aliases, redirect_template
from macros.built.shared_prune import NotAPublishedBranch, plan_pruning
from macros.built.sitecheck import check_site, configured_site_url
from macros.bundle.plan_bundle import plan_downloads
from macros.bundle.settings import PublishSettings, source_date_from_env
from macros.cache import objects_cache
from macros.cache_pruning import NoBuildRecorded, plan_cache_pruning
from macros.cli.changes import DEFAULT_BASE, GitUnavailable, affected_paths, changed_files
from macros.cli.scaffold import ScaffoldError, new_plan, new_sheet
from macros.cli.stage import write_stage
from macros.content.repository import load_site
from macros.i18n.catalogue import (
    REPORT_LANGUAGE_ENV,
    MessageError,
    Messages,
    Text,
    as_text,
    report_language,
    text,
)
from macros.limits import megabytes
from macros.model.text import LANGUAGES
from macros.problems import Severity, sort_problems
from macros.stage.tree import DOCS_DIR
from macros.suggest import did_you_mean


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reproduce", description="Check and create ReProduce Kit content.")
    parser.add_argument("--root", type=Path, default=Path.cwd(),
                        help="the repository (default: the current folder)")
    parser.add_argument("--lang", choices=LANGUAGES, help="the language of the messages "
                        f"(default: ${REPORT_LANGUAGE_ENV}, else en)")
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="validate content without building the site")
    check.add_argument("paths", nargs="*", type=Path,
                       help="files or folders to check (default: everything)")
    check.add_argument("--notes", action="store_true",
                       help="also list notes (e.g. translations not written yet)")
    check.add_argument("--changed", nargs="?", const=DEFAULT_BASE, metavar="BASE",
                       help="check only content that differs from the git ref BASE "
                       f"(default {DEFAULT_BASE}), and what depends on it")
    site = commands.add_parser("check-site", help="check internal links and anchors of a "
                               "built site")
    site.add_argument("site_dir", type=Path, help="the built site, e.g. site")
    site.add_argument("--site-url", help="the address it is published at (default: "
                      "site_url of mkdocs.yml); links under it are internal")

    stage = commands.add_parser("stage", help="write the staged docs tree, downloads "
                                "included, for another engine (no MkDocs needed)")
    stage.add_argument("out_dir", type=Path, metavar="DIR", help="the folder to write")
    stage.add_argument("--lang", dest="stage_lang", choices=LANGUAGES, action="append",
                       help="a language to stage (repeatable; default: all)")
    stage.add_argument("--site-url", help="the address the site is published at (default: "
                       "site_url of mkdocs.yml)")

    bundle = commands.add_parser("bundle", help="build the download bundles of plans")
    bundle.add_argument("ids", nargs="*", metavar="ID", help="plan ids (default: all plans)")
    bundle.add_argument("--out", type=Path, required=True, help="folder to write the zips to")

    prune = commands.add_parser("prune-shared", help="list (or --delete) the shared files "
                                "no site version of the published branch links any more")
    prune.add_argument("branch_dir", type=Path, metavar="DIR",
                       help="a checkout of the published branch (gh-pages), e.g. ../gh-pages")
    prune.add_argument("--delete", action="store_true",
                       help="remove them (default: only say what would go)")

    template = commands.add_parser("redirect-template", help="write the template mike "
                                   "makes the redirect pages of `latest` with (deploy)")
    template.add_argument("out", type=Path, metavar="FILE", help="where to write it")

    aliases = commands.add_parser("alias-files", help="copy into each alias (`latest`) of "
                                  "the published branch the files programs fetch by address")
    aliases.add_argument("branch_dir", type=Path, metavar="DIR",
                         help="a checkout of the published branch (gh-pages), e.g. ../gh-pages")

    cached = commands.add_parser("prune-cache", help="list (or --delete) what the build "
                                 "cache holds that the last build of the site did not use")
    cached.add_argument("--delete", action="store_true",
                        help="remove it (default: only say how much would go)")

    new = commands.add_parser("new", help="create content that passes `check`")
    kinds = new.add_subparsers(dest="kind", required=True)
    plan = kinds.add_parser("plan", help="a machine plan folder plans/<id>/")
    plan.add_argument("id", help="lowercase kebab-case id, e.g. paper-press")
    sheet = kinds.add_parser("sheet", help="a toolkit document under kit/")
    sheet.add_argument("type", help="fiche, convention, outil or lieu")
    sheet.add_argument("name", help="lowercase kebab-case file name, e.g. budget-collectif")
    return parser


def _refuse(t: Messages, message: str | Text, **params: object) -> None:
    """One line on stderr, said by `reproduce`: a catalogue key with `params`, or a `Text`."""
    print(f"reproduce: {as_text(message, **params).render(t)}", file=sys.stderr)


def _check(root: Path, paths: Sequence[Path], base: str | None,
           notes: bool, t: Messages) -> int:
    if base is not None:
        if paths:
            _refuse(t, "cli.paths_or_changed")
            return 2
        try:
            affected = affected_paths(root, changed_files(root, base))
        except GitUnavailable as error:
            _refuse(t, "cli.check_everything", error=error.text)
        else:
            if affected == []:
                print(t("cli.nothing_changed", base=base), file=sys.stderr)
                return 0
            paths = affected or []
    _site, problems = load_site(root, list(paths) or None)
    problems = sort_problems(problems)
    for problem in problems:
        if notes or problem.severity is not Severity.INFO:
            print(problem.format(t.lang))
    counts = {severity: sum(p.severity is severity for p in problems) for severity in Severity}
    hint = t("cli.notes_hint") if counts[Severity.INFO] and not notes else ""
    print(t("cli.summary", errors=text("cli.errors", count=counts[Severity.ERROR]),
            warnings=text("cli.warnings", count=counts[Severity.WARNING]),
            notes=text("cli.notes", count=counts[Severity.INFO]), hint=hint), file=sys.stderr)
    return 1 if counts[Severity.ERROR] else 0


def _check_site(root: Path, site_dir: Path, site_url: str | None, t: Messages) -> int:
    if not (site_dir / "index.html").is_file():
        _refuse(t, "cli.not_a_site", path=site_dir)
        return 2
    url = site_url or configured_site_url(root / "mkdocs.yml")
    broken = check_site(site_dir, url)
    for link in broken:
        print(link.format(t.lang))
    print(t("cli.broken_links", count=len(broken)), file=sys.stderr)
    return 1 if broken else 0


def _bundle(root: Path, ids: Sequence[str], out: Path, t: Messages) -> int:
    site, problems = load_site(root)
    if site is None:
        for problem in sort_problems(problems):
            print(problem.format(t.lang), file=sys.stderr)
        _refuse(t, "cli.fix_first")
        return 1
    known = [entry.id for entry in site.plans]
    for plan_id in ids:
        if plan_id not in known:
            _refuse(t, "cli.no_plan", id=plan_id, suggestion=did_you_mean(plan_id, known))
            return 2
    chosen = [entry for entry in site.plans if not ids or entry.id in ids]
    settings = PublishSettings(source_date=source_date_from_env())
    cache = objects_cache(root)
    out.mkdir(parents=True, exist_ok=True)
    for index, entry in enumerate(chosen, start=1):
        bundle = plan_downloads(entry, settings, cache).bundle
        (out / bundle.name).write_bytes(bundle.data)
        print(t("cli.bundle_written", index=index, count=len(chosen), path=out / bundle.name,
                size=bundle.size, sha256=bundle.sha256))
    return 0


def _stage(root: Path, out_dir: Path, languages: tuple[str, ...], site_url: str | None,
           t: Messages) -> int:
    if out_dir == root or root.is_relative_to(out_dir) or out_dir == root / DOCS_DIR:
        _refuse(t, "cli.stage_inside", path=out_dir)
        return 2
    url = site_url or configured_site_url(root / "mkdocs.yml")
    try:
        report = write_stage(root, out_dir, languages, t.lang, None if url == "/" else url)
    except ContentRefused as refused:
        for problem in refused.problems:
            print(problem.format(t.lang), file=sys.stderr)
        _refuse(t, "cli.fix_first")
        return 1
    except (MessageError, InvalidOption) as failed:
        _refuse(t, failed.text)
        return 1
    print(t("cli.staged", path=out_dir, languages=", ".join(languages),
            written=text("cli.staged.written", count=report.written),
            removed=text("cli.staged.removed", count=report.removed),
            unchanged=text("cli.staged.unchanged", count=report.unchanged)))
    return 0


def _prune_shared(branch: Path, delete: bool, t: Messages) -> int:
    try:
        pruning = plan_pruning(branch)
    except NotAPublishedBranch:
        _refuse(t, "cli.prune.not_a_branch", path=branch)
        return 2
    for name in pruning.unlinked:
        print(name)
    if delete:
        pruning.delete()
    key = "cli.prune.deleted" if delete else "cli.prune.would_delete"
    print(t(key, count=len(pruning.unlinked), size=megabytes(pruning.unlinked_bytes),
            kept=pruning.kept), file=sys.stderr)
    return 0


def _alias_files(branch: Path, t: Messages) -> int:
    try:
        copied = complete_aliases(branch)
    except NotAPublishedBranch:
        _refuse(t, "cli.aliases.not_a_branch", path=branch)
        return 2
    for name in copied:
        print(name)
    print(t("cli.aliases.copied", count=len(copied)), file=sys.stderr)
    return 0


def _redirect_template(out: Path, t: Messages) -> int:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(redirect_template(), encoding="utf-8")
    print(t("cli.redirect_template.written", path=out), file=sys.stderr)
    return 0


def _prune_cache(root: Path, delete: bool, t: Messages) -> int:
    try:
        pruning = plan_cache_pruning(root)
    except NoBuildRecorded:
        _refuse(t, "cli.prune_cache.no_build")
        return 2
    if delete:
        pruning.delete()
    key = "cli.prune_cache.deleted" if delete else "cli.prune_cache.would_delete"
    print(t(key, count=len(pruning.unused), size=megabytes(pruning.unused_bytes),
            kept=pruning.kept), file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    root = args.root.resolve()
    t = Messages(report_language(args.lang))
    if args.command == "check":
        return _check(root, args.paths, args.changed, args.notes, t)
    if args.command == "check-site":
        return _check_site(root, args.site_dir, args.site_url, t)
    if args.command == "stage":
        return _stage(root, args.out_dir.resolve(), tuple(args.stage_lang or LANGUAGES),
                      args.site_url, t)
    if args.command == "bundle":
        return _bundle(root, args.ids, args.out.resolve(), t)
    if args.command == "prune-shared":
        return _prune_shared(args.branch_dir.resolve(), args.delete, t)
    if args.command == "prune-cache":
        return _prune_cache(root, args.delete, t)
    if args.command == "alias-files":
        return _alias_files(args.branch_dir.resolve(), t)
    if args.command == "redirect-template":
        return _redirect_template(args.out.resolve(), t)
    try:
        if args.kind == "plan":
            created = new_plan(root, args.id)
        else:
            created = [new_sheet(root, args.type, args.name)]
    except ScaffoldError as error:
        _refuse(t, error.text)
        return 2
    for path in created:
        print(t("cli.new.created", path=path.relative_to(root).as_posix()))
    print(t("cli.new.next"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
