"""``gcp-desk``: parse the words, sign in where the command needs it, and run the command."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from ..domain.errors import GcpDeskError
from ..paths import AppPaths
from .output import quiet_when_reader_leaves
from .parser import build_parser


UNEXPECTED = 70
"""Exit code of an error nobody expected (``EX_SOFTWARE``); 1 and 2 keep their meanings."""


def main(argv: Sequence[str] | None = None) -> int:
    from ..security.file_modes import restrict_umask

    restrict_umask()  # everything made from here on (database, -wal, backups, reports, logs) is owner-only
    args = build_parser().parse_args(argv)
    paths = AppPaths.at(args.data_dir) if args.data_dir else None
    if args.self_test:
        from ..logging_setup import start_logging
        from ..self_test import run_self_test

        start_logging("self-test")
        return run_self_test(sys.stdout)
    from ..logging_setup import log_file, log_uncaught, start_logging

    if args.command is None:
        from ..gui import run_gui

        start_logging("app")
        return run_gui(paths, demo=args.demo)

    start_logging(f"command {args.command}")  # the command's name only, never its arguments
    try:
        return quiet_when_reader_leaves(lambda: _run(args, paths or AppPaths.default()))
    except GcpDeskError as error:
        print(f"gcp-desk: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("gcp-desk: stopped; nothing more was done.", file=sys.stderr)
        return 130
    except Exception as error:
        log_uncaught(type(error), error, error.__traceback__, where=f"command {args.command}")
        print(f"gcp-desk: something went wrong that GCP Desk did not expect ({type(error).__name__}: {error}). "
              f"Nothing already saved was changed by it. The details are in {log_file()}", file=sys.stderr)
        return UNEXPECTED


def _run(args, paths: AppPaths) -> int:
    command = args.command
    if command == "instrument":
        from .instrument import check_instrument

        return check_instrument(args.file)
    if command == "demo":
        from .demo import fill_demo

        return fill_demo(paths, children=args.children, seed=args.seed, quiet=args.quiet)
    if command == "list":
        from .records import list_records

        return list_records(paths, args.what, as_json=args.json, child=args.child, acting_as=args.acting_as,
                            password_stdin=args.password_stdin)
    if command == "retention":
        from .retention import retention

        return retention(paths, args)
    if command == "settings":
        from .settings import settings

        return settings(paths, args)
    if command == "db":
        from .database import database

        return database(paths, args.action, acting_as=args.acting_as, password_stdin=args.password_stdin,
                        deep=args.deep, file=args.file, without_head_file=args.without_head_file)
    if command == "report":
        from .reports import save_report

        return save_report(paths, args.assessment_id, args.output, family=args.family, acting_as=args.acting_as,
                           password_stdin=args.password_stdin, draft=args.draft, sign_on_server=args.sign_on_server)
    if command in ("export", "import", "subject-access", "retention", "keys"):
        from .records_moving import run_export_import

        return run_export_import(paths, args)
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
    if command == "sync":
        from .sync import run_sync

        return run_sync(paths, args)
    if command == "server":
        from .server import server_add_team, server_add_user, server_init, server_refresh_attention, server_upgrade

        if args.server_command == "add-user":
            from ..domain.enums import Role

            return server_add_user(args.url, args.name, [Role(value) for value in args.roles or ["practitioner"]],
                                   team=args.team, login=args.login, password_stdin=args.password_stdin)
        if args.server_command == "sign-requests":
            from .server import server_sign_requests

            return server_sign_requests(args.url, password_stdin=args.password_stdin,
                                        owner_password=args.owner_password)
        if args.server_command in ("laptops", "revoke-laptop"):
            from .server_laptops import server_laptops, server_revoke_laptop

            if args.server_command == "laptops":
                return server_laptops(args.url, acting_as=args.acting_as, password_stdin=args.password_stdin)
            return server_revoke_laptop(args.url, args.laptop_id, acting_as=args.acting_as,
                                        password_stdin=args.password_stdin)
        if args.server_command == "link":
            from .server import server_link

            return server_link(paths, args.url, acting_as=args.acting_as, password_stdin=args.password_stdin)
        if args.server_command == "add-team":
            return server_add_team(args.url, args.name, password_stdin=args.password_stdin)
        if args.server_command == "refresh-attention":
            return server_refresh_attention(args.url, password_stdin=args.password_stdin,
                                            owner_password=args.owner_password)
        if args.server_command == "init":
            return server_init(args.url, administrator=args.acting_as, login=args.login,
                               organisation=args.organisation, password_stdin=args.password_stdin,
                               owner_password=args.owner_password)
        return server_upgrade(paths, args.url, administrator=args.acting_as, password_stdin=args.password_stdin,
                              owner_password=args.owner_password, backups_dir=args.backup_dir)
    raise AssertionError(f"unhandled command {command}")
