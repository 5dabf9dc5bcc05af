"""The family's part: consent, how the assessment was shared, the parent's view in their words, and who signed the
family summary; stored as entered, dates judged against the visits."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt

from accessibility import unnamed_controls
from gcp_desk.domain.enums import Consent
from gcp_desk.ui.views.assessment.navigator import Page

from workspace_fixtures import *  # noqa: F403


def stored(workspace):
    return workspace.session.services.get(workspace.session.assessment.id)


def write_date(value):
    return f"{value.day}/{value.month}/{value.year}"


def test_the_family_part_is_recorded_as_typed(qtbot, ready):
    ready.show_page(Page.FAMILY)
    page = ready.family_part
    assert unnamed_controls(page) == []
    page.consent.setFocus()
    page.consent.setCurrentIndex(page.consent.findData(Consent.GIVEN))
    page.consent.activated.emit(page.consent.currentIndex())
    page.shared_how.setFocus()
    type_text(qtbot, "Read through at home with Alex")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, write_date(TODAY - timedelta(days=1)))
    press(qtbot, Qt.Key.Key_Tab)
    page.parent_view.editor.setFocus()
    type_text(qtbot, "I know the house gets cold but I am doing my best.")
    page.flush()
    participation = stored(ready).participation
    assert participation.consent is Consent.GIVEN
    assert participation.shared_how == "Read through at home with Alex"
    assert participation.shared_on == TODAY - timedelta(days=1)
    assert participation.parent_view == "I know the house gets cold but I am doing my best."
    save_screenshot(ready, "family-part")


def test_visit_date_a_summary_signed_before_the_first_visit_is_refused_in_words(qtbot, ready):
    ready.show_page(Page.FAMILY)
    page = ready.family_part
    page.acknowledged_on.setFocus()
    type_text(qtbot, write_date(TODAY - timedelta(days=30)))
    press(qtbot, Qt.Key.Key_Tab)
    assert page.problem.isVisible()
    assert "is before the first visit" in page.problem.text()
    assert stored(ready).participation is None
