"""History benchmark, on the core benchmark's cached caseload (10,000 children by default, 8 assessments each),
each figure the worst of its samples:
  - open the comparison of two assessments of one child (service call)      target 100 ms
  - draw the over-time chart with 20 assessments (build + Agg draw)         target 150 ms
Reported beside them, without targets: the first import of matplotlib and the first chart drawn (both paid once
per process), opening one child's chronology. Who needs attention is read from what is stored, and measured by
the core benchmark.

Measured in a fresh process, so imports are cold, on the cached database itself (these figures only read).

Run: .venv/bin/python bench/history_bench.py [--children N]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from uuid import UUID

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import core_bench  # noqa: E402  (the same cached database, built the same way)
from targets import print_targets  # noqa: E402

CHART_ASSESSMENTS = 20


def milliseconds(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def measure(data_dir: Path) -> dict:
    from gcp_desk.services.history import HistoryService

    backend, user = core_bench.signed_in(data_dir)  # the encrypted cache, opened with the practitioner's password
    context = replace(backend.context(user), today=lambda: core_bench.TODAY)
    history = HistoryService(context)
    rows = backend.children(user).caseload()
    rnd = random.Random(5)
    eight = [row for row in rows if row.assessment_count == 8]

    compare_ms = []
    for row in rnd.sample(eight, min(40, len(eight))):
        ids = backend.assessments(user).history(row.child_id)
        earlier, later = rnd.sample(ids, 2)
        started = time.perf_counter()
        view = history.compare(earlier.id, later.id)
        compare_ms.append(milliseconds(started))
        assert view.comparison.domains

    chronology_ms = []
    for row in rnd.sample(eight, min(40, len(eight))):
        started = time.perf_counter()
        entries = history.chronology(row.child_id)
        chronology_ms.append(milliseconds(started))
        assert entries

    chart = chart_figures(history.chart_history(eight[0].child_id))
    backend.close()
    return {
        "compare_ms": compare_ms,
        "chronology_ms": chronology_ms,
        **chart,
    }


def chart_figures(history: list) -> dict:
    """A child's 8 assessments, carried on to 20 at the same spacing with grades drifting, then drawn."""
    rnd = random.Random(8)
    extended = list(history)
    step = extended[-1][0].last_visit_date - extended[-2][0].last_visit_date
    while len(extended) < CHART_ASSESSMENTS:
        last, instrument = extended[-1]
        grades = {domain_id: grade.model_copy(update={"chosen": min(5, max(1, grade.chosen + rnd.choice((-1, 0, 1)))),
                                                      "suggested": None, "override_reason": ""})
                  for domain_id, grade in last.domain_grades.items()}
        visits = [visit.model_copy(update={"date": visit.date + step}) for visit in last.visits]
        extended.append((last.model_copy(update={"id": UUID(int=rnd.getrandbits(128), version=4),
                                                 "visits": visits, "domain_grades": grades}), instrument))
    assert len({a.last_visit_date for a, _ in extended}) == CHART_ASSESSMENTS and step > timedelta(0)

    started = time.perf_counter()
    import matplotlib  # noqa: F401
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure  # noqa: F401

    from gcp_desk.charts.over_time import domain_grades_over_time
    import_ms = milliseconds(started)

    def draw() -> float:
        started = time.perf_counter()
        figure = domain_grades_over_time(extended)
        FigureCanvasAgg(figure).draw()
        return milliseconds(started)

    first_ms = draw()
    chart_ms = [draw() for _ in range(15)]
    return {"matplotlib_import_ms": import_ms, "first_chart_ms": first_ms, "chart_ms": chart_ms}


def report(figures: dict, children: int) -> int:
    def worst(key: str) -> tuple[float, str]:
        values = figures[key]
        return max(values), f"worst of {len(values)} (median {statistics.median(values):.0f})"

    compare, compare_words = worst("compare_ms")
    chart, chart_words = worst("chart_ms")
    chronology, chronology_words = worst("chronology_ms")
    targets = [
        (f"compare two assessments of a child with 8, {compare_words}", compare, 100.0, "ms"),
        (f"over-time chart with {CHART_ASSESSMENTS} assessments built and drawn (Agg), {chart_words}",
         chart, 150.0, "ms"),
    ]
    print(f"first import of matplotlib and the chart module: {figures['matplotlib_import_ms']:.0f} ms (no target)")
    print(f"first chart drawn in the process: {figures['first_chart_ms']:.0f} ms (no target)")
    print(f"chronology of a child with 8 assessments, {chronology_words}: {chronology:.1f} ms (no target)")
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
    cached = core_bench.cached_database(args.children)
    result = subprocess.run([sys.executable, __file__, "--measure", str(cached)], capture_output=True, text=True)
    if result.returncode != 0:
        print(result.stderr, file=sys.stderr)
        return result.returncode
    return report(json.loads(result.stdout.strip().splitlines()[-1]), args.children)


if __name__ == "__main__":
    sys.exit(main())
