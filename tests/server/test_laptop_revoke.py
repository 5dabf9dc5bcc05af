"""A lost laptop revoked by an administrator (``server laptops``, ``server revoke-laptop``), and an account disabled
on the server said as such at a linked laptop, not as a wrong password. Real TLS + scram server, real processes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))
from cli_runner import gcp_desk  # noqa: E402

from server_support import PASSWORD, connect  # noqa: E402
from test_laptop_link import address, key_slots, link  # noqa: E402

DISABLED = "This account has been disabled on the team server"


@pytest.fixture
def linked(tmp_path, two_teams):
    laptop = tmp_path / "laptop"
    link(laptop, two_teams["server"])
    return laptop, two_teams


def laptop_id(laptop: Path) -> str:
    return json.loads((laptop / "gcp-desk.keys").read_text())["database_id"]


def test_an_administrator_lists_and_revokes_a_lost_laptop_releasing_its_holds(linked, tmp_path):
    from gcp_desk.server.holds import holds, take_offline

    laptop, teams = linked
    server, nia, sol, ada = teams["server"], teams["nia"], teams["sol"], teams["server"].administrator
    assert gcp_desk("list", "children", data_dir=laptop, as_=(nia.login, PASSWORD)).returncode == 0
    lost = laptop_id(laptop)
    with nia.connection(autocommit=False) as connection:
        take_offline(connection, nia.id, [teams["north_child"]], "NIA-LAPTOP", lost)
    with sol.connection(autocommit=False) as connection:
        take_offline(connection, sol.id, [teams["shared_child"]], "SOL-OFFICE-PC", "sol-office-pc-id")
    url = address(server)

    listed = gcp_desk("server", "laptops", url, as_=(ada.login, PASSWORD))
    assert listed.returncode == 0, listed.stderr
    [row] = [line for line in listed.stdout.splitlines() if line.startswith(lost)]
    assert "Nia North" in row and "never" not in row.split("Nia North")[1], "last seen: at her sign-in"
    assert row.split()[-2:] == ["1", "linked"], "one child held on it"

    refused = gcp_desk("server", "laptops", url, as_=(nia.login, PASSWORD))
    assert refused.returncode != 0 and "Only an administrator" in refused.stdout + refused.stderr
    not_revoked = gcp_desk("server", "revoke-laptop", url, lost, as_=(sol.login, PASSWORD))
    assert not_revoked.returncode != 0 and "Only an administrator" in not_revoked.stdout + not_revoked.stderr
    unknown = gcp_desk("server", "revoke-laptop", url, "no-such-laptop-id", as_=(ada.login, PASSWORD))
    assert unknown.returncode != 0 and "No laptop with the id no-such-laptop-id" in unknown.stdout + unknown.stderr

    revoked = gcp_desk("server", "revoke-laptop", url, lost, as_=(ada.login, PASSWORD))
    assert revoked.returncode == 0, revoked.stderr
    assert "Released 1 child held offline on it" in revoked.stdout
    with sol.connection(autocommit=False) as connection:
        left = holds(connection)
    assert [hold.child_id for hold in left] == [teams["shared_child"]], "another laptop's hold stays"
    with connect(server.url) as su:
        secret = su.execute(text("SELECT secret FROM server_laptops WHERE id = :id"), {"id": lost}).scalar()
        assert secret is None, "the laptop's secret is wiped"
        events = su.execute(text("SELECT action, entity_id, actor_id FROM audit_events WHERE action IN "
                                 "('laptop.revoke', 'child.release-hold') ORDER BY action")).all()
    assert [(e.action, e.entity_id, e.actor_id) for e in events] == [
        ("child.release-hold", str(teams["north_child"]), ada.id), ("laptop.revoke", lost, ada.id)]
    # Nia, who had a slot on it, still signs in there (her password: change it on the server if it is lost).
    assert gcp_desk("list", "children", data_dir=laptop, as_=("Nia North", PASSWORD)).returncode == 0

    # Someone new cannot be given a slot on the lost laptop, and it cannot be linked again under its id.
    newcomer = gcp_desk("list", "children", data_dir=laptop, as_=(sol.login, PASSWORD))
    assert newcomer.returncode != 0 and "cannot make a slot for Sol North" in newcomer.stderr
    assert str(sol.id) not in key_slots(laptop)
    with sol.connection() as connection, pytest.raises(Exception, match="revoked"):
        connection.execute(text("SELECT gcp_desk_link_laptop(:id, :secret, 'X')"),
                           {"id": lost, "secret": bytes(32)})
    again = gcp_desk("server", "laptops", url, as_=(ada.login, PASSWORD))
    [row] = [line for line in again.stdout.splitlines() if line.startswith(lost)]
    assert "revoked" in row and row.split()[-7] == "0", row


def test_an_account_disabled_on_the_server_is_said_so_not_called_a_wrong_password(linked):
    from gcp_desk.server.logins import disable_login

    laptop, teams = linked
    server, sol = teams["server"], teams["sol"]
    assert gcp_desk("list", "children", data_dir=laptop, as_=(sol.login, PASSWORD)).returncode == 0
    with server.administrator.connection() as admin:
        disable_login(admin, sol.login)

    # Her slot here still opens the laptop offline; the quick check hears from the server that she is disabled.
    first = gcp_desk("list", "children", data_dir=laptop, as_=("Sol North", PASSWORD))
    assert first.returncode != 0 and DISABLED in first.stderr, first.stderr
    assert "refused the password" not in first.stderr
    assert key_slots(laptop)[str(sol.id)]["key"] is None, "the laptop no longer opens with her password"
    # Next time (no slot now): the server's answer is what is said.
    second = gcp_desk("list", "children", data_dir=laptop, as_=("Sol North", PASSWORD))
    assert second.returncode != 0 and DISABLED in second.stderr, second.stderr
    # A wrong password is a wrong password: PostgreSQL says "disabled" only to the right one.
    wrong = gcp_desk("list", "children", data_dir=laptop, as_=("Sol North", "not her password"))
    assert wrong.returncode != 0 and DISABLED not in wrong.stderr


def test_an_account_marked_disabled_with_its_login_still_open_is_said_so_too(linked):
    laptop, teams = linked
    server, nia = teams["server"], teams["nia"]
    assert gcp_desk("list", "children", data_dir=laptop, as_=(nia.login, PASSWORD)).returncode == 0
    with server.administrator.connection() as admin:
        admin.execute(text("UPDATE users SET disabled_at = now() WHERE id = :id"), {"id": nia.id})
    refused = gcp_desk("list", "children", data_dir=laptop, as_=("Nia North", PASSWORD))
    assert refused.returncode != 0 and DISABLED in refused.stderr, refused.stderr
