"""Signatures, review comments and returns: append-only, like the audit trail (triggers in migration 0002)."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from ...domain.enums import AssessmentStatus
from ...domain.review import QueueEntry, ReturnRecord, ReviewComment, ReviewHistory, Signature
from .. import orm
from ..scope import Scope

_signatures = orm.signatures
_comments = orm.review_comments
_returns = orm.assessment_returns
_snapshots = orm.return_snapshots
_assessments = orm.assessments
_children = orm.children
_users = orm.users


class ReviewRepository:
    def __init__(self, session: Session, scope: Scope | None = None):
        self._session = session
        self._scope = scope or Scope()

    # Writing: append only --------------------------------------------------------------------------------------
    def add_signature(self, signature: Signature) -> None:
        self._session.execute(insert(_signatures), [signature.model_dump()])

    def add_comment(self, comment: ReviewComment) -> None:
        self._session.execute(insert(_comments), [comment.model_dump()])

    def add_return(self, record: ReturnRecord, content: dict | None = None) -> None:
        """``content``: the assessment's signed content (``scoring.signing_content``) as it was returned, so the
        next look can show what changed since."""
        self._session.execute(insert(_returns), [record.model_dump()])
        if content is not None:
            self._session.execute(insert(_snapshots), [{"return_id": record.id, "content": content}])

    def content_at_last_return(self, assessment_id: UUID) -> dict | None:
        """The content kept at the latest return; ``None`` when never returned, or returned before this was kept."""
        statement = (
            select(_snapshots.c.content)
            .join(_returns, _returns.c.id == _snapshots.c.return_id)
            .where(_returns.c.assessment_id == assessment_id)
            .order_by(_returns.c.returned_at.desc(), _returns.c.round.desc())
            .limit(1)
        )
        return self._session.execute(statement).scalar()

    # Reading --------------------------------------------------------------------------------------------------
    def history(self, assessment_id: UUID) -> ReviewHistory:
        def rows(table: Table, when: str) -> list[dict]:
            statement = (
                select(table).where(table.c.assessment_id == assessment_id).order_by(table.c[when], table.c.id)
            )
            return [dict(row) for row in self._session.execute(statement).mappings()]

        return ReviewHistory(
            signatures=[Signature(**row) for row in rows(_signatures, "signed_at")],
            comments=[ReviewComment(**row) for row in rows(_comments, "created_at")],
            returns=[ReturnRecord(**row) for row in rows(_returns, "returned_at")],
        )

    def signatures_of(self, assessment_ids: Iterable[UUID]) -> dict[UUID, list[Signature]]:
        """The signatures of several assessments at once, oldest first, by assessment."""
        wanted = list(assessment_ids)
        found: dict[UUID, list[Signature]] = {}
        if not wanted:
            return found
        statement = (select(_signatures).where(_signatures.c.assessment_id.in_(wanted))
                     .order_by(_signatures.c.signed_at, _signatures.c.id))
        for row in self._session.execute(statement).mappings():
            found.setdefault(row["assessment_id"], []).append(Signature(**row))
        return found

    def round(self, assessment_id: UUID) -> int:
        """The review round under way: one more than the returns so far."""
        returned = self._session.execute(
            select(func.count()).select_from(_returns).where(_returns.c.assessment_id == assessment_id)
        ).scalar_one()
        return returned + 1

    def queue(self, authors: Iterable[UUID] | None) -> list[QueueEntry]:
        """Submitted assessments, oldest submission first; only those created by ``authors`` unless it is ``None``."""
        rounds = (
            select(_returns.c.assessment_id, func.count().label("returned"))
            .group_by(_returns.c.assessment_id)
            .subquery()
        )
        statement = (
            select(
                _assessments.c.id,
                _assessments.c.child_id,
                _children.c.given_name,
                _children.c.family_name,
                _users.c.name.label("practitioner"),
                _assessments.c.submitted_at,
                _assessments.c.created_at,
                _assessments.c.amends_id,
                _assessments.c.concern_domains,
                func.coalesce(rounds.c.returned, 0).label("returned"),
            )
            .join(_children, _children.c.id == _assessments.c.child_id)
            .outerjoin(_users, _users.c.id == _assessments.c.created_by)
            .outerjoin(rounds, rounds.c.assessment_id == _assessments.c.id)
            .where(_assessments.c.status == AssessmentStatus.SUBMITTED)
            .order_by(_assessments.c.submitted_at, _assessments.c.id)
        )
        if authors is not None:
            statement = statement.where(_assessments.c.created_by.in_(list(authors)))
        clause = self._scope.children_clause(_children)
        if clause is not None:
            statement = statement.where(clause)
        return [
            QueueEntry(
                assessment_id=row.id,
                child_id=row.child_id,
                child_name=f"{row.given_name} {row.family_name}",
                practitioner_name=row.practitioner or "Unknown",
                submitted_at=row.submitted_at or row.created_at,
                round=row.returned + 1,
                is_amendment=row.amends_id is not None,
                concern_domains=[d for d in row.concern_domains.split(",") if d],
            )
            for row in self._session.execute(statement)
        ]
