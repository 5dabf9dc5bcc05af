"""Take offline, work offline, sync back: two laptops and a team server, each with its own records, meeting only
through the sync."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from laptops import (
    both_sides_identical, files_on_laptop, files_on_server, laptop, new_child, server_text, sync_service,
)
from server_support import connect


def test_take_offline_work_offline_sync_back_and_a_second_laptop_sees_it(north):
    from gcp_desk.domain.enums import EventKind

    s, nia, sol = north["server"], north["nia"], north["sol"]
    address = server_text(nia)
    with laptop(north["laptop_a"], nia) as (backend, user):  # records made offline on a laptop, then synced
        child, _ = new_child(backend, user, "Firstsync")
        outcome = sync_service(backend, user).sync_now("a long test password", server=address)
    assert outcome.sent > 0 and outcome.conflicts == 0
    with laptop(north["laptop_b"], sol) as (backend, user):  # the supervisor's laptop takes it offline
        taken = sync_service(backend, user).take_offline("a long test password", server=server_text(sol),
                                                         child_ids=[child.id], laptop="Laptop NN-7")
        assert taken.received > 0
        with connect(s.url) as su:
            assert su.execute(text("SELECT laptop FROM server_holds WHERE child_id = :c"),
                              {"c": child.id}).scalar() == "Laptop NN-7"
        assert [c.family_name for c in [backend.children(user).get(child.id)]] == ["Firstsync"]
        from gcp_desk.services.history import HistoryService

        HistoryService(backend.context(user)).add_event(child.id, on=date(2026, 11, 30), kind=EventKind.INCIDENT,
                                        what_happened="Invented incident at school.", source_agency="School")
        kept = backend.children(user).get(child.id)
        backend.children(user).update_child(kept.model_copy(update={"ethnicity": "Not stated"}))
        status = sync_service(backend, user).status()
        assert (status.held, status.waiting) == (1, 2)
        back = sync_service(backend, user).sync_now("a long test password", server=server_text(sol))
    assert (back.sent, back.returned, back.conflicts) == (2, 1, 0)
    with connect(s.url) as su:
        assert su.execute(text("SELECT count(*) FROM server_holds")).scalar() == 0
    with laptop(north["laptop_a"], nia) as (backend, user):
        seen = sync_service(backend, user).sync_now("a long test password", server=address)
        assert seen.received == 2
        assert backend.children(user).get(child.id).ethnicity == "Not stated"
    both_sides_identical(north["laptop_a"], nia, s.url, [child.id])
    assert files_on_laptop(north["laptop_a"], nia, [child.id]) == files_on_server(s.url, [child.id])
    # Given back by Sol's laptop, the child left it; every event of that laptop is on the server.
    assert back.removal.removed == [child.id] and files_on_laptop(north["laptop_b"], sol, [child.id])["child"] == []
    both_sides_identical(north["laptop_b"], sol, s.url, [])


def test_a_grade_changed_offline_on_an_assessment_the_server_has_reaches_it(north):
    nia, s = north["nia"], north["server"]
    with laptop(north["laptop_a"], nia) as (backend, user):
        child, assessment = new_child(backend, user, "Gradesync", grades=2)
        sync_service(backend, user).sync_now("a long test password", server=server_text(nia))
        sync_service(backend, user).take_offline("a long test password", server=server_text(nia),
                                                 child_ids=[child.id])
        assessments = backend.assessments(user)
        first = next(iter(assessments.get(assessment.id).item_grades))
        assessments.grade_item(assessment.id, first, 5)  # the assessment's own row is not changed by a grade
        assert sync_service(backend, user).status().waiting == 1
        sent = sync_service(backend, user).sync_now("a long test password", server=server_text(nia),
                                                     keep=[child.id])
    assert sent.sent > 0 and sent.conflicts == 0
    with connect(s.url) as su:
        assert su.execute(text("SELECT grade FROM item_grades WHERE assessment_id = :a AND item_id = :i"),
                          {"a": assessment.id, "i": first}).scalar() == 5
    both_sides_identical(north["laptop_a"], nia, s.url, [child.id])


def test_take_offline_from_the_command_line_takes_the_persons_own_caseload(north):
    import subprocess
    import sys

    nia, sol = north["nia"], north["sol"]
    with laptop(north["laptop_a"], nia) as (backend, user):
        mine, _ = new_child(backend, user, "Ownone")
        sync_service(backend, user).sync_now("a long test password", server=server_text(nia))
    with laptop(north["laptop_b"], sol) as (backend, user):  # a child of Sol's own, on the server too
        theirs, _ = new_child(backend, user, "Solsown")
        sync_service(backend, user).sync_now("a long test password", server=server_text(sol))
    other = north["laptop_a"].parent / "c"
    from laptops import make_laptop

    make_laptop(other, nia, (north["team"], "North"))
    run = subprocess.run([sys.executable, "-m", "gcp_desk", "sync", "take-offline", "--server", server_text(nia),
                          "--laptop", "Laptop NN-9", "--as", nia.name, "--password-stdin", "--data-dir", str(other)],
                         input="a long test password\n", capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "Taken offline: 1 child on this laptop" in run.stdout
    with connect(north["server"].url) as su:
        held = su.execute(text("SELECT child_id, laptop FROM server_holds")).all()
    assert held == [(mine.id, "Laptop NN-9")]
    assert files_on_laptop(other, nia, [mine.id]) == files_on_server(north["server"].url, [mine.id])
    assert files_on_laptop(other, nia, [theirs.id])["child"] == []
