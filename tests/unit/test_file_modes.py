"""Owner-only data on POSIX: the umask at start, and a data folder tightened whatever made it."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from gcp_desk.paths import AppPaths
from gcp_desk.security.file_modes import restrict_umask, secure_folder

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def mode(path):
    return stat.S_IMODE(path.lstat().st_mode)


def test_restrict_umask_makes_new_files_owner_only():
    script = ("import os, sys; from gcp_desk.security.file_modes import restrict_umask; os.umask(0o022); "
              "previous = restrict_umask(); open(sys.argv[1], 'w').close(); os.mkdir(sys.argv[2]); "
              "print(oct(previous))")
    folder = os.path.realpath(os.environ.get("TMPDIR", "/tmp"))
    file_path, dir_path = f"{folder}/gcp-umask-{os.getpid()}", f"{folder}/gcp-umask-dir-{os.getpid()}"
    try:
        result = subprocess.run([sys.executable, "-c", script, file_path, dir_path], capture_output=True, text=True,
                                check=True)
        assert result.stdout.strip() == "0o22"
        assert stat.S_IMODE(os.stat(file_path).st_mode) == 0o600
        assert stat.S_IMODE(os.stat(dir_path).st_mode) == 0o700
    finally:
        os.unlink(file_path)
        os.rmdir(dir_path)


def test_an_existing_data_folder_made_under_umask_022_is_tightened(tmp_path):
    data = tmp_path / "data"
    old = os.umask(0o022)
    try:
        (data / "backups").mkdir(parents=True)
        (data / "signing").mkdir()
        for name in ("gcp-desk.db", "gcp-desk.db-wal", "gcp-desk.keys", "settings.json", "backups/gcp-desk-1.db",
                     "signing/organisation-signing-certificate.pem"):
            (data / name).write_bytes(b"x")
        (data / "someone-elses-script.sh").write_text("#!/bin/sh\n")
        os.chmod(data / "someone-elses-script.sh", 0o755)
        (tmp_path / "outside.txt").write_text("not in the data folder")
        os.symlink(tmp_path / "outside.txt", data / "gcp-desk-link")
    finally:
        os.umask(old)

    AppPaths.at(data).ensure()

    assert mode(data) == mode(data / "backups") == mode(data / "signing") == 0o700
    for name in ("gcp-desk.db", "gcp-desk.db-wal", "gcp-desk.keys", "settings.json", "backups/gcp-desk-1.db",
                 "signing/organisation-signing-certificate.pem"):
        assert mode(data / name) == 0o600, name
    assert mode(data / "someone-elses-script.sh") == 0o755  # not GCP Desk's: left as it was
    assert mode(tmp_path / "outside.txt") == 0o644  # a link is never followed out of the folder


def test_a_new_data_folder_is_made_owner_only_whatever_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        secure_folder(tmp_path / "new" / "data")
    finally:
        os.umask(old)
    assert mode(tmp_path / "new" / "data") == 0o700


def test_restrict_umask_returns_the_previous_one():
    previous = restrict_umask()
    try:
        assert os.umask(0o077) == 0o077
    finally:
        os.umask(previous)
