"""Scaling benchmark: the main figures at 1,000, 10,000 and 50,000 children side by side, and for a team of 2,000,
so that growth is seen. Each column is measured as ``core_bench`` and ``ui_bench`` measure it (worst of the
samples, a fresh process, writes rolled back), on the cached caseload of that size (built first if missing: see
``caseload_cache`` for the time and the disk it takes).

The 2,000 column is a caseload of 2,000 children: what one team sees. The 50,000 column is one team holding every
child of an authority.

Each column's figures are also kept in bench/.cache/scaling-N.json; ``--saved`` prints the table from those,
so the sizes can be measured one at a time.

Run: .venv/bin/python bench/scaling_bench.py [--sizes 1000 2000 10000 50000] [--no-window] [--saved]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import core_bench  # noqa: E402
import ui_bench  # noqa: E402

SIZES = (1_000, 2_000, 10_000, 50_000)
TEAM = 2_000


def rows_of(core: dict, window: dict | None) -> list[tuple[str, float | None, float, str]]:
    found = core_bench.targets(core)
    found = [
        ("caseload read (first page with status, flags and attention; the filters' counts)", found[0][1], 150.0,
         "ms"),
        ("needs attention read (first page, most pressing first; the counts)", found[1][1], 200.0, "ms"),
        ("one child's history", found[2][1], 20.0, "ms"),
        ("one grade saved (service, stored attention included)", found[3][1], 10.0, "ms"),
        ("a day later: one chunk of reasons worked out again", found[4][1], 50.0, "ms"),
    ]
    cpu = core.get("cpu", {})
    found += [
        (f"{label}: processor time", max(cpu[key]) if key in cpu else None, target, unit)
        for (label, _, target, unit), key in zip(
            found[:5], ("caseload_ms", "index_ms", "history_ms", "grade_ms", "chunk_ms"), strict=True)
    ]
    if window is not None:
        grade = max(window["grade_ms"]) if window.get("grade_ms") else None
        found += [
            ("password to caseload shown, with who needs attention", max(window["password_ms"]), 1000.0, "ms"),
            ("search as you type, one keystroke", max(window["search_ms"]), 50.0, "ms"),
            ("open a child with 8 assessments", max(window["open_ms"]), 100.0, "ms"),
            ("grade keypress to stored and window repainted", grade, 30.0, "ms"),
            ("first print preview after sign-in", window["first_preview_ms"], 700.0, "ms"),
            ("later print previews", max(window["later_preview_ms"]), 400.0, "ms"),
            ("peak memory of the app", window["peak_mb"], 300.0, "MB"),
        ]
        cpu = window.get("cpu", {})
        # A preview's processor time: the app's and the report worker's, where it is built and signed.
        previews = [app + worker for app, worker in zip(
            cpu.get("preview_ms", []), cpu.get("preview_in_report_worker_ms", [0.0] * 99), strict=False)]
        found += [
            ("password to caseload shown: processor time", max(cpu["password_ms"]) if "password_ms" in cpu else None,
             1000.0, "ms"),
            ("search keystroke: processor time", max(cpu["search_ms"]) if "search_ms" in cpu else None, 50.0, "ms"),
            ("open a child: processor time", max(cpu["open_ms"]) if "open_ms" in cpu else None, 100.0, "ms"),
            ("first print preview: processor time", previews[0] if previews else None, 700.0, "ms"),
            ("later print previews: processor time", max(previews[1:]) if previews[1:] else None, 400.0, "ms"),
            ("peak memory of the report worker (its own process, beside the app's)", window.get("worker_peak_mb"),
             None, "MB"),
        ]
    return found


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--no-window", action="store_true", help="only the services' figures (no Qt window)")
    parser.add_argument("--saved", action="store_true", help="print the table from the figures kept last time")
    args = parser.parse_args()
    columns = {}
    for size in args.sizes:
        kept = core_bench.CACHE / f"scaling-{size}.json"
        if args.saved:
            core, window = json.loads(kept.read_text())
        else:
            print(f"measuring {size:,} children…", file=sys.stderr, flush=True)
            core = core_bench.run(size)
            window = None
            if not args.no_window:
                ui_bench.prepare(size)  # a practitioner with drafts signs in, as in ui_bench
                window = ui_bench.in_window(size)
            kept.write_text(json.dumps([core, window]))
        columns[size] = (core, rows_of(core, window))
    heads = [f"{size:,}" + (" (team)" if size == TEAM else "") for size in columns]
    labels = [label for label, *_ in next(iter(columns.values()))[1]]
    print("| figure (worst case) | target | " + " | ".join(heads) + " |")
    print("|---|---|" + "---|" * len(heads))
    largest = max(columns)
    met = total = 0
    for position, label in enumerate(labels):
        _, _, target, unit = columns[largest][1][position]
        cells = []
        for size in columns:
            value = columns[size][1][position][1]
            cells.append("not measured" if value is None else f"{value:,.0f} {unit}")
        value = columns[largest][1][position][1]
        if value is not None and target is not None and "processor time" not in label:  # wall time counts
            total += 1
            met += value <= target
        print(f"| {label} | {'none' if target is None else f'{target:,.0f} {unit}'} | " + " | ".join(cells) + " |")
    for kind, words in (("", "cache built in"), ("processor", "cache built in: processor time")):
        builds = [core_bench.build_seconds(size, kind) for size in columns]
        print(f"| {words} | 10 min at 50,000 | " + " | ".join(
            "?" if seconds is None else f"{seconds / 60:.1f} min" for seconds in builds) + " |")
    loads = [columns[size][0].get("load") for size in columns]
    print("| load average while measuring (2 cores) | | " + " | ".join(
        "?" if load is None else f"{load:.1f}" for load in loads) + " |")
    print(f"at {largest:,} children: {met} of {total} targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
