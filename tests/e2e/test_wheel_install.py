"""The wheel as a new user gets it: built, installed into a fresh virtual environment outside the source tree, and
used there: ``demo``, ``list``, ``report`` and ``--self-test`` find the instrument, the fonts and the migrations
inside the package."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from gcp_desk.demo.accounts import DEMO_ACCOUNTS

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.wheel, pytest.mark.slow]


def _run(command: list[str], *, cwd: Path, stdin: str | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, input=stdin, timeout=timeout, env=env)
    assert result.returncode == 0, f"{' '.join(command)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    return result


def test_the_wheel_installs_and_works_outside_the_source_tree(tmp_path):
    dist = tmp_path / "dist"
    _run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)], cwd=tmp_path)
    wheel, = dist.glob("gcp_desk-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for shipped in ("gcp_desk/resources/instruments/gcp-desk-neglect-profile-1.json",
                    "gcp_desk/resources/fonts/DejaVuSans.ttf", "gcp_desk/resources/icons/gcp-desk.svg",
                    "gcp_desk/storage/migrations/env.py", "gcp_desk/storage/migrations/script.py.mako"):
        assert shipped in names, f"{shipped} is not in the wheel"
    assert any(name.startswith("gcp_desk/storage/migrations/versions/0001") for name in names)

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], cwd=tmp_path)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    _run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", "-c", str(ROOT / "constraints.txt"),
          str(wheel)], cwd=tmp_path)
    gcp_desk = str(bin_dir / "gcp-desk")
    assert (bin_dir / "gcp-desk-app").exists()
    work = tmp_path / "elsewhere"
    work.mkdir()
    located = _run([str(bin_dir / "python"), "-c", "import gcp_desk.paths as p; print(p.resources_dir())"], cwd=work)
    assert Path(located.stdout.strip()).is_relative_to(venv)

    data = ["--data-dir", str(work / "data")]
    demo = _run([gcp_desk, "demo", "--children", "8", *data], cwd=work)
    assert "Demo accounts" in demo.stdout
    password = next(account.password for account in DEMO_ACCOUNTS if account.name == "Sam Whitfield")
    assert password in demo.stdout
    sign_in = ["--as", "Sam Whitfield", "--password-stdin"]
    listed = _run([gcp_desk, "list", "assessments", "--json", *data, *sign_in], cwd=work, stdin=password + "\n")
    assessments = json.loads(listed.stdout)
    assert assessments
    report = _run([gcp_desk, "report", assessments[0]["id"], "-o", "report.pdf", *data, *sign_in], cwd=work,
                  stdin=password + "\n")
    assert "Saved the report" in report.stdout
    assert (work / "report.pdf").read_bytes().startswith(b"%PDF")
    checked = _run([gcp_desk, "--self-test"], cwd=work)
    assert re.search(r"^self-test: (\d+) of \1 checks passed", checked.stdout, re.MULTILINE), checked.stdout
    assert _run([str(bin_dir / "gcp-desk-app"), "--version"], cwd=work).stdout.startswith("GCP Desk ")
