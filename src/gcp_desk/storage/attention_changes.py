"""Which children's stored attention a unit of work may have changed, noted by the repositories as they write.

Attention reads a child's plan type and, per assessment, its visits, status, domain and item grades and plan. The
repositories that write those note the child (or the assessment, when that is all they have), and before the
transaction commits the unit of work has the services work the attention out again for exactly those children
(``UnitOfWork.finish``), or marks it to be worked out again at the next read when no service is listening. So a
change and the attention it causes are saved together or not at all.

The unit also remembers what it already knows, so that nothing is read twice: the child of each assessment it has
read or written (``known_child``), and the assessments a service holds exactly as the unit stored them
(``hold``), which attention then takes as they are rather than reading them back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.assessment import Assessment
from . import orm

_CHILDREN = "attention.children"
_ASSESSMENTS = "attention.assessments"
_KNOWN = "assessments.children"
_HELD = "assessments.held"


def note_children(session: Session, child_ids: Iterable[UUID]) -> None:
    session.info.setdefault(_CHILDREN, set()).update(child_ids)


def note_assessment(session: Session, assessment_id: UUID) -> None:
    session.info.setdefault(_ASSESSMENTS, set()).add(assessment_id)
    changed(session, assessment_id)


def note_known(session: Session, assessment_id: UUID, child_id: UUID) -> None:
    """The assessment exists in this unit, and is the child's."""
    session.info.setdefault(_KNOWN, {})[assessment_id] = child_id


def known_child(session: Session, assessment_id: UUID) -> UUID | None:
    """The child of an assessment this unit has read or written and not removed; ``None``: not known here."""
    return session.info.get(_KNOWN, {}).get(assessment_id)


def forget(session: Session, assessment_id: UUID) -> None:
    """The assessment is removed in this unit."""
    session.info.get(_KNOWN, {}).pop(assessment_id, None)
    changed(session, assessment_id)


def changed(session: Session, assessment_id: UUID) -> None:
    """The assessment was written: a copy a service held is no longer what is stored."""
    session.info.get(_HELD, {}).pop(assessment_id, None)


def hold(session: Session, assessment: Assessment) -> None:
    """A service has ``assessment`` exactly as this unit stored it (and writes it no more)."""
    session.info.setdefault(_HELD, {})[assessment.id] = assessment


def held(session: Session) -> Mapping[UUID, Assessment]:
    return session.info.get(_HELD, {})


def take_changed_children(session: Session) -> list[UUID]:
    """The children noted so far (an assessment's child looked up, unless this unit knows it), each once; the notes
    are cleared."""
    children: set[UUID] = session.info.pop(_CHILDREN, set())
    assessments: set[UUID] = session.info.pop(_ASSESSMENTS, set())
    known = session.info.get(_KNOWN, {})
    unknown = [assessment_id for assessment_id in assessments if assessment_id not in known]
    children.update(known[assessment_id] for assessment_id in assessments if assessment_id in known)
    if unknown:
        table = orm.assessments
        found = session.execute(select(table.c.child_id).where(table.c.id.in_(unknown))).scalars()
        children.update(found)
    return sorted(children)
