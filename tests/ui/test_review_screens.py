"""Pictures of supervision, made by the README's script from the demo caseload, checked not to be blank."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from PySide6.QtGui import QImage

from workspace_fixtures import *  # noqa: F403

SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "make_screenshots_review.py"


def _docs_script():
    spec = importlib.util.spec_from_file_location("make_screenshots_review", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_supervision_screenshots_can_be_made_and_are_not_blank(qtbot):
    shots = _docs_script().capture(SCREENSHOTS)
    assert [shot.name for shot in shots] == ["review-queue.png", "review-panel.png", "returned.png",
                                            "countersigned.png"]
    for shot in shots:
        image = QImage(str(shot))
        assert (image.width(), image.height()) == (1280, 800)
        assert distinct_colours(image) > 20, f"{shot.name} looks blank"
