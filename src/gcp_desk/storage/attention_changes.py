"""Which children's stored attention a unit of work may have changed, noted by the repositories as they write.

Attention reads a child's plan type and, per assessment, its visits, status, domain and item grades and plan. The
repositories that write those note the child (or the assessment, when that is all they have), and before the
transaction commits the unit of work has the services work the attention out again for exactly those children
(``UnitOfWork.finish``), or marks it to be worked out again at the next read when no service is listening. So a
change and the attention it causes are saved together or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import orm

_CHILDREN = "attention.children"
_ASSESSMENTS = "attention.assessments"


def note_children(session: Session, child_ids: Iterable[UUID]) -> None:
    session.info.setdefault(_CHILDREN, set()).update(child_ids)


def note_assessment(session: Session, assessment_id: UUID) -> None:
    session.info.setdefault(_ASSESSMENTS, set()).add(assessment_id)


def take_changed_children(session: Session) -> list[UUID]:
    """The children noted so far (an assessment's child looked up), each once; the notes are cleared."""
    children: set[UUID] = session.info.pop(_CHILDREN, set())
    assessments: set[UUID] = session.info.pop(_ASSESSMENTS, set())
    if assessments:
        table = orm.assessments
        found = session.execute(select(table.c.child_id).where(table.c.id.in_(assessments))).scalars()
        children.update(found)
    return sorted(children)
