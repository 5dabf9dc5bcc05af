"""Counts the database keeps from the children's rows by triggers (migration 0023), so that the counts beside the
caseload's filters are a sum of a few rows rather than a count of every child of the team."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.orm import Mapped, mapped_column

from .orm_base import Base

NO_ONE = UUID(int=0)
"""``team_id`` of the children in no team, and ``owner_id`` of every row but a draft's."""


class CaseloadTallyRow(Base):
    """How many children (``n``) of a team have a latest status, a draft owner, concerns or not, and need attention
    or not; kept by the children table's triggers."""

    __tablename__ = "caseload_tally"
    __table_args__ = ({"sqlite_with_rowid": False},)

    team_id: Mapped[UUID] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(primary_key=True)
    """The latest assessment's status; ``''``: none yet."""
    owner_id: Mapped[UUID] = mapped_column(primary_key=True)
    """Who started the latest assessment, while it is a draft (``NO_ONE`` otherwise)."""
    concerns: Mapped[bool] = mapped_column(primary_key=True)
    attention: Mapped[bool] = mapped_column(primary_key=True)
    n: Mapped[int]
