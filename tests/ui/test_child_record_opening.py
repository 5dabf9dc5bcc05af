"""Opening a child's record: the details, every assessment and who else the record is shared with come from one
read of the database, which never waits for someone else's write."""

from __future__ import annotations

from sqlalchemy import event

from gcp_desk.ui.session import Session
from gcp_desk.ui.views.child_record_view import ChildRecordView

from shell_support import demo_user, fixed_today


def test_a_record_opens_from_one_read_with_its_assessments_and_who_it_is_shared_with(qtbot, demo_backend, runner,
                                                                                      screenshot):
    dee = demo_user(demo_backend, "Dee Okafor")
    child = max(demo_backend.children(dee).caseload(), key=lambda row: row.assessment_count)
    riverside = next(team for team in demo_backend.users(dee).teams() if team.name == "Riverside team")
    demo_backend.sharing(dee).share(child.child_id, riverside.id, "Staying with an aunt in Riverside's area")
    view = ChildRecordView(runner)
    qtbot.addWidget(view)
    view.resize(1280, 760)
    view.set_session(Session(demo_backend, dee, fixed_today))
    view.show()
    qtbot.waitExposed(view)

    units: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if statement.upper().startswith("BEGIN"):
            units.append(statement.upper())

    event.listen(demo_backend.db.engine, "before_cursor_execute", count)
    try:
        view.open_child(child.child_id)
    finally:
        event.remove(demo_backend.db.engine, "before_cursor_execute", count)

    assert view.heading.text() == f"{child.given_name} {child.family_name}"
    assert child.assessment_count > 1 and view.assessments.model.rowCount() == child.assessment_count
    assert view.sharing.isVisible()
    assert view.sharing.words.text() == "Shared with Riverside team: they can see and work on this record."
    assert units == ["BEGIN"]  # one unit, and one that takes no write lock
    screenshot(view, "child-record-opened-shared")
