"""Core benchmark: the services on the cached invented caseload (10,000 children by default, 8 assessments each).

Measured in a fresh process on the cached database itself; grades are written inside a transaction that is rolled
back (``rollback``), so nothing is copied and the cache stays as built. Every figure is the worst of its samples:
  - the caseload as the window reads it: its first page (200 children   target 150 ms
    with latest status, flags and who needs attention) and the filters'
    counts
  - the needs-attention list as the window reads it: its first page,   target 200 ms
    most pressing first, and the counts
  - one child's full history with every grade loaded                   target  20 ms
  - one grade saved: audit event and stored attention included          target  10 ms
  - a day later: one chunk of the children whose reasons fell due       target  50 ms
    worked out again (``STALE_CHUNK``, the longest other work waits behind it)
Printed without targets: the household headings worked out behind the caseload after sign-in (as the window does
before the needs-attention list is asked for), every child read at once (as the command line lists them), the whole
attention list with every reason decoded, a page further down (after 25 pages), how many children fall due a day, a
week and a month on, the median of each figure, and the build time of the cache.

The cache is encrypted: the bench signs in as a practitioner of the one team holding every child (``caseload_cache``)
with the demo's password.

The app's memory is measured in the window, with Qt, matplotlib, reportlab and pyHanko loaded (``ui_bench``).

Run: make bench   (or .venv/bin/python bench/core_bench.py [--children N])
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from caseload_cache import BENCH_USER, CACHE, TODAY, build_seconds, cached_database  # noqa: F401  (other benches use them)
from targets import print_targets

STALE_CHUNK = 10  # as ui.views.caseload_view.STALE_CHUNK (not imported here: that would load Qt)


CPU: dict[str, list[float]] = {}
"""The processor time of each sample, by figure: what the figure would be on a machine with a core to itself (the
build machine's two cores are shared, and a figure's wall time can be several times its processor time)."""


class Clock:
    """Wall time and this process's processor time of one sample."""

    def __init__(self, figure: str):
        self._figure = figure

    def __enter__(self) -> Clock:
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *_exc) -> None:
        self.ms = (time.perf_counter() - self._wall) * 1000
        CPU.setdefault(self._figure, []).append((time.process_time() - self._cpu) * 1000)


def timed(call, samples: int, figure: str) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(samples):
        with Clock(figure) as clock:
            result = call()
        times.append(clock.ms)
    return times, result




def signed_in(data_dir: Path):
    """The cached folder opened and unlocked with a demo password: the practitioner with the most drafts of their
    own in the one team (only an assessment's author grades it)."""
    from collections import Counter

    from gcp_desk.app import open_backend
    from gcp_desk.demo.accounts import DEMO_ACCOUNTS
    from gcp_desk.domain.caseload_window import CaseloadRequest
    from gcp_desk.domain.enums import AssessmentStatus
    from gcp_desk.paths import AppPaths

    backend = open_backend(AppPaths.at(data_dir))
    accounts = {account.name: account for account in backend.accounts()}
    passwords = {account.name: account.password for account in DEMO_ACCOUNTS}
    member = backend.unlock(accounts[BENCH_USER].id, passwords[BENCH_USER])
    drafts: Counter = Counter()
    children, after = backend.children(member), None
    while True:  # a page at a time, as the window reads
        page = children.caseload_page(CaseloadRequest(), after, 2000)
        drafts.update(row.latest_owner_id for row in page.rows if row.latest_status is AssessmentStatus.DRAFT)
        if page.after is None or sum(drafts.values()) > 500:
            break
        after = page.after
    author = next((account for account in accounts.values() if drafts and account.id == drafts.most_common(1)[0][0]),
                  None)
    if author is None or author.name not in passwords:
        return backend, member
    return backend, backend.unlock(author.id, passwords[author.name])


def measure(data_dir: Path) -> dict:
    from rollback import rolled_back

    from gcp_desk.domain.caseload_window import CaseloadRequest, CaseloadShow, CaseloadSort
    from gcp_desk.domain.enums import AssessmentStatus
    from gcp_desk.services.assessments import AssessmentService
    from gcp_desk.services.children import ChildService
    from gcp_desk.services.history import HistoryService

    backend, user = signed_in(data_dir)
    context = replace(backend.context(user), today=lambda: TODAY)
    history = HistoryService(context)
    children = ChildService(context)
    rnd = random.Random(3)

    first = CaseloadRequest(user_id=user.id)
    attention_first = CaseloadRequest(sort=CaseloadSort.ATTENTION, show=CaseloadShow.NEEDS_ATTENTION, user_id=user.id)
    caseload_ms, (page, counts) = timed(lambda: (children.caseload_page(first), children.caseload_counts(first)),
                                        5, "caseload_ms")
    # As the window does once the caseload is on screen (``CaseloadView._prepare_household_labels``), behind it
    labels_ms, _ = timed(children.prepare_household_labels, 1, "labels_ms")
    # and reads the first child's record as opening it would (``CaseloadView._prepare_reads``), not one timed below
    timed(lambda: children.prepare_record_reads(page.rows[0].child_id), 1, "prepared_ms")
    index_ms, (flagged_page, flagged_counts) = timed(
        lambda: (children.caseload_page(attention_first), children.caseload_counts(attention_first)), 5, "index_ms")
    assert all(page.attention for page in (flagged_page,)), "the needs-attention page lists no one"
    stale = history.attention_index([]).stale
    assert stale == 0, f"{stale} children of the cache have no stored attention for {TODAY}"
    after = None
    for _ in range(25):
        after = children.caseload_page(first, after).after
    later_ms, _ = timed(lambda: children.caseload_page(first, after), 5, "later_page_ms")
    all_ms, rows = timed(children.caseload, 1, "all_ms")
    whole_ms, flagged = timed(history.needs_attention, 1, "whole_ms")
    from gcp_desk.heap import freeze_long_lived

    freeze_long_lived()  # as the app does once started (ui.warm_up.settle): later collections walk only what is new

    assessments = AssessmentService(context)
    history_ms, grades_loaded = [], 0
    prepared = page.rows[0].child_id
    for row in rnd.sample([row for row in rows if row.child_id != prepared], 50):
        with Clock("history_ms") as clock:
            found = assessments.history(row.child_id)
        history_ms.append(clock.ms)
        grades_loaded = max(grades_loaded, sum(len(a.item_grades) for a in found))

    drafts = [r for r in rows if r.latest_status in (AssessmentStatus.DRAFT, AssessmentStatus.RETURNED)]
    users = {person.id: person for person in backend.users(user).all()}
    grade_ms = []
    stale = {}
    chunk_ms = []
    with rolled_back(backend.db):
        for row in rnd.sample(drafts, min(60, len(drafts))):
            assessment = assessments.get(row.latest_assessment_id)
            if assessment.age_band is None:
                continue
            as_author = AssessmentService(replace(context, actor=users[assessment.created_by]))
            item_id = assessments.instrument_for(assessment).applicable_item_ids(assessment.age_band)[0]
            with Clock("grade_ms") as clock:
                updated = as_author.grade_item(assessment.id, item_id, rnd.randint(1, 5))
            grade_ms.append(clock.ms)
            assert updated.item_grades[item_id].grade is not None
        for days in (1, 7, 30):
            later = HistoryService(replace(context, today=lambda days=days: TODAY + timedelta(days=days)))
            stale[days] = later.attention_index().stale
        later = HistoryService(replace(context, today=lambda: TODAY + timedelta(days=1)))
        while True:
            with Clock("chunk_ms") as clock:
                done = later.refresh_stale(STALE_CHUNK)
            chunk_ms.append(clock.ms)
            if done < STALE_CHUNK:
                break
    backend.close()
    return {
        "rows": counts.by_show[CaseloadShow.ALL],
        "caseload_ms": caseload_ms,
        "index_ms": index_ms,
        "labels_ms": labels_ms[0],
        "later_page_ms": later_ms,
        "all_ms": all_ms[0],
        "flagged": flagged_counts.shown,
        "whole_ms": whole_ms[0],
        "whole_flagged": len(flagged),
        "history_ms": history_ms,
        "history_grades": grades_loaded,
        "grade_ms": grade_ms,
        "stale": stale,
        "chunk_ms": chunk_ms,
        "cpu": CPU,
        "load": os.getloadavg()[0],
    }


def as_installed() -> None:
    """The app's modules compiled to bytecode, as an installed copy has them (pip and the app bundle compile every
    module). A source checkout run with PYTHONDONTWRITEBYTECODE set compiles them all again in every process: some
    300 modules, half a second of the first sign-in, measured as if it were the app's."""
    import compileall

    import gcp_desk

    compileall.compile_dir(Path(gcp_desk.__file__).parent, quiet=1)


def run(children: int) -> dict:
    """The figures at ``children``, measured in a fresh process (the cache is built first if need be)."""
    as_installed()
    data_dir = cached_database(children)
    result = subprocess.run([sys.executable, __file__, "--measure", str(data_dir)], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-3000:])
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    figures["build_s"] = build_seconds(children)
    figures["build_cpu_s"] = build_seconds(children, "processor")
    return figures


def targets(figures: dict) -> list[tuple[str, float, float, str]]:
    def worst(key: str) -> float:
        return max(figures[key])

    def label(key: str) -> str:
        values = figures[key]
        cpu = figures.get("cpu", {}).get(key)
        processor = f", processor time worst {max(cpu):.1f}" if cpu else ""
        return f"worst of {len(values)} (median {statistics.median(values):.1f}{processor})"

    return [
        (f"caseload of {figures['rows']:,} children as the window reads it (first page of 200 with status, flags and "
         f"attention, and the filters' counts), {label('caseload_ms')}", worst("caseload_ms"), 150.0, "ms"),
        (f"needs attention ({figures['flagged']:,} children) as the window reads it (first page, most pressing "
         f"first, and the counts), {label('index_ms')}", worst("index_ms"), 200.0, "ms"),
        (f"history of one child (8 assessments, {figures['history_grades']} grades), {label('history_ms')}",
         worst("history_ms"), 20.0, "ms"),
        (f"one grade saved with its audit event and stored attention, {label('grade_ms')}",
         worst("grade_ms"), 10.0, "ms"),
        (f"a day later: {STALE_CHUNK} children whose reasons fell due worked out again, {label('chunk_ms')}",
         worst("chunk_ms"), 50.0, "ms"),
    ]


def report(figures: dict, children: int) -> int:
    stale = figures["stale"]
    print(f"children whose stored reasons fall due 1, 7 and 30 days on: {stale['1']:,}, {stale['7']:,}, "
          f"{stale['30']:,} (worked out again at the next read, {STALE_CHUNK} at a time)")
    if figures.get("labels_ms") is not None:
        print(f"household headings worked out behind the caseload after sign-in: {figures['labels_ms']:.0f} ms "
              f"(processor {figures['cpu']['labels_ms'][0]:.0f}; no target: the window does it once the caseload is "
              f"on screen, and a Needs attention click before it is done waits up to that much longer)")
    later = figures.get("later_page_ms")
    if later:
        print(f"a page of the caseload further down (after 25 pages): worst {max(later):.0f} ms of {len(later)} "
              f"(no target: what a scroll waits for)")
    if figures.get("all_ms") is not None:
        print(f"every child read at once ({figures['rows']:,}, as the command line lists them): "
              f"{figures['all_ms']:.0f} ms (no target; the window reads pages)")
    print(f"the whole attention list with every reason decoded ({figures['whole_flagged']:,} children): "
          f"{figures['whole_ms']:.0f} ms (no target; the window decodes a child's reasons when shown)")
    print(f"load average of the machine while measuring: {figures['load']:.1f} on {os.cpu_count()} cores")
    if figures.get("build_s"):
        processor = figures.get("build_cpu_s")
        print(f"the cache of {children:,} children was built in {figures['build_s'] / 60:.1f} min"
              + (f" (processor time {processor / 60:.1f} min)" if processor else ""))
    print_targets(targets(figures), children=children)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=10_000)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--no-ratio", action="store_true",
                        help="leave out the encrypted/plain ratios (crypto_bench, on 2,000 children)")
    args = parser.parse_args()
    if args.measure:
        sys.path.insert(0, str(Path(__file__).parent))
        print(json.dumps(measure(args.measure)))
        return 0
    outcome = report(run(args.children), args.children)
    if not args.no_ratio:
        print_encryption_ratios()
    return outcome


def print_encryption_ratios() -> None:
    """What encryption costs: the same reads and writes on a plain copy and on the encrypted cache
    (``crypto_bench``, which prints the full table)."""
    import crypto_bench

    plain, encrypted, _seconds = crypto_bench.compare(crypto_bench.CHILDREN)
    for name, label in (("caseload", "the caseload's first page and counts"), ("grade", "one grade saved")):
        ratio = statistics.median(encrypted[name]) / statistics.median(plain[name])
        print(f"encrypted/plain, {label}, medians at {crypto_bench.CHILDREN:,} children: {ratio:.2f}x "
              f"(target {crypto_bench.RATIO_TARGET}x) {'met' if ratio <= crypto_bench.RATIO_TARGET else 'NOT MET'}")


if __name__ == "__main__":
    sys.exit(main())
