"""The command line's words: commands, their options, and the options every command takes."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import __version__
from ..domain.enums import Role

SIGNING_IN = (
    "Commands that read or change records sign in first: give --as \"NAME\" and type that person's password when "
    "asked, or pass it as one line on standard input with --password-stdin. --as, --password-stdin and --data-dir "
    "may come before or after the command."
)
ACTING_AS_ADMINISTRATOR = (
    "Accounts and teams are added by an administrator: give --as with an administrator's name, and type their "
    "password when asked. The exception is the first administrator: while a database has none (a new, empty one, "
    "or one from an older version), anyone at this computer may add one without --as, so that it can add everyone "
    "else. "
    "With --password-stdin the passwords are read from standard input, one a line: the administrator's first "
    "(with --as), then the new account's."
)


def _global_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """The options every command accepts. Below the top level their default is "not given", so that an option put
    before the command is not overwritten by the command's own parser."""
    keep = {} if top else {"default": argparse.SUPPRESS}
    parser.add_argument("--data-dir", type=Path, metavar="DIR", help="folder for the database, backups and settings",
                        **({"default": None} if top else keep))
    parser.add_argument("--as", dest="acting_as", metavar="NAME", help="sign in as this person",
                        **({"default": None} if top else keep))
    parser.add_argument("--password-stdin", action="store_true",
                        help="read the password(s) from standard input, one a line, instead of asking",
                        **({"default": False} if top else keep))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gcp-desk",
        description="Grade a child's care across six neglect domains and follow it over time.",
        epilog=SIGNING_IN,
    )
    parser.add_argument("--version", action="version", version=f"GCP Desk {__version__}")
    _global_options(parser, top=True)
    parser.add_argument("--demo", action="store_true", help="open a throw-away demo caseload")
    parser.add_argument("--self-test", action="store_true",
                        help="check that this copy of GCP Desk is whole, in a throw-away folder (exit 0 if it is)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    everywhere = argparse.ArgumentParser(add_help=False)
    _global_options(everywhere, top=False)

    def command(name: str, **options) -> argparse.ArgumentParser:
        return commands.add_parser(name, parents=[everywhere], **options)

    demo = command("demo", help="fill an empty database with an invented caseload and its accounts",
                   description="Fill an empty database with invented children, assessments in every state, two teams "
                               "and their accounts; the accounts and their passwords are printed at the end.")
    demo.add_argument("--children", type=_positive, default=40, help="how many children (default 40)")
    demo.add_argument("--seed", type=int, default=7, help="random seed, for a repeatable caseload")
    demo.add_argument("--quiet", action="store_true", help="no progress while the caseload is made")

    listing = command("list", help="list children or assessments (signs in)", epilog=SIGNING_IN)
    listing.add_argument("what", choices=["children", "assessments"])
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    listing.add_argument("--child", help="only this child's assessments (its id)")

    instrument = command("instrument", help="work with instrument files")
    instrument_commands = instrument.add_subparsers(dest="instrument_command", metavar="ACTION", required=True)
    check = instrument_commands.add_parser("check", parents=[everywhere],
                                           help="validate an instrument file; every problem is listed")
    check.add_argument("file", type=Path)

    db = command("db", help="database upkeep (administrators; signs in)", epilog=SIGNING_IN)
    db.add_argument("action", choices=["upgrade", "check", "backup", "restore", "rekey"],
                    help="rekey: a new data key (after someone has left); the administrator's password is asked "
                         "again, and everyone else needs a one-time password afterwards")
    db.add_argument("--deep", action="store_true",
                    help="with check: also list every signed assessment changed after signing")
    db.add_argument("file", nargs="?", type=Path, metavar="FILE",
                    help="with restore: the backup to restore (the present database is kept as a backup first)")
    db.add_argument("--without-head-file", action="store_true",
                    help="with restore: accept a backup that has no signed record of its audit trail's end beside "
                         "it (one made by an older version or before an upgrade)")

    report = command(
        "report", help="save an assessment's report as PDF (signs in)", epilog=SIGNING_IN,
        description="Save the full report of an assessment, or with --family the one-page family summary, as PDF. "
                    "The report of a countersigned assessment is digitally signed; any other is marked DRAFT.")
    report.add_argument("assessment_id", metavar="ASSESSMENT_ID", help="the assessment's id (see 'list assessments')")
    report.add_argument("-o", "--output", type=Path, metavar="FILE.pdf",
                        help="where to save it (default: the child's name, the kind of report and the date, "
                             "in the current folder)")
    report.add_argument("--family", action="store_true", help="the family summary in plain words instead")
    report.add_argument("--draft", action="store_true",
                        help="for an assessment changed after signing: save a DRAFT report that says so (it is "
                             "never signed)")
    report.add_argument("--sign-on-server", action="store_true",
                        help="on a linked laptop, a supervisor has the report signed with the organisation's key "
                             "on the team server (their server password is asked for next, or read as the next "
                             "line of standard input)")

    _records_that_move(command)

    verify = command(
        "verify", help="check a report's digital signature, and with --as its record in this database",
        description="Check a saved report: that its digital signature is intact and that no byte changed after "
                    "signing. Signed in with --as, also check that the verification hash printed in it is the hash "
                    "of the countersigned record in this database. Exits 0 when all is well, 1 with each problem "
                    "in words otherwise.")
    verify.add_argument("file", type=Path, metavar="FILE.pdf")
    verify.add_argument("--trust", type=Path, metavar="CERT.pem",
                        help="the organisation certificate (PEM or DER) the report must be signed with, instead of "
                             "the one this data folder trusts")

    audit = command("audit", help="check the audit trail (administrators; signs in)", epilog=SIGNING_IN)
    audit_commands = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    audit_commands.add_parser(
        "verify", parents=[everywhere], help="walk the audit trail's hash chain and the records it covers",
        description="Walk the audit trail's hash chain from its first event, check its end against the signed "
                    "head file in the data folder, every signature against the event that made it, the database's "
                    "refusal of changes to the trail, and every signed assessment against its signature. Exit 0 "
                    "with the number of events checked, or 1 naming the first event that does not match and what "
                    "differs.", epilog=SIGNING_IN)

    user = command("user", help="add accounts (administrators)", description=ACTING_AS_ADMINISTRATOR)
    user_commands = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add_user = user_commands.add_parser("add", parents=[everywhere], help="add an account; its password is asked "
                                        "for twice", description=ACTING_AS_ADMINISTRATOR)
    add_user.add_argument("name", metavar="NAME", help="the person's full name, as it appears on signatures")
    add_user.add_argument("--role", choices=[role.value for role in Role], action="append", dest="roles",
                          help="a role they hold; give --role more than once for several "
                               "(default: practitioner)")
    add_user.add_argument("--team", metavar="TEAM", help="the team they work in, or supervise (by its name)")

    team = command("team", help="add teams (administrators)", description=ACTING_AS_ADMINISTRATOR)
    team_commands = team.add_subparsers(dest="team_command", metavar="ACTION", required=True)
    add_team = team_commands.add_parser("add", parents=[everywhere], help="add a supervisor's team",
                                        description=ACTING_AS_ADMINISTRATOR)
    add_team.add_argument("name", metavar="NAME")
    _server_commands(command, everywhere)
    from .sync import add_sync_commands

    add_sync_commands(command, everywhere)
    return parser


SERVER = (
    "The team server is a PostgreSQL database. URL: postgresql://OWNER@HOST[:PORT]/DATABASE, with "
    "?sslrootcert=CA.pem naming the certificate authority of the server's TLS certificate (checked in full: "
    "sslmode=verify-full unless the URL says otherwise). The owner's password is asked for first (or read as the "
    "first line of standard input with --password-stdin), unless --no-owner-password."
)


def _server_commands(command, everywhere: argparse.ArgumentParser) -> None:
    server = command("server", help="set up or upgrade a team server (PostgreSQL)", description=SERVER)
    actions = server.add_subparsers(dest="server_command", metavar="ACTION", required=True)
    init = actions.add_parser(
        "init", parents=[everywhere], help="set up an empty PostgreSQL database as a team server",
        description="Create the schema, the owner role, the person group and its row-level security, the first "
                    "administrator (named by --as; their new password is asked for next) and the organisation's "
                    "certificate, in one step that is undone whole if any part fails. " + SERVER)
    init.add_argument("url", metavar="URL")
    init.add_argument("--login", help="the first administrator's login on the server (default: their name in "
                                      "lower case, words joined by dots); with Kerberos, their user name")
    init.add_argument("--organisation", help="the organisation's name, on its signing certificate "
                                             "(default: the database's name)")
    init.add_argument("--no-owner-password", dest="owner_password", action="store_false",
                      help="do not ask for the owner's password (PGPASSWORD, a .pgpass file or Kerberos gives it)")
    upgrade = actions.add_parser(
        "upgrade", parents=[everywhere], help="back the team server up with pg_dump, then upgrade its schema",
        description="The only way a team server's schema changes: an administrator (--as) with the owner's "
                    "credentials. pg_dump is checked and run first, to a named file in --backup-dir (default: the "
                    "data folder's backups). " + SERVER)
    upgrade.add_argument("url", metavar="URL")
    upgrade.add_argument("--backup-dir", type=Path, metavar="DIR", help="where the pg_dump backup is written")
    upgrade.add_argument("--no-owner-password", dest="owner_password", action="store_false",
                         help="do not ask for the owner's password (PGPASSWORD, a .pgpass file or Kerberos gives "
                              "it)")
    as_administrator = ("An administrator, connected as their own server login (the URL's login; its password is "
                        "asked for first, or read as the first line of standard input with --password-stdin). ")
    person = actions.add_parser(
        "add-user", parents=[everywhere], help="add a person's account and their own server login (administrators)",
        description=as_administrator + "The new person's password is asked for next (twice at a terminal). " + SERVER)
    person.add_argument("url", metavar="URL")
    person.add_argument("name", metavar="NAME", help="the person's full name, as it appears on signatures")
    person.add_argument("--role", choices=[role.value for role in Role], action="append", dest="roles",
                        help="a role they hold; give --role more than once for several (default: practitioner)")
    person.add_argument("--team", metavar="TEAM", help="the team they work in, or supervise (by its name)")
    person.add_argument("--login", help="their login on the server (default: their name in lower case, words joined "
                                        "by dots); with Kerberos, their user name")
    team = actions.add_parser("add-team", parents=[everywhere], help="add a team (administrators)",
                              description=as_administrator + SERVER)
    team.add_argument("url", metavar="URL")
    team.add_argument("name", metavar="NAME")
    sign = actions.add_parser(
        "sign-requests", parents=[everywhere],
        help="sign the reports supervisors asked to have signed with the organisation's key (owner; scheduler)",
        description="The server's own job, run with the owner's credentials (every minute, say, by the server's "
                    "scheduler): each waiting request of a supervisor to sign a countersigned report is signed with "
                    "the organisation's key, which only the owner role can read. Prints how many. " + SERVER)
    sign.add_argument("url", metavar="URL")
    sign.add_argument("--no-owner-password", dest="owner_password", action="store_false",
                      help="do not ask for the owner's password (PGPASSWORD, a .pgpass file or Kerberos gives it)")
    link = actions.add_parser(
        "link", parents=[everywhere], help="link this laptop to a team server (its address only; no password kept)",
        description="Keep the team server's address in this data folder, so that a person with a login on the "
                    "server but no account on this laptop can sign in here with their name and server password "
                    "while online; the server's account changes (new passwords, disabled accounts) reach this "
                    "laptop at each online sign-in, and its organisation certificate is kept here so that reports "
                    "signed with it verify. With --as, that person signs in through the server at once. URL: "
                    "postgresql://HOST[:PORT]/DATABASE?sslrootcert=CA.pem (no login or password in it; "
                    "sslmode=verify-full unless the URL says otherwise).")
    link.add_argument("url", metavar="URL")
    as_admin_login = ("An administrator, as their own server login: the URL's login, or --as NAME or LOGIN (its "
                      "password is asked for, or read as the first line of standard input with --password-stdin). ")
    listed = actions.add_parser(
        "laptops", parents=[everywhere], help="list the laptops linked to the team server (administrators)",
        description=as_admin_login + "Prints each laptop's id, computer name, when and by whom it was linked, when "
                    "it was last online, how many children are held offline on it, and whether it is revoked. "
                    + SERVER)
    listed.add_argument("url", metavar="URL")
    revoke = actions.add_parser(
        "revoke-laptop", parents=[everywhere],
        help="revoke a lost laptop: it gives nobody new a slot, and its children held offline are released",
        description=as_admin_login + "The laptop's secret on the server is wiped (so nobody new can be given a slot "
                    "on it, and it cannot be linked again) and the children held offline on it are released, each "
                    "in the audit trail. People who had a slot on it keep it: change their passwords. " + SERVER)
    revoke.add_argument("url", metavar="URL")
    revoke.add_argument("laptop_id", metavar="LAPTOP_ID", help="the laptop's id, as 'server laptops' lists it")
    attention = actions.add_parser(
        "refresh-attention", parents=[everywhere],
        help="work out again who needs attention, for every child whose reasons no longer hold today",
        description="The server's own upkeep, run with the owner's credentials (nightly, by the server's "
                    "scheduler): every child whose stored reasons for attention no longer hold today (a "
                    "reassessment or a target fallen due) is worked out again, whatever team they are in. Prints "
                    "how many. " + SERVER)
    attention.add_argument("url", metavar="URL")
    attention.add_argument("--no-owner-password", dest="owner_password", action="store_false",
                           help="do not ask for the owner's password (PGPASSWORD, a .pgpass file or Kerberos "
                                "gives it)")


def _records_that_move(command) -> None:
    from .records_moving import add_export_import
    from .retention import add_retention
    from .settings import add_settings

    add_export_import(command, SIGNING_IN)
    add_retention(command, SIGNING_IN)
    add_settings(command, SIGNING_IN)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value
