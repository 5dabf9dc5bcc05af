"""What a sync refuses, each in words, with both sides left whole: a server that cannot be reached, a certificate
another authority signed, a wrong password, a laptop of another organisation, a child someone else holds, and an
offline copy gone too long without a sync."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import make_url, text

from laptops import files_on_server, laptop, new_child, server_text, sync_service
from server_support import PASSWORD, connect


def children_on_server(url) -> int:
    with connect(url) as su:
        return su.execute(text("SELECT count(*) FROM children")).scalar()


@pytest.fixture
def nia_has_work(north):
    with laptop(north["laptop_a"], north["nia"]) as (backend, user):
        child, _ = new_child(backend, user, "Waiting")
    return dict(north, child=child.id)


def sync_with(n, address: str, password: str = PASSWORD):
    with laptop(n["laptop_a"], n["nia"]) as (backend, user):
        return sync_service(backend, user).sync_now(password, server=address)


def status(n):
    with laptop(n["laptop_a"], n["nia"]) as (backend, user):
        return sync_service(backend, user).status()


def test_an_unreachable_server_is_said_and_nothing_changes(nia_has_work):
    from gcp_desk.storage.server_problems import ServerUnreachable

    n = nia_has_work
    closed = make_url(server_text(n["nia"])).set(port=1)
    with pytest.raises(ServerUnreachable, match="cannot be reached"):
        sync_with(n, closed.render_as_string(hide_password=False))
    after = status(n)
    assert after.server is None and after.interrupted == "connect"  # cut off, not refused: run it again
    assert not after.refused and "cannot be reached" in after.stopped
    assert children_on_server(n["server"].url) == 0


def test_a_certificate_from_another_authority_is_refused(nia_has_work, tmp_path):
    from gcp_desk.storage.server_problems import ServerCertificateRefused

    n = nia_has_work
    other = tmp_path / "other-ca"
    subprocess.run(["bash", str(Path(__file__).parents[2] / ".ci" / "make-test-ca"), str(other)], check=True,
                   capture_output=True)
    wrong = make_url(server_text(n["nia"])).update_query_dict({"sslrootcert": str(other / "ca.crt")})
    with pytest.raises(ServerCertificateRefused, match="did not prove who it is"):
        sync_with(n, wrong.render_as_string(hide_password=False))
    assert children_on_server(n["server"].url) == 0


def test_a_wrong_password_is_refused_by_the_server(nia_has_work):
    from gcp_desk.storage.server_problems import ServerPasswordRefused

    n = nia_has_work
    with pytest.raises(ServerPasswordRefused, match="refused the password"):
        sync_with(n, server_text(n["nia"]), password="not her password")
    assert children_on_server(n["server"].url) == 0


def test_a_laptop_of_another_organisation_is_refused(nia_has_work):
    from gcp_desk.domain.errors import NotAllowed
    from gcp_desk.services.organisation import organisation_id

    n = nia_has_work
    with laptop(n["laptop_a"], n["nia"]) as (backend, user), backend.context(user).transaction() as uow:
        organisation_id(uow)  # the laptop's records carry an organisation of their own (made at first export)
    with pytest.raises(NotAllowed, match="belong to another organisation") as refused:
        sync_with(n, server_text(n["nia"]))
    assert "Nothing was sent or received" in str(refused.value)
    assert children_on_server(n["server"].url) == 0
    assert files_on_server(n["server"].url, [n["child"]])["child"] == []


def test_a_child_held_by_someone_else_is_not_taken_offline(north):
    from gcp_desk.server.holds import HeldElsewhere

    with laptop(north["laptop_a"], north["nia"]) as (backend, user):
        child, _ = new_child(backend, user, "Heldone")
        sync_service(backend, user).sync_now(PASSWORD, server=server_text(north["nia"]))
        sync_service(backend, user).take_offline(PASSWORD, server=server_text(north["nia"]), child_ids=[child.id],
                                                 laptop="Laptop NN-1")
    with laptop(north["laptop_b"], north["sol"]) as (backend, user):
        with pytest.raises(HeldElsewhere, match="offline with Nia North since .* UTC \\(Laptop NN-1\\)"):
            sync_service(backend, user).take_offline(PASSWORD, server=server_text(north["sol"]),
                                                     child_ids=[child.id])
        assert backend.children(user).caseload() == []


def test_an_offline_copy_does_not_open_after_fourteen_days_without_a_sync_until_it_syncs(north):
    from gcp_desk.storage import orm
    from gcp_desk.domain.clock import utc_now

    nia = north["nia"]
    with laptop(north["laptop_a"], nia) as (backend, user):
        child, _ = new_child(backend, user, "Longaway")
        sync_service(backend, user).sync_now(PASSWORD, server=server_text(nia))
        sync_service(backend, user).take_offline(PASSWORD, server=server_text(nia), child_ids=[child.id])
        with backend.db.transaction() as uow:  # fifteen days go by
            uow.session.execute(orm.sync_state.update().values(last_sync_at=utc_now() - timedelta(days=15)))

    def gcp_desk(*args):
        return subprocess.run([sys.executable, "-m", "gcp_desk", "--data-dir", str(north["laptop_a"]), *args,
                               "--as", nia.name, "--password-stdin"], input=f"{PASSWORD}\n", capture_output=True,
                              text=True, timeout=120)

    refused = gcp_desk("list", "children")
    assert refused.returncode == 2
    assert "more than 14 days ago" in refused.stderr and "gcp-desk sync now" in refused.stderr
    assert "Longaway" not in refused.stdout
    assert gcp_desk("sync", "now", "--server", server_text(nia), "--keep", str(child.id)).returncode == 0
    opened = gcp_desk("list", "children")
    assert opened.returncode == 0 and "Longaway" in opened.stdout


def test_a_child_moved_out_of_the_persons_sight_is_left_alone_on_the_laptop(north):
    nia = north["nia"]
    with laptop(north["laptop_a"], nia) as (backend, user):
        child, _ = new_child(backend, user, "Movedaway")
        sync_service(backend, user).sync_now(PASSWORD, server=server_text(nia))
    with connect(north["server"].url) as su:  # the child moves to another team
        south = north["server"].add_team("South")
        su.execute(text("UPDATE children SET team_id = :team WHERE id = :id"), {"team": south, "id": child.id})
    with laptop(north["laptop_a"], nia) as (backend, user):
        outcome = sync_service(backend, user).sync_now(PASSWORD, server=server_text(nia))
        assert (outcome.sent, outcome.received, outcome.conflicts) == (0, 0, 0)
        assert backend.children(user).get(child.id).family_name == "Movedaway"


def test_a_refusal_by_the_servers_rules_mid_sync_is_journaled_as_stopped_with_its_reason(nia_has_work):
    """A record the server's row-level security will not take (here a child put in another team's records on the
    laptop) refuses the send: the journal ends marked stopped, refused, with the server's reason in words."""
    from gcp_desk.domain.errors import NotAllowed
    from gcp_desk.domain.people import Team
    from gcp_desk.storage import orm
    from gcp_desk.sync import local

    n = nia_has_work
    south = n["server"].add_team("South")
    with laptop(n["laptop_a"], n["nia"]) as (backend, user), backend.db.transaction() as uow:
        uow.users.add_team(Team(id=south, name="South"))
        uow.session.execute(orm.children.update().where(orm.children.c.id == n["child"]).values(team_id=south))
    with pytest.raises(NotAllowed, match="refused part of the sync .*row-level security"):
        sync_with(n, server_text(n["nia"]))
    after = status(n)
    assert after.refused and after.interrupted is None
    assert "refused part of the sync" in after.stopped and "row-level security" in after.stopped
    with laptop(n["laptop_a"], n["nia"]) as (backend, _user), backend.db.read() as uow:
        steps = local.last_journal(uow.session.connection())
    assert [(step["step"], step["state"]) for step in steps][-2:] == [("send", "started"), ("stopped", "refused")]
    assert children_on_server(n["server"].url) == 0
