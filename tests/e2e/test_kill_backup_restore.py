"""SIGKILL at random moments during backups and restores: after each kill the folder holds a database that passes
``db check`` and ``audit verify``, no plain (unencrypted) file anywhere, and, after the next start, no unfinished
copy.

A worker process (``kill_worker.py``) backs up, or restores, over and over; the test kills it after a random delay
and notes the step it was in (the last line it said), so the figures show kills spread over every step.
"""

from __future__ import annotations

import io
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from cli_runner import DEMO_PASSWORDS, gcp_desk

pytestmark = [pytest.mark.sqlite_only, pytest.mark.slow]

ADMIN = "Alex Morrow"
KILLS = int(os.environ.get("GCP_DESK_KILLS", "20"))
WORKER = Path(__file__).with_name("kill_worker.py")


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    data_dir = tmp_path_factory.mktemp("demo")
    assert gcp_desk("demo", "--children", "30", "--quiet", data_dir=data_dir).returncode == 0
    assert gcp_desk("db", "backup", data_dir=data_dir, as_=ADMIN).returncode == 0
    for who in ("Sam Whitfield", ADMIN):  # events the restore discards
        assert gcp_desk("list", "children", data_dir=data_dir, as_=who).returncode == 0
    return data_dir


@pytest.mark.parametrize("mode", ["backup", "restore"])
def test_a_kill_at_any_moment_of_a_backup_or_restore_leaves_a_sound_database(template, tmp_path, mode, capsys):
    data_dir = tmp_path / "data"
    shutil.copytree(template, data_dir)
    backup = next((data_dir / "backups").glob("gcp-desk-manual-*.db"))
    chooser = random.Random(16)
    steps_hit: Counter[str] = Counter()
    for kill in range(KILLS):
        last = run_and_kill(mode, data_dir, backup, chooser.uniform(0.0, 1.5))
        steps_hit[last] += 1
        plain = [path for path in data_dir.rglob("*") if path.is_file() and is_plain_sqlite(path)]
        assert plain == [], f"kill {kill + 1} ({last}) left plain files: {plain}"
        check = command(capsys, data_dir, "db", "check")
        assert check[0] == 0, f"kill {kill + 1} ({last}): db check said {check[1]}"
        verify = command(capsys, data_dir, "audit", "verify")
        assert verify[0] == 0, f"kill {kill + 1} ({last}): audit verify said {verify[1]}"
        assert not [path for path in data_dir.rglob("*.partial*")], f"kill {kill + 1} ({last}): leftovers"
    with capsys.disabled():
        print(f"\n{mode}: {KILLS} kills, each followed by db check and audit verify passing; steps hit:")
        for step, count in sorted(steps_hit.items()):
            print(f"  {count:3d}  {step}")
    assert sum(steps_hit.values()) == KILLS
    assert len(steps_hit) >= 3  # the kills fell in several steps, not all before the work began


def run_and_kill(mode: str, data_dir: Path, backup: Path, delay: float) -> str:
    """Start the worker, wait until it has signed in, let it work for ``delay`` seconds, SIGKILL it; the last step it
    said."""
    worker = subprocess.Popen([sys.executable, str(WORKER), mode, str(data_dir), ADMIN, DEMO_PASSWORDS[ADMIN],
                               str(backup)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONUNBUFFERED": "1"})
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        for line in worker.stdout:
            lines.append(line.strip())
            if line.strip() == "ready":
                ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    assert ready.wait(120), worker.stderr.read() if worker.poll() is not None else "the worker never signed in"
    time.sleep(delay)
    worker.send_signal(signal.SIGKILL)
    worker.wait(30)
    reader.join(5)
    assert worker.returncode == -signal.SIGKILL, worker.stderr.read()
    last = lines[-1] if lines else "nothing said"
    return " ".join(word for word in last.split() if not word.isdigit() and not word.endswith(":")) or last


def command(capsys, data_dir: Path, *args: str) -> tuple[int, str]:
    """A gcp-desk command run as a person runs it (``main``), in this process to save starting Python 40 times."""
    from gcp_desk.cli.main import main

    capsys.readouterr()
    saved = sys.stdin
    sys.stdin = io.StringIO(DEMO_PASSWORDS[ADMIN] + "\n")
    try:
        code = main(["--data-dir", str(data_dir), *args, "--as", ADMIN, "--password-stdin"])
    finally:
        sys.stdin = saved
    said = capsys.readouterr()
    return code, said.out + said.err


def is_plain_sqlite(path: Path) -> bool:
    with path.open("rb") as file:
        return file.read(16) == b"SQLite format 3\x00"
