"""A laptop withdrawn by an administrator (``server revoke-laptop``) takes no child offline and sends nothing: the
server's own rules refuse it whatever program asks (direct SQL as the person's own login), and the app says so in
words with the day it was withdrawn. Real TLS + scram server, real processes where a person would type."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from linked_office import gcp_desk, laptop_id, ok, two_linked_laptops
from server_support import PASSWORD, connect

KIND = "incident"


@pytest.fixture
def withdrawn(team_server, tmp_path):
    """Nia's laptop, linked and signed in once, then withdrawn by the administrator; Pat's laptop, linked, kept."""
    from gcp_desk.server.laptops import revoke_laptop

    s = team_server
    office = two_linked_laptops(s, tmp_path, ("lost", "kept"))
    with s.administrator.connection(autocommit=False) as admin:
        revoke_laptop(admin, s.administrator.id, laptop_id(office["lost"]))
    return office


def today() -> str:
    from gcp_desk.scoring.age import format_date

    return format_date(datetime.now(UTC).date())


def last_journal(folder, person) -> list[dict]:
    from gcp_desk.sync import local
    from laptops import looking_at

    with looking_at(folder, person) as connection:
        return local.last_journal(connection)


def holds_on_server(s) -> list:
    with connect(s.url) as su:
        return su.execute(text("SELECT child_id, holder_id, laptop_id FROM server_holds")).all()


def test_rls_revoked_laptop_named_by_direct_sql_is_refused_with_its_day(withdrawn):
    w = withdrawn
    with w["nia"].connection() as nia:
        with pytest.raises(DBAPIError, match=r"laptop withdrawn on \d{4}-\d{2}-\d{2}"):
            nia.execute(text("SELECT gcp_desk_this_laptop(:id)"), {"id": laptop_id(w["lost"])})
        # Not naming it, or claiming to be no laptop, records no hold either: a hold needs a laptop named and live.
        for claimed in (laptop_id(w["lost"]), None, "a-laptop-never-named"):
            with pytest.raises(DBAPIError, match="row-level security"):
                nia.execute(text("INSERT INTO server_holds (child_id, holder_id, laptop, laptop_id) "
                                 "VALUES (:c, :h, 'x', :l)"), {"c": w["ninas"], "h": w["nia"].id, "l": claimed})
        # Her own login's session state cannot be forged into the server's record of named laptops.
        with pytest.raises(DBAPIError, match="permission denied"):
            nia.execute(text("INSERT INTO server_laptop_sessions (pid, token, laptop_id) "
                             "VALUES (pg_backend_pid(), gen_random_uuid(), 'x')"))
    assert holds_on_server(w["server"]) == []


def test_rls_revoked_while_connected_the_laptop_takes_no_hold_and_pushes_no_change(withdrawn):
    """A laptop that named itself before it was withdrawn: from the moment it is withdrawn, that same connection
    records no hold, changes no case record and carries no audit event of the laptop's."""
    from gcp_desk.server.laptops import revoke_laptop

    w = withdrawn
    s, pat = w["server"], w["pat"]
    pats_laptop = laptop_id(w["kept"])
    with pat.connection() as connection:
        connection.execute(text("SELECT gcp_desk_this_laptop(:id)"), {"id": pats_laptop})
        assert connection.execute(text("SELECT gcp_desk_session_laptop()")).scalar() == pats_laptop
        # While the laptop is live, its changes go through (the control for the refusals below).
        assert connection.execute(text("UPDATE children SET given_name = 'Changed' WHERE id = :c"),
                                  {"c": w["pats"]}).rowcount == 1
        with s.administrator.connection(autocommit=False) as admin:
            revoke_laptop(admin, s.administrator.id, pats_laptop)
        assert connection.execute(text("SELECT gcp_desk_session_laptop()")).scalar() is None
        with pytest.raises(DBAPIError, match="row-level security"):
            connection.execute(text("INSERT INTO server_holds (child_id, holder_id, laptop, laptop_id) "
                                    "VALUES (:c, :h, 'x', :l)"), {"c": w["pats"], "h": pat.id, "l": pats_laptop})
        assert connection.execute(text("UPDATE children SET given_name = 'Again' WHERE id = :c"),
                                  {"c": w["pats"]}).rowcount == 0, "no change reaches the server"
        with pytest.raises(DBAPIError, match="row-level security"):
            connection.execute(text("INSERT INTO significant_events (id, child_id, date, kind, what_happened, "
                                    "source_agency, recorded_by, created_at) VALUES (:id, :c, current_date, :k, "
                                    "'x', 'x', :u, now())"), {"id": uuid4(), "c": w["pats"], "u": pat.id, "k": KIND})
    with connect(s.url) as su:
        assert su.execute(text("SELECT given_name FROM children WHERE id = :c"), {"c": w["pats"]}).scalar() \
            == "Changed"


def test_revoked_laptop_cannot_take_children_offline_or_sync_and_says_so(withdrawn):
    w = withdrawn
    said = f"This laptop was withdrawn from the team server on {today()}"
    taken = gcp_desk("sync", "take-offline", data_dir=w["lost"], as_=("Nia North", PASSWORD))
    assert taken.returncode != 0 and said in taken.stdout + taken.stderr, taken.stdout + taken.stderr
    assert "ask your administrator" in (taken.stdout + taken.stderr).lower()
    synced = gcp_desk("sync", "now", data_dir=w["lost"], as_=("Nia North", PASSWORD))
    assert synced.returncode != 0 and said in synced.stdout + synced.stderr, synced.stdout + synced.stderr
    assert holds_on_server(w["server"]) == []
    # The journal ends with the sync marked stopped, refused, with the reason in words: status says so, and does
    # not send her to run it again.
    assert [(step["step"], step["state"]) for step in last_journal(w["lost"], w["nia"])][-1] == ("stopped",
                                                                                                 "refused")
    status = ok(gcp_desk("sync", "status", data_dir=w["lost"], as_=("Nia North", PASSWORD)))
    assert f"The last sync was refused: {said}" in status, status
    assert "run 'gcp-desk sync now' again" not in status
    # The other laptop, not withdrawn, goes on as before.
    assert "Taken offline: 1 child" in ok(gcp_desk("sync", "take-offline", data_dir=w["kept"],
                                                   as_=("Pat North", PASSWORD)))
    assert [(row.child_id, row.laptop_id) for row in holds_on_server(w["server"])] == [
        (w["pats"], laptop_id(w["kept"]))]


def test_revoked_laptop_rules_reach_a_server_left_at_rules_5_only_through_server_upgrade(withdrawn, tmp_path):
    from gcp_desk.server.rules import RULES_VERSION
    from test_server_upgrade import upgraded_through_the_command

    w = withdrawn
    s = w["server"]
    with connect(s.url) as su:  # the server as the previous copy of GCP Desk left it
        su.execute(text("UPDATE app_meta SET value = '5' WHERE key = 'server_rules_version'"))
        su.execute(text("DROP FUNCTION gcp_desk_this_laptop(text)"))
    waiting = gcp_desk("sync", "take-offline", data_dir=w["kept"], as_=("Pat North", PASSWORD))
    said = waiting.stdout + waiting.stderr
    assert waiting.returncode != 0 and "rules at version 5" in said and "upgrade of the server is waiting" in said
    assert upgraded_through_the_command(s, tmp_path) == RULES_VERSION
    assert "Taken offline: 1 child" in ok(gcp_desk("sync", "take-offline", data_dir=w["kept"],
                                                   as_=("Pat North", PASSWORD)))
    refused = gcp_desk("sync", "take-offline", data_dir=w["lost"], as_=("Nia North", PASSWORD))
    assert refused.returncode != 0 and "withdrawn from the team server" in refused.stdout + refused.stderr
