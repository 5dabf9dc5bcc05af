"""The invented caseload every benchmark measures on: N children with 8 assessments each, built once per data
version and kept in bench/.cache/core-N-vV/.

A new folder, so an encrypted database (SQLCipher), as every folder the app makes; its accounts sign in with the
demo's passwords; every child and person is in one team (``one_team``). Built in bulk (``demo.caseload`` through
``storage.bulk``): ``BATCH`` assessments per transaction through one connection with a large page cache (the
write-ahead log copied back after each), every part written by executemany, review records with their
assessments, each child's stored attention worked out from the history in hand rather than read back, and the
parts tables' secondary indexes made after the load (``indexes_dropped``).
``cache_check.py`` checks a built cache with the app's own readers. Disk: about 0.12 GB per 1,000 children (see
README).

Run on its own to build a size ahead of the benches: .venv/bin/python bench/caseload_cache.py --children 50000
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from datetime import date
from pathlib import Path

CACHE = Path(os.environ.get("GCP_DESK_BENCH_CACHE") or Path(__file__).parent / ".cache")
"""Where the caches are kept; ``GCP_DESK_BENCH_CACHE`` names another folder (for example a copy of a cache to
measure a schema change on, which migrates the copy and leaves the original as other checkouts read it)."""
DATA_VERSION = "8"  # bump when the demo generator or the schema changes
TODAY = date(2026, 11, 1)
"""The day the caseload is invented on and every bench reads it on."""
BATCH = 16_000
"""Assessments per transaction while building. Each commit writes every index page its rows landed on, and the ids
are random, so they land all over: fewer, larger batches write those pages fewer times. At 50,000 children a batch
of 8,000 wrote 0.3 GB of pages at the start and 0.7 GB at the end (the write-ahead log holds one batch); built at
10,000 children with the batch and page cache a fifth as large (1,600 and 400 MB, the same shares of the database),
twice the batch took 9% less processor time (11.4 ms a child, not 12.5), for about 0.4 GB more memory at 50,000."""
CACHE_KIB = 2 * 1024 * 1024
"""SQLite's page cache while building (2 GB, taken only as pages are read): holds the pages of a batch's rows and
the indexes they land on, rather than reading and decrypting them again batch after batch. At 1 GB the parts'
indexes outgrew it past about 25,000 children and each child took a fifth longer from there on."""
INDEXES_AFTER = ("evidence_notes", "plan_actions", "significant_events", "signatures", "review_comments",
                 "assessment_returns")
"""Tables whose secondary indexes are made after the load (``indexes_dropped``)."""


BENCH_USER = "Sam Whitfield"
"""A member of the team that holds every child of the cache: signs in first, to find who drafts the most."""


def cache_dir(children: int) -> Path:
    return CACHE / f"core-{children}-v{DATA_VERSION}"


def build(data_dir: Path, children: int) -> float:
    """Build the caseload into ``data_dir``; returns the seconds it took."""
    from gcp_desk.app import give_demo_passwords, open_backend
    from gcp_desk.demo.caseload import DemoCaseload
    from gcp_desk.heap import collector_paused
    from gcp_desk.paths import AppPaths
    from gcp_desk.services.stored_attention import AttentionKeeper

    load = os.getloadavg()[0]
    started, processor = time.perf_counter(), time.process_time()
    backend = open_backend(AppPaths.at(data_dir))
    keeper = AttentionKeeper(backend.instruments, backend.settings, lambda: TODAY)
    with collector_paused():  # millions of objects and no cycles: the collector's passes were 16% of the build
        later = indexes_dropped(backend.db, INDEXES_AFTER)
        demo = DemoCaseload(backend.db, seed=1, today=TODAY, assessments_per_child=8, attention=keeper, batch=BATCH,
                            cache_kib=CACHE_KIB)
        summary = demo.write(children)
        indexes_made(backend.db, later)
    loaded = time.process_time() - processor
    give_demo_passwords(backend, demo.users)  # each account signs in with the demo's password
    one_team(backend)
    backend.close()
    seconds, processor = time.perf_counter() - started, time.process_time() - processor
    print(f"built {summary.children:,} children, {summary.assessments:,} assessments in {seconds:.1f} s "
          f"({seconds / 60:.1f} min; processor time {processor:.0f} s, {processor / 60:.1f} min, "
          f"{processor / summary.children * 1000:.1f} ms a child, {loaded:.0f} s of it the records; load average "
          f"{load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end)", flush=True)
    (data_dir / "build-seconds").write_text(f"{seconds:.1f}\n")
    (data_dir / "build-processor-seconds").write_text(f"{processor:.1f}\n")
    (data_dir / "build-counts").write_text(f"{summary.children} {summary.assessments}\n")  # for cache_check.py
    return seconds


def indexes_dropped(db, tables: tuple[str, ...]) -> list[str]:
    """The secondary indexes of ``tables`` taken away for the load; returns the statements that make them again.
    Each row of those tables goes in at a random place of each of its indexes (ids are random), so a large load
    reads and writes again pages all over them; made afterwards, an index is one sort of what is there. The
    indexes the load itself reads by (a child's assessments) stay."""
    from sqlalchemy import text

    with db.engine.begin() as connection:
        found = connection.execute(text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN "
            f"({', '.join(repr(table) for table in tables)}) ORDER BY name")).all()
        for name, _sql in found:
            connection.exec_driver_sql(f'DROP INDEX "{name}"')
    return [sql for _name, sql in found]


def indexes_made(db, statements: list[str]) -> None:
    with db.engine.begin() as connection:
        for sql in statements:
            connection.exec_driver_sql(sql)


def one_team(backend) -> None:
    """Every child and every person in the demo's first team: the benches measure one team holding the whole
    caseload (its practitioners and supervisor see every child), the largest caseload anyone reads."""
    from sqlalchemy import update

    from gcp_desk.storage import orm

    with backend.db.transaction() as uow:
        team = uow.session.execute(orm.teams.select().order_by(orm.teams.c.name)).first()
        uow.session.execute(update(orm.users).where(orm.users.c.team_id.is_not(None)).values(team_id=team.id))
        uow.session.execute(update(orm.children).values(team_id=team.id))


def cached_database(children: int) -> Path:
    """The data folder of the cached caseload of ``children``, built first if it is missing or unfinished."""
    data_dir = cache_dir(children)
    if not (data_dir / "gcp-desk.db").exists() or not (data_dir / "complete").exists():
        shutil.rmtree(data_dir, ignore_errors=True)
        data_dir.mkdir(parents=True)
        build(data_dir, children)
        (data_dir / "complete").touch()
    schema_whole(data_dir)
    attention_up_to_date(data_dir)
    return data_dir


def schema_whole(data_dir: Path) -> None:
    """The cache's schema object for object as a database migrated afresh has it. A cache built on a branch whose
    migrations were later numbered into another order is stamped with a revision whose earlier steps it never ran:
    its missing indexes and triggers are made here from the fresh database's own statements; a missing table or
    column cannot be made up, and the cache must be built again."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="schema-") as folder:
        fresh, fresh_columns = _schema_of(Path(folder), sign_in=False)
    held, held_columns = _schema_of(data_dir, sign_in=True)
    lost = {table: sorted(columns - held_columns.get(table, set())) for table, columns in fresh_columns.items()
            if columns - held_columns.get(table, set())}
    if lost:
        raise SystemExit(f"the cache at {data_dir} lacks tables or columns a fresh database has ({lost}): delete "
                         "the folder so that it is built again")
    missing = [sql for (kind, name), sql in fresh.items() if (kind, name) not in held and kind in ("index", "trigger")]
    if missing:
        print(f"making {len(missing)} indexes and triggers the cache lacks…", file=sys.stderr, flush=True)
        _run_on(data_dir, missing)


def _schema_of(data_dir: Path, *, sign_in: bool) -> tuple[dict[tuple[str, str], str], dict[str, set[str]]]:
    from sqlalchemy import text

    backend = _opened(data_dir, sign_in)
    try:
        with backend.db.engine.connect() as connection:
            rows = connection.execute(text("SELECT type, name, sql FROM sqlite_master "
                                           "WHERE name NOT LIKE 'sqlite_%' AND sql IS NOT NULL")).all()
            columns = {name: {column[1] for column in connection.exec_driver_sql(f'PRAGMA table_info("{name}")')}
                       for kind, name, _sql in rows if kind == "table"}
        return {(kind, name): sql for kind, name, sql in rows}, columns
    finally:
        backend.close()


def _run_on(data_dir: Path, statements: list[str]) -> None:
    backend = _opened(data_dir, True)
    try:
        with backend.db.engine.begin() as connection:
            for sql in statements:
                connection.exec_driver_sql(sql)
    finally:
        backend.close()


def _opened(data_dir: Path, sign_in: bool):
    from gcp_desk.app import open_backend
    from gcp_desk.demo.accounts import DEMO_ACCOUNTS
    from gcp_desk.paths import AppPaths

    backend = open_backend(AppPaths.at(data_dir))
    if sign_in:
        account = next(account for account in backend.accounts() if account.name == BENCH_USER)
        backend.unlock(account.id, next(demo.password for demo in DEMO_ACCOUNTS if demo.name == BENCH_USER))
    return backend


def attention_up_to_date(data_dir: Path) -> None:
    """Every child's stored attention worked out again on ``TODAY`` where it no longer holds, as the app does in the
    background after sign-in: a cache built before a change to how reasons are worked out (a new ``SCHEME``) or to
    the instruments is brought up to date once, and kept, rather than rebuilt. Nothing to do on a cache that holds."""
    from dataclasses import replace

    from gcp_desk.app import open_backend
    from gcp_desk.demo.accounts import DEMO_ACCOUNTS
    from gcp_desk.paths import AppPaths
    from gcp_desk.services.history import HistoryService

    backend = open_backend(AppPaths.at(data_dir))
    try:
        account = next(account for account in backend.accounts() if account.name == BENCH_USER)
        password = next(demo.password for demo in DEMO_ACCOUNTS if demo.name == BENCH_USER)
        history = HistoryService(replace(backend.context(backend.unlock(account.id, password)), today=lambda: TODAY))
        stale = history.attention_index([]).stale
        if stale:
            started = time.perf_counter()
            print(f"working out the stored attention of {stale:,} children again…", file=sys.stderr, flush=True)
            while history.refresh_stale(2_000):
                pass
            print(f"done in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    finally:
        backend.close()


def build_seconds(children: int, kind: str = "") -> float | None:
    """How long the cache took to build: wall time, or with ``kind="processor"`` this process's processor time."""
    found = cache_dir(children) / ("build-" + (f"{kind}-" if kind else "") + "seconds")
    return float(found.read_text()) if found.exists() else None


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=10_000)
    args = parser.parse_args()
    print(cached_database(args.children))
    return 0


if __name__ == "__main__":
    sys.exit(main())
