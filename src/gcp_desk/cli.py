"""The command line. With no command it opens the desktop app; every command honours ``--data-dir``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .domain.enums import Role
from .domain.errors import GcpDeskError
from .paths import AppPaths

ACTING_AS_ADMINISTRATOR = (
    "Accounts and teams are added by an administrator: give --as with an administrator's name, and type their "
    "password when asked. The exception is the first administrator: while a database has none (a new, empty one, "
    "or one from an older version), anyone at this computer may add one without --as, so that it can add everyone "
    "else. "
    "With --password-stdin the passwords are read from standard input, one a line: the administrator's first "
    "(with --as), then the new account's."
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gcp-desk",
        description="Grade a child's care across six neglect domains and follow it over time.",
    )
    parser.add_argument("--version", action="version", version=f"GCP Desk {__version__}")
    parser.add_argument("--data-dir", type=Path, help="folder for the database, backups and settings")
    parser.add_argument("--demo", action="store_true", help="open a throw-away demo caseload")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser("demo", help="fill an empty database with an invented caseload and its accounts",
                               description="Fill an empty database with invented children, assessments in every "
                                           "state, two teams and their accounts; the accounts and their passwords "
                                           "are printed at the end.")
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

    report = commands.add_parser(
        "report", help="save an assessment's report as PDF",
        description="Save the full report of an assessment, or with --family the one-page family summary, as PDF. "
                    "The report of a countersigned assessment is digitally signed; any other is marked DRAFT.")
    report.add_argument("assessment_id", metavar="ASSESSMENT_ID", help="the assessment's id (see 'list assessments')")
    report.add_argument("-o", "--output", type=Path, metavar="FILE.pdf",
                        help="where to save it (default: the child's name, the kind of report and the date, "
                             "in the current folder)")
    report.add_argument("--family", action="store_true", help="the family summary in plain words instead")

    verify = commands.add_parser(
        "verify", help="check a report's digital signature and its hash against this database",
        description="Check a saved report: that its digital signature is intact, that no byte changed after "
                    "signing, and that the verification hash printed in it is the hash of the countersigned "
                    "record in this database. Exits 0 when all is well, 1 with each problem in words otherwise.")
    verify.add_argument("file", type=Path, metavar="FILE.pdf")

    user = commands.add_parser("user", help="add accounts (administrators)", description=ACTING_AS_ADMINISTRATOR)
    user_commands = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add_user = user_commands.add_parser("add", help="add an account; its password is asked for twice",
                                        description=ACTING_AS_ADMINISTRATOR)
    add_user.add_argument("name", metavar="NAME", help="the person's full name, as it appears on signatures")
    add_user.add_argument("--role", choices=[role.value for role in Role], default=Role.PRACTITIONER.value)
    add_user.add_argument("--team", metavar="TEAM", help="the team they work in, or supervise (by its name)")
    _administrator_options(add_user)

    team = commands.add_parser("team", help="add teams (administrators)", description=ACTING_AS_ADMINISTRATOR)
    team_commands = team.add_subparsers(dest="team_command", metavar="ACTION", required=True)
    add_team = team_commands.add_parser("add", help="add a supervisor's team", description=ACTING_AS_ADMINISTRATOR)
    add_team.add_argument("name", metavar="NAME")
    _administrator_options(add_team)
    return parser


def _administrator_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as", dest="acting_as", metavar="NAME", help="act as this administrator")
    parser.add_argument("--password-stdin", action="store_true",
                        help="read the passwords from standard input instead of asking")


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
        if args.command in ("report", "verify"):
            from . import cli_reports

            if args.command == "report":
                return cli_reports.save_report(paths, args.assessment_id, args.output, family=args.family)
            return cli_reports.verify_report(paths, args.file)
        if args.command in ("user", "team"):
            from . import cli_accounts

            if args.command == "user":
                return cli_accounts.add_user(paths, args.name, Role(args.role), team=args.team,
                                             acting_as=args.acting_as, password_stdin=args.password_stdin)
            return cli_accounts.add_team(paths, args.name, acting_as=args.acting_as,
                                         password_stdin=args.password_stdin)
    except GcpDeskError as error:
        print(f"gcp-desk: {error}", file=sys.stderr)
        return 2
    return 0


def print_json(value: object) -> None:
    json.dump(value, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")
