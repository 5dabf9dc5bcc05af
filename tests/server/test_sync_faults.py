"""A sync cut off anywhere, by SIGKILL (a pulled plug) at every stop point it passes or by the server dropping the
connection mid-transfer, and a following sync: both sides end identical and both audit chains verify."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import pytest
from sqlalchemy import text

from laptops import both_sides_identical, laptop, make_laptop, new_child, server_text, sync_service
from server_support import PASSWORD, connect

MINIMUM_POINTS = 20


@pytest.fixture
def nia_with_work(team_server, tmp_path):
    s = team_server
    team = s.add_team("North")
    nia = s.add_person("Nia North", "practitioner", team)
    folder = make_laptop(tmp_path / "a", nia, (team, "North"))
    with laptop(folder, nia) as (backend, user):
        children = [new_child(backend, user, family)[0].id for family in ("Faultone", "Faulttwo")]
        sync_service(backend, user).sync_now(PASSWORD, server=server_text(nia))
    return dict(server=s, nia=nia, folder=folder, children=children)


def work_offline(folder, nia, children, round_number: int, server=None) -> None:
    """Take the children offline and change something of each kind that travels: child details, a new event, a
    new assessment with grades, a new household; and, in the office, the other child's details on the server."""
    from gcp_desk.domain.enums import EventKind
    from gcp_desk.services.history import HistoryService

    with laptop(folder, nia) as (backend, user):
        sync_service(backend, user).take_offline(PASSWORD, server=server_text(nia), child_ids=children)
        child = backend.children(user).get(children[0])
        backend.children(user).update_child(child.model_copy(update={"ethnicity": f"Round {round_number}"}))
        HistoryService(backend.context(user)).add_event(
            children[1], on=date(2026, 11, 1 + round_number % 28), kind=EventKind.INCIDENT,
            what_happened=f"Invented incident {round_number}.", source_agency="School")
        new_child(backend, user, f"Round{round_number}", grades=2)
    if server is not None:
        with connect(server.url) as su:
            su.execute(text("UPDATE children SET father_unknown_reason = :words WHERE id = :id"),
                       {"words": f"office {round_number}", "id": children[1]})


def sync_in_a_process(folder, nia, environment: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "gcp_desk", "--data-dir", str(folder), "sync", "now", "--server", server_text(nia),
         "--as", nia.name, "--password-stdin"],
        input=f"{PASSWORD}\n", capture_output=True, text=True, timeout=180, env={**os.environ, **environment})


def all_children(folder, nia) -> list:
    with laptop(folder, nia) as (backend, user):
        return [row.child_id for row in backend.children(user).caseload()]


def check_whole(folder, nia, server) -> None:
    with laptop(folder, nia) as (backend, user):
        result = sync_service(backend, user).sync_now(PASSWORD, server=server_text(nia))
        assert result.conflicts == 0
        assert backend.integrity(user).verify_audit().ok
        ids = [row.child_id for row in backend.children(user).caseload()]
    both_sides_identical(folder, nia, server.url, ids)
    with connect(server.url) as su:
        assert su.execute(text("SELECT count(*) FROM server_holds")).scalar() == 0


def test_sigkill_at_every_stop_point_then_a_sync_ends_with_both_sides_identical(nia_with_work):
    w = nia_with_work
    killed_at = []
    point = 0
    while True:
        point += 1
        work_offline(w["folder"], w["nia"], w["children"], point, w["server"])
        run = sync_in_a_process(w["folder"], w["nia"], {"GCP_DESK_SYNC_STOP_AT": str(point)})
        if run.returncode == 0:  # the sync passed fewer points than this: every one has been tried
            break
        assert run.returncode == -9, run.stderr
        killed_at.append(point)
        check_whole(w["folder"], w["nia"], w["server"])
    check_whole(w["folder"], w["nia"], w["server"])
    print(f"sigkill: killed at {len(killed_at)} distinct stop points, each followed by a whole sync")
    assert len(killed_at) >= MINIMUM_POINTS


def test_sigkill_a_dropped_connection_mid_transfer_is_said_and_the_next_sync_ends_whole(nia_with_work, monkeypatch):
    from gcp_desk.domain.errors import DatabaseUnavailable

    w = nia_with_work
    dropped = 0
    for point in range(1, 30):
        work_offline(w["folder"], w["nia"], w["children"], 100 + point, w["server"])
        monkeypatch.setenv("GCP_DESK_SYNC_DROP_AT", str(point))
        with laptop(w["folder"], w["nia"]) as (backend, user):
            try:
                sync_service(backend, user).sync_now(PASSWORD, server=server_text(w["nia"]))
            except DatabaseUnavailable as error:
                assert "connection to the team server" in str(error) and "run the sync again" in str(error)
                dropped += 1
        monkeypatch.delenv("GCP_DESK_SYNC_DROP_AT")
        check_whole(w["folder"], w["nia"], w["server"])
    print(f"sigkill: the connection dropped at {dropped} points mid-transfer, each followed by a whole sync")
    assert dropped >= 3
