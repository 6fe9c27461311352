"""Command line: `python -m industrial_base validate [DATA_DIR]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from industrial_base.loading import load_package
from industrial_base.package import DEFAULT_DATA_DIR


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m industrial_base")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check every dataset against data/datapackage.json")
    check.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA_DIR)
    args = parser.parse_args(argv)
    return validate(args.data_dir)


if __name__ == "__main__":
    sys.exit(main())
