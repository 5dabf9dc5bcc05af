"""An IT officer's path end to end: a team server, two laptops linked to it, each person's first sign-in online,
then take offline and sync with no server address given (the link's is used, with the login remembered at the first
sign-in). Each sync also brings the server's account changes, holds and "last seen"; holds are kept under each
laptop's own id. Real TLS + scram server, real processes where a person would type."""

from __future__ import annotations

import socket

import pytest
from sqlalchemy import select, text

from linked_office import gcp_desk, laptop_id, ok, two_linked_laptops
from laptops import both_sides_identical, laptop, looking_at
from server_support import PASSWORD, connect
from test_laptop_link import address, key_slots

NEW_PASSWORD = "another long test password"


@pytest.fixture
def office(team_server, tmp_path):
    """Team North on the server (Nia and Pat, practitioners, each with a child of their own), and two laptop folders
    linked to it, each with its person's first online sign-in made."""
    return two_linked_laptops(team_server, tmp_path)


def test_linked_laptops_take_offline_and_sync_with_no_server_given(office):
    s, nia, pat, child, a, b = (office[k] for k in ("server", "nia", "pat", "ninas", "a", "b"))
    assert "nia.north" != nia.login, "the login is the one remembered at her first sign-in, not a guess"

    taken = ok(gcp_desk("sync", "take-offline", data_dir=a, as_=("Nia North", PASSWORD)))
    assert "Taken offline: 1 child on this laptop" in taken
    with connect(s.url) as su:
        held = su.execute(text("SELECT child_id, laptop, laptop_id FROM server_holds")).all()
    assert held == [(child, socket.gethostname(), laptop_id(a))]
    refused = gcp_desk("sync", "take-offline", "--child", str(child), data_dir=b, as_=("Pat North", PASSWORD))
    assert refused.returncode != 0 and "offline with Nia North since" in refused.stdout + refused.stderr

    with laptop(a, nia) as (backend, user):  # worked on offline
        children = backend.children(user)
        children.update_child(children.get(child).model_copy(update={"ethnicity": "Not stated"}))
    synced = ok(gcp_desk("sync", "now", data_dir=a, as_=("Nia North", PASSWORD)))
    assert "1 child returned" in synced and "records sent" in synced
    with connect(s.url) as su:
        assert su.execute(text("SELECT ethnicity FROM children WHERE id = :c"), {"c": child}).scalar() == "Not stated"
        assert su.execute(text("SELECT count(*) FROM server_holds")).scalar() == 0

    ok(gcp_desk("sync", "take-offline", "--child", str(child), data_dir=b, as_=("Pat North", PASSWORD)))
    both_sides_identical(b, pat, s.url, [child])  # before any sign-in there adds an event not yet carried
    with laptop(b, pat) as (backend, user):
        assert backend.children(user).get(child).ethnicity == "Not stated"
    status = ok(gcp_desk("sync", "status", data_dir=b, as_=("Pat North", PASSWORD)))
    assert f"/{s.url.database}?" in status and "Children held offline here: 1" in status

    # The address given by hand still overrides the link: here one that leads nowhere, said in words.
    elsewhere = gcp_desk("sync", "now", "--server", address(s, port=1), data_dir=b, as_=("Pat North", PASSWORD))
    assert elsewhere.returncode != 0 and "cannot be reached" in elsewhere.stdout + elsewhere.stderr


def test_each_sync_brings_the_servers_account_changes_holds_and_last_seen(office):
    from gcp_desk.server.logins import disable_login, set_login_password
    from gcp_desk.storage import orm

    s, nia, pat, a, b = (office[k] for k in ("server", "nia", "pat", "a", "b"))
    sam = s.add_person("Sam North", "practitioner", None)
    for person in (pat, sam):  # two more people with a slot on Nia's laptop
        ok(gcp_desk("list", "children", data_dir=a, as_=(person.login, PASSWORD)))
    ok(gcp_desk("sync", "take-offline", data_dir=b, as_=("Pat North", PASSWORD)))
    with s.administrator.connection() as admin:
        set_login_password(admin, pat.login, NEW_PASSWORD)
        disable_login(admin, sam.login)  # the login closed (not the account marked): disabled at the sync too
    with connect(s.url) as su:
        su.execute(text("UPDATE server_laptops SET last_seen_at = NULL"))

    with laptop(a, nia) as (backend, user):  # signed in offline: nothing asked of the server until the sync
        assert backend.server_holds == {}
        backend.sync(user).sync_now(PASSWORD)
        hold = backend.server_holds[office["pats"]]
        assert (hold.holder_name, hold.laptop_id) == ("Pat North", laptop_id(b))
    with looking_at(a, nia) as connection:
        assert connection.execute(select(orm.users.c.disabled_at).where(orm.users.c.id == sam.id)).scalar()
    slots = key_slots(a)
    assert slots[str(pat.id)]["key"] is None, "Pat's old password no longer opens Nia's laptop"
    assert str(sam.id) not in slots or slots[str(sam.id)]["key"] is None, "Sam's disabled account opens nothing"
    assert slots[str(nia.id)]["key"] is not None
    with connect(s.url) as su:
        seen = dict(su.execute(text("SELECT id, last_seen_at FROM server_laptops")).all())
    assert seen[laptop_id(a)] is not None and seen[laptop_id(b)] is None, "seen at Nia's sync, B not since"


def test_holds_are_counted_and_released_by_the_laptops_id_not_its_computer_name(office):
    s, a, b = office["server"], office["a"], office["b"]
    ok(gcp_desk("sync", "take-offline", data_dir=a, as_=("Nia North", PASSWORD)))
    ok(gcp_desk("sync", "take-offline", data_dir=b, as_=("Pat North", PASSWORD)))
    with connect(s.url) as su:
        names = su.execute(text("SELECT DISTINCT name FROM server_laptops")).scalars().all()
        assert su.execute(text("SELECT DISTINCT laptop FROM server_holds")).scalars().all() == names
    assert len(names) == 1, "both folders are on one computer: the same host name"

    url, ada = address(s), s.administrator
    listed = ok(gcp_desk("server", "laptops", url, as_=(ada.login, PASSWORD)))
    for folder in (a, b):
        [row] = [line for line in listed.splitlines() if line.startswith(laptop_id(folder))]
        assert row.split()[-2:] == ["1", "linked"], row

    revoked = ok(gcp_desk("server", "revoke-laptop", url, laptop_id(a), as_=(ada.login, PASSWORD)))
    assert "Released 1 child held offline on it" in revoked
    with connect(s.url) as su:
        left = su.execute(text("SELECT child_id, laptop_id FROM server_holds")).all()
    assert left == [(office["pats"], laptop_id(b))], "the other laptop's hold stays"

    # A server whose rules are older than this copy's (not yet upgraded) is refused at the sync, in words.
    with connect(s.url) as su:
        su.execute(text("UPDATE app_meta SET value = '4' WHERE key = 'server_rules_version'"))
    waiting = gcp_desk("sync", "now", data_dir=b, as_=("Pat North", PASSWORD))
    said = waiting.stdout + waiting.stderr
    assert waiting.returncode != 0 and "rules at version 4" in said and "upgrade of the server is waiting" in said
    status = ok(gcp_desk("sync", "status", data_dir=b, as_=("Pat North", PASSWORD)))
    assert "The last sync was refused: The team server at" in status and "rules at version 4" in status, status
