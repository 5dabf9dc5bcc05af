"""Behind the caseload, once it is on screen, the first child's record is read as opening it would be, and a
one-word search as the caseload would read it (each statement's SQL is then built before a practitioner opens a
record or types), writing nothing and leaving what the caseload shows alone."""

from __future__ import annotations

from sqlalchemy import event

from shell_support import demo_user, fixed_today, shown_caseload
from gcp_desk.ui.views.caseload_prepare import SEARCH_PROBE


def test_the_first_record_and_a_search_are_read_behind_the_caseload_and_nothing_is_written(qtbot, runner, demo_backend):
    from gcp_desk.ui.session import Session

    session = Session(demo_backend, demo_user(demo_backend), fixed_today)
    seen: list[tuple[str, object]] = []

    def note(conn, cursor, statement, parameters, context, executemany):
        seen.append((" ".join(statement.split()).upper(), parameters))

    event.listen(demo_backend.db.engine, "before_cursor_execute", note)
    try:
        view = shown_caseload(qtbot, runner, session)
        qtbot.waitUntil(lambda: view.model.rowCount() > 0)
        first = view.model.rows()[0].child_id

        def first_history_read() -> bool:
            return any("FROM CHILDREN LEFT OUTER JOIN ASSESSMENTS" in statement
                       and any(first.hex in str(value).replace("-", "") for value in _values(parameters))
                       for statement, parameters in list(seen))

        def search_read() -> bool:
            return any(any(SEARCH_PROBE in str(value) for value in _values(parameters)) for _, parameters in list(seen))

        qtbot.waitUntil(first_history_read, timeout=5000)
        qtbot.waitUntil(search_read, timeout=5000)
        runner_idle = lambda: not runner.is_busy  # noqa: E731
        qtbot.waitUntil(runner_idle, timeout=5000)
    finally:
        event.remove(demo_backend.db.engine, "before_cursor_execute", note)
    assert view.model.rows()[0].child_id == first and view.model.request.words == ()  # nothing shown moved
    assert view.model.total() == len(view.model.rows()) > 0
    assert not [statement for statement, _ in seen
                if statement.startswith(("INSERT", "UPDATE", "DELETE")) and "AUDIT" in statement]


def _values(parameters) -> list:
    if isinstance(parameters, dict):
        return list(parameters.values())
    return list(parameters or [])
