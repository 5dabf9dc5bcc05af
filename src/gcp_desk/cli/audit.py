"""``gcp-desk audit verify --as NAME``: an administrator walks the audit chain and the records it covers.

Exit 0 with the number of events checked, or 1 naming the first event that does not match and what differs, then
any other problem found (signatures, triggers, assessments changed after signing). Ids and counts only.
"""

from __future__ import annotations

import sys

from ..paths import AppPaths
from .signing_in import signed_in


def verify_audit(paths: AppPaths, *, acting_as: str | None, password_stdin: bool) -> int:
    with signed_in(paths, acting_as, password_stdin, "audit verify") as (backend, user):
        from ..storage.chain_walk import CHUNK
        from .output import Progress

        said = Progress("Checking the audit trail (events)")
        found = backend.integrity(user).verify_audit(lambda done, of: said(done, of) if of > CHUNK else None)
    for problem in found.problems:
        print(problem, file=sys.stderr)
    for record in found.altered:
        print(f"Assessment {record.assessment_id} (child {record.child_id}, {record.status.value}) has been changed "
              f"after {record.signed_by} signed it on {record.signed_at}.", file=sys.stderr)
    if not found.ok:
        print(f"Audit trail: NOT as recorded. {_count(found.checked, 'event')} checked before the first problem.",
              file=sys.stderr)
        return 1
    print(f"Audit trail intact: {_count(found.checked, 'event')} checked, to event {found.head.seq} "
          f"(hash {found.head.hash[:16]}…); {_count(found.signatures_checked, 'signature')} checked against the "
          "events that made them; every signed assessment matches its signature.")
    return 0


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"
