"""A record changed on a laptop and on the server since they last agreed: a conflict, kept with both versions and
never overwritten on either side, settled by a person (keep mine, keep theirs, or field by field)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import text

from laptops import both_sides_identical, files_on_laptop, laptop, new_child, server_text, sync_service
from server_support import PASSWORD, connect


@pytest.fixture
def held(north):
    """Nia's child on the server, taken offline on her laptop."""
    nia = north["nia"]
    with laptop(north["laptop_a"], nia) as (backend, user):
        child, _ = new_child(backend, user, "Original")
        sync_service(backend, user).sync_now(PASSWORD, server=server_text(nia))
        sync_service(backend, user).take_offline(PASSWORD, server=server_text(nia), child_ids=[child.id])
    return dict(north, child=child.id)


def change_here(h, **fields):
    with laptop(h["laptop_a"], h["nia"]) as (backend, user):
        child = backend.children(user).get(h["child"])
        backend.children(user).update_child(child.model_copy(update=fields))


def change_on_server(h, **fields):
    """Sol, in the office, changes the child's details on the server as his own login."""
    with h["sol"].connection() as sol:
        for name, value in fields.items():
            sol.execute(text(f"UPDATE children SET {name} = :value WHERE id = :id"), {"value": value, "id": h["child"]})


def on_server(h, column):
    with connect(h["server"].url) as su:
        return su.execute(text(f"SELECT {column} FROM children WHERE id = :id"), {"id": h["child"]}).scalar()


def sync(h, **options):
    with laptop(h["laptop_a"], h["nia"]) as (backend, user):
        return sync_service(backend, user).sync_now(PASSWORD, server=server_text(h["nia"]), **options)


def test_conflict_is_kept_with_both_versions_nothing_is_overwritten_and_the_child_stays_held(held):
    h = held
    change_here(h, family_name="Laptopname")
    change_on_server(h, family_name="Officename")
    outcome = sync(h)
    assert outcome.conflicts == 1 and outcome.returned == 0 and outcome.kept == 1
    assert on_server(h, "family_name") == "Officename"
    with laptop(h["laptop_a"], h["nia"]) as (backend, user):
        assert backend.children(user).get(h["child"]).family_name == "Laptopname"
        [conflict] = sync_service(backend, user).conflicts()
        status = sync_service(backend, user).status()
    assert (conflict.kind, conflict.record_id, conflict.child_id) == ("child", h["child"], h["child"])
    assert (conflict.mine["family_name"], conflict.theirs["family_name"]) == ("Laptopname", "Officename")
    assert status.conflicts == 1 and status.held == 1
    with connect(h["server"].url) as su:
        assert su.execute(text("SELECT count(*) FROM server_holds")).scalar() == 1
    assert sync(h).conflicts == 1  # a second sync still overwrites nothing


def test_conflict_keep_mine_reaches_the_server_at_the_next_sync(held):
    h = held
    change_here(h, family_name="Laptopname")
    change_on_server(h, family_name="Officename")
    sync(h)
    with laptop(h["laptop_a"], h["nia"]) as (backend, user):
        sync_service(backend, user).resolve("child", h["child"], "mine")
        assert sync_service(backend, user).conflicts() == []
    outcome = sync(h)
    assert (outcome.conflicts, outcome.returned) == (0, 1)
    assert on_server(h, "family_name") == "Laptopname"
    assert outcome.removal.removed == [h["child"]], "settled and given back: the server holds all of it"
    assert files_on_laptop(h["laptop_a"], h["nia"], [h["child"]])["child"] == []
    both_sides_identical(h["laptop_a"], h["nia"], h["server"].url, [])


def test_conflict_keep_theirs_takes_the_servers_record(held):
    h = held
    change_here(h, family_name="Laptopname")
    change_on_server(h, family_name="Officename")
    sync(h)
    with laptop(h["laptop_a"], h["nia"]) as (backend, user):
        sync_service(backend, user).resolve("child", h["child"], "theirs")
        assert backend.children(user).get(h["child"]).family_name == "Officename"
    assert sync(h, keep=[h["child"]]).conflicts == 0
    assert on_server(h, "family_name") == "Officename"
    both_sides_identical(h["laptop_a"], h["nia"], h["server"].url, [h["child"]])


def test_conflict_settled_field_by_field(held):
    h = held
    change_here(h, family_name="Laptopname", ethnicity="Laptop ethnicity")
    change_on_server(h, family_name="Officename", father_unknown_reason="not named")
    sync(h)
    with laptop(h["laptop_a"], h["nia"]) as (backend, user):
        from gcp_desk.domain.errors import InvalidInput

        with pytest.raises(InvalidInput, match="'colour' is not a field"):
            sync_service(backend, user).resolve("child", h["child"], {"colour": "mine"})
        sync_service(backend, user).resolve("child", h["child"], {"family_name": "theirs", "ethnicity": "mine"})
    sync(h, keep=[h["child"]])
    assert (on_server(h, "family_name"), on_server(h, "ethnicity"), on_server(h, "father_unknown_reason")) == (
        "Officename", "Laptop ethnicity", "not named")
    both_sides_identical(h["laptop_a"], h["nia"], h["server"].url, [h["child"]])


def test_conflict_not_when_both_sides_made_the_same_change(held):
    h = held
    change_here(h, family_name="Samename")
    change_on_server(h, family_name="Samename")
    assert sync(h, keep=[h["child"]]).conflicts == 0
    both_sides_identical(h["laptop_a"], h["nia"], h["server"].url, [h["child"]])


def test_conflict_from_the_command_line(held):
    h = held
    change_here(h, family_name="Laptopname")
    change_on_server(h, family_name="Officename")

    def gcp_desk(*args):
        return subprocess.run([sys.executable, "-m", "gcp_desk", "--data-dir", str(h["laptop_a"]), *args, "--as",
                               h["nia"].name, "--password-stdin"], input=f"{PASSWORD}\n", capture_output=True,
                              text=True, timeout=120)

    run = gcp_desk("sync", "now", "--server", server_text(h["nia"]))
    assert run.returncode == 1 and "nothing was overwritten" in run.stderr
    listed = gcp_desk("sync", "conflicts")
    assert "family_name: mine 'Laptopname' | theirs 'Officename'" in listed.stdout
    assert gcp_desk("sync", "resolve", "child", str(h["child"]), "--keep", "mine").returncode == 0
    assert gcp_desk("sync", "now").returncode == 0  # the address kept, and the login she gave before
    status = gcp_desk("sync", "status")
    assert "Conflicts to settle: 0" in status.stdout and "Children held offline here: 0" in status.stdout
    kept = h["server"].url.database
    assert f"Server: postgresql+psycopg://localhost:{h['server'].url.port}/{kept}?" in status.stdout
    assert "nia" not in status.stdout.split("Server:")[1].splitlines()[0]  # no login kept, and never a password
    assert on_server(h, "family_name") == "Laptopname"
