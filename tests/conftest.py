"""Shared fixtures. Qt runs offscreen; every test gets its own data folder."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from gcp_desk.paths import AppPaths  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def app_paths(tmp_path: Path) -> AppPaths:
    return AppPaths.at(tmp_path / "data").ensure()
