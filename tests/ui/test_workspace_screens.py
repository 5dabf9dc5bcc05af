"""Pictures of the workspace's main screens, saved for people to look at and checked not to be blank."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from PySide6.QtGui import QImage

from gcp_desk.ui.views.assessment.navigator import Page

from workspace_fixtures import *  # noqa: F403

SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "make_screenshots_workspace.py"


def _docs_script():
    spec = importlib.util.spec_from_file_location("make_screenshots_workspace", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_readme_screenshots_can_be_made_and_are_not_blank(qtbot):
    shots = _docs_script().capture(SCREENSHOTS)
    assert [shot.name for shot in shots] == ["assessment-item.png", "domain-summary.png", "completeness.png"]
    for shot in shots:
        image = QImage(str(shot))
        assert (image.width(), image.height()) == (1280, 800)
        assert distinct_colours(image) > 20, f"{shot.name} looks blank"


def test_every_page_of_a_workspace_in_use_is_drawn(qtbot, ready, ws_services):
    fill_all_but(ws_services, ready.session.assessment.id, "analysis")
    ready.open(ws_services.get(ready.session.assessment.id), ready.session.record)
    for page in Page:
        ready.show_page(page)
        save_screenshot(ready, f"workspace-{page.value}")
    ready.show_item("clothing")
    save_screenshot(ready, "workspace-item")


def test_the_read_only_banner_is_drawn(qtbot, ready, ws_services):
    fill_all_but(ws_services, ready.session.assessment.id)
    ws_services.submit(ready.session.assessment.id, PASSWORD)
    ready.open(ws_services.get(ready.session.assessment.id), ready.session.record)
    ready.show_page(Page.SUMMARY)
    assert ready.header.banner.isVisible()
    save_screenshot(ready, "workspace-read-only")
