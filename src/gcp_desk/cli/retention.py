"""``gcp-desk retention``: the records due for review under the retention rule and those kept for now (``list``),
keeping one for now with a reason until a later review (``keep``), and deleting one with a reason (``delete``).
Administrators only; every step is recorded in the audit trail, without names."""

from __future__ import annotations

import argparse
from uuid import UUID

from ..domain.errors import InvalidInput
from ..paths import AppPaths
from .signing_in import signed_in

RETENTION_WORDS = (
    "list: the records due for review under the retention rule in the settings, then those kept for now with the "
    "date they are due again, who kept them and why. keep CHILD_ID --reason CATEGORY [--years N]: keep a record "
    "due for review for now; it is due again N years from today (1 by default, at most 10), or for a child looked "
    "after not before the rule's looked-after age (see 'gcp-desk settings retention'). delete CHILD_ID --reason "
    "CATEGORY: delete every row about the child in one step. Administrators only; recorded in the audit trail "
    "without names.")


KEEP_REASONS = ("still-involved", "looked-after", "proceedings", "request-open", "other")
DELETION_REASONS = ("retention-period", "erasure-request", "recorded-in-error")
"""For the help only (the parser is built at every start, before the services are imported): the services'
categories are what a reason is checked against."""


def _keep_reasons() -> dict[str, str]:
    from ..services.retention import KEEP_REASON_WORDS

    return {reason.value: words for reason, words in KEEP_REASON_WORDS.items()}


def _deletion_reasons() -> dict[str, str]:
    from ..services.retention import DELETION_REASON_WORDS

    return {reason.value: words for reason, words in DELETION_REASON_WORDS.items()}


def add_retention(command, signing_in: str) -> None:
    retention = command("retention", help="records due for review under the retention rule; keep one for now or "
                        "delete it (administrators; signs in)", description=RETENTION_WORDS, epilog=signing_in)
    retention.add_argument("action", choices=["list", "keep", "delete"])
    retention.add_argument("child_id", nargs="?", metavar="CHILD_ID",
                           help="with keep or delete: the child's id (as 'retention list' prints it)")
    retention.add_argument("--reason", metavar="CATEGORY",
                           help="with keep: " + ", ".join(KEEP_REASONS) + "; with delete: "
                           + ", ".join(DELETION_REASONS) + " (recorded in the audit trail)")
    retention.add_argument("--years", type=int, default=None, metavar="N",
                           help="with keep: the record is due for review again N years from today (1 to 10; "
                                "default 1)")


def retention(paths: AppPaths, args: argparse.Namespace) -> int:
    if args.action == "list":
        if args.child_id or args.reason or args.years is not None:
            raise InvalidInput("retention list takes no child, --reason or --years.")
        return _list(paths, args)
    if not args.child_id:
        raise InvalidInput(f"retention {args.action} needs the child's id (as 'retention list' prints it).")
    child_id = _child_id(args.child_id)
    reasons = _keep_reasons() if args.action == "keep" else _deletion_reasons()
    if not args.reason:
        raise InvalidInput(f"retention {args.action} needs --reason: " + _choices(reasons))
    if args.reason not in reasons:
        raise InvalidInput(f"'{args.reason}' is not a reason to {args.action} a record. Choose one of: "
                           + _choices(reasons))
    if args.action == "delete" and args.years is not None:
        raise InvalidInput("--years goes with keep, not with delete.")
    with signed_in(paths, args.acting_as, args.password_stdin, f"retention {args.action}") as (backend, user):
        service = backend.retention(user)
        if args.action == "keep":
            until = service.keep(child_id, args.reason, 1 if args.years is None else args.years)
        else:
            deleted = service.delete_child(child_id, args.reason)
    if args.action == "keep":
        print(f"Kept child {child_id}'s record for now ({reasons[args.reason].lower()}): it is due for review again "
              f"on {until.isoformat()}. The decision is recorded in the audit trail.")
        return 0
    print(f"Deleted child {child_id}: " + ", ".join(f"{count} {name}" for name, count in deleted.items())
          + ". A tombstone and an audit event (without personal data) record it. Backups keep their copy until "
            "they age out.")
    return 0


def _list(paths: AppPaths, args: argparse.Namespace) -> int:
    with signed_in(paths, args.acting_as, args.password_stdin, "retention list") as (backend, user):
        service = backend.retention(user)
        due, kept = service.due(), service.kept()
    for entry in due:
        until = f"kept until {entry.kept_until.isoformat()}" if entry.kept_until else "never kept"
        print(f"{entry.child_id}  {entry.name:<30} {_born(entry):<10}  {entry.team:<20} due {entry.due_on}  "
              f"{until:<21}  {entry.why}")
    print(f"{len(due)} record{'s' if len(due) != 1 else ''} due for review")
    if kept:
        print()
        print("Kept for now, not due again yet:")
        reasons = _keep_reasons()
        for entry in kept:
            age = f", the age of {entry.looked_after_age} for children looked after" if entry.looked_after_age else ""
            print(f"{entry.child_id}  {entry.name:<30} {_born(entry):<10}  {entry.team:<20} kept until "
                  f"{entry.kept_until}{age}  (kept on {entry.decided_on} by {entry.kept_by}: "
                  f"{reasons[entry.reason.value].lower()})")
        print(f"{len(kept)} record{'s' if len(kept) != 1 else ''} kept for now")
    return 0


def _born(entry) -> str:
    return entry.date_of_birth.isoformat() if entry.date_of_birth else "unborn"


def _choices(reasons: dict[str, str]) -> str:
    return "; ".join(f"{value} ({words.lower()})" for value, words in reasons.items()) + "."


def _child_id(text: str) -> UUID:
    try:
        return UUID(text)
    except ValueError:
        raise InvalidInput(f"'{text}' is not a child id (ids look like 3f2b9c1e-..., as 'retention list' prints "
                           "them).") from None
