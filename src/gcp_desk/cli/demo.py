"""``gcp-desk demo``: an invented caseload in an empty database, and the accounts to sign in with. Needs no sign-in:
it refuses a database that holds anything."""

from __future__ import annotations

from datetime import date

from ..domain.errors import InvalidInput
from ..domain.labels import ROLE, STATUS
from ..paths import AppPaths
from .anchoring import anchor_after_writing
from .output import Progress


def fill_demo(paths: AppPaths, *, children: int, seed: int, quiet: bool = False) -> int:
    from ..app import give_demo_passwords, open_backend
    from ..demo.accounts import DEMO_ACCOUNTS
    from ..demo.caseload import DemoCaseload

    backend = open_backend(paths)
    try:
        if backend.is_locked or backend.is_in_use():
            # Invented children must never mix with real records, and a second demo would repeat every account.
            raise InvalidInput(f"{paths.database} already holds accounts or children; the demo fills an empty "
                               "database only. Give an empty folder with --data-dir.")
        progress = None if quiet else Progress("Making invented children")
        demo = DemoCaseload(backend.db, seed=seed, today=date.today())
        summary = demo.write(children, progress)
        give_demo_passwords(backend, demo.users)
        recovery = backend.take_recovery_key()
        anchor_after_writing(backend)
    finally:
        backend.close()
    states = ", ".join(f"{count} {STATUS[status].lower()}" for status, count in
                       sorted(summary.statuses.items(), key=lambda pair: list(STATUS).index(pair[0])))
    print(
        f"Added an invented caseload to {paths.database}: {summary.children} children in "
        f"{summary.households} households, {summary.assessments} assessments ({states})."
    )
    print("\nDemo accounts (invented people; sign in with these passwords):")
    rows = [(account.name, ", ".join(ROLE[role].lower() for role in account.roles), account.team or "-",
             account.password) for account in DEMO_ACCOUNTS]
    widths = [max(len(row[column]) for row in [("Name", "Roles", "Team", "Password"), *rows]) for column in range(3)]
    for name, roles, team, password in [("Name", "Roles", "Team", "Password"), *rows]:
        print(f"  {name:<{widths[0]}}  {roles:<{widths[1]}}  {team:<{widths[2]}}  {password}")
    if recovery is not None:
        print(f"\nThe demo database is encrypted like a real one. Its recovery key: {recovery}")
    return 0
