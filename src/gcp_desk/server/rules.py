"""The server's own rules, as SQL run by the owner role: what each person may see and do, whatever program asks.

Every table has FORCE ROW LEVEL SECURITY, so even the owner passes through a policy (its own, which allows all).
People connect as their own login role, a member of the person group; ``gcp_desk_actor()`` maps the login
(``session_user``) to the account in ``users`` through ``server_logins``. Then:

- a person sees the children of their team and those shared with it (people in no team: the children in no team;
  an administrator with no case role: none), and everything that hangs off a child: its assessments and their
  grades, evidence, plans, signatures, reviews and returns, its events, shares and links to adults, its household
  and the household's adults, and the ids of adults merged into those adults (``adult_aliases``);
- audit events and their chain, signatures, review comments, returns and their snapshots are insert-only: the
  person group is granted no UPDATE or DELETE on them (and the append-only triggers, which only the owner could
  disable, stay);
- a countersignature, a review comment or a return is accepted only from a supervisor of the child's own team;
- a link of the audit chain only for an event of the person's own not yet linked;
- the tombstones of deleted children (ids and times, no personal data) are read by everyone, written by nobody but
  the owner (the child and its team being gone, a laptop that held one learns of its deletion from them);
- who holds a child offline (``server_holds``) is seen with the child, recorded only in one's own name, and ended
  by the holder or a supervisor of the child's team;
- a hold is recorded only under the laptop the connection named, not withdrawn; a connection whose laptop was
  withdrawn while it was open changes no case or review record and carries no laptop audit event
  (``laptop_rules``);
- two records of one adult are merged without losing a link of another team's child (``merge_rules``);
- accounts, teams and the database's settings are changed by administrators only; login roles are made, given a
  new password or disabled only through the SECURITY DEFINER functions, which check that the caller is one.

The helper functions are SECURITY DEFINER (owned by the owner role, with a fixed search_path), so that a policy can
look at a child's team without the policies of ``children`` applying again inside it.

Applying the rules is idempotent: every policy is dropped and made again, and tables added by a later migration get
their policies at the next ``server upgrade``. A table with no policy for the person group is closed to it.
"""

from __future__ import annotations

from sqlalchemy import Connection

from ..storage.server_address import ServerRoles

RULES_VERSION = "8"
"""Kept in app_meta (``server_rules_version``); ``server upgrade`` applies the rules again when it differs."""
RULES_VERSION_KEY = "server_rules_version"

# What hangs off what: each table's condition for "this person may see the row". Who the person is, their team and
# whether they work on cases are uncorrelated subqueries, worked out once per statement (an InitPlan), and a row
# hanging off a child or an assessment is checked against the set of those the person may see, read once per
# statement (a hashed subplan, under that table's own policy): a statement reading thousands of grades costs a few
# lookups, not a chain of function calls per row.
_ACTOR_TEAM = "(SELECT gcp_desk_actor_team())"
_BY_CHILD = "child_id IN (SELECT id FROM children)"
_BY_ASSESSMENT = "assessment_id IN (SELECT id FROM assessments)"
_LAPTOP_NOT_WITHDRAWN = "(SELECT gcp_desk_laptop_not_withdrawn())"
VISIBLE: dict[str, str] = {
    "children": ("(SELECT gcp_desk_actor()) IS NOT NULL AND (SELECT gcp_desk_works_on_cases()) AND ("
                 f"team_id IS NOT DISTINCT FROM {_ACTOR_TEAM} OR id IN (SELECT s.child_id FROM child_shares s "
                 f"WHERE s.revoked_at IS NULL AND s.team_id = {_ACTOR_TEAM}))"),
    "child_shares": f"gcp_desk_child_visible(child_id) OR team_id = {_ACTOR_TEAM}",
    "child_adult_links": _BY_CHILD,
    "significant_events": _BY_CHILD,
    "household_moves": _BY_CHILD,
    "assessments": _BY_CHILD,
    "item_grades": _BY_ASSESSMENT,
    "evidence_notes": _BY_ASSESSMENT,
    "domain_grades": _BY_ASSESSMENT,
    "plan_actions": _BY_ASSESSMENT,
    "signatures": _BY_ASSESSMENT,
    "review_comments": _BY_ASSESSMENT,
    "assessment_returns": _BY_ASSESSMENT,
    "return_snapshots": "return_id IN (SELECT id FROM assessment_returns)",
    "households": "gcp_desk_household_visible(id)",
    "adults": "gcp_desk_household_visible(household_id)",
    # A merged-away adult's id, seen and changed with the adult kept (version 7).
    "adult_aliases": "adult_id IN (SELECT id FROM adults)",
}
CASE_TABLES = ("children", "child_shares", "child_adult_links", "significant_events", "assessments", "item_grades",
               "evidence_notes", "domain_grades", "plan_actions", "households", "adults", "household_moves",
               "adult_aliases")
"""Case records a person reads and changes within what they may see."""
INSERT_ONLY: dict[str, str] = {
    "signatures": (f"{_BY_ASSESSMENT} AND user_id = gcp_desk_actor() "
                   "AND (kind <> 'countersigned-by' OR gcp_desk_supervises(assessment_id))"),
    "review_comments": f"{_BY_ASSESSMENT} AND author_id = gcp_desk_actor() AND gcp_desk_supervises(assessment_id)",
    "assessment_returns": (f"{_BY_ASSESSMENT} AND returned_by = gcp_desk_actor() "
                           "AND gcp_desk_supervises(assessment_id)"),
    "return_snapshots": "gcp_desk_return_visible(return_id) AND gcp_desk_return_supervised(return_id)",
    "audit_events": "actor_id IS NULL OR actor_id = (SELECT gcp_desk_actor())",
    "audit_chain": "gcp_desk_may_link(event_id)",
    "origin_audit_events": ("EXISTS (SELECT 1 FROM audit_events e WHERE e.id = imported_by_event "
                            "AND e.actor_id = (SELECT gcp_desk_actor()))"),
}
"""Append-only records: the condition a new row must meet. SELECT as ``VISIBLE`` (audit: see ``_audit_policies``)."""
ADMINISTERED = ("users", "teams", "app_meta")
"""Everyone reads them (names on signatures, teams, the database's settings); administrators change them."""
READ_ONLY = ("alembic_version", "server_certificate")
KEPT_BY_TRIGGERS: dict[str, str] = {
    "caseload_tally": ("(SELECT gcp_desk_actor()) IS NOT NULL AND (SELECT gcp_desk_works_on_cases()) AND team_id = "
                       f"coalesce({_ACTOR_TEAM}, '00000000-0000-0000-0000-000000000000'::uuid)"),
}
"""Kept by the children table's triggers (migration 0023, whose function is SECURITY DEFINER): read by people within
what they may see (their own team's counts), never written."""
OWNER_ONLY = ("server_signing_key",)
SERVER_TABLES = ("server_logins", "server_certificate", "server_signing_key", "server_holds", "server_laptops",
                 "server_signing_requests", "server_laptop_sessions")


def server_tables_sql() -> list[str]:
    """Tables only a team server has (made by ``server init``, not by the migrations, which SQLite shares)."""
    return [
        "CREATE TABLE IF NOT EXISTS server_logins ("
        " role_name text PRIMARY KEY,"
        " user_id uuid NOT NULL UNIQUE REFERENCES users (id),"
        " created_at timestamptz NOT NULL DEFAULT now())",
        "CREATE TABLE IF NOT EXISTS server_certificate ("
        " id integer PRIMARY KEY CHECK (id = 1),"
        " certificate_pem text NOT NULL,"
        " fingerprint_sha256 text NOT NULL,"
        " set_at timestamptz NOT NULL DEFAULT now())",
        "CREATE TABLE IF NOT EXISTS server_signing_key ("
        " id integer PRIMARY KEY CHECK (id = 1),"
        " pkcs12 bytea NOT NULL)",
        # Who has each child offline on a laptop, and since when: one holder at a time, shown to everyone who may
        # see the child, and gone when the child is synced back (or released by the team's supervisor).
        "CREATE TABLE IF NOT EXISTS server_holds ("
        " child_id uuid PRIMARY KEY REFERENCES children (id) ON DELETE CASCADE,"
        " holder_id uuid NOT NULL REFERENCES users (id),"
        " laptop text NOT NULL CHECK (length(laptop) BETWEEN 1 AND 200),"
        " since timestamptz NOT NULL DEFAULT now())",
        "CREATE INDEX IF NOT EXISTS ix_server_holds_holder_id ON server_holds (holder_id)",
        # The laptop's id (its data folder's, as ``server link`` made it): its holds counted and released by the
        # id, so that two laptops with the same computer name stay apart. ``laptop`` is the name shown to others.
        "ALTER TABLE server_holds ADD COLUMN IF NOT EXISTS laptop_id text CHECK (length(laptop_id) <= 200)",
        "CREATE INDEX IF NOT EXISTS ix_server_holds_laptop_id ON server_holds (laptop_id)",
    ]


_NOT_A_VERIFIER = "'a login is given a SCRAM verifier, never a password' USING ERRCODE = 'invalid_parameter_value'"


def functions_sql(roles: ServerRoles) -> list[str]:
    definer = "LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp"
    plpgsql = "LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp"
    has_role = "(u.role = {r} OR {r} = ANY (string_to_array(u.roles, ',')))"
    return [
        f"CREATE OR REPLACE FUNCTION gcp_desk_actor() RETURNS uuid {definer} AS $$ "
        "SELECT l.user_id FROM server_logins l JOIN users u ON u.id = l.user_id "
        "WHERE l.role_name = session_user AND u.disabled_at IS NULL $$",
        f"CREATE OR REPLACE FUNCTION gcp_desk_actor_team() RETURNS uuid {definer} AS $$ "
        "SELECT team_id FROM users WHERE id = gcp_desk_actor() $$",
        f"CREATE OR REPLACE FUNCTION gcp_desk_actor_has_role(wanted text) RETURNS boolean {definer} AS $$ "
        f"SELECT coalesce((SELECT {has_role.format(r='wanted')} FROM users u WHERE u.id = gcp_desk_actor()), false) $$",
        f"CREATE OR REPLACE FUNCTION gcp_desk_works_on_cases() RETURNS boolean {definer} AS $$ "
        "SELECT gcp_desk_actor_has_role('practitioner') OR gcp_desk_actor_has_role('supervisor') $$",
        # The children's own condition, from the row's columns: the team's, or shared with the team now.
        f"CREATE OR REPLACE FUNCTION gcp_desk_may_see(child_team uuid, child uuid) RETURNS boolean {definer} AS $$ "
        "SELECT gcp_desk_actor() IS NOT NULL AND gcp_desk_works_on_cases() AND ("
        " child_team IS NOT DISTINCT FROM gcp_desk_actor_team()"
        " OR EXISTS (SELECT 1 FROM child_shares s WHERE s.child_id = child AND s.revoked_at IS NULL"
        "            AND s.team_id = gcp_desk_actor_team())) $$",
        f"CREATE OR REPLACE FUNCTION gcp_desk_child_visible(child uuid) RETURNS boolean {definer} AS $$ "
        "SELECT coalesce((SELECT gcp_desk_may_see(c.team_id, c.id) FROM children c WHERE c.id = child), false) $$",
        f"CREATE OR REPLACE FUNCTION gcp_desk_assessment_visible(assessment uuid) RETURNS boolean {definer} AS $$ "
        "SELECT coalesce((SELECT gcp_desk_child_visible(a.child_id) FROM assessments a WHERE a.id = assessment),"
        " false) $$",
        f"CREATE OR REPLACE FUNCTION gcp_desk_return_visible(returned uuid) RETURNS boolean {definer} AS $$ "
        "SELECT coalesce((SELECT gcp_desk_assessment_visible(r.assessment_id) FROM assessment_returns r"
        " WHERE r.id = returned), false) $$",
        # A household: seen with any child in it the person may see; one with no child yet (just made) by anyone
        # who works on cases, so that it can be linked.
        f"CREATE OR REPLACE FUNCTION gcp_desk_household_visible(household uuid) RETURNS boolean {definer} AS $$ "
        "SELECT gcp_desk_works_on_cases() AND ("
        " EXISTS (SELECT 1 FROM children c WHERE c.household_id = household AND gcp_desk_may_see(c.team_id, c.id))"
        " OR NOT EXISTS (SELECT 1 FROM children c WHERE c.household_id = household)) $$",
        # A supervisor of the child's own team (not of a team it is only shared with).
        f"CREATE OR REPLACE FUNCTION gcp_desk_supervises(assessment uuid) RETURNS boolean {definer} AS $$ "
        "SELECT gcp_desk_actor_has_role('supervisor') AND coalesce(("
        " SELECT c.team_id = gcp_desk_actor_team() FROM assessments a JOIN children c ON c.id = a.child_id"
        " WHERE a.id = assessment), false) $$",
        # A link of the audit chain, for an event of the person's own (or of nobody's) not yet linked.
        f"CREATE OR REPLACE FUNCTION gcp_desk_may_link(event uuid) RETURNS boolean {definer} AS $$ "
        "SELECT EXISTS (SELECT 1 FROM audit_events e WHERE e.id = event"
        " AND (e.actor_id IS NULL OR e.actor_id = gcp_desk_actor()))"
        " AND NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.event_id = event) $$",
        f"CREATE OR REPLACE FUNCTION gcp_desk_supervises_child(child uuid) RETURNS boolean {definer} AS $$ "
        "SELECT gcp_desk_actor_has_role('supervisor') AND coalesce(("
        " SELECT c.team_id = gcp_desk_actor_team() FROM children c WHERE c.id = child), false) $$",
        f"CREATE OR REPLACE FUNCTION gcp_desk_return_supervised(returned uuid) RETURNS boolean {definer} AS $$ "
        "SELECT coalesce((SELECT gcp_desk_supervises(r.assessment_id) FROM assessment_returns r"
        " WHERE r.id = returned), false) $$",
        # Login roles: only through these, and only by an administrator (or the owner, at init).
        f"CREATE OR REPLACE FUNCTION gcp_desk_may_manage_logins() RETURNS boolean {definer} AS $$ "
        f"SELECT gcp_desk_actor_has_role('administrator') OR pg_has_role(session_user, '{roles.owner}', 'MEMBER') $$",
        f"CREATE OR REPLACE FUNCTION gcp_desk_create_login(login text, verifier text, person uuid) RETURNS void "
        f"{plpgsql} AS $$ BEGIN "
        " IF NOT gcp_desk_may_manage_logins() THEN"
        "  RAISE EXCEPTION 'only an administrator makes logins' USING ERRCODE = 'insufficient_privilege'; END IF;"
        " IF verifier NOT LIKE 'SCRAM-SHA-256$%' THEN"
        f"  RAISE EXCEPTION {_NOT_A_VERIFIER}; END IF;"
        " IF login LIKE 'pg\\_%' OR login = '' THEN"
        "  RAISE EXCEPTION 'not a login name: %', login USING ERRCODE = 'invalid_parameter_value'; END IF;"
        " IF NOT EXISTS (SELECT 1 FROM users WHERE id = person) THEN"
        "  RAISE EXCEPTION 'no such account' USING ERRCODE = 'foreign_key_violation'; END IF;"
        " IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login) THEN"
        "  RAISE EXCEPTION 'a role called % already exists on this server', login USING ERRCODE = 'duplicate_object';"
        " END IF;"
        " EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
        " INHERIT PASSWORD %L IN ROLE %I', login, verifier, " f"'{roles.person}');"
        " INSERT INTO server_logins (role_name, user_id) VALUES (login, person);"
        " END $$",
        f"CREATE OR REPLACE FUNCTION gcp_desk_set_login_password(login text, verifier text) RETURNS void "
        f"{plpgsql} AS $$ BEGIN "
        " IF NOT gcp_desk_may_manage_logins() THEN"
        "  RAISE EXCEPTION 'only an administrator sets passwords' USING ERRCODE = 'insufficient_privilege'; END IF;"
        " IF verifier NOT LIKE 'SCRAM-SHA-256$%' THEN"
        f"  RAISE EXCEPTION {_NOT_A_VERIFIER}; END IF;"
        " IF NOT EXISTS (SELECT 1 FROM server_logins WHERE role_name = login) THEN"
        "  RAISE EXCEPTION 'not a GCP Desk login: %', login USING ERRCODE = 'undefined_object'; END IF;"
        " EXECUTE format('ALTER ROLE %I LOGIN PASSWORD %L', login, verifier);"
        " UPDATE server_logins SET password_set_at = now() WHERE role_name = login;"
        " END $$",
        f"CREATE OR REPLACE FUNCTION gcp_desk_disable_login(login text) RETURNS void {plpgsql} AS $$ BEGIN "
        " IF NOT gcp_desk_may_manage_logins() THEN"
        "  RAISE EXCEPTION 'only an administrator disables logins' USING ERRCODE = 'insufficient_privilege'; END IF;"
        " IF NOT EXISTS (SELECT 1 FROM server_logins WHERE role_name = login) THEN"
        "  RAISE EXCEPTION 'not a GCP Desk login: %', login USING ERRCODE = 'undefined_object'; END IF;"
        " EXECUTE format('ALTER ROLE %I NOLOGIN', login);"
        " END $$",
    ]


FUNCTIONS = ("gcp_desk_actor()", "gcp_desk_actor_team()", "gcp_desk_actor_has_role(text)",
             "gcp_desk_works_on_cases()", "gcp_desk_may_see(uuid, uuid)", "gcp_desk_child_visible(uuid)",
             "gcp_desk_assessment_visible(uuid)", "gcp_desk_return_visible(uuid)",
             "gcp_desk_household_visible(uuid)", "gcp_desk_supervises(uuid)", "gcp_desk_supervises_child(uuid)",
             "gcp_desk_return_supervised(uuid)", "gcp_desk_may_link(uuid)",
             "gcp_desk_may_manage_logins()", "gcp_desk_create_login(text, text, uuid)",
             "gcp_desk_set_login_password(text, text)", "gcp_desk_disable_login(text)")


def policies_sql(roles: ServerRoles, tables: list[str]) -> list[str]:
    """Grants and policies for every table in ``tables`` (all of the schema's): RLS forced, the owner's own
    policy, then the person group's."""
    person, owner = f'"{roles.person}"', f'"{roles.owner}"'
    statements = [
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC, {person}",
        f"GRANT USAGE ON SCHEMA public TO {person}",
        "REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC",
        *[f"GRANT EXECUTE ON FUNCTION {function} TO {person}" for function in FUNCTIONS],
    ]
    for table in tables:
        statements += [
            f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
            f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
            *_drop_policies(table),
            f"CREATE POLICY gcp_desk_owner ON {table} TO {owner} USING (true) WITH CHECK (true)",
        ]
        statements += _person_policies(table, person)
    return statements


def _drop_policies(table: str) -> list[str]:
    return [f"DROP POLICY IF EXISTS {name} ON {table}" for name in (
        "gcp_desk_owner", "person_select", "person_insert", "person_update", "person_delete")]


def _person_policies(table: str, person: str) -> list[str]:
    if table in CASE_TABLES:
        visible = VISIBLE[table]
        writes = f"{visible} AND {_LAPTOP_NOT_WITHDRAWN}"
        return [
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {person}",
            f"CREATE POLICY person_select ON {table} FOR SELECT TO {person} USING ({visible})",
            f"CREATE POLICY person_insert ON {table} FOR INSERT TO {person} WITH CHECK ({writes})",
            f"CREATE POLICY person_update ON {table} FOR UPDATE TO {person} USING ({writes}) WITH CHECK ({writes})",
            f"CREATE POLICY person_delete ON {table} FOR DELETE TO {person} USING ({writes})",
        ]
    if table in INSERT_ONLY:
        if table == "audit_events":
            seen = ("gcp_desk_actor_has_role('administrator') OR actor_id = gcp_desk_actor() "
                    "OR gcp_desk_child_visible(CAST(entity_id AS uuid)) "
                    "OR gcp_desk_assessment_visible(CAST(entity_id AS uuid))")
            seen = f"CASE WHEN entity_id ~ '^[0-9a-f-]{{36}}$' THEN {seen} ELSE " \
                   "gcp_desk_actor_has_role('administrator') OR actor_id = gcp_desk_actor() END"
        elif table == "origin_audit_events":  # a laptop's events, carried in at its sync
            seen = ("(SELECT gcp_desk_actor_has_role('administrator')) OR actor_id = (SELECT gcp_desk_actor()) OR "
                    "EXISTS (SELECT 1 FROM audit_events e WHERE e.id = imported_by_event "
                    "AND e.actor_id = (SELECT gcp_desk_actor()))")
        elif table == "audit_chain":
            seen = "gcp_desk_actor() IS NOT NULL"  # hashes only: the chain's end is needed to append to it
        else:
            seen = VISIBLE[table]
        check = INSERT_ONLY[table]
        if table not in ("audit_events", "audit_chain"):
            check = f"{check} AND {_LAPTOP_NOT_WITHDRAWN}"
        return [
            f"GRANT SELECT, INSERT ON {table} TO {person}",
            f"CREATE POLICY person_select ON {table} FOR SELECT TO {person} USING ({seen})",
            f"CREATE POLICY person_insert ON {table} FOR INSERT TO {person} WITH CHECK ({check})",
        ]
    if table in ADMINISTERED:
        admin = "gcp_desk_actor_has_role('administrator')"
        return [
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {person}",
            f"CREATE POLICY person_select ON {table} FOR SELECT TO {person} USING (true)",
            f"CREATE POLICY person_insert ON {table} FOR INSERT TO {person} WITH CHECK ({admin})",
            f"CREATE POLICY person_update ON {table} FOR UPDATE TO {person} USING ({admin}) WITH CHECK ({admin})",
            f"CREATE POLICY person_delete ON {table} FOR DELETE TO {person} USING ({admin})",
        ]
    if table in KEPT_BY_TRIGGERS:
        return [
            f"GRANT SELECT ON {table} TO {person}",
            f"CREATE POLICY person_select ON {table} FOR SELECT TO {person} USING ({KEPT_BY_TRIGGERS[table]})",
        ]
    if table in READ_ONLY:
        return [
            f"GRANT SELECT ON {table} TO {person}",
            f"CREATE POLICY person_select ON {table} FOR SELECT TO {person} USING (true)",
        ]
    if table == "server_holds":
        return [
            f"GRANT SELECT, INSERT, DELETE ON {table} TO {person}",
            f"CREATE POLICY person_select ON {table} FOR SELECT TO {person} USING ({_BY_CHILD})",
            f"CREATE POLICY person_insert ON {table} FOR INSERT TO {person} "
            f"WITH CHECK ({_BY_CHILD} AND holder_id = gcp_desk_actor() "
            "AND laptop_id = (SELECT gcp_desk_session_laptop()))",
            f"CREATE POLICY person_delete ON {table} FOR DELETE TO {person} "
            f"USING ({_BY_CHILD} AND (holder_id = gcp_desk_actor() OR gcp_desk_supervises_child(child_id)))",
        ]
    if table == "tombstones":  # a deleted child's id and when (version 7): laptops holding it delete their copy
        return [
            f"GRANT SELECT ON {table} TO {person}",
            f"CREATE POLICY person_select ON {table} FOR SELECT TO {person} USING (entity = 'child')",
        ]
    if table == "server_logins":
        return [
            f"GRANT SELECT ON {table} TO {person}",
            f"CREATE POLICY person_select ON {table} FOR SELECT TO {person} "
            "USING (gcp_desk_actor_has_role('administrator') OR role_name = session_user)",
        ]
    return []  # owner only (the signing key), or a table a later migration added: closed until its rules exist


def apply_rules(connection: Connection, roles: ServerRoles) -> None:
    """Make the server tables, functions, grants and policies, as the owner role, in the caller's transaction."""
    from .laptop_rules import laptop_functions_sql, laptop_policies_sql, laptop_tables_sql
    from .merge_rules import merge_functions_sql, merge_policies_sql

    for statement in [*server_tables_sql(), *laptop_tables_sql(), *functions_sql(roles), *laptop_functions_sql(),
                      *merge_functions_sql(roles)]:
        _run(connection, statement)
    tables = list(connection.exec_driver_sql(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename").scalars())
    for statement in policies_sql(roles, tables) + laptop_policies_sql(roles) + merge_policies_sql(roles):
        _run(connection, statement)
    _hide_password_hashes(connection, roles)
    connection.exec_driver_sql("DELETE FROM app_meta WHERE key = %(key)s", {"key": RULES_VERSION_KEY})
    connection.exec_driver_sql("INSERT INTO app_meta (key, value) VALUES (%(key)s, %(value)s)",
                               {"key": RULES_VERSION_KEY, "value": RULES_VERSION})


def _hide_password_hashes(connection: Connection, roles: ServerRoles) -> None:
    """Every column of ``users`` but ``password_hash`` is readable: an older laptop's argon2 hash, should one reach
    the server, is not handed to everyone to guess at. Worked out from the table as it is, so a column a later
    migration adds is readable once ``server upgrade`` applies the rules again."""
    columns = [name for name in connection.exec_driver_sql(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'users' "
        "ORDER BY ordinal_position").scalars() if name != "password_hash"]
    _run(connection, f'REVOKE SELECT ON users FROM "{roles.person}"')
    _run(connection, f'GRANT SELECT ({", ".join(columns)}) ON users TO "{roles.person}"')


def _run(connection: Connection, statement: str) -> None:
    # The driver reads "%" as the start of a placeholder: the statements hold LIKE patterns, so it is doubled.
    connection.exec_driver_sql(statement.replace("%", "%%"))
