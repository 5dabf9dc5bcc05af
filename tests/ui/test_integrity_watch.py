"""After sign-in the app walks the audit chain in the background and says in the message bar when it has been
changed outside GCP Desk; closing the window signs the chain's end into the data folder's head file."""

from __future__ import annotations

import json
from datetime import date

from insider import insider_connection
from shell_support import demo_user


def rewrite_an_event(paths) -> None:
    connection = insider_connection(paths.database)
    with connection:
        triggers = connection.execute("SELECT name, sql FROM sqlite_master WHERE type='trigger'").fetchall()
        for name, _ in triggers:
            connection.execute(f"DROP TRIGGER {name}")
        connection.execute("UPDATE audit_events SET action = 'user.unlock' WHERE id = "
                           "(SELECT event_id FROM audit_chain WHERE seq = 1)")
        for _, sql in triggers:
            connection.execute(sql)
    connection.close()


def test_a_clean_trail_says_nothing_and_close_signs_its_end(make_window, demo_paths, demo_backend):
    user = demo_user(demo_backend)
    demo_backend.close()
    window = make_window(demo_paths, user)
    assert window.integrity_watch.last_problem is None
    window.close()
    head = json.loads((demo_paths.data_dir / "audit-head.json").read_text())
    assert head["seq"] >= 1 and len(head["hash"]) == 64 and head["signature"]


def test_a_rewritten_event_is_said_in_the_message_bar_after_sign_in(make_window, demo_paths, demo_backend,
                                                                     screenshot, qtbot):
    user = demo_user(demo_backend)
    # An event to rewrite:
    demo_backend.children(user).create_child(given_name="Kit", family_name="Testcase", date_of_birth=date(2020, 1, 1))
    demo_backend.close()
    rewrite_an_event(demo_paths)
    window = make_window(demo_paths, user)
    problem = window.integrity_watch.last_problem
    assert problem is not None and problem.startswith("The audit trail has been changed outside GCP Desk: "
                                                      "Audit event 1 (user.unlock")
    assert window.message_bar.isVisible()
    screenshot(window, "audit-trail-changed")
