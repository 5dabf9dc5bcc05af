"""The supervisor's review queue: what waits, for how long, which look it is, what worries; Enter opens one."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from PySide6.QtCore import Qt

from gcp_desk.domain.enums import EvidenceSource
from gcp_desk.domain.review import QueueEntry
from gcp_desk.services.plan import PlanService
from gcp_desk.ui.models.review_queue_model import Column, queue_rows
from gcp_desk.ui.session import Session
from gcp_desk.ui.views.review.queue_view import EMPTY, ReviewQueueView

from accessibility import unnamed_controls
from workspace_fixtures import *  # noqa: F403


@pytest.fixture
def make_queue(qtbot, ws_backend, ws_runner):
    def make(user) -> ReviewQueueView:
        view = ReviewQueueView(ws_runner)
        qtbot.addWidget(view)
        view.resize(1280, 700)
        view.set_session(Session(ws_backend, user, lambda: TODAY))
        view.show()
        qtbot.waitExposed(view)
        view.activateWindow()
        qtbot.waitUntil(view.isActiveWindow, timeout=2000)
        view.reload()
        return view

    return make


def ws_services_context(backend, user):
    return replace(backend.context(user), today=lambda: TODAY)


def cells(view, row: int = 0) -> dict[Column, str]:
    return {column: view.model.index(row, column).data() for column in Column}


def test_the_queue_words_for_waiting_round_amendment_and_concerns():
    submitted = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)
    entries = [
        QueueEntry(uuid4(), uuid4(), "Robin Ashworth", "Sam Whitfield", submitted, 1, False,
                   ["physical", "supervision"]),
        QueueEntry(uuid4(), uuid4(), "Maisie Holloway", "Priya Chandran", submitted + timedelta(days=11), 2, True, []),
    ]
    titles = {"physical": "Physical care", "supervision": "Supervision and guidance"}
    first, second = queue_rows(entries, titles, datetime(2026, 3, 15).date())
    assert first.cells() == ("Robin Ashworth", "Sam Whitfield", "3 Mar 2026", "12 days", "1st look",
                             "Physical care, Supervision and guidance", "No visit", "None", "None")
    assert second.cells() == ("Maisie Holloway", "Priya Chandran", "14 Mar 2026", "1 day", "2nd look · amendment",
                              "None graded 4 or 5", "No visit", "None", "None")
    assert first.spoken().startswith("Robin Ashworth, submitted by Sam Whitfield on 3 Mar 2026, waiting 12 days")


def test_a_supervisor_sees_the_queue_and_opens_an_item_with_enter(
        qtbot, make_queue, ws_backend, ws_supervisor, ws_services, ws_child, ws_user):
    assessment = ws_services.start(ws_child.id)
    ws_services.add_visit(assessment.id, on=TODAY - timedelta(days=3), visitors=["Sam Whitfield"])
    fill_all_but(ws_services, assessment.id)
    ws_services.grade_item(assessment.id, "hygiene", 4)
    ws_services.add_evidence(assessment.id, item_id="hygiene", source=EvidenceSource.OBSERVED, text="Unwashed")
    ws_services.choose_domain_grade(assessment.id, "physical", 4)
    PlanService(ws_services_context(ws_backend, ws_user)).add_action(
        assessment.id, domain_id="physical", what_will_change="A bath every other day", who="Alex Ashworth",
        by_when=TODAY + timedelta(days=28), target_grade=2)
    ws_services.submit(assessment.id, PASSWORD)

    view = make_queue(ws_supervisor)
    assert view.model.rowCount() == 1
    row = cells(view)
    assert row[Column.CHILD] == "Robin Ashworth" and row[Column.PRACTITIONER] == "Sam Whitfield"
    assert row[Column.WAITING] == "Since today" and row[Column.ROUND] == "1st look"
    assert row[Column.CONCERNS] == "Physical care"
    assert view.summary.text() == "1 assessment is waiting for your review."
    assert unnamed_controls(view) == []

    with qtbot.waitSignal(view.open_assessment) as chosen, qtbot.waitSignal(view.assessment_ready) as ready:
        view.table.setFocus()
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert chosen.args == [assessment.id]
    opened, record = ready.args
    assert opened.id == assessment.id and record.child.id == ws_child.id


def test_a_returned_and_resubmitted_assessment_is_a_second_look(
        qtbot, make_queue, ws_supervisor, ws_services, ws_review, submitted_assessment):
    ws_review(ws_supervisor).return_for_changes(submitted_assessment.id, "Please say more in the analysis.")
    view = make_queue(ws_supervisor)
    assert view.model.rowCount() == 0, "returned: back with the practitioner, out of the queue"
    ws_services.set_text(submitted_assessment.id, "analysis", "More said now.")
    ws_services.submit(submitted_assessment.id, PASSWORD)
    view.reload()
    assert cells(view)[Column.ROUND] == "2nd look"


def test_an_empty_queue_says_so_in_words(qtbot, make_queue, ws_supervisor):
    view = make_queue(ws_supervisor)
    assert view.message.isVisible() and view.message.text() == EMPTY
    assert not view.open_button.isEnabled()
    assert unnamed_controls(view) == []


def test_a_practitioner_is_told_the_queue_is_for_supervisors(qtbot, make_queue, ws_user):
    view = make_queue(ws_user)
    with qtbot.waitSignal(view.problem):
        view.reload()
    words = view.message.text()
    assert words.startswith("The review queue could not be shown. Only a supervisor can see the review queue.")
    assert "Traceback" not in words


def test_the_queue_shows_the_visit_date_overrides_and_drift_as_columns(
        qtbot, make_queue, ws_backend, ws_supervisor, ws_services, ws_child, ws_user):
    from gcp_desk.scoring.flags import concern_domains

    from history_support import INSTRUMENT, assessment as stored_assessment

    earlier = stored_assessment(ws_child.id, TODAY - timedelta(weeks=26), grades={"warmth-and-responsiveness": 5})
    with ws_backend.db.transaction() as uow:
        uow.assessments.add(earlier, concern_domains=concern_domains(INSTRUMENT, earlier))
    current = ws_services.start(ws_child.id)
    visit = TODAY - timedelta(days=12)
    ws_services.add_visit(current.id, on=visit, visitors=["Sam Whitfield"])
    fill_all_but(ws_services, current.id, "domain-grades")
    for domain_id in ("nutritional", "medical", "educational", "supervision"):
        ws_services.choose_domain_grade(current.id, domain_id, 2)
    ws_services.choose_domain_grade(current.id, "physical", 3, "The home was cold on both visits.")
    ws_services.grade_item(current.id, "warmth-and-responsiveness", 5)
    ws_services.add_evidence(current.id, item_id="warmth-and-responsiveness", source=EvidenceSource.OBSERVED,
                             text="No comfort offered when he cried.")
    ws_services.choose_domain_grade(current.id, "emotional", 5)
    PlanService(ws_services_context(ws_backend, ws_user)).add_action(
        current.id, domain_id="emotional", what_will_change="Comfort when upset", who="Alex Ashworth",
        by_when=TODAY + timedelta(days=28), target_grade=2)
    ws_services.submit(current.id, PASSWORD)

    view = make_queue(ws_supervisor)
    row = cells(view)
    assert row[Column.VISIT] == f"{visit.day} {visit.strftime('%b %Y')}"
    assert row[Column.OVERRIDES] == "Physical care"
    assert row[Column.FLAGS] == "No improvement: Emotional care. Worse than baseline: Physical care."
    view.grab().save(str(SCREENSHOTS / "review-queue-columns.png"))
