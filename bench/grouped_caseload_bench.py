"""Grouped caseload benchmark: the caseload grouped by household, as the window reads it when "Group by household"
is ticked, on the cached invented caseload (10,000 children by default, 8 assessments each; ``caseload_cache``).
Signed in as the core bench's practitioner of the one team holding every child. Every figure is the worst of its
samples (after one read to warm the cache), with the median and processor time beside it:
  - the first page grouped by household (200 children, with each household's       target 150 ms
    heading told apart from others of the same name) and the filters' counts
  - the needs-attention list grouped by household: its first page and the counts    target 200 ms
Printed without target: the first page with the households' headings worked out afresh (they are kept until a
household or a child's household or team changes), and a page further down (after 10 pages), in the grouped order
and sorted by age.
Run: .venv/bin/python bench/grouped_caseload_bench.py [--children N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from dataclasses import replace

from caseload_cache import TODAY, cached_database
from core_bench import CPU, signed_in, timed
from targets import TARGET_CHILDREN, print_targets

SAMPLES = 7


def measure(children_count: int) -> list[tuple[str, float, float, str]]:
    from gcp_desk.domain.caseload_window import CaseloadRequest, CaseloadShow, CaseloadSort
    from gcp_desk.services.children import ChildService

    backend, user = signed_in(cached_database(children_count))
    children = ChildService(replace(backend.context(user), today=lambda: TODAY))
    grouped = CaseloadRequest(user_id=user.id, by_household=True)
    attention = CaseloadRequest(sort=CaseloadSort.ATTENTION, show=CaseloadShow.NEEDS_ATTENTION, user_id=user.id,
                                by_household=True)
    figures = []
    for label, request, target in (("grouped caseload, first page and counts", grouped, 150.0),
                                   ("grouped needs attention, first page and counts", attention, 200.0)):
        children.caseload_page(request)  # warm: the first read of a cold file measures the disk
        times, (page, _counts) = timed(lambda r=request: (children.caseload_page(r), children.caseload_counts(r)),
                                       SAMPLES, label)
        assert page.rows and page.households, f"{label}: no children or no households on the first page"
        print(f"  {label}: worst {max(times):.1f} ms, median {statistics.median(times):.1f} ms, processor "
              f"{statistics.median(CPU[label]):.1f} ms; {len(page.rows)} children in {len(page.households)} households")
        figures.append((label, max(times), target, "ms"))
    from gcp_desk.storage import household_labels

    def afresh():
        household_labels._kept.clear()  # as after a household is added or renamed, or a child moves
        return children.caseload_page(grouped)

    times, _ = timed(afresh, 3, "afresh")
    print(f"  grouped caseload, first page with the headings worked out afresh: worst {max(times):.1f} ms, median "
          f"{statistics.median(times):.1f} ms, processor {statistics.median(CPU['afresh']):.1f} ms")
    after = None
    for _ in range(10):
        after = children.caseload_page(grouped, after).after
    times, _ = timed(lambda: children.caseload_page(grouped, after), SAMPLES, "later")
    print(f"  grouped caseload, page 11: worst {max(times):.1f} ms, median {statistics.median(times):.1f} ms")
    by_age = replace(grouped, sort=CaseloadSort.AGE)
    after = None
    for _ in range(10):
        after = children.caseload_page(by_age, after).after
    times, _ = timed(lambda: children.caseload_page(by_age, after), SAMPLES, "later by age")
    print(f"  grouped caseload sorted by age, page 11: worst {max(times):.1f} ms, median "
          f"{statistics.median(times):.1f} ms, processor {statistics.median(CPU['later by age']):.1f} ms")
    backend.close()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=TARGET_CHILDREN)
    args = parser.parse_args()
    figures = measure(args.children)
    met = print_targets(figures, children=args.children)
    return 0 if met == len(figures) else 1


if __name__ == "__main__":
    sys.exit(main())
