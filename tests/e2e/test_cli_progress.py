"""Long work on the command line says how far it has gone, on standard error, so standard output stays clean."""

from __future__ import annotations

import io
import re

from cli_runner import gcp_desk
from gcp_desk.cli.output import Progress


def test_demo_says_its_progress_on_standard_error(tmp_path):
    made = gcp_desk("demo", "--children", "60", data_dir=tmp_path / "data")
    assert made.returncode == 0, made.stderr
    steps = [int(done) for done in re.findall(r"Making invented children: (\d+) of 60", made.stderr)]
    assert len(steps) >= 5 and steps == sorted(steps) and steps[-1] == 60
    assert "Making invented" not in made.stdout
    quiet = gcp_desk("demo", "--children", "3", "--quiet", data_dir=tmp_path / "other")
    assert quiet.returncode == 0 and "Making invented" not in quiet.stderr


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_one_line_is_rewritten_and_ended_once():
    screen = _Terminal()
    progress = Progress("Making", stream=screen, every_seconds=0)
    for done in range(1, 11):
        progress(done, 10)
    progress(10, 10)  # said again when the last batch is stored: no second line
    assert screen.getvalue().count("\n") == 1
    assert screen.getvalue().endswith("\rMaking: 10 of 10\n")
