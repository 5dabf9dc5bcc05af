"""The server's rules for laptops linked to it, as SQL run by the owner role with the rest of ``rules``.

- ``server_laptops``: each linked laptop's secret, which unwraps that laptop's own copy of its data key. A laptop
  stolen alone cannot use it; a person whose login the server accepts can, at their first online sign-in there, to
  make their own slot. The table is closed to the person group: only ``gcp_desk_link_laptop`` (any active person)
  writes a secret and ``gcp_desk_laptop_secret`` (any active person) reads one.
- ``server_logins.password_set_at``: when each login's password was last set, which ``gcp_desk_login_changes``
  gives to every active person, so that a laptop can drop a slot whose password the server no longer accepts;
  ``gcp_desk_closed_logins`` likewise gives the accounts whose login an administrator closed.
- ``server_signing_requests``: a supervisor asks for a countersigned assessment's digest to be signed with the
  organisation's key, which only the owner can read (``server_signing_key``); the owner's job signs it (``signing``).
  Only a supervisor of the child's own team may ask, and only for a countersigned assessment; the request and its
  answer are seen with the assessment; nobody but the owner writes an answer.
- A lost laptop: an administrator revokes it (``gcp_desk_revoke_laptop``): its secret is wiped and it can never be
  linked again under its id, so it gives nobody a slot, and the children held offline on it are released (the
  caller records each release in the audit trail). ``gcp_desk_laptops`` lists the linked laptops to administrators;
  ``gcp_desk_laptop_seen`` notes when a laptop was last online.
- A laptop names itself on each connection that takes children offline or syncs (``gcp_desk_this_laptop``), which
  is refused for a revoked (withdrawn) laptop, saying since when. A hold is recorded only under the laptop its
  connection named, and only while that laptop is not withdrawn; a connection whose laptop is withdrawn while it is
  open (``gcp_desk_laptop_not_withdrawn``) writes no case record, review record or laptop audit event from then on.
  The naming lives in ``server_laptop_sessions`` (owner only), under a random token the function sets for the
  connection alone, so that a later connection given the same process id inherits nothing.
"""

from __future__ import annotations

from ..storage.server_address import ServerRoles

LAPTOP_TABLES = ("server_laptops", "server_signing_requests", "server_laptop_sessions")
SESSION_SETTING = "gcp_desk.laptop_session"

_ADMINISTRATOR = ("IF NOT gcp_desk_actor_has_role('administrator') THEN RAISE EXCEPTION 'only an administrator "
                  "may do this' USING ERRCODE = 'insufficient_privilege'; END IF;")
_ACTIVE = ("IF gcp_desk_actor() IS NULL THEN RAISE EXCEPTION 'only an active GCP Desk account may do this' "
           "USING ERRCODE = 'insufficient_privilege'; END IF;")


def laptop_tables_sql() -> list[str]:
    return [
        "CREATE TABLE IF NOT EXISTS server_laptops ("
        " id text PRIMARY KEY CHECK (length(id) BETWEEN 8 AND 64),"
        " secret bytea NOT NULL CHECK (length(secret) = 32),"
        " name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),"
        " linked_by uuid NOT NULL REFERENCES users (id),"
        " linked_at timestamptz NOT NULL DEFAULT now())",
        "ALTER TABLE server_laptops ADD COLUMN IF NOT EXISTS last_seen_at timestamptz",
        "ALTER TABLE server_laptops ADD COLUMN IF NOT EXISTS revoked_at timestamptz",
        "ALTER TABLE server_laptops ADD COLUMN IF NOT EXISTS revoked_by uuid REFERENCES users (id)",
        "ALTER TABLE server_laptops ALTER COLUMN secret DROP NOT NULL",
        "ALTER TABLE server_logins ADD COLUMN IF NOT EXISTS password_set_at timestamptz NOT NULL DEFAULT now()",
        # Which laptop each open connection named (its backend's process id, and a token only it was given).
        "CREATE TABLE IF NOT EXISTS server_laptop_sessions ("
        " pid integer PRIMARY KEY,"
        " token uuid NOT NULL,"
        " laptop_id text NOT NULL CHECK (length(laptop_id) BETWEEN 1 AND 200),"
        " named_at timestamptz NOT NULL DEFAULT now())",
        "CREATE TABLE IF NOT EXISTS server_signing_requests ("
        " id uuid PRIMARY KEY DEFAULT gen_random_uuid(),"
        " assessment_id uuid NOT NULL REFERENCES assessments (id),"
        " digest text NOT NULL CHECK (digest ~ '^[0-9a-f]{64}$'),"
        " requested_by uuid NOT NULL REFERENCES users (id),"
        " requested_at timestamptz NOT NULL DEFAULT now(),"
        " signature bytea,"
        " signed_at timestamptz)",
    ]


def laptop_functions_sql() -> list[str]:
    definer = "LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp"
    plpgsql = "LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp"
    return [
        f"CREATE OR REPLACE FUNCTION gcp_desk_link_laptop(laptop text, laptop_secret bytea, laptop_name text) "
        f"RETURNS void {plpgsql} AS $$ BEGIN {_ACTIVE}"
        " IF EXISTS (SELECT 1 FROM server_laptops WHERE id = laptop AND revoked_at IS NOT NULL) THEN"
        "  RAISE EXCEPTION 'this laptop was revoked on the team server' USING ERRCODE = 'insufficient_privilege';"
        " END IF;"
        " INSERT INTO server_laptops (id, secret, name, linked_by) VALUES (laptop, laptop_secret, laptop_name,"
        " gcp_desk_actor()) ON CONFLICT (id) DO UPDATE SET secret = EXCLUDED.secret, name = EXCLUDED.name,"
        " linked_by = EXCLUDED.linked_by, linked_at = now();"
        " END $$",
        f"CREATE OR REPLACE FUNCTION gcp_desk_laptop_secret(laptop text) RETURNS bytea {plpgsql} AS $$ BEGIN "
        f"{_ACTIVE} RETURN (SELECT secret FROM server_laptops WHERE id = laptop AND revoked_at IS NULL); END $$",
        f"CREATE OR REPLACE FUNCTION gcp_desk_laptop_seen(laptop text) RETURNS void {plpgsql} AS $$ BEGIN "
        f"{_ACTIVE} UPDATE server_laptops SET last_seen_at = now() WHERE id = laptop AND revoked_at IS NULL; END $$",
        # Administrators: the linked laptops, and revoking a lost one (its holds released, returned to be audited).
        "CREATE OR REPLACE FUNCTION gcp_desk_laptops() RETURNS TABLE (id text, name text, linked_at timestamptz,"
        " linked_by text, last_seen_at timestamptz, revoked_at timestamptz, held bigint)"
        f" {plpgsql} AS $$ BEGIN {_ADMINISTRATOR}"
        " RETURN QUERY SELECT l.id, l.name, l.linked_at, CAST(u.name AS text), l.last_seen_at, l.revoked_at,"
        " (SELECT count(*) FROM server_holds h WHERE h.laptop_id = l.id)"
        " FROM server_laptops l JOIN users u ON u.id = l.linked_by ORDER BY l.linked_at, l.id; END $$",
        "CREATE OR REPLACE FUNCTION gcp_desk_revoke_laptop(laptop text) RETURNS TABLE (child_id uuid,"
        f" holder_id uuid, since timestamptz) {plpgsql} AS $$ DECLARE gone server_laptops; BEGIN {_ADMINISTRATOR}"
        " SELECT * INTO gone FROM server_laptops l WHERE l.id = laptop;"
        " IF NOT FOUND THEN RAISE EXCEPTION 'no laptop %', laptop USING ERRCODE = 'undefined_object'; END IF;"
        " UPDATE server_laptops l SET secret = NULL, revoked_at = coalesce(l.revoked_at, now()),"
        " revoked_by = coalesce(l.revoked_by, gcp_desk_actor()) WHERE l.id = laptop;"
        " RETURN QUERY DELETE FROM server_holds h WHERE h.laptop_id = gone.id"
        " RETURNING h.child_id, h.holder_id, h.since; END $$",
        # A connection names its laptop: refused for a withdrawn one, with the day (read by ``laptop_session``).
        f"CREATE OR REPLACE FUNCTION gcp_desk_this_laptop(laptop text) RETURNS void {plpgsql} AS $$ DECLARE "
        f"withdrawn timestamptz; session_token uuid := gen_random_uuid(); BEGIN {_ACTIVE}"
        " IF laptop IS NULL OR length(laptop) NOT BETWEEN 1 AND 200 THEN"
        "  RAISE EXCEPTION 'not a laptop id' USING ERRCODE = 'invalid_parameter_value'; END IF;"
        " SELECT l.revoked_at INTO withdrawn FROM server_laptops l WHERE l.id = laptop;"
        " IF withdrawn IS NOT NULL THEN RAISE EXCEPTION 'laptop withdrawn on %',"
        "  to_char(withdrawn AT TIME ZONE 'UTC', 'YYYY-MM-DD') USING ERRCODE = 'insufficient_privilege'; END IF;"
        " DELETE FROM server_laptop_sessions s WHERE s.pid = pg_backend_pid();"
        " INSERT INTO server_laptop_sessions (pid, token, laptop_id) VALUES (pg_backend_pid(), session_token, laptop);"
        f" PERFORM set_config('{SESSION_SETTING}', CAST(session_token AS text), false);"
        " END $$",
        # The laptop this connection named, while it is not withdrawn (else none).
        f"CREATE OR REPLACE FUNCTION gcp_desk_session_laptop() RETURNS text {definer} AS $$ "
        "SELECT s.laptop_id FROM server_laptop_sessions s WHERE s.pid = pg_backend_pid()"
        f" AND CAST(s.token AS text) = current_setting('{SESSION_SETTING}', true)"
        " AND NOT EXISTS (SELECT 1 FROM server_laptops l WHERE l.id = s.laptop_id AND l.revoked_at IS NOT NULL) $$",
        # False once the laptop this connection named has been withdrawn (a connection naming none: true).
        f"CREATE OR REPLACE FUNCTION gcp_desk_laptop_not_withdrawn() RETURNS boolean {definer} AS $$ "
        "SELECT NOT EXISTS (SELECT 1 FROM server_laptop_sessions s JOIN server_laptops l ON l.id = s.laptop_id"
        " WHERE s.pid = pg_backend_pid()"
        f" AND CAST(s.token AS text) = current_setting('{SESSION_SETTING}', true) AND l.revoked_at IS NOT NULL) $$",
        # Every account's latest password change: a laptop drops the slot of anyone whose password changed since
        # their slot was made there (their next sign-in there is online, with the new one).
        "CREATE OR REPLACE FUNCTION gcp_desk_login_changes() RETURNS TABLE (user_id uuid, password_set_at "
        f"timestamptz) {definer} AS $$ SELECT l.user_id, l.password_set_at FROM server_logins l "
        "WHERE gcp_desk_actor() IS NOT NULL $$",
        # Every account whose login an administrator closed (``gcp_desk_disable_login``): disabled on laptops at their
        # next sync, like an account marked disabled.
        f"CREATE OR REPLACE FUNCTION gcp_desk_closed_logins() RETURNS SETOF uuid {definer} AS $$ SELECT l.user_id "
        "FROM server_logins l JOIN pg_roles r ON r.rolname = l.role_name WHERE NOT r.rolcanlogin "
        "AND gcp_desk_actor() IS NOT NULL $$",
    ]


def laptop_policies_sql(roles: ServerRoles) -> list[str]:
    """After ``rules.policies_sql``: the requests' own policies, and the functions granted to the person group."""
    person = f'"{roles.person}"'
    asks = ("gcp_desk_supervises(assessment_id) AND requested_by = gcp_desk_actor() AND signature IS NULL "
            "AND signed_at IS NULL AND EXISTS (SELECT 1 FROM assessments a WHERE a.id = assessment_id "
            "AND a.status = 'countersigned')")
    return [
        f"GRANT SELECT, INSERT ON server_signing_requests TO {person}",
        "CREATE POLICY person_select ON server_signing_requests FOR SELECT TO "
        f"{person} USING (gcp_desk_assessment_visible(assessment_id))",
        f"CREATE POLICY person_insert ON server_signing_requests FOR INSERT TO {person} WITH CHECK ({asks})",
        *[f"GRANT EXECUTE ON FUNCTION {function} TO {person}" for function in (
            "gcp_desk_link_laptop(text, bytea, text)", "gcp_desk_laptop_secret(text)", "gcp_desk_login_changes()",
            "gcp_desk_closed_logins()", "gcp_desk_laptop_seen(text)", "gcp_desk_laptops()",
            "gcp_desk_revoke_laptop(text)", "gcp_desk_this_laptop(text)", "gcp_desk_session_laptop()",
            "gcp_desk_laptop_not_withdrawn()")],
    ]
