"""Report benchmark: the full assessment report with its chart, and its PAdES signature.

  - the full report with the over-time chart, built from domain objects   target 500 ms
  - the PAdES signature on that report (organisation's EC P-256 key)      target 100 ms
The first imports (reportlab, matplotlib, pyHanko) and the first report are reported separately, without targets:
the app loads them when first needed, not at start.

Measured in a fresh process, so the first-import figures are real. The report is the invented three-assessment
history of tests/unit/report_builders.py (8 pages, every section, chart and comparison).

Run: .venv/bin/python bench/report_bench.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from targets import print_targets  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def measure(runs: int) -> dict:
    sys.path.insert(0, str(ROOT / "tests" / "unit"))
    from report_builders import sample_report_data  # invented data, built before any timing

    data = sample_report_data()
    figures: dict = {}

    started = time.perf_counter()
    from gcp_desk.reports.assessment_report import build_assessment_report
    figures["import_reportlab_ms"] = (time.perf_counter() - started) * 1000

    started = time.perf_counter()
    import gcp_desk.charts.over_time  # noqa: F401  (matplotlib, as the report's chart loads it)
    figures["import_matplotlib_ms"] = (time.perf_counter() - started) * 1000

    started = time.perf_counter()
    pdf = build_assessment_report(data)
    figures["first_report_ms"] = (time.perf_counter() - started) * 1000

    report_ms = []
    for _ in range(runs):
        started = time.perf_counter()
        pdf = build_assessment_report(data)
        report_ms.append((time.perf_counter() - started) * 1000)
    figures["report_ms"] = statistics.median(report_ms)
    figures["report_kb"] = len(pdf) / 1024

    started = time.perf_counter()
    from gcp_desk.reports.signing import OrganisationSigner, sign_pdf
    from gcp_desk.reports.verify import verify_pdf
    figures["import_pyhanko_ms"] = (time.perf_counter() - started) * 1000

    with tempfile.TemporaryDirectory(prefix="gcp-desk-report-bench-") as scratch:
        started = time.perf_counter()
        signer = OrganisationSigner.load_or_create(Path(scratch), data.organisation or "Bench")
        figures["create_certificate_ms"] = (time.perf_counter() - started) * 1000

    started = time.perf_counter()
    signed = sign_pdf(pdf, signer, reason="Countersigned assessment", location="Bench")
    figures["first_signature_ms"] = (time.perf_counter() - started) * 1000

    signing_ms = []
    for _ in range(runs * 2):
        started = time.perf_counter()
        signed = sign_pdf(pdf, signer, reason="Countersigned assessment", location="Bench")
        signing_ms.append((time.perf_counter() - started) * 1000)
    figures["signing_ms"] = statistics.median(signing_ms)

    expected = data.signatures[-1].content_hash
    verify_ms = []
    for _ in range(runs):
        started = time.perf_counter()
        result = verify_pdf(signed, expected_hash=expected, trust_self_signed_cert=signer.certificate_der)
        verify_ms.append((time.perf_counter() - started) * 1000)
        assert result.ok, result.problems
    figures["verify_ms"] = statistics.median(verify_ms)
    figures["runs"] = runs
    return figures


def report(figures: dict) -> int:
    runs = figures["runs"]
    reported = [
        ("first import of reportlab and the report builders", figures["import_reportlab_ms"], "ms"),
        ("first import of matplotlib for the chart", figures["import_matplotlib_ms"], "ms"),
        ("first report (fonts registered, first chart drawn)", figures["first_report_ms"], "ms"),
        ("first import of pyHanko and the signing modules", figures["import_pyhanko_ms"], "ms"),
        ("self-signed certificate made (EC P-256)", figures["create_certificate_ms"], "ms"),
        ("first signature", figures["first_signature_ms"], "ms"),
        (f"verification of the signed report (signature and printed hash), median of {runs}",
         figures["verify_ms"], "ms"),
    ]
    targets = [
        (f"full report with chart ({figures['report_kb']:.0f} KB), median of {runs}", figures["report_ms"],
         500.0, "ms"),
        (f"PAdES signature of that report, median of {runs * 2}", figures["signing_ms"], 100.0, "ms"),
    ]
    for label, value, unit in reported:
        print(f"{label}: {value:.1f} {unit} (reported, no target)")
    print_targets(targets)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.runs)))
        return 0
    result = subprocess.run([sys.executable, __file__, "--measure", "--runs", str(args.runs)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        print(result.stderr, file=sys.stderr)
        return result.returncode
    return report(json.loads(result.stdout.strip().splitlines()[-1]))


if __name__ == "__main__":
    sys.exit(main())
