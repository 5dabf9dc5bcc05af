"""Export and import of 1,000 children with 8 assessments each: each within 10 s on this machine, and peak memory
within 300 MB, streamed a batch of children at a time rather than built as one object.

The caseload is the benchmarks' cached one (``caseload_cache.py``; give ``--from`` to use a copy built elsewhere),
copied, never changed. In the copy every child is shared with one practitioner's team, so that one person may see
and export all of them. The export is sealed with a passphrase (argon2id key derivation included in the time); the
import goes into a new, encrypted data folder with one account. Each step runs in its own process, so each peak is
its own (``ru_maxrss``).

    .venv/bin/python bench/records_bench.py [--children 1000] [--from bench/.cache/core-1000-v6]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from caseload_cache import BENCH_USER  # noqa: E402
from targets import print_targets  # noqa: E402

SECONDS_TARGET = 10.0
MEMORY_TARGET_MB = 300.0
PASSPHRASE = "bench passphrase words"
IMPORTER = ("Bench Importer", "bench-password-42")


def signed_in(data_dir: Path):
    """The copy opened and unlocked as the bench's practitioner (``caseload_cache.BENCH_USER``)."""
    from gcp_desk.app import open_backend
    from gcp_desk.demo.accounts import DEMO_ACCOUNTS
    from gcp_desk.paths import AppPaths

    backend = open_backend(AppPaths.at(data_dir))
    account = next(a for a in backend.accounts() if a.name == BENCH_USER)
    password = next(a.password for a in DEMO_ACCOUNTS if a.name == BENCH_USER)
    return backend, backend.unlock(account.id, password)


def prepare(source: Path, work: Path) -> None:
    """A copy of the cache in which every child is shared with the bench practitioner's team."""
    from uuid import uuid4

    from sqlalchemy import select

    from gcp_desk.domain.clock import utc_now
    from gcp_desk.storage import orm

    shutil.copytree(source, work / "origin", ignore=shutil.ignore_patterns("*-wal", "*-shm"))
    backend, practitioner = signed_in(work / "origin")
    try:
        with backend.db.transaction() as uow:
            others = list(uow.session.execute(select(orm.children.c.id).where(
                orm.children.c.team_id != practitioner.team_id)).scalars())
            if others:
                uow.session.execute(orm.child_shares.insert(), [
                    {"id": uuid4(), "child_id": child_id, "team_id": practitioner.team_id, "reason": "benchmark",
                     "shared_by": practitioner.id, "shared_at": utc_now()} for child_id in others])
    finally:
        backend.close()


def run_export(work: Path) -> dict:
    backend, user = signed_in(work / "origin")
    try:
        started, cpu = time.perf_counter(), time.process_time()
        summary = backend.exports(user).export(work / "caseload.bundle", passphrase=PASSPHRASE)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    finally:
        backend.close()
    return {"seconds": seconds, "cpu": cpu, "children": summary.children, "assessments": summary.assessments,
            "megabytes": (work / "caseload.bundle").stat().st_size / 1e6}


def run_import(work: Path) -> dict:
    from gcp_desk.app import open_backend
    from gcp_desk.bundle.reading import BundleFile
    from gcp_desk.domain.enums import Role
    from gcp_desk.paths import AppPaths

    backend = open_backend(AppPaths.at(work / "arrival"))
    try:
        made = backend.users().create(IMPORTER[0], Role.PRACTITIONER, password=IMPORTER[1])
        user = backend.unlock(made.id, IMPORTER[1])
        started, cpu = time.perf_counter(), time.process_time()
        outcome = backend.imports(user).import_bundle(BundleFile(work / "caseload.bundle", lambda: PASSPHRASE))
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    finally:
        backend.close()
    assert outcome.ok, outcome.problems[:5]
    return {"seconds": seconds, "cpu": cpu, "children": outcome.added_children,
            "assessments": outcome.added_assessments}


def child_process(part: str, work: Path) -> dict:
    result = subprocess.run([sys.executable, __file__, "--part", part, "--work", str(work)], capture_output=True,
                            text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{part} failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=1000)
    parser.add_argument("--from", dest="source", type=Path, help="a cached caseload folder to copy")
    parser.add_argument("--part", choices=["export", "import"], help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.part:
        result = run_export(args.work) if args.part == "export" else run_import(args.work)
        result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return 0
    if args.source is None:
        from caseload_cache import cached_database

        args.source = cached_database(args.children)
    with tempfile.TemporaryDirectory(prefix="records-bench-") as folder:
        work = Path(folder)
        prepare(args.source, work)
        exported = child_process("export", work)
        imported = child_process("import", work)
    load = os.getloadavg()[0]
    print(f"export: {exported['children']:,} children, {exported['assessments']:,} assessments, sealed bundle "
          f"{exported['megabytes']:.0f} MB; {exported['cpu']:.1f} s of CPU")
    print(f"import: {imported['children']:,} children, {imported['assessments']:,} assessments into an empty "
          f"encrypted database; {imported['cpu']:.1f} s of CPU")
    print(f"load average while measuring: {load:.1f} on {os.cpu_count()} cores (seconds are wall-clock)")
    met = print_targets([
        ("export seconds", exported["seconds"], SECONDS_TARGET, "s"),
        ("export peak memory", exported["peak_mb"], MEMORY_TARGET_MB, "MB"),
        ("import seconds", imported["seconds"], SECONDS_TARGET, "s"),
        ("import peak memory", imported["peak_mb"], MEMORY_TARGET_MB, "MB"),
    ])
    return 0 if met == 4 else 1


if __name__ == "__main__":
    raise SystemExit(main())
