"""Files are written whole or not at all, readable by their owner only."""

from __future__ import annotations

import errno
import os
import stat

import pytest

from gcp_desk.files import why_not_written, write_whole_file


def test_a_file_is_written_whole_and_readable_by_its_owner_only(tmp_path):
    target = tmp_path / "report.pdf"
    target.write_bytes(b"the old report")
    write_whole_file(target, b"%PDF the new report")
    assert target.read_bytes() == b"%PDF the new report"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.pdf"]


def test_a_failed_write_leaves_the_old_file_and_no_scraps(tmp_path, monkeypatch):
    target = tmp_path / "report.pdf"
    target.write_bytes(b"the old report")

    def disk_full(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError) as failed:
        write_whole_file(target, b"%PDF the new report")
    assert target.read_bytes() == b"the old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.pdf"]
    assert why_not_written(failed.value) == "the disk is full"
