"""Confidential by default, seen from outside the process: owner-only files whatever the umask, and guessing a
password from the command line slows down after five wrong ones, remembered between runs."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from cli_runner import DEMO_PASSWORDS, gcp_desk

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def loose_umask() -> None:
    os.umask(0o022)


def modes(folder):
    return {path.relative_to(folder).as_posix(): stat.S_IMODE(path.stat().st_mode) for path in folder.rglob("*")}


def test_the_cli_started_under_umask_022_leaves_only_owner_only_files(tmp_path):
    folder = tmp_path / "data"
    made = subprocess.run([sys.executable, "-m", "gcp_desk", "--data-dir", str(folder), "demo", "--children", "3"],
                          capture_output=True, text=True, timeout=120, preexec_fn=loose_umask)
    assert made.returncode == 0, made.stderr
    listed = subprocess.run([sys.executable, "-m", "gcp_desk", "--data-dir", str(folder), "db", "backup", "--as",
                             "Alex Morrow", "--password-stdin"], input=DEMO_PASSWORDS["Alex Morrow"] + "\n",
                            capture_output=True, text=True, timeout=120, preexec_fn=loose_umask)
    assert listed.returncode == 0, listed.stderr
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    found = modes(folder)
    assert {"gcp-desk.db", "gcp-desk.keys"} <= set(found) and any(name.startswith("backups/") for name in found)
    loose = {name: oct(mode) for name, mode in found.items()
             if mode & 0o077 or (mode != 0o700 and (folder / name).is_dir())}
    assert loose == {}


def test_the_app_started_under_umask_022_keeps_its_files_owner_only(tmp_path):
    folder = tmp_path / "data"
    assert gcp_desk("demo", "--children", "2", data_dir=folder).returncode == 0
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", GCP_DESK_REPORT_READY="1")
    started = subprocess.run([sys.executable, "-m", "gcp_desk", "--data-dir", str(folder)], capture_output=True,
                             text=True, timeout=120, env=environment, preexec_fn=loose_umask)
    assert started.returncode == 0 and "gcp-desk ready" in started.stdout, started.stderr[-2000:]
    assert {name: oct(mode) for name, mode in modes(folder).items() if mode & 0o077} == {}


def test_guessing_from_the_command_line_slows_down_after_five_wrong_passwords(tmp_path):
    from gcp_desk.security.key_file_format import read_document, write_document
    from gcp_desk.security.keyfile import FILE_NAME, KeyFile

    assert gcp_desk("demo", "--children", "1", data_dir=tmp_path).returncode == 0
    wrong = ("Sam Whitfield", "not the password at all")
    for _ in range(5):
        refused = gcp_desk("list", "children", data_dir=tmp_path, as_=wrong)
        assert refused.returncode == 2 and "not right" in refused.stderr and refused.stdout == ""
    key_path = tmp_path / FILE_NAME
    sam = next(account for account in KeyFile.load(key_path).accounts() if account.name == "Sam Whitfield")
    assert KeyFile.load(key_path).failures(sam.user_id) == 5  # remembered from one run to the next

    def last_wrong_try(seconds_ago: float, failures: int) -> None:
        """As if the last of ``failures`` wrong tries was ``seconds_ago``: each run of the command line takes longer
        than the first one-second wait on a busy machine, so the wait is made long enough to be seen."""
        document = read_document(key_path)
        slot = document["accounts"][str(sam.user_id)]
        slot["failures"] = failures
        slot["last_failure_at"] = (datetime.now(UTC) - timedelta(seconds=seconds_ago)).isoformat()
        write_document(key_path, document)

    # Within the wait a try is refused without looking at the password, even the right one.
    last_wrong_try(0, failures=12)  # the wait after 12: 2 ** 7 = 128 s
    waiting = gcp_desk("list", "children", data_dir=tmp_path, as_="Sam Whitfield")
    assert waiting.returncode == 2 and "Too many wrong passwords for Sam Whitfield" in waiting.stderr, waiting.stderr
    assert KeyFile.load(key_path).failures(sam.user_id) == 12  # a try in the wait is not even counted
    last_wrong_try(130, failures=12)
    allowed = gcp_desk("list", "children", data_dir=tmp_path, as_="Sam Whitfield")
    assert allowed.returncode == 0, allowed.stderr


def test_rekey_from_the_command_line_leaves_only_the_administrator_able_to_open_the_records(tmp_path):
    assert gcp_desk("demo", "--children", "2", data_dir=tmp_path).returncode == 0
    password = DEMO_PASSWORDS["Alex Morrow"]
    rekeyed = gcp_desk("db", "rekey", data_dir=tmp_path, as_="Alex Morrow", stdin=f"{password}\n")
    assert rekeyed.returncode == 0, rekeyed.stderr
    assert "RECOVERY KEY" in rekeyed.stderr and "one-time password" in rekeyed.stdout
    refused = gcp_desk("list", "children", data_dir=tmp_path, as_="Sam Whitfield")
    assert refused.returncode == 2 and "one-time password" in refused.stderr and refused.stdout == ""
    assert gcp_desk("db", "check", data_dir=tmp_path, as_="Alex Morrow").returncode == 0
