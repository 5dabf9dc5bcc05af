"""Accounts, passwords and teams, called straight at the service."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from gcp_desk.domain.enums import Role
from gcp_desk.domain.errors import InvalidInput, NotAllowed, PermissionDenied, WrongPassword
from gcp_desk.domain.people import User

from conftest_services import PASSWORD


def audit_actions(backend, user_id) -> list[str]:
    with backend.db.transaction() as uow:
        return [event.action for event in uow.audit.for_entity(user_id)]


def test_the_first_account_needs_no_one_signed_in_and_signs_in_with_its_password(backend):
    users = backend.users()
    first = users.create("Ama Boateng", Role.ADMINISTRATOR, password="a long walk home 7")

    assert users.sign_in(first.id, "a long walk home 7") == first
    with backend.db.transaction() as uow:
        stored = uow.users.password_hash(first.id)
    assert stored.startswith("$argon2id$") and "a long walk home 7" not in stored


def test_a_wrong_password_is_refused_in_words_and_recorded(backend):
    users = backend.users()
    user = users.create("Ama Boateng", Role.PRACTITIONER, password="a long walk home 7")

    with pytest.raises(WrongPassword, match="not right for Ama Boateng"):
        users.sign_in(user.id, "a long walk home 8")
    with pytest.raises(WrongPassword):
        backend.users(user).check_password(user.id, "")
    assert audit_actions(backend, user.id).count("user.wrong-password") == 2


def test_a_weak_password_is_refused_naming_the_field(backend):
    with pytest.raises(InvalidInput) as refused:
        backend.users().create("Ama Boateng", password="short")
    assert refused.value.problems[0].location == "Password"
    assert "at least 10 characters" in refused.value.problems[0].message
    assert backend.users().accounts() == []


def test_after_the_first_account_only_an_administrator_adds_accounts_and_teams(backend):
    admin = backend.users().create("Ama Boateng", Role.ADMINISTRATOR, password="a long walk home 7")
    practitioner = backend.users(admin).create("Ben Carter", password="river stones 2026")

    with pytest.raises(PermissionDenied, match="Sign in as an administrator to add accounts"):
        backend.users().create("Cara Doyle", password="river stones 2027")
    with pytest.raises(PermissionDenied, match="Ben Carter, a practitioner"):
        backend.users(practitioner).create("Cara Doyle", password="river stones 2027")
    with pytest.raises(PermissionDenied):
        backend.users(practitioner).create_team("Northgate team")
    assert [u.name for u in backend.users().accounts()] == ["Ama Boateng", "Ben Carter"]


def test_an_administrator_whose_role_was_changed_meanwhile_is_refused(backend):
    admin = backend.users().create("Ama Boateng", Role.ADMINISTRATOR, password="a long walk home 7")
    with backend.db.transaction() as uow:  # another administrator demoted her on the team database
        uow.session.execute(text("UPDATE users SET role = 'practitioner', roles = 'practitioner' "
                                 "WHERE name = 'Ama Boateng'"))
    with pytest.raises(PermissionDenied, match="a practitioner"):
        backend.users(admin).create_team("Northgate team")


def test_teams_group_people_and_a_team_name_is_unique(backend):
    admin = backend.users().create("Ama Boateng", Role.ADMINISTRATOR, password="a long walk home 7")
    users = backend.users(admin)
    team = users.create_team("Northgate team")
    supervisor = users.create("Grace Mensah", Role.SUPERVISOR, password="river stones 2026", team_id=team.id)
    worker = users.create("Ben Carter", password="river stones 2027")
    users.set_team(worker.id, team.id)

    assert [u.name for u in users.team_members(team.id)] == ["Ben Carter", "Grace Mensah"]
    assert users.get(supervisor.id).team_id == team.id
    with pytest.raises(InvalidInput, match="already exists"):
        users.create_team("northgate TEAM")


def test_an_account_from_before_passwords_is_given_a_one_time_password_to_change(backend):
    old = User(name="Sam Lee", role=Role.PRACTITIONER)
    with backend.db.transaction() as uow:
        uow.users.add(old)  # as the schema before passwords left it
    admin = backend.users().create("Ama Boateng", Role.ADMINISTRATOR, password="a long walk home 7")
    users = backend.users()

    assert users.needs_password(old.id)
    with pytest.raises(WrongPassword, match="one-time password"):
        users.sign_in(old.id, "anything at all")
    with pytest.raises(PermissionDenied):  # nobody who sits down first may claim the account
        backend.users(old).reset_password(old.id, PASSWORD)
    backend.users(admin).reset_password(old.id, PASSWORD)
    assert not users.needs_password(old.id) and users.must_change_password(old.id)
    assert users.sign_in(old.id, PASSWORD) == old
    backend.users(old).change_password(old.id, PASSWORD, "my own words now 5")
    assert not users.must_change_password(old.id)
    assert users.sign_in(old.id, "my own words now 5") == old


def test_changing_a_password_needs_the_current_one(backend):
    user = backend.users().create("Ama Boateng", password="a long walk home 7")
    users = backend.users(user)
    with pytest.raises(InvalidInput) as refused:
        users.change_password(user.id, "not it at all", "a new long phrase 8")
    assert refused.value.problems[0].location == "Current password"
    users.change_password(user.id, "a long walk home 7", "a new long phrase 8")
    assert users.sign_in(user.id, "a new long phrase 8") == user
    with pytest.raises(WrongPassword):
        users.sign_in(user.id, "a long walk home 7")


def test_a_database_with_no_administrator_may_gain_its_first_one_and_only_one(backend, add_user):
    worker = add_user("Ben Carter")  # as a database from before roles mattered: practitioners only
    with pytest.raises(PermissionDenied):
        backend.users(worker.user).create("Cara Doyle", Role.SUPERVISOR, password="river stones 2027")
    admin = backend.users().create("Ama Boateng", Role.ADMINISTRATOR, password="a long walk home 7")
    with pytest.raises(PermissionDenied):
        backend.users(worker.user).create("Dan Eze", Role.ADMINISTRATOR, password="river stones 2028")
    assert backend.users(admin).create("Cara Doyle", Role.SUPERVISOR, password="river stones 2027").role is (
        Role.SUPERVISOR)


def test_an_administrator_resets_a_colleagues_password_but_not_their_own(backend):
    admin = backend.users().create("Ama Boateng", Role.ADMINISTRATOR, password="a long walk home 7")
    worker = backend.users(admin).create("Ben Carter", password="river stones 2026")
    backend.users(admin).reset_password(worker.id, "new river stones 9")
    assert backend.users().sign_in(worker.id, "new river stones 9") == worker
    assert backend.users().must_change_password(worker.id)
    with pytest.raises(NotAllowed, match="Change my password"):
        backend.users(admin).reset_password(admin.id, "skipping the old one 1")
    assert backend.users().sign_in(admin.id, "a long walk home 7") == admin
    with pytest.raises(PermissionDenied):
        backend.users(worker).reset_password(admin.id, "taking over the admin 2")


def test_an_administrator_sees_who_can_sign_in_and_why_not(backend):
    from gcp_desk.domain.enums import SignIn

    admin = backend.users().create("Ama Boateng", Role.ADMINISTRATOR, password="a long walk home 7")
    users = backend.users(admin)
    ben = users.create("Ben Carter", password="river stones 2026")
    cara = users.create("Cara Doyle", password="river stones 2027", one_time=True)
    dev = users.create("Dev Sharma", password="river stones 2028")
    users.disable(dev.id)

    states = users.account_states()
    assert {name: states[user.id].sign_in for name, user in
            (("admin", admin), ("ben", ben), ("cara", cara), ("dev", dev))} == {
        "admin": SignIn.READY, "ben": SignIn.READY, "cara": SignIn.ONE_TIME, "dev": SignIn.DISABLED}
    assert states[dev.id].disabled_at is not None and states[ben.id].disabled_at is None

    users.reset_password(dev.id, "back again in spring")  # let back in: no longer disabled
    assert users.account_states()[dev.id].sign_in is SignIn.ONE_TIME
    with pytest.raises(PermissionDenied, match="see who can sign in"):
        backend.users(ben).account_states()
