"""Core benchmark: a 10,000-child caseload with 8 assessments each.

Builds the database once (cached under bench/.cache), then measures in a fresh process so that the memory figure
is what the app would use, not what building the data used:
  - one child's full history with every grade loaded   target  20 ms
  - the caseload with latest status and flags           target 150 ms
  - one grade saved (service call, audit included)      target  10 ms
  - peak memory of the measuring process                target 300 MB

Run: make bench   (or .venv/bin/python bench/core_bench.py [--children N])
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from targets import print_targets

CACHE = Path(__file__).parent / ".cache"
DATA_VERSION = "5"  # bump when the demo generator or the schema changes
TODAY = date(2026, 11, 1)


def build(data_dir: Path, children: int) -> None:
    from gcp_desk.app import open_backend
    from gcp_desk.paths import AppPaths
    from gcp_desk.demo.caseload import DemoCaseload

    backend = open_backend(AppPaths.at(data_dir))
    started = time.perf_counter()
    summary = DemoCaseload(backend.db, seed=1, today=TODAY, assessments_per_child=8).write(children)
    backend.close()
    print(f"built {summary.children} children, {summary.assessments} assessments "
          f"in {time.perf_counter() - started:.1f} s", flush=True)


def cached_database(children: int) -> Path:
    """The invented caseload every benchmark measures on, built once per data version."""
    import shutil

    data_dir = CACHE / f"core-{children}-v{DATA_VERSION}"
    if not (data_dir / "gcp-desk.db").exists() or not (data_dir / "complete").exists():
        shutil.rmtree(data_dir, ignore_errors=True)
        data_dir.mkdir(parents=True)
        build(data_dir, children)
        (data_dir / "complete").touch()
    return data_dir


def peak_memory_mb() -> float:
    """This process's own peak resident memory. Linux's ``ru_maxrss`` also counts what the parent held when it
    forked this process (so a run that first built the cache would be charged for the build); ``VmHWM`` is reset
    at exec and counts only this program."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(data_dir: Path) -> dict:
    from gcp_desk.app import open_backend
    from gcp_desk.domain.enums import AssessmentStatus
    from gcp_desk.paths import AppPaths

    backend = open_backend(AppPaths.at(data_dir))
    children, assessments = backend.children(), backend.assessments()
    rnd = random.Random(3)

    caseload_ms = []
    for _ in range(5):
        started = time.perf_counter()
        rows = children.caseload()
        caseload_ms.append((time.perf_counter() - started) * 1000)

    history_ms, grades_loaded = [], 0
    for row in rnd.sample(rows, 50):
        started = time.perf_counter()
        history = assessments.history(row.child_id)
        history_ms.append((time.perf_counter() - started) * 1000)
        grades_loaded = max(grades_loaded, sum(len(a.item_grades) for a in history))

    drafts = [r for r in rows if r.latest_status in (AssessmentStatus.DRAFT, AssessmentStatus.RETURNED)]
    authors = {user.id: backend.assessments(user) for user in backend.users().all()}
    grade_ms = []
    for row in rnd.sample(drafts, min(60, len(drafts))):
        assessment = assessments.get(row.latest_assessment_id)
        instrument = assessments.instrument_for(assessment)
        item_id = instrument.applicable_item_ids(assessment.age_band)[0]
        as_author = authors[assessment.created_by]  # only the author changes an assessment
        started = time.perf_counter()
        updated = as_author.grade_item(assessment.id, item_id, rnd.randint(1, 5))
        grade_ms.append((time.perf_counter() - started) * 1000)
        assert updated.item_grades[item_id].grade is not None
    backend.close()
    return {
        "rows": len(rows),
        "caseload_ms": statistics.median(caseload_ms),
        "history_ms": statistics.median(history_ms),
        "history_grades": grades_loaded,
        "grade_ms": statistics.median(grade_ms),
        "grade_samples": len(grade_ms),
        "peak_mb": peak_memory_mb(),
    }


def report(figures: dict, children: int) -> int:
    targets = [
        (f"history of one child (8 assessments, {figures['history_grades']} grades), median of 50",
         figures["history_ms"], 20.0, "ms"),
        (f"caseload of {figures['rows']} children with latest status and flags, median of 5",
         figures["caseload_ms"], 150.0, "ms"),
        (f"one grade saved with its audit event, median of {figures['grade_samples']}",
         figures["grade_ms"], 10.0, "ms"),
        ("peak memory of the measuring process", figures["peak_mb"], 300.0, "MB"),
    ]
    print_targets(targets, children=children)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=10_000)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return 0
    data_dir = cached_database(args.children)
    # Measure on a private copy, so grade writes do not change the cached data and runs never share files.
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory(prefix="gcp-desk-bench-") as scratch:
        work = Path(scratch) / "data"
        shutil.copytree(data_dir, work)
        result = subprocess.run([sys.executable, __file__, "--measure", str(work)], capture_output=True, text=True)
    if result.returncode != 0:
        print(result.stderr, file=sys.stderr)
        return result.returncode
    return report(json.loads(result.stdout.strip().splitlines()[-1]), args.children)


if __name__ == "__main__":
    sys.exit(main())
