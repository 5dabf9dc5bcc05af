"""The server's rules for laptops linked to it, as SQL run by the owner role with the rest of ``rules``.

- ``server_laptops``: each linked laptop's secret, which unwraps that laptop's own copy of its data key. A laptop
  stolen alone cannot use it; a person whose login the server accepts can, at their first online sign-in there, to
  make their own slot. The table is closed to the person group: only ``gcp_desk_link_laptop`` (any active person)
  writes a secret and ``gcp_desk_laptop_secret`` (any active person) reads one.
- ``server_logins.password_set_at``: when each login's password was last set, which ``gcp_desk_login_changes``
  gives to every active person, so that a laptop can drop a slot whose password the server no longer accepts.
- ``server_signing_requests``: a supervisor asks for a countersigned assessment's digest to be signed with the
  organisation's key, which only the owner can read (``server_signing_key``); the owner's job signs it (``signing``).
  Only a supervisor of the child's own team may ask, and only for a countersigned assessment; the request and its
  answer are seen with the assessment; nobody but the owner writes an answer.
"""

from __future__ import annotations

from .address import ServerRoles

LAPTOP_TABLES = ("server_laptops", "server_signing_requests")

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
        "ALTER TABLE server_logins ADD COLUMN IF NOT EXISTS password_set_at timestamptz NOT NULL DEFAULT now()",
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
        " INSERT INTO server_laptops (id, secret, name, linked_by) VALUES (laptop, laptop_secret, laptop_name,"
        " gcp_desk_actor()) ON CONFLICT (id) DO UPDATE SET secret = EXCLUDED.secret, name = EXCLUDED.name,"
        " linked_by = EXCLUDED.linked_by, linked_at = now();"
        " END $$",
        f"CREATE OR REPLACE FUNCTION gcp_desk_laptop_secret(laptop text) RETURNS bytea {plpgsql} AS $$ BEGIN "
        f"{_ACTIVE} RETURN (SELECT secret FROM server_laptops WHERE id = laptop); END $$",
        # Every account's latest password change: a laptop drops the slot of anyone whose password changed since
        # their slot was made there (their next sign-in there is online, with the new one).
        "CREATE OR REPLACE FUNCTION gcp_desk_login_changes() RETURNS TABLE (user_id uuid, password_set_at "
        f"timestamptz) {definer} AS $$ SELECT l.user_id, l.password_set_at FROM server_logins l "
        "WHERE gcp_desk_actor() IS NOT NULL $$",
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
            "gcp_desk_link_laptop(text, bytea, text)", "gcp_desk_laptop_secret(text)", "gcp_desk_login_changes()")],
    ]
