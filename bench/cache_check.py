"""Checks that a built bench caseload is a faithful one, with the app's own readers: every child's stored attention
is what the history service works out afresh from the child's whole history, each signed assessment matches its
signatures, the audit chain and its signed head verify, and the counts are those the cache was built with.

The builder makes its records in bulk (``caseload_cache``), not through the services, so this is what says its
shortcuts left nothing different. Run it on a built cache:

    .venv/bin/python bench/cache_check.py --children 10000            # stored attention of 2,000 children at random
    .venv/bin/python bench/cache_check.py --children 2000 --every     # of every child

Prints what it checked and exits 1 on the first kind of difference it finds.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import replace
from pathlib import Path

from caseload_cache import BENCH_USER, TODAY, _schema_of, cache_dir

ADMINISTRATOR = "Alex Morrow"
SAMPLE = 2_000


def check(data_dir: Path, children: int, sample: int | None) -> list[str]:
    """What differs, in words; ``[]`` when the cache holds."""
    from sqlalchemy import text

    from gcp_desk.app import open_backend
    from gcp_desk.demo.accounts import DEMO_ACCOUNTS
    from gcp_desk.paths import AppPaths
    from gcp_desk.services.history import HistoryService
    from gcp_desk.services.stored_attention import decode

    passwords = {account.name: account.password for account in DEMO_ACCOUNTS}
    problems = schema_differences(data_dir)
    backend = open_backend(AppPaths.at(data_dir))
    try:
        accounts = {account.name: account.id for account in backend.accounts()}
        user = backend.unlock(accounts[BENCH_USER], passwords[BENCH_USER])
        history = HistoryService(replace(backend.context(user), today=lambda: TODAY))
        with backend.db.read() as uow:
            stored = {entry.row.child_id: entry.attention for entry in uow.attention.flagged(include_clear=True)}
            counted = uow.session.execute(text("SELECT count(*) FROM assessments")).scalar()
            signed = uow.session.execute(text("SELECT count(DISTINCT assessment_id) FROM signatures")).scalar()
        if len(stored) != children:
            problems.append(f"{len(stored):,} children, not {children:,}")
        built = data_dir / "build-counts"
        if built.exists() and counted != int(built.read_text().split()[1]):
            problems.append(f"{counted:,} assessments, not the {int(built.read_text().split()[1]):,} built")
        chosen = sorted(stored, key=str)
        if sample is not None and sample < len(chosen):
            chosen = random.Random(1).sample(chosen, sample)
        started = time.perf_counter()
        for child_id in chosen:
            decoded = decode(stored[child_id])
            if list(decoded.reasons) != history.attention(child_id) or decoded.due != history.reassessment_due(
                    child_id):
                problems.append(f"the stored attention of child {child_id} is not what its history gives")
                break
        print(f"stored attention of {len(chosen):,} children equal to their histories' "
              f"({time.perf_counter() - started:.0f} s)", flush=True)
        administrator = backend.unlock(accounts[ADMINISTRATOR], passwords[ADMINISTRATOR])
        started = time.perf_counter()
        audit = backend.integrity(administrator).verify_audit()
        problems += audit.problems
        problems += [f"assessment {altered.assessment_id} no longer matches its signature" for altered in audit.altered]
        print(f"audit chain ({audit.checked:,} events) verified, and each of {signed:,} signed assessments against its "
              f"signatures ({time.perf_counter() - started:.0f} s)", flush=True)
    finally:
        backend.close()
    return problems


def schema_differences(data_dir: Path) -> list[str]:
    """The cache's tables, columns, indexes and triggers statement for statement against a database migrated
    afresh (the builder makes some indexes after the load)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="schema-") as folder:
        fresh = _schema_of(Path(folder), sign_in=False)
    held = _schema_of(data_dir, sign_in=True)
    differing = sorted(set(fresh[0].items()) ^ set(held[0].items()))
    print(f"schema: {len(held[0])} tables, indexes and triggers", flush=True)
    return ([f"schema object {kind} {name} differs from a fresh database's" for (kind, name), _sql in differing]
            + ([] if fresh[1] == held[1] else ["the tables' columns differ from a fresh database's"]))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=10_000)
    parser.add_argument("--from", dest="data_dir", type=Path, help="a cache folder built elsewhere")
    parser.add_argument("--every", action="store_true", help="every child's stored attention, not a sample")
    args = parser.parse_args()
    data_dir = args.data_dir or cache_dir(args.children)
    problems = check(data_dir, args.children, None if args.every else SAMPLE)
    for problem in problems:
        print(problem, file=sys.stderr)
    print("the cache holds" if not problems else f"{len(problems)} problems", flush=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
