"""Two processes writing to one SQLite file flat out: each write unit begins IMMEDIATE and waits for the other
rather than failing, so no edit is refused and none is lost, and the audit chain never forks.

Thirty seconds by default (``GCP_DESK_WRITERS_SECONDS`` to change it); the figures are printed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from insider import insider_connection

from cli_runner import DEMO_PASSWORDS, gcp_desk

SECONDS = float(os.environ.get("GCP_DESK_WRITERS_SECONDS", "30"))
WORKER = Path(__file__).with_name("two_writers_worker.py")


@pytest.mark.slow
def test_two_processes_writing_flat_out_lose_and_refuse_nothing(tmp_path):
    data_dir = tmp_path / "data"
    assert gcp_desk("demo", "--children", "3", data_dir=data_dir).returncode == 0
    writers = [
        subprocess.Popen([sys.executable, str(WORKER), str(data_dir), name, DEMO_PASSWORDS[name], label,
                          str(SECONDS)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for name, label in (("Sam Whitfield", "A"), ("Priya Chandran", "B"))
    ]
    figures = []
    for writer in writers:
        out, err = writer.communicate(timeout=SECONDS + 120)
        assert writer.returncode == 0, err
        figures.append(json.loads(out))
    connection = insider_connection(data_dir / "gcp-desk.db")
    stored = {label: connection.execute("SELECT COUNT(*) FROM children WHERE family_name = 'Writer' AND "
                                        "given_name LIKE ?", (f"{label}%",)).fetchone()[0] for label in "AB"}
    connection.close()
    for figure in figures:
        figure["stored"] = stored[figure["label"]]
        print(f"two writers, {SECONDS:.0f} s: writer {figure['label']}: {figure['saved']} saved, "
              f"{figure['refused']} refused, {figure['stored']} found afterwards (lost "
              f"{figure['saved'] - figure['stored']}), slowest write {figure['slowest_ms']} ms")
    assert all(figure["refused"] == 0 for figure in figures), figures
    assert all(figure["stored"] == figure["saved"] > 0 for figure in figures), figures
    verified = gcp_desk("audit", "verify", data_dir=data_dir, as_="Alex Morrow")
    assert verified.returncode == 0, verified.stderr  # one chain: no fork, no gap
