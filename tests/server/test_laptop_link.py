"""A laptop linked to the team server: ``server link``, the first online sign-in (a slot made from the server's
account), the server's account changes reaching the key file, and the organisation's certificate kept here. Run
through the command line, as an IT officer and a practitioner would, against the real TLS + scram server."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))
from cli_runner import gcp_desk  # noqa: E402

from server_support import PASSWORD, connect  # noqa: E402

NEW_PASSWORD = "another long test password"


def address(server, *, port: int | None = None, ca: str | None = None) -> str:
    """The server's address as an IT officer gives it to ``server link``: no login, no password."""
    url = server.url
    return (f"postgresql://{url.host}:{port or url.port}/{url.database}?sslmode=verify-full"
            f"&sslrootcert={ca or url.query['sslrootcert']}")


def key_slots(laptop: Path) -> dict:
    return json.loads((laptop / "gcp-desk.keys").read_text())["accounts"]


def link(laptop: Path, server) -> None:
    done = gcp_desk("server", "link", address(server), data_dir=laptop)
    assert done.returncode == 0, done.stderr
    assert server.url.database in done.stdout


@pytest.fixture
def linked(tmp_path, two_teams):
    laptop = tmp_path / "laptop"
    link(laptop, two_teams["server"])
    return laptop, two_teams


def test_link_keeps_the_address_only_and_an_unlinked_laptop_is_untouched(tmp_path, team_server):
    laptop = tmp_path / "laptop"
    with_password = address(team_server).replace("postgresql://", "postgresql://ada:secret@")
    refused = gcp_desk("server", "link", with_password, data_dir=laptop)
    assert refused.returncode == 2 and "without a password" in refused.stdout + refused.stderr
    assert not (laptop / "settings.json").exists()
    no_ca = gcp_desk("server", "link", address(team_server).split("&sslrootcert")[0], data_dir=laptop)
    assert no_ca.returncode == 2 and "sslrootcert" in no_ca.stdout + no_ca.stderr

    link(laptop, team_server)
    kept = json.loads((laptop / "settings.json").read_text())["team_server"]
    assert team_server.url.database in kept and "verify-full" in kept
    assert "@" not in kept and team_server.administrator.login not in kept and PASSWORD not in kept


def test_first_online_sign_in_makes_the_slot_and_then_works_offline(linked):
    laptop, teams = linked
    nia = teams["nia"]
    first = gcp_desk("list", "children", data_dir=laptop, as_=(nia.login, PASSWORD))
    assert first.returncode == 0, first.stderr
    slots = key_slots(laptop)
    assert [slot["name"] for slot in slots.values()] == ["Nia North"]
    assert slots[str(nia.id)]["server_login"] == nia.login
    assert (laptop / "signing" / "team-server-organisation-certificate.pem").exists()
    assert not (laptop / "gcp-desk.new-key").exists(), "the new database's waiting key is claimed"

    # Offline: the server's address now leads nowhere, and Nia still signs in with her own name.
    settings = json.loads((laptop / "settings.json").read_text())
    settings["team_server"] = address(teams["server"], port=1)
    (laptop / "settings.json").write_text(json.dumps(settings))
    offline = gcp_desk("list", "children", data_dir=laptop, as_=("Nia North", PASSWORD))
    assert offline.returncode == 0, offline.stderr


def test_a_second_person_gets_a_slot_from_the_servers_copy_of_the_laptop_key(linked):
    laptop, teams = linked
    assert gcp_desk("list", "children", data_dir=laptop, as_=(teams["nia"].login, PASSWORD)).returncode == 0
    laptop_key = json.loads((laptop / "gcp-desk.keys").read_text())["laptop_link"]
    assert laptop_key and "secret" not in json.dumps(laptop_key), "only the wrapped copy rests on the laptop"
    with connect(teams["server"].url) as su:
        held = su.execute(text("SELECT count(*) FROM server_laptops")).scalar_one()
    assert held == 1

    sol = gcp_desk("list", "children", data_dir=laptop, as_=(teams["sol"].login, PASSWORD))
    assert sol.returncode == 0, sol.stderr
    assert sorted(slot["name"] for slot in key_slots(laptop).values()) == ["Nia North", "Sol North"]
    with connect(teams["server"].url) as su:
        trail = su.execute(text("SELECT action, actor_id FROM audit_events WHERE entity = 'laptop' ORDER BY at")).all()
    assert trail == [("laptop.link", teams["nia"].id), ("user.laptop-slot", teams["nia"].id),
                     ("user.laptop-slot", teams["sol"].id)]


@pytest.mark.parametrize("problem", ["password", "unreachable", "certificate"])
def test_a_refused_first_sign_in_changes_nothing_here(linked, tmp_path, problem):
    laptop, teams = linked
    assert gcp_desk("list", "children", data_dir=laptop, as_=(teams["nia"].login, PASSWORD)).returncode == 0
    password = PASSWORD
    if problem == "password":
        password = "not the password at all"
    settings_file = laptop / "settings.json"
    settings = json.loads(settings_file.read_text())
    if problem == "unreachable":
        settings["team_server"] = address(teams["server"], port=1)
    if problem == "certificate":
        other_ca = tmp_path / "other-ca.pem"
        from gcp_desk.reports.signing import CERTIFICATE_FILE, create_self_signed

        create_self_signed(tmp_path, "Somewhere Else")
        other_ca.write_bytes((tmp_path / CERTIFICATE_FILE).read_bytes())
        settings["team_server"] = address(teams["server"], ca=str(other_ca))
    settings_file.write_text(json.dumps(settings))
    before = {path.name: path.read_bytes() for path in laptop.iterdir() if path.is_file()}

    refused = gcp_desk("list", "children", data_dir=laptop, as_=(teams["sol"].login, password))
    said = refused.stdout + refused.stderr
    assert refused.returncode != 0
    assert "Nothing was changed" in said
    assert {"password": "refused the password", "unreachable": "cannot be reached",
            "certificate": "did not prove who it is"}[problem] in said
    after = {path.name: path.read_bytes() for path in laptop.iterdir() if path.is_file()}
    assert after == before, "the database, its key file and the settings are exactly as they were"


def test_a_password_changed_on_the_server_reaches_the_key_file(linked):
    laptop, teams = linked
    server, nia, sol = teams["server"], teams["nia"], teams["sol"]
    for person in (nia, sol):
        assert gcp_desk("list", "children", data_dir=laptop, as_=(person.login, PASSWORD)).returncode == 0
    from gcp_desk.server.logins import set_login_password

    with server.administrator.connection() as admin:
        set_login_password(admin, sol.login, NEW_PASSWORD)

    # Online, Sol's old password is refused by the server, and so no longer opens this laptop either.
    stale = gcp_desk("list", "children", data_dir=laptop, as_=("Sol North", PASSWORD))
    assert stale.returncode != 0 and "no longer takes this password" in stale.stderr
    assert key_slots(laptop)[str(sol.id)]["key"] is None
    assert gcp_desk("list", "children", data_dir=laptop, as_=("Sol North", NEW_PASSWORD)).returncode == 0
    with server.administrator.connection() as admin:
        set_login_password(admin, sol.login, PASSWORD)  # changed again, and this time Nia signs in first

    # Nia's online sign-in brings the change: Sol's old password no longer opens this laptop.
    assert gcp_desk("list", "children", data_dir=laptop, as_=("Nia North", PASSWORD)).returncode == 0
    assert key_slots(laptop)[str(sol.id)]["key"] is None
    old = gcp_desk("list", "children", data_dir=laptop, as_=("Sol North", NEW_PASSWORD))
    assert old.returncode != 0 and "refused the password" in old.stdout + old.stderr

    # Sol's next sign-in, online with the new password, makes the slot again.
    renewed = gcp_desk("list", "children", data_dir=laptop, as_=("Sol North", PASSWORD))
    assert renewed.returncode == 0, renewed.stderr
    assert key_slots(laptop)[str(sol.id)]["key"] is not None


def test_an_account_disabled_on_the_server_loses_its_slot_and_is_refused(linked):
    laptop, teams = linked
    server, nia, sol = teams["server"], teams["nia"], teams["sol"]
    for person in (nia, sol):
        assert gcp_desk("list", "children", data_dir=laptop, as_=(person.login, PASSWORD)).returncode == 0
    from gcp_desk.server.logins import disable_login

    with server.administrator.connection() as admin:
        admin.execute(text("UPDATE users SET disabled_at = now() WHERE id = :id"), {"id": sol.id})
        disable_login(admin, sol.login)

    assert gcp_desk("list", "children", data_dir=laptop, as_=("Nia North", PASSWORD)).returncode == 0
    assert str(sol.id) not in key_slots(laptop)
    for name in ("Sol North", sol.login):  # a disabled login is refused by the server as PostgreSQL refuses it
        refused = gcp_desk("list", "children", data_dir=laptop, as_=(name, PASSWORD))
        assert refused.returncode != 0 and "Nothing was changed" in refused.stderr
    assert str(sol.id) not in key_slots(laptop)

    from cli_runner import open_unlocked

    backend = open_unlocked(laptop, "Nia North", PASSWORD)
    try:
        with backend.db.transaction() as uow:
            assert uow.users.sign_in_facts()[sol.id][2] is not None, "disabled here too"
    finally:
        backend.close()


def test_a_report_signed_with_the_organisations_key_verifies_on_a_linked_laptop(linked, tmp_path):
    laptop, teams = linked
    assert gcp_desk("list", "children", data_dir=laptop, as_=(teams["nia"].login, PASSWORD)).returncode == 0
    with connect(teams["server"].url) as su:
        pkcs12 = su.execute(text("SELECT pkcs12 FROM server_signing_key")).scalar_one()
    organisation_key = tmp_path / "organisation.p12"
    organisation_key.write_bytes(bytes(pkcs12))

    # Another laptop of the organisation, signing with the organisation's key.
    other = tmp_path / "other-laptop"
    assert gcp_desk("demo", "--quiet", data_dir=other).returncode == 0
    settings = json.loads((other / "settings.json").read_text())
    settings["signing_certificate"] = str(organisation_key)
    (other / "settings.json").write_text(json.dumps(settings))
    listed = gcp_desk("list", "assessments", "--json", data_dir=other, as_="Sam Whitfield")
    countersigned = next(a for a in json.loads(listed.stdout) if a["status"] == "countersigned")
    report = tmp_path / "report.pdf"
    made = gcp_desk("report", countersigned["id"], "-o", str(report), data_dir=other, as_="Sam Whitfield")
    assert made.returncode == 0, made.stderr

    checked = gcp_desk("verify", str(report), data_dir=laptop)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Testbury Council" in checked.stdout

    # Without the certificate from the server, the laptop's own certificate alone does not vouch for the report.
    from gcp_desk.reports.verify import verify_pdf
    from gcp_desk.services.reports import trusted_certificate_in
    from gcp_desk.settings import Settings

    own = trusted_certificate_in(laptop / "signing", Settings.load(laptop / "settings.json"))
    alone = verify_pdf(report.read_bytes(), expected_hash=None, trust_self_signed_cert=own)
    assert not alone.ok


def test_an_online_sign_in_learns_which_children_others_hold_offline(linked):
    from gcp_desk.app import open_backend
    from gcp_desk.paths import AppPaths
    from gcp_desk.server.holds import take_offline
    from gcp_desk.server.online_sign_in import sign_in_linked

    laptop, teams = linked
    nia, sol = teams["nia"], teams["sol"]
    assert gcp_desk("list", "children", data_dir=laptop, as_=(nia.login, PASSWORD)).returncode == 0
    with sol.connection(autocommit=False) as connection:
        take_offline(connection, sol.id, [teams["north_child"]], "SOL-LAPTOP", "sol-laptop-id")
    backend = open_backend(AppPaths.at(laptop))
    try:
        account = next(account for account in backend.accounts() if account.name == "Nia North")
        sign_in_linked(backend, account.id, account.name, PASSWORD)
        hold = backend.server_holds[teams["north_child"]]
        assert (hold.holder_name, hold.laptop) == ("Sol North", "SOL-LAPTOP")
        assert teams["south_child"] not in backend.server_holds
    finally:
        backend.close()


def test_the_sign_in_screen_names_the_server_and_lets_someone_new_sign_in_through_it(linked, qtbot):
    from PySide6.QtCore import Qt

    from test_server_window import SCREENSHOTS, open_window
    from gcp_desk.paths import AppPaths
    from gcp_desk.ui.lock.sign_in_page import NEW_HERE

    laptop, teams = linked
    window = open_window(qtbot, AppPaths.at(laptop))
    page = window.sign_in_page
    assert window.pages.currentWidget() is page
    assert page.server_note.isVisible()
    assert teams["server"].url.database in page.server_note.text()
    assert page.account.currentText() == NEW_HERE and page.is_new_here
    assert page.server_name.isVisible()

    page.server_name.setText(teams["nia"].login)
    page.password.setText("not the password at all")
    qtbot.keyClick(page.password, Qt.Key.Key_Return)
    assert window.session is None
    assert "refused the password" in page.form.problem_text("current") and not page.password.text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SCREENSHOTS / "sign-in-linked-refused.png"))

    page.server_name.setText(teams["nia"].login)
    page.password.setText(PASSWORD)
    qtbot.keyClick(page.password, Qt.Key.Key_Return)
    assert window.session is not None and window.session.user.name == "Nia North"
    assert str(teams["nia"].id) in key_slots(laptop)


def test_link_with_as_signs_that_person_in_through_the_server_at_once(tmp_path, two_teams):
    laptop, nia = tmp_path / "laptop", two_teams["nia"]
    done = gcp_desk("server", "link", address(two_teams["server"]), data_dir=laptop, as_=(nia.login, PASSWORD))
    assert done.returncode == 0, done.stderr
    assert "Nia North signed in through the server" in done.stdout
    assert "Organisation certificate kept" in done.stdout
    assert "RECOVERY KEY" in done.stderr, "a new laptop's recovery key is shown once"
    assert [slot["name"] for slot in key_slots(laptop).values()] == ["Nia North"]


def test_refresh_accounts_brings_roles_and_teams_and_is_idempotent(linked):
    from cli_runner import open_unlocked
    from gcp_desk.domain.enums import Role
    from gcp_desk.server.account_refresh import refresh_accounts

    laptop, teams = linked
    server, nia, sol = teams["server"], teams["nia"], teams["sol"]
    for person in (nia, sol):
        assert gcp_desk("list", "children", data_dir=laptop, as_=(person.login, PASSWORD)).returncode == 0
    with server.administrator.connection() as admin:
        admin.execute(text("UPDATE users SET roles = 'supervisor,practitioner', team_id = :team WHERE id = :id"),
                      {"team": teams["south"], "id": sol.id})
    backend = open_unlocked(laptop, "Nia North", PASSWORD)
    try:
        actor = backend.users().accounts()[0]
        with nia.connection(autocommit=False) as connection:
            changes = refresh_accounts(backend, connection, actor=actor)
            assert changes.updated == [sol.id] and not changes.disabled and not changes.password_changed
            again = refresh_accounts(backend, connection, actor=actor)
            assert not again.any, "nothing new the second time"
        with backend.db.transaction() as uow:
            moved = uow.users.get(sol.id)
            assert moved.roles == (Role.SUPERVISOR, Role.PRACTITIONER) and moved.team_id == teams["south"]
            assert uow.users.team(teams["south"]).name == "South", "the new team came with the account"
    finally:
        backend.close()
