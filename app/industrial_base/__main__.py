"""Command line: `python -m industrial_base validate|build|update ...` (see `--help`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from industrial_base.loading import load_package
from industrial_base.package import DEFAULT_DATA_DIR
from industrial_base.pipeline import commands as pipeline


def validate(data_dir: Path) -> int:
    """Print a per-dataset report; return 1 if any dataset has an error."""
    package = load_package(data_dir)
    for issue in package.package_issues:
        print(f"ERROR {issue}")
    for name, result in sorted(package.tables.items()):
        rows = "" if result.frame is None else f" ({len(result.frame)} rows)"
        status = "ok  " if result.ok else "FAIL"
        print(f"{status} {name}{rows}")
        for issue in result.issues:
            print(f"     {issue.severity.upper()} {issue}")
    errors = package.errors
    checked = len(package.tables)
    if errors:
        failed = sum(not result.ok for result in package.tables.values())
        print(f"\n{len(errors)} error(s) in {failed} of {checked} datasets")
        return 1
    print(f"\nall {checked} datasets valid")
    return 0


def _data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA_DIR, help="default: data")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m industrial_base")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check every dataset against data/datapackage.json")
    _data_dir(check)
    build = commands.add_parser(
        "build", help="rebuild the derived tables from the tables they are computed from"
    )
    _data_dir(build)
    build.add_argument("--check", action="store_true", help="say what would change; write nothing")
    update = commands.add_parser("update", help="refresh tables from their source")
    sources = update.add_subparsers(dest="source", required=True)
    api = sources.add_parser("wdi", help="every World Bank WDI indicator the package uses, from the API")
    _data_dir(api)
    api.add_argument("--from", dest="from_dir", type=Path, help="a snapshot folder saved earlier (offline)")
    api.add_argument("--dry-run", action="store_true", help="print the diff; write nothing")
    mirror = sources.add_parser(
        "wdi-mirror", help="indicator files of the WDI copy on GitHub, one or many at one commit"
    )
    mirror.add_argument(
        "source",
        type=Path,
        help="an indicator's data.csv as committed, or a folder of <code>/data.csv files (a checkout's "
        "indicators/ folder, or a snapshot folder kept under data/snapshots/wdi-mirror/)",
    )
    _data_dir(mirror)
    mirror.add_argument(
        "--indicator",
        dest="indicators",
        nargs="+",
        action="extend",
        required=True,
        metavar="CODE",
        help="WDI codes, e.g. NV.MNF.TECH.ZS.UN (one for a file; one or more for a folder)",
    )
    mirror.add_argument(
        "--commit", help="the commit the files were taken from (40 hex digits; a snapshot folder's manifest)"
    )
    mirror.add_argument("--committed", help="that commit's date, YYYY-MM-DD (a snapshot folder's manifest)")
    mirror.add_argument("--repository", help="default: datasets/world-development-indicators")
    mirror.add_argument(
        "--path", help="a single file's path in the repository (default indicators/<code>/data.csv)"
    )
    mirror.add_argument("--dry-run", action="store_true", help="print the diff; write nothing")
    repo = sources.add_parser(
        "github", help="the files the package takes from another GitHub repository, at a commit"
    )
    repo.add_argument("repository", help="owner/name, e.g. georgetown-cset/eto-chip-explorer or NREL/PV_ICE")
    _data_dir(repo)
    repo.add_argument(
        "--git-dir", required=True, type=Path, help="the repository's git directory (a clone's .git, or bare)"
    )
    repo.add_argument("--commit", required=True, help="the commit to take the files from")
    repo.add_argument("--dry-run", action="store_true", help="print the diff; write nothing")
    args = parser.parse_args(argv)
    if args.command == "validate":
        return validate(args.data_dir)
    if args.command == "build":
        return pipeline.build(args.data_dir, check=args.check)
    if args.source == "wdi":
        return pipeline.update_wdi(args.data_dir, args.from_dir, dry_run=args.dry_run)
    if args.source == "github":
        return pipeline.update_github(
            args.data_dir, args.repository, args.git_dir, args.commit, dry_run=args.dry_run
        )
    return pipeline.update_wdi_mirror(
        args.data_dir,
        args.source,
        args.indicators,
        args.commit,
        args.committed,
        args.repository or pipeline.wdi.MIRROR_REPOSITORY,
        args.path,
        dry_run=args.dry_run,
    )


if __name__ == "__main__":
    sys.exit(main())
