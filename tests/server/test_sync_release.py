"""Returned children leave the laptop: after a sync gives a child back to the team server, its records are taken
off the laptop's copy in one transaction, with no tombstone and the server's copy untouched; a child whose records
the server does not hold in full yet, or with a conflict waiting, stays, with the reason. Real PostgreSQL."""

from __future__ import annotations

import subprocess
import sys

from sqlalchemy import func, select, text

from laptops import (
    files_on_laptop, files_on_server, laptop, laptop_events, looking_at, server_origins, server_text, sync_service,
)
from server_support import PASSWORD, connect


def a_signed_child_on_the_server(s, author):
    """A child of team North on the server with a submitted assessment, its grade, an event and a signature."""
    child = s.add_child(north_team(s))
    assessment = s.add_assessment(child, author=author)  # signed by its author
    return child, assessment


def north_team(s):
    with connect(s.url) as su:
        return su.execute(text("SELECT id FROM teams WHERE name = 'North'")).scalar()


def laptop_counts(folder, person, child, assessment) -> dict:
    from gcp_desk.storage import orm

    with looking_at(folder, person) as connection:
        def count(table, column, value):
            return connection.execute(select(func.count()).select_from(table).where(column == value)).scalar()

        return {"children": count(orm.children, orm.children.c.id, child),
                "assessments": count(orm.assessments, orm.assessments.c.id, assessment),
                "grades": count(orm.item_grades, orm.item_grades.c.assessment_id, assessment),
                "signatures": count(orm.signatures, orm.signatures.c.assessment_id, assessment),
                "events": count(orm.significant_events, orm.significant_events.c.child_id, child),
                "sync_children": count(orm.sync_children, orm.sync_children.c.child_id, child),
                "sync_base": count(orm.sync_base, orm.sync_base.c.record_id, child),
                "tombstones": connection.execute(select(func.count()).select_from(orm.tombstones)).scalar(),
                "marks": connection.execute(select(func.count()).select_from(orm.sync_release_marks)).scalar()}


def test_returned_children_leave_the_laptop_with_no_tombstone_and_the_server_untouched(north):
    s, nia = north["server"], north["nia"]
    child, assessment = a_signed_child_on_the_server(s, nia)
    folder = north["laptop_a"]
    with laptop(folder, nia) as (backend, user):
        sync_service(backend, user).take_offline(PASSWORD, server=server_text(nia), child_ids=[child])
        offline = backend.children(user).get(child)  # worked on offline: a change, in the laptop's audit trail
        backend.children(user).update_child(offline.model_copy(update={"ethnicity": "Not stated"}))
    on_the_laptop = files_on_laptop(folder, nia, [child])
    assert laptop_counts(folder, nia, child, assessment)["signatures"] == 1
    with laptop(folder, nia) as (backend, user):
        done = sync_service(backend, user).sync_now(PASSWORD, server=server_text(nia))
        assert child not in [row.child_id for row in backend.children(user).caseload()]
    assert done.returned == 1 and done.removal.removed == [child] and done.removal.kept == {}
    assert done.removal.lines() == ["Taken off this laptop: 1 child given back to the team server, which holds its "
                                    "records in full."]

    assert laptop_counts(folder, nia, child, assessment) == {
        "children": 0, "assessments": 0, "grades": 0, "signatures": 0, "events": 0, "sync_children": 0,
        "sync_base": 0, "tombstones": 0, "marks": 0}
    assert all(rows == [] for rows in files_on_laptop(folder, nia, [child]).values())
    on_the_server = files_on_server(s.url, [child])
    assert on_the_server == on_the_laptop, "the server holds the laptop's copy, change and all, and keeps it"
    with looking_at(folder, nia) as connection:
        from gcp_desk.storage import orm

        released = connection.execute(select(orm.audit_events.c.entity_id, orm.audit_events.c.after).where(
            orm.audit_events.c.action == "sync.release")).all()
        about_the_child = connection.execute(select(func.count()).select_from(orm.audit_events).where(
            orm.audit_events.c.entity_id == str(child), orm.audit_events.c.action != "sync.release")).scalar()
    assert released == [(str(child), {"assessments": 1, "adults": 0, "households": 0, "events": 1,
                                      "signatures": 1, "returns": 0})], "ids and counts only"
    assert about_the_child > 0, "the laptop's own events about the child stay in its chain"

    # The laptop's chain verifies whole, and every event of it reaches the server with its origin hash; the
    # server's record of the child stays, with no tombstone anywhere.
    with laptop(folder, nia) as (backend, user):
        again = sync_service(backend, user).sync_now(PASSWORD, server=server_text(nia))
    assert again.removal.removed == [] and again.events_sent >= 1
    origins = server_origins(s.url)
    assert [(e, h) for e, h in laptop_events(folder, nia) if origins.get(e) != h] == []
    verify = subprocess.run([sys.executable, "-m", "gcp_desk", "--data-dir", str(folder), "audit", "verify",
                             "--as", nia.name, "--password-stdin"], input=PASSWORD + "\n", capture_output=True,
                            text=True, timeout=120)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    with connect(s.url) as su:
        assert su.execute(text("SELECT count(*) FROM tombstones")).scalar() == 0
        assert su.execute(text("SELECT count(*) FROM children WHERE id = :c"), {"c": child}).scalar() == 1
    assert files_on_server(s.url, [child]) == on_the_server


def test_a_returned_child_with_an_unsent_change_or_a_conflict_stays_and_says_why(north):
    from gcp_desk.server.connect import connected
    from gcp_desk.storage.server_address import server_url
    from gcp_desk.sync import local
    from gcp_desk.sync.plan_model import Conflict
    from gcp_desk.sync.release import CONFLICT, UNSENT, remove_returned

    s, nia = north["server"], north["nia"]
    child, assessment = a_signed_child_on_the_server(s, nia)
    other, _ = a_signed_child_on_the_server(s, nia)
    folder = north["laptop_a"]
    with laptop(folder, nia) as (backend, user):
        service = sync_service(backend, user)
        service.take_offline(PASSWORD, server=server_text(nia), child_ids=[child, other])
        service.sync_now(PASSWORD, server=server_text(nia), keep=[child, other])  # both still held here
        with backend.db.transaction() as uow:  # given back, as a sync does, then changed here meanwhile
            local.set_children(uow.session.connection(), [child, other], held=False)
        kept = backend.children(user).get(child)
        backend.children(user).update_child(kept.model_copy(update={"ethnicity": "Not stated"}))
        with backend.db.transaction() as uow:
            connection = uow.session.connection()
            mine = connection.execute(text("SELECT version FROM children WHERE id = :c"),
                                      {"c": other.hex}).scalar()
            local.keep_conflicts(connection, [Conflict("child", other, other, mine, mine + 1, {}, {})], [])

        with connected(server_url(server_text(nia), password=PASSWORD)) as server:
            removal = remove_returned(backend.db, server, user.id, [child, other])
        assert removal.removed == []
        assert removal.kept == {child: UNSENT, other: CONFLICT}
        assert sorted(removal.lines()) == sorted([
            f"Child {child} stays on this laptop for now: it has changes the team server does not hold yet; they "
            "are sent at the next sync.",
            f"Child {other} stays on this laptop for now: a change made here and on the team server waits to be "
            "settled ('sync conflicts')."])
        assert backend.children(user).get(child).ethnicity == "Not stated", "nothing of it was lost"
        assert backend.children(user).get(other).id == other

        # The next sync sends the change; then the server holds all of that child and it leaves; the other stays
        # until its conflict is settled.
        done = service.sync_now(PASSWORD, server=server_text(nia))
        assert done.removal.removed == [child] and list(done.removal.kept) == [other]
    with connect(s.url) as su:
        assert su.execute(text("SELECT ethnicity FROM children WHERE id = :c"), {"c": child}).scalar() == "Not stated"
    assert laptop_counts(folder, nia, child, assessment)["children"] == 0
    assert files_on_laptop(folder, nia, [other])["child"] != []
    run = subprocess.run([sys.executable, "-m", "gcp_desk", "--data-dir", str(folder), "sync", "now", "--server",
                          server_text(nia), "--as", nia.name, "--password-stdin"], input=PASSWORD + "\n",
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1, run.stdout + run.stderr  # a conflict still waits: the command says so and fails
    assert "1 record(s) changed both here and on the server: nothing was overwritten" in run.stderr
    assert f"Child {other} stays on this laptop for now: a change made here and on the team server waits" in run.stdout
