"""Need to know: several roles per person, every child in a team, and children shared with another team.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04

A database from before keeps working as it did:

- each account's one role becomes its list of roles;
- a laptop with no teams gets one, "Our team", and everyone joins it, so everyone keeps seeing every child;
- each child is given to the team of whoever wrote its latest assessment (or, with none, whoever added the child);
  a child whose people are in no team stays with the people in no team.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIMESTAMP = sa.DateTime(timezone=True)
DEFAULT_TEAM = "Our team"


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("roles", sa.String(200), server_default="", nullable=False))
        batch.add_column(sa.Column("password_must_change", sa.Boolean(), server_default="0", nullable=False))
    with op.batch_alter_table("children") as batch:
        batch.add_column(sa.Column("team_id", sa.Uuid(), nullable=True))
        batch.create_foreign_key("fk_children_team_id_teams", "teams", ["team_id"], ["id"], ondelete="SET NULL")
        batch.create_index("ix_children_team_id", ["team_id"])
    op.create_table(
        "child_shares",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("child_id", sa.Uuid(), nullable=False),
        sa.Column("team_id", sa.Uuid(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("shared_by", sa.Uuid(), nullable=False),
        sa.Column("shared_at", TIMESTAMP, nullable=False),
        sa.Column("revoked_by", sa.Uuid(), nullable=True),
        sa.Column("revoked_at", TIMESTAMP, nullable=True),
        sa.Column("revoke_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["child_id"], ["children.id"], name="fk_child_shares_child_id_children",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name="fk_child_shares_team_id_teams", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["shared_by"], ["users.id"], name="fk_child_shares_shared_by_users"),
        sa.ForeignKeyConstraint(["revoked_by"], ["users.id"], name="fk_child_shares_revoked_by_users"),
        sa.PrimaryKeyConstraint("id", name="pk_child_shares"),
    )
    op.create_index("ix_child_shares_child_id", "child_shares", ["child_id"])
    op.create_index("ix_child_shares_team_id", "child_shares", ["team_id"])
    _fill_existing()


def _fill_existing() -> None:
    bind = op.get_bind()
    users = sa.table("users", sa.column("id", sa.Uuid()), sa.column("role", sa.String()),
                     sa.column("roles", sa.String()), sa.column("team_id", sa.Uuid()))
    teams = sa.table("teams", sa.column("id", sa.Uuid()), sa.column("name", sa.String()),
                     sa.column("created_at", TIMESTAMP))
    children = sa.table("children", sa.column("id", sa.Uuid()), sa.column("team_id", sa.Uuid()))
    bind.execute(sa.update(users).values(roles=users.c.role))
    people = bind.execute(sa.select(users.c.id)).fetchall()
    known_teams = bind.execute(sa.select(teams.c.id)).fetchall()
    default_team = None
    if people and not known_teams:
        default_team = uuid.uuid4()
        bind.execute(sa.insert(teams).values(id=default_team, name=DEFAULT_TEAM, created_at=datetime.now(UTC)))
        bind.execute(sa.update(users).values(team_id=default_team))
    # Each child goes to the team of the author of its latest assessment, else of whoever added it (audit trail).
    owner_team = bind.execute(sa.text(
        "SELECT c.id, u.team_id FROM children c JOIN users u ON u.id = c.latest_owner_id "
        "WHERE c.latest_owner_id IS NOT NULL")).fetchall()
    creator_team = bind.execute(sa.text(
        "SELECT a.entity_id, u.team_id FROM audit_events a JOIN users u ON u.id = a.actor_id "
        "WHERE a.action = 'child.create'")).fetchall()
    chosen: dict[str, object] = {}
    for child_id, team_id in creator_team:
        chosen[str(child_id).replace("-", "")] = team_id
    for child_id, team_id in owner_team:
        chosen[str(child_id).replace("-", "")] = team_id
    for child_id, team_id in chosen.items():
        if team_id is None:
            continue
        bind.execute(sa.update(children).where(children.c.id == uuid.UUID(child_id))
                     .values(team_id=uuid.UUID(str(team_id))))
    if default_team is not None:
        bind.execute(sa.update(children).where(children.c.team_id.is_(None)).values(team_id=default_team))


def downgrade() -> None:
    op.drop_index("ix_child_shares_team_id", table_name="child_shares")
    op.drop_index("ix_child_shares_child_id", table_name="child_shares")
    op.drop_table("child_shares")
    with op.batch_alter_table("children") as batch:
        batch.drop_index("ix_children_team_id")
        batch.drop_constraint("fk_children_team_id_teams", type_="foreignkey")
        batch.drop_column("team_id")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("password_must_change")
        batch.drop_column("roles")
