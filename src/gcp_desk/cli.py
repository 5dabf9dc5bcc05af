"""The command line. With no command it opens the desktop app; every command honours ``--data-dir``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .domain.errors import GcpDeskError
from .paths import AppPaths


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gcp-desk",
        description="Grade a child's care across six neglect domains and follow it over time.",
    )
    parser.add_argument("--version", action="version", version=f"GCP Desk {__version__}")
    parser.add_argument("--data-dir", type=Path, help="folder for the database, backups and settings")
    parser.add_argument("--demo", action="store_true", help="open a throw-away demo caseload")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser("demo", help="fill the database with an invented caseload")
    demo.add_argument("--children", type=_positive, default=40, help="how many children (default 40)")
    demo.add_argument("--seed", type=int, default=7, help="random seed, for a repeatable caseload")

    listing = commands.add_parser("list", help="list children or assessments")
    listing.add_argument("what", choices=["children", "assessments"])
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    listing.add_argument("--child", help="only this child's assessments (its id)")

    instrument = commands.add_parser("instrument", help="work with instrument files")
    instrument_commands = instrument.add_subparsers(dest="instrument_command", metavar="ACTION", required=True)
    check = instrument_commands.add_parser("check", help="validate an instrument file; every problem is listed")
    check.add_argument("file", type=Path)

    db = commands.add_parser("db", help="database upkeep")
    db.add_argument("action", choices=["upgrade", "check", "backup"])
    return parser


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    paths = AppPaths.at(args.data_dir) if args.data_dir else None
    try:
        if args.command is None:
            from .app import run_gui

            return run_gui(paths, demo=args.demo)
        if args.command == "instrument":
            from .cli_commands import check_instrument

            return check_instrument(args.file)
        from . import cli_commands

        paths = paths or AppPaths.default()
        if args.command == "demo":
            return cli_commands.fill_demo(paths, children=args.children, seed=args.seed)
        if args.command == "list":
            return cli_commands.list_records(paths, args.what, as_json=args.json, child=args.child)
        if args.command == "db":
            return cli_commands.database(paths, args.action)
    except GcpDeskError as error:
        print(f"gcp-desk: {error}", file=sys.stderr)
        return 2
    return 0


def print_json(value: object) -> None:
    json.dump(value, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")
