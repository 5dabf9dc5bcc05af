"""The demo's accounts: two teams, each with a supervisor and practitioners, and one administrator.

Every name is invented. The passwords are printed by ``gcp-desk demo`` and shown on the demo's sign-in screen, so
they are easy to type in front of an audience, and each one passes the same rules as a real password would
(``security.passwords.password_problems``): nobody learns a short cut from the demo.

Sam Whitfield comes first: the throw-away demo opens signed in as the first account.

Plain data with no heavy imports, so the sign-in screen can read it; ``staff`` turns it into records.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.enums import Role

NORTHGATE = "Northgate team"
RIVERSIDE = "Riverside team"
TEAMS = (NORTHGATE, RIVERSIDE)


@dataclass(frozen=True)
class DemoAccount:
    name: str
    roles: tuple[Role, ...]
    """Every role the person holds, the main one first."""
    password: str
    team: str
    """The team's name; empty for the administrator, who belongs to no team."""

    @property
    def role(self) -> Role:
        return self.roles[0]


DEMO_ACCOUNTS: list[DemoAccount] = [
    DemoAccount("Sam Whitfield", (Role.PRACTITIONER,), "demo-northgate-sam", NORTHGATE),
    DemoAccount("Priya Chandran", (Role.PRACTITIONER,), "demo-northgate-priya", NORTHGATE),
    DemoAccount("Dee Okafor", (Role.SUPERVISOR,), "demo-northgate-dee", NORTHGATE),
    DemoAccount("Jo Macintyre", (Role.PRACTITIONER,), "demo-riverside-jo", RIVERSIDE),
    DemoAccount("Marek Nowak", (Role.PRACTITIONER,), "demo-riverside-marek", RIVERSIDE),
    DemoAccount("Ruth Kenyon", (Role.PRACTITIONER,), "demo-riverside-ruth", RIVERSIDE),
    DemoAccount("Chris Halloran", (Role.SUPERVISOR, Role.ADMINISTRATOR), "demo-riverside-chris", RIVERSIDE),
    DemoAccount("Alex Morrow", (Role.ADMINISTRATOR,), "demo-admin-alex", ""),
]
"""Demo staff share no word of their names with the demo's children and families (``demo.GIVEN_*``, ``FAMILY``),
so a test can look for children's names in any file and never be misled by a member of staff."""
