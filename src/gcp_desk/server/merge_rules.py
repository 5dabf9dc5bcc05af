"""The server's rules for merging two records of the same adult (rules version 8): nothing another team holds is lost.

An adult is shared between children's files, and a person sees only the links of the children they may see. A
merge made by a supervisor (online, or offline and carried by the sync) moves the links the supervisor sees; the
duplicate may also be linked to a child of another team, whose link the supervisor's row-level security hides.
Removing the duplicate would then take that link with it (the foreign key's ON DELETE CASCADE, which no policy
stops): a father silently gone from another team's child. So:

- ``gcp_desk_move_adult_links(duplicate, kept)`` (SECURITY DEFINER) moves EVERY link of the duplicate to the adult
  kept (a child linked to both keeps the kept adult's link) and re-points every alias of the duplicate, whoever may
  see them; the caller then removes the duplicate as before. Only a supervisor may call it, for a duplicate held by
  their own team (linked to, or living with, a child of the team) and an adult kept they may see: as the app's merge
  asks (supervisors only, both records within sight), so another team's adults cannot be re-pointed through it.
  Returns how many links moved.
- a trigger on ``adults`` refuses, in words, to remove an adult who is still linked to a child the person may not
  see, whatever removes it (a merge by an older copy of GCP Desk, a plain DELETE): both records stay whole. The
  owner role (``server upgrade``, IT's own maintenance) is not held back.
"""

from __future__ import annotations

from ..storage.server_address import ServerRoles

MOVE_LINKS = "gcp_desk_move_adult_links(uuid, uuid)"
HIDDEN_LINK = ("this adult is also linked to a child you may not see (another team''s): merge the two records "
               "rather than remove one, so that the other link is kept")


def merge_functions_sql(roles: ServerRoles) -> list[str]:
    plpgsql = "LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp"
    definer = "LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp"
    return [
        # Linked to, or living with, a child of the caller's own team (not one only shared with it).
        f"CREATE OR REPLACE FUNCTION gcp_desk_team_holds_adult(adult uuid) RETURNS boolean {definer} AS $$ "
        "SELECT gcp_desk_actor_team() IS NOT NULL AND EXISTS (SELECT 1 FROM children c WHERE"
        " c.team_id = gcp_desk_actor_team() AND (c.household_id = (SELECT a.household_id FROM adults a"
        " WHERE a.id = adult) OR EXISTS (SELECT 1 FROM child_adult_links l WHERE l.child_id = c.id"
        " AND l.adult_id = adult))) $$",
        f"CREATE OR REPLACE FUNCTION gcp_desk_move_adult_links(duplicate uuid, kept uuid) RETURNS integer "
        f"{plpgsql} AS $$ DECLARE moved integer; BEGIN "
        " IF duplicate = kept THEN"
        "  RAISE EXCEPTION 'an adult cannot be merged with themselves' USING ERRCODE = 'invalid_parameter_value';"
        " END IF;"
        " IF NOT (gcp_desk_actor_has_role('supervisor') AND gcp_desk_team_holds_adult(duplicate)"
        "  AND coalesce((SELECT gcp_desk_household_visible(a.household_id) OR gcp_desk_team_holds_adult(a.id)"
        "   FROM adults a WHERE a.id = kept), false)) THEN"
        "  RAISE EXCEPTION 'only a supervisor of the team holding both records can merge them'"
        "   USING ERRCODE = 'insufficient_privilege'; END IF;"
        " IF NOT (SELECT gcp_desk_laptop_not_withdrawn()) THEN"
        "  RAISE EXCEPTION 'this laptop was withdrawn: it changes no case record'"
        "   USING ERRCODE = 'insufficient_privilege'; END IF;"
        " UPDATE child_adult_links SET adult_id = kept WHERE adult_id = duplicate"
        "  AND child_id NOT IN (SELECT child_id FROM child_adult_links WHERE adult_id = kept);"
        " GET DIAGNOSTICS moved = ROW_COUNT;"
        " DELETE FROM child_adult_links WHERE adult_id = duplicate;"
        " UPDATE adult_aliases SET adult_id = kept WHERE adult_id = duplicate;"
        " RETURN moved; END $$",
        f"CREATE OR REPLACE FUNCTION gcp_desk_keep_hidden_links() RETURNS trigger {plpgsql} AS $$ BEGIN "
        f" IF pg_has_role(session_user, '{roles.owner}', 'MEMBER') THEN RETURN OLD; END IF;"
        " IF EXISTS (SELECT 1 FROM child_adult_links l WHERE l.adult_id = OLD.id"
        "  AND NOT gcp_desk_child_visible(l.child_id)) THEN"
        f"  RAISE EXCEPTION '{HIDDEN_LINK}' USING ERRCODE = 'insufficient_privilege'; END IF;"
        " RETURN OLD; END $$",
        "DROP TRIGGER IF EXISTS gcp_desk_keep_hidden_links ON adults",
        "CREATE TRIGGER gcp_desk_keep_hidden_links BEFORE DELETE ON adults FOR EACH ROW "
        "EXECUTE FUNCTION gcp_desk_keep_hidden_links()",
    ]


def merge_policies_sql(roles: ServerRoles) -> list[str]:
    """After ``rules.policies_sql`` (which revokes every function from everyone): the merge granted to people."""
    person = f'"{roles.person}"'
    return [f"GRANT EXECUTE ON FUNCTION {function} TO {person}"
            for function in ("gcp_desk_team_holds_adult(uuid)", MOVE_LINKS)]
