"""``gcp-desk --self-test``: every check said in a line, exit 0 only when all pass, never the user's data."""

from __future__ import annotations

import io

from cli_runner import gcp_desk
from gcp_desk import self_test


def test_self_test_runs_every_check_in_a_throwaway_folder(tmp_path):
    data = tmp_path / "untouched"
    result = gcp_desk("--self-test", data_dir=data)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for name, _check in self_test.CHECKS:
        assert any(line.startswith(f"ok    {name}: ") for line in lines), f"no line for {name}"
    assert lines[-1].startswith(f"self-test: {len(self_test.CHECKS)} of {len(self_test.CHECKS)} checks passed")
    assert not data.exists()  # the user's folder is never used


def test_a_failing_check_is_said_and_the_rest_still_run(monkeypatch):
    ran = []

    def broken(run):
        raise FileNotFoundError(2, "No such file or directory")

    def fine(run):
        ran.append(run.folder)
        assert run.folder.is_dir()
        return "fine"

    monkeypatch.setattr(self_test, "CHECKS", [("broken", broken), ("fine", fine)])
    out = io.StringIO()
    assert self_test.run_self_test(out) == 1
    text = out.getvalue()
    assert "FAIL  broken: FileNotFoundError" in text
    assert "ok    fine: fine" in text
    assert "self-test: 1 of 2 checks passed" in text
    assert not ran[0].exists()  # the throw-away folder is gone
