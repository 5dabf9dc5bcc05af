"""``gcp-desk export`` and ``gcp-desk import``: records leaving and entering GCP Desk whole, as a bundle.

A bundle is encrypted with a passphrase unless ``--plain`` is given; the passphrase is asked for twice at a
terminal, or read as the next line of standard input after the sign-in password with ``--password-stdin``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from uuid import UUID

from ..domain.errors import InvalidInput
from ..paths import AppPaths
from .signing_in import password_reader, signed_in

EXPORT_WORDS = (
    "Write the records you may see as a bundle: one child (--child), one household (--household) or everything "
    "(--all, the default). The bundle is encrypted with a passphrase you choose unless --plain is given; "
    "--csv writes the analysis extract instead. Either way the export is written to the audit trail.")
SUBJECT_ACCESS_WORDS = (
    "For a subject access request: everything held about one child, as a readable PDF and as the bundle, with "
    "every third party (other adults, agencies, staff) listed at the start of the PDF for redaction review before "
    "release. Administrators only; recorded in the audit trail. Prints ids and counts only.")
IMPORT_WORDS = (
    "Check a bundle whole, then write everything in it into your team's records in one step, or nothing: every "
    "problem is listed with its place in the bundle. Records already held are left as they are; a record that "
    "differs from one held here is refused, never overwritten. Exit 0 when imported, 1 with the problems.")

KEYS_WORDS = (
    "make-recipient writes a new key pair (X25519): NAME.pem, your private key, readable by you only and protected "
    "by a password you choose, and NAME.pub.pem, the public key you give to whoever sends you bundles "
    "('gcp-desk export --to NAME.pub.pem'). Only the private key opens those bundles ('gcp-desk import FILE --key "
    "NAME.pem'): keep it, and a copy of it, safe. Existing files are never overwritten.")


def add_export_import(command, signing_in: str) -> None:
    export = command("export", help="write records as a bundle, or an analysis extract (signs in)",
                     description=EXPORT_WORDS, epilog=signing_in)
    which = export.add_mutually_exclusive_group()
    which.add_argument("--child", metavar="ID", help="only this child (its id, see 'list children --json')")
    which.add_argument("--household", metavar="ID", help="the children of this household")
    which.add_argument("--all", action="store_true", help="everything you may see (the default)")
    export.add_argument("-o", "--output", type=Path, required=True, metavar="FILE",
                        help="where to write it (replaced whole, never half-written)")
    export.add_argument("--plain", action="store_true",
                        help="plain JSON, not encrypted (recorded as such in the audit trail)")
    export.add_argument("--to", type=Path, metavar="RECIPIENT.pub.pem",
                        help="encrypt to this recipient's public key instead of a passphrase (see 'keys')")
    export.add_argument("--csv", action="store_true",
                        help="one row per assessment and domain, pseudonymised, for analysis in a spreadsheet")
    export.add_argument("--identified", action="store_true",
                        help="with --csv: the children's ids, names and dates of birth instead of pseudonyms "
                             "(administrators who work on cases; recorded as identified in the audit trail)")
    imported = command("import", help="check a bundle and write it into your records, all or nothing (signs in)",
                       description=IMPORT_WORDS, epilog=signing_in)
    imported.add_argument("file", type=Path, metavar="FILE")
    imported.add_argument("--key", type=Path, metavar="PRIVATE.pem",
                          help="your private key, for a bundle encrypted to your public key (its password is asked "
                               "for, or read as the next line of standard input)")
    keys = command("keys", help="make a key pair for receiving bundles encrypted to you", description=KEYS_WORDS)
    keys.add_argument("action", choices=["make-recipient"])
    keys.add_argument("-o", "--output", type=Path, required=True, metavar="NAME",
                      help="writes NAME.pem (your private key: keep it) and NAME.pub.pem (give it to senders)")
    keys.add_argument("--unprotected", action="store_true",
                      help="do not protect the private key with a password (not advised)")
    access = command("subject-access", help="everything held about one child, for a subject access request "
                     "(administrators; signs in)", description=SUBJECT_ACCESS_WORDS, epilog=signing_in)
    access.add_argument("child_id", nargs="?", metavar="CHILD_ID", help="the child's id (find it with --find)")
    access.add_argument("--find", metavar="TEXT", help="list children whose name or identifier holds TEXT: name, "
                        "date of birth and team only")
    access.add_argument("-o", "--output", type=Path, default=Path("."), metavar="FOLDER",
                        help="the folder for the PDF and the bundle (default: the current folder)")
    access.add_argument("--plain", action="store_true", help="write the bundle as plain JSON, not encrypted")


def run_export_import(paths: AppPaths, args: argparse.Namespace) -> int:
    if args.command == "subject-access":
        return subject_access(paths, args)
    if args.command == "export":
        return export_records(paths, args)
    if args.command == "keys":
        return make_recipient(args)
    return import_records(paths, args)


def export_records(paths: AppPaths, args: argparse.Namespace) -> int:
    coverage, record_id = "all", None
    if args.child:
        coverage, record_id = "child", _id(args.child, "child")
    elif args.household:
        coverage, record_id = "household", _id(args.household, "household")
    if args.identified and not args.csv:
        raise InvalidInput("--identified goes with --csv (a bundle always carries the records whole).")
    if args.csv:
        with signed_in(paths, args.acting_as, args.password_stdin, "export --csv") as (backend, user):
            summary = backend.extracts(user).extract(args.output, coverage=coverage, record_id=record_id,
                                                     identified=args.identified)
        kind = "IDENTIFIED: names and dates of birth" if args.identified else "pseudonymised"
        print(f"Wrote {summary.rows:,} rows ({summary.children:,} children, one row per assessment and domain, "
              f"{kind}) to {summary.path}.")
        return 0
    if args.to and args.plain:
        raise InvalidInput("--to encrypts the bundle to a recipient's key; --plain writes it unencrypted. Give one.")
    recipient = None
    if args.to:
        from ..bundle.recipients import read_recipient

        recipient = _readable(lambda: read_recipient(args.to))
    with signed_in(paths, args.acting_as, args.password_stdin, "export") as (backend, user):
        passphrase = None if args.plain or recipient else _new_passphrase(args.password_stdin)
        progress = _Progress() if sys.stderr.isatty() else None
        summary = backend.exports(user).export(args.output, coverage=coverage, record_id=record_id,
                                                passphrase=passphrase, progress=progress, recipient=recipient)
    print(f"Exported {summary.children} children, {summary.households} households and {summary.assessments} "
          f"assessments to {summary.path} ({'encrypted' if summary.sealed else 'PLAIN JSON, not encrypted'}).")
    if not summary.sealed:
        print("The file is not encrypted: keep it as you would a printed record, and delete it when it has arrived.")
    return 0


def import_records(paths: AppPaths, args: argparse.Namespace) -> int:
    from ..bundle.reading import BundleFile

    with signed_in(paths, args.acting_as, args.password_stdin, "import") as (backend, user):
        read = password_reader(args.password_stdin, "import")
        private_key = _private_key(args.key, read) if args.key else None
        bundle = BundleFile(args.file, lambda: read("Passphrase of the bundle: "), private_key=private_key)
        outcome = backend.imports(user).import_bundle(bundle)
    if not outcome.ok:
        print(f"Nothing was imported: the bundle has {len(outcome.problems)} problem(s).", file=sys.stderr)
        for problem in outcome.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(f"Imported {outcome.added_children} children, {outcome.added_households} households and "
          f"{outcome.added_assessments} assessments ({outcome.already_held} records were held already).")
    if outcome.deleted:
        print(f"Deleted {len(outcome.deleted)} children's records here, as an administrator of your organisation "
              "deleted them where the bundle came from (a tombstone and an audit event without personal data record "
              "each): " + ", ".join(str(child_id) for child_id in outcome.deleted))
    return 0


def subject_access(paths: AppPaths, args: argparse.Namespace) -> int:
    if bool(args.find) == bool(args.child_id):
        raise InvalidInput("Give either --find TEXT, to find the child, or the child's id, to produce the files.")
    child_id = _id(args.child_id, "child") if args.child_id else None
    with signed_in(paths, args.acting_as, args.password_stdin, "subject-access") as (backend, user):
        service = backend.subject_access(user)
        if child_id is None:
            found = service.find(args.find)
            for child in found:
                born = child.date_of_birth.isoformat() if child.date_of_birth else "unborn"
                print(f"{child.child_id}  {child.name:<30} {born:<10}  {child.team}")
            print(f"{len(found)} children")
            return 0
        passphrase = None if args.plain else _new_passphrase(args.password_stdin)
        made = service.produce(child_id, args.output, passphrase=passphrase)
    print(f"Wrote {made.pdf} and {made.bundle}: {made.assessments} assessments, {len(made.third_parties)} third "
          "parties listed for redaction review at the start of the PDF. Review and redact before release.")
    return 0


def make_recipient(args: argparse.Namespace) -> int:
    from ..bundle.recipients import make_pair

    private_file = args.output if args.output.name.endswith(".pem") else args.output.with_name(
        args.output.name + ".pem")
    password = None
    if not args.unprotected:
        read = password_reader(args.password_stdin, "keys make-recipient")
        password = read("Password for the private key (at least 10 characters): ")
        if len(password) < 10:
            raise InvalidInput(f"The password is {len(password)} characters long; use at least 10. No key was made.")
        if not args.password_stdin and read("The password again: ") != password:
            raise InvalidInput("The two passwords differ. No key was made.")
    try:
        public_file = make_pair(private_file, password)
    except FileExistsError as error:
        raise InvalidInput(str(error)) from None
    print(f"Wrote {private_file} (your private key: keep it, and a copy, safe) and {public_file} (give this one "
          "to whoever sends you bundles).")
    return 0


def _private_key(path: Path, read):
    from ..bundle.recipients import private_key_is_protected, read_private_key

    password = read(f"Password of the key file {path.name}: ") if private_key_is_protected(path) else None
    return _readable(lambda: read_private_key(path, password))


def _readable(make):
    """``make()``, with a key file's problem as a plain message."""
    from ..bundle.errors import BundleUnreadable

    try:
        return make()
    except BundleUnreadable as error:
        raise InvalidInput(str(error)) from None


def _new_passphrase(from_stdin: bool) -> str:
    from ..bundle.envelope import passphrase_problem

    read = password_reader(from_stdin, "export")
    passphrase = read("Passphrase for the bundle (the person importing it needs it): ")
    problem = passphrase_problem(passphrase)
    if problem:
        raise InvalidInput(problem + " Nothing was exported.")
    if not from_stdin and read("The passphrase again: ") != passphrase:
        raise InvalidInput("The two passphrases differ. Nothing was exported.")
    return passphrase


def _id(text: str, what: str) -> UUID:
    try:
        return UUID(text)
    except ValueError:
        raise InvalidInput(f"'{text}' is not a {what} id (ids look like 3f2b9c1e-...)") from None


class _Progress:
    def __call__(self, done: int, total: int) -> None:
        if done == total or done % 50 == 0:
            print(f"\r{done:,} of {total:,} children", end="\n" if done == total else "", file=sys.stderr)
