"""Runs ``gcp-desk`` as a user runs it: a real process, on a real data folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def gcp_desk(*args: str, data_dir: Path | None = None, stdin: str | None = None,
             cwd: Path | None = None) -> subprocess.CompletedProcess:
    prefix = ["--data-dir", str(data_dir)] if data_dir else []
    return subprocess.run([sys.executable, "-m", "gcp_desk", *prefix, *args], capture_output=True, text=True,
                          timeout=120, input=stdin, cwd=cwd)
