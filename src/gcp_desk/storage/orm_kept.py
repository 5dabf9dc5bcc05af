"""Tables the database keeps from the children's rows by triggers (migration 0023), so that the caseload's filter
counts and its search read a few rows rather than every child of the team."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import String
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


class ChildTrigramRow(Base):
    """Each run of three characters in a child's ``search_text`` (names and identifiers in lower case): a word typed
    in the search box is looked up by its runs, and only the children holding all of them are read."""

    __tablename__ = "child_trigrams"
    __table_args__ = ({"sqlite_with_rowid": False},)

    trigram: Mapped[str] = mapped_column(String(3), primary_key=True)
    child_id: Mapped[UUID] = mapped_column(primary_key=True)
