"""The server's own rules, proved with plain SQL as each person's own login role: what the app's code does not
decide. Every test here acts as a person (never as the owner or a superuser) unless it says it sets the scene."""

from __future__ import annotations

from uuid import uuid4

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, ProgrammingError

from server_support import connect


def ids(connection, sql, **values):
    return set(connection.execute(text(sql), values).scalars())


def test_rls_a_practitioner_sees_only_their_teams_children_and_those_shared_with_it(two_teams):
    t = two_teams
    with t["nia"].connection() as nia:
        assert ids(nia, "SELECT id FROM children") == {t["north_child"], t["shared_child"]}
    with t["pip"].connection() as pip:
        assert ids(pip, "SELECT id FROM children") == {t["south_child"], t["shared_child"]}


def test_rls_everything_hanging_off_a_child_follows_the_child(two_teams):
    t = two_teams
    with t["nia"].connection() as nia:
        seen = ids(nia, "SELECT id FROM assessments")
        assert seen == {t["assessments"][t["north_child"]], t["assessments"][t["shared_child"]]}
        assert ids(nia, "SELECT assessment_id FROM item_grades") == seen
        assert ids(nia, "SELECT child_id FROM significant_events") == {t["north_child"], t["shared_child"]}
        # The South child's household (and its address) is not North's business.
        assert ids(nia, "SELECT id FROM households") == set()
    with t["pip"].connection() as pip:
        assert ids(pip, "SELECT id FROM households") == {t["home"]}


def test_rls_a_revoked_share_hides_the_child_again(two_teams):
    t = two_teams
    with connect(t["server"].url) as su:  # setting the scene: the share revoked
        su.execute(text("UPDATE child_shares SET revoked_at = now(), revoked_by = :by"), {"by": t["sue"].id})
    with t["nia"].connection() as nia:
        assert ids(nia, "SELECT id FROM children") == {t["north_child"]}


def test_rls_nobody_can_read_or_change_another_teams_child_by_its_id(two_teams):
    t = two_teams
    with t["nia"].connection() as nia:
        assert nia.execute(text("SELECT count(*) FROM children WHERE id = :id"), {"id": t["south_child"]}).scalar() == 0
        changed = nia.execute(text("UPDATE children SET given_name = 'Altered' WHERE id = :id"),
                              {"id": t["south_child"]}).rowcount
        assert changed == 0
        deleted = nia.execute(text("DELETE FROM significant_events WHERE child_id = :id"),
                              {"id": t["south_child"]}).rowcount
        assert deleted == 0
    with connect(t["server"].url) as su:
        assert su.execute(text("SELECT given_name FROM children WHERE id = :id"),
                          {"id": t["south_child"]}).scalar() == "Invented"


def test_rls_a_practitioner_cannot_put_a_child_in_another_team_or_move_one_there(two_teams):
    t = two_teams
    with t["nia"].connection() as nia:
        with pytest.raises(ProgrammingError, match="row-level security"):
            nia.execute(text(
                "INSERT INTO children (id, given_name, family_name, sex, ethnicity, identifiers, identifier_text,"
                " search_text, plan_type, team_id, created_at, updated_at) VALUES (:id, 'A', 'B', 'male', '', '[]',"
                " '', '', 'none', :team, now(), now())"), {"id": uuid4(), "team": t["south"]})
        with pytest.raises(ProgrammingError, match="row-level security"):
            nia.execute(text("UPDATE children SET team_id = :team WHERE id = :id"),
                        {"team": t["south"], "id": t["north_child"]})


def test_rls_an_administrator_with_no_case_role_sees_no_child(two_teams):
    t = two_teams
    with t["server"].administrator.connection() as admin:
        assert ids(admin, "SELECT id FROM children") == set()
        assert ids(admin, "SELECT id FROM assessments") == set()


def test_rls_a_login_that_is_no_account_sees_nothing(two_teams):
    """A role someone made by hand and added to the person group maps to no account: it sees no record."""
    t = two_teams
    stray = f"{t['server'].url.database}_stray"
    with connect(t["server"].url) as su:
        su.exec_driver_sql(f"CREATE ROLE \"{stray}\" LOGIN PASSWORD 'a long test password' "
                           f"IN ROLE \"{t['server'].person_role}\"")
    with connect(t["server"].url.set(username=stray, password="a long test password")) as nobody:
        assert ids(nobody, "SELECT id FROM children") == set()
        assert nobody.execute(text("SELECT count(*) FROM audit_chain")).scalar() == 0


COUNTERSIGN = ("INSERT INTO signatures (id, assessment_id, kind, user_id, name, role, signed_at, content_hash)"
               " VALUES (:id, :assessment, 'countersigned-by', :user, :name, 'supervisor', now(), :hash)")


def test_rls_countersigning_only_by_a_supervisor_of_the_childs_own_team(two_teams):
    t = two_teams
    north_assessment = t["assessments"][t["north_child"]]
    shared_assessment = t["assessments"][t["shared_child"]]

    def countersign(person, assessment):
        with person.connection() as connection:
            connection.execute(text(COUNTERSIGN), {"id": uuid4(), "assessment": assessment, "user": person.id,
                                                   "name": person.name, "hash": "0" * 64})

    countersign(t["sol"], north_assessment)  # North's supervisor, North's child: accepted
    with pytest.raises(ProgrammingError, match="row-level security"):
        countersign(t["nia"], north_assessment)  # a practitioner of the team
    with pytest.raises(ProgrammingError, match="row-level security"):
        countersign(t["sol"], shared_assessment)  # a supervisor of a team the child is only shared with
    with pytest.raises(ProgrammingError, match="row-level security"):
        countersign(t["sue"], north_assessment)  # another team's supervisor
    with pytest.raises(ProgrammingError, match="row-level security"):
        with t["sol"].connection() as sol:  # in someone else's name
            sol.execute(text(COUNTERSIGN), {"id": uuid4(), "assessment": north_assessment, "user": t["nia"].id,
                                            "name": "Nia North", "hash": "0" * 64})
    countersign(t["sue"], shared_assessment)  # the child's own team's supervisor: accepted
    with connect(t["server"].url) as su:
        assert su.execute(text("SELECT count(*) FROM signatures")).scalar() == 2


def test_rls_returns_and_review_comments_only_by_a_supervisor_of_the_childs_team(two_teams):
    t = two_teams
    north_assessment = t["assessments"][t["north_child"]]
    give_back = ("INSERT INTO assessment_returns (id, assessment_id, reasons, returned_by, returned_by_name, round,"
                 " returned_at) VALUES (:id, :assessment, 'more evidence', :by, :name, 1, now())")
    with t["sol"].connection() as sol:
        sol.execute(text(give_back), {"id": uuid4(), "assessment": north_assessment, "by": t["sol"].id,
                                      "name": "Sol North"})
    with pytest.raises(ProgrammingError, match="row-level security"):
        with t["nia"].connection() as nia:
            nia.execute(text(give_back), {"id": uuid4(), "assessment": north_assessment, "by": t["nia"].id,
                                          "name": "Nia North"})


@pytest.mark.parametrize("table", ["signatures", "review_comments", "assessment_returns", "return_snapshots",
                                   "audit_events", "audit_chain"])
def test_insert_only_tables_refuse_update_and_delete_to_every_person(two_teams, table):
    t = two_teams
    for person in (t["sol"], t["server"].administrator):
        with person.connection() as connection:
            for statement in (f"UPDATE {table} SET {_a_column(table)} = {_a_column(table)}",
                              f"DELETE FROM {table}", f"TRUNCATE {table}"):
                with pytest.raises(ProgrammingError, match="permission denied"):
                    connection.exec_driver_sql(statement)


def test_insert_only_a_person_cannot_switch_off_the_append_only_triggers(two_teams):
    with two_teams["sol"].connection() as sol:
        with pytest.raises(ProgrammingError, match="must be owner"):
            sol.exec_driver_sql("ALTER TABLE signatures DISABLE TRIGGER USER")
        with pytest.raises(ProgrammingError, match="must be owner"):
            sol.exec_driver_sql("ALTER TABLE audit_events NO FORCE ROW LEVEL SECURITY")


def test_insert_only_a_person_records_audit_events_in_their_own_name_only(two_teams):
    t = two_teams
    record = ("INSERT INTO audit_events (id, at, actor_id, action, entity, entity_id) "
              "VALUES (:id, now(), :actor, 'child.view', 'child', :entity)")
    with t["nia"].connection() as nia:
        nia.execute(text(record), {"id": uuid4(), "actor": t["nia"].id, "entity": str(t["north_child"])})
        with pytest.raises(ProgrammingError, match="row-level security"):
            nia.execute(text(record), {"id": uuid4(), "actor": t["sol"].id, "entity": str(t["north_child"])})


def test_rls_only_administrators_manage_accounts_and_logins(two_teams):
    from gcp_desk.server.logins import create_login

    t = two_teams
    with t["nia"].connection() as nia:
        changed = nia.execute(text("UPDATE users SET roles = 'administrator,practitioner' WHERE id = :id"),
                              {"id": t["nia"].id}).rowcount
        assert changed == 0
        with pytest.raises(ProgrammingError, match="row-level security"):
            nia.execute(text("INSERT INTO teams (id, name, created_at) VALUES (:id, 'Mine', now())"), {"id": uuid4()})
        with pytest.raises(DBAPIError, match="only an administrator"):
            create_login(nia, f"{t['server'].url.database}_sneaky", "another long password", t["nia"].id)
        with pytest.raises(ProgrammingError, match="permission denied"):
            nia.exec_driver_sql("CREATE ROLE sneaky LOGIN")
    with connect(t["server"].url) as su:
        assert su.execute(text("SELECT roles FROM users WHERE id = :id"), {"id": t["nia"].id}).scalar() == \
            "practitioner"


def test_rls_every_table_forces_row_level_security_and_people_own_nothing(two_teams):
    t = two_teams
    with connect(t["server"].url) as su:
        loose = su.execute(text(
            "SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind = 'r' AND NOT (c.relrowsecurity AND c.relforcerowsecurity)"
        )).scalars().all()
        assert loose == []
        owners = set(su.execute(text(
            "SELECT pg_get_userbyid(c.relowner) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public'")).scalars())
        assert owners == {t["server"].owner_role}
        logins = su.execute(text(
            "SELECT rolname, rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname IN "
            "(SELECT role_name FROM server_logins)")).all()
        assert len(logins) == 5
        assert all(not any(flags) for _, *flags in logins)


def _a_column(table: str) -> str:
    return {"return_snapshots": "content", "audit_chain": "hash", "audit_events": "action"}.get(table, "id")


def test_insert_only_a_chain_link_only_for_ones_own_event_not_yet_linked(two_teams):
    t = two_teams
    with connect(t["server"].url) as su:
        someone_elses = su.execute(text("SELECT event_id FROM audit_chain ORDER BY seq LIMIT 1")).scalar()
    link = ("INSERT INTO audit_chain (seq, event_id, payload_digest, prev_hash, hash) "
            "VALUES (999, :event, :digest, :prev, :hash)")
    with t["nia"].connection() as nia:
        with pytest.raises(ProgrammingError, match="row-level security"):
            nia.execute(text(link), {"event": someone_elses, "digest": "0" * 64, "prev": "0" * 64, "hash": "1" * 64})


def test_rls_no_person_reads_anyones_password_hash(two_teams):
    with two_teams["server"].administrator.connection() as admin:
        assert admin.execute(text("SELECT count(*) FROM users")).scalar() == 5
        with pytest.raises(ProgrammingError, match="permission denied"):
            admin.execute(text("SELECT password_hash FROM users"))



def test_rls_the_kept_counts_follow_the_team_and_only_the_triggers_write_them(two_teams):
    """``caseload_tally`` (migration 0023): a person reads their own team's counts, never writes them, and their
    own change to a child keeps them (the trigger's function runs as the owner)."""
    t = two_teams
    with t["nia"].connection() as nia:
        assert ids(nia, "SELECT team_id FROM caseload_tally WHERE n > 0") == {t["north"]}
        assert nia.execute(text("SELECT sum(n) FROM caseload_tally")).scalar() == nia.execute(
            text("SELECT count(*) FROM children WHERE team_id = :team"), {"team": t["north"]}).scalar()
        for statement in ("UPDATE caseload_tally SET n = n + 1", "DELETE FROM caseload_tally"):
            with pytest.raises(ProgrammingError, match="permission denied"):
                nia.exec_driver_sql(statement)
        before = nia.execute(text("SELECT coalesce(sum(n), 0) FROM caseload_tally WHERE status = 'returned'")).scalar()
        nia.execute(text("UPDATE children SET latest_status = 'returned' WHERE id = :id"), {"id": t["north_child"]})
        assert nia.execute(text("SELECT sum(n) FROM caseload_tally WHERE status = 'returned'")).scalar() == before + 1
    with t["pip"].connection() as pip:
        assert ids(pip, "SELECT team_id FROM caseload_tally WHERE n > 0") == {t["south"]}
