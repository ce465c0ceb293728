"""`reproduce`: check content and scaffold new plans and sheets.

The only place that turns problems into exit codes and printed lines.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from macros.check.problem import Severity, sort_problems
from macros.repository import load_site
from macros.scaffold import ScaffoldError, new_plan, new_sheet


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reproduce", description="Check and create ReProduce Kit content.")
    parser.add_argument("--root", type=Path, default=Path.cwd(),
                        help="the repository (default: the current folder)")
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="validate content without building the site")
    check.add_argument("paths", nargs="*", type=Path,
                       help="files or folders to check (default: everything)")

    new = commands.add_parser("new", help="create content that passes `check`")
    kinds = new.add_subparsers(dest="kind", required=True)
    plan = kinds.add_parser("plan", help="a machine plan folder plans/<id>/")
    plan.add_argument("id", help="lowercase kebab-case id, e.g. paper-press")
    sheet = kinds.add_parser("sheet", help="a toolkit document under kit/")
    sheet.add_argument("type", help="fiche, convention, outil or lieu")
    sheet.add_argument("name", help="lowercase kebab-case file name, e.g. budget-collectif")
    return parser


def _check(root: Path, paths: Sequence[Path]) -> int:
    _site, problems = load_site(root, list(paths) or None)
    problems = sort_problems(problems)
    for problem in problems:
        print(problem.format())
    counts = {severity: sum(p.severity is severity for p in problems) for severity in Severity}
    print(f"{counts[Severity.ERROR]} error(s), {counts[Severity.WARNING]} warning(s), "
          f"{counts[Severity.INFO]} note(s)", file=sys.stderr)
    return 1 if counts[Severity.ERROR] else 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    root = args.root.resolve()
    if args.command == "check":
        return _check(root, args.paths)
    try:
        if args.kind == "plan":
            created = new_plan(root, args.id)
        else:
            created = [new_sheet(root, args.type, args.name)]
    except ScaffoldError as error:
        print(f"reproduce: {error}", file=sys.stderr)
        return 2
    for path in created:
        print(f"created {path.relative_to(root).as_posix()}")
    print("next: fill in the « À compléter » parts, then run `reproduce check`")
    return 0


if __name__ == "__main__":
    sys.exit(main())
