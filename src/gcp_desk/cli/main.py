"""``gcp-desk``: parse the words, sign in where the command needs it, and run the command."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from ..domain.errors import GcpDeskError
from ..paths import AppPaths
from .output import quiet_when_reader_leaves
from .parser import build_parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    paths = AppPaths.at(args.data_dir) if args.data_dir else None
    if args.command is None:
        from ..gui import run_gui

        return run_gui(paths, demo=args.demo)
    try:
        return quiet_when_reader_leaves(lambda: _run(args, paths or AppPaths.default()))
    except GcpDeskError as error:
        print(f"gcp-desk: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("gcp-desk: stopped; nothing more was done.", file=sys.stderr)
        return 130


def _run(args, paths: AppPaths) -> int:
    command = args.command
    if command == "instrument":
        from .instrument import check_instrument

        return check_instrument(args.file)
    if command == "demo":
        from .demo import fill_demo

        return fill_demo(paths, children=args.children, seed=args.seed)
    if command == "list":
        from .records import list_records

        return list_records(paths, args.what, as_json=args.json, child=args.child, acting_as=args.acting_as,
                            password_stdin=args.password_stdin)
    if command == "db":
        from .database import database

        return database(paths, args.action, acting_as=args.acting_as, password_stdin=args.password_stdin,
                        deep=args.deep)
    if command == "report":
        from .reports import save_report

        return save_report(paths, args.assessment_id, args.output, family=args.family, acting_as=args.acting_as,
                           password_stdin=args.password_stdin, draft=args.draft)
    if command == "verify":
        from .reports import verify_report

        return verify_report(paths, args.file, acting_as=args.acting_as, password_stdin=args.password_stdin,
                             trust=args.trust)
    if command == "audit":
        from .audit import verify_audit

        return verify_audit(paths, acting_as=args.acting_as, password_stdin=args.password_stdin)
    if command == "user":
        from ..domain.enums import Role
        from .accounts import add_user

        roles = [Role(value) for value in (args.roles or [Role.PRACTITIONER.value])]
        return add_user(paths, args.name, roles, team=args.team, acting_as=args.acting_as,
                        password_stdin=args.password_stdin)
    if command == "team":
        from .accounts import add_team

        return add_team(paths, args.name, acting_as=args.acting_as, password_stdin=args.password_stdin)
    raise AssertionError(f"unhandled command {command}")
