"""The demo's supervision: who submitted each assessment, what the team's supervisor said and did, and when.

Older assessments were submitted and countersigned; the latest is a draft, waiting in the supervisor's queue,
returned for changes or countersigned, as the caseload generator chose. Some went round twice: returned with
reasons and comments on domains, changed, submitted again. A few countersigned ones were later corrected by an
amendment, which was countersigned in its turn. Every signature holds the hash of the content it signed
(``scoring.signing_content``), so ``gcp-desk verify`` finds the demo's reports sound. All wording is invented.

A small demo must still show every state, so the first latest assessment countersigned a fortnight ago or more is
amended (then every ``AMEND_EVERY``-th such one), and if no latest assessment was returned by the time a second one
waits in a queue, that one is returned instead. Neither rule draws on the caseload's own random generator, so a
seed's children, grades and plans stay what they always were.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID, uuid4

from ..domain.assessment import Assessment, EvidenceNote
from ..domain.enums import AssessmentStatus, EvidenceSource
from ..domain.instrument import Instrument
from ..domain.people import User
from ..domain.review import ReturnRecord, ReviewComment, Signature, SignatureKind
from ..scoring.signing_content import assessment_content_hash
from ..scoring.suggest import effective_domain_grade

AMEND_EVERY = 8
"""One in this many children whose latest assessment is countersigned has it corrected by an amendment."""

AMEND_AFTER_DAYS = 14
"""Only an assessment countersigned at least this long ago is amended."""

SHORT_ANALYSIS = "Care is patchy in the domains flagged."
"""The analysis as first submitted when a supervisor sent it back asking for more."""

RETURN_REASONS = [
    "The analysis does not yet say what the grades mean for the child day to day, or what happens if nothing "
    "changes. Please add that before I countersign.",
    "The analysis reads as a list of the grades. Please say what has changed since the last assessment and why "
    "you think the care is where it is.",
    "Please say in the analysis how the child's own words and the school's view fit the grades you chose.",
]
DOMAIN_COMMENTS = [
    "Most of the evidence for {domain} is what mother said. What did you see yourself on the unannounced visit?",
    "Is {domain} at {grade} borne out by what the school and health visitor say? Please check with them.",
    "Good detail on {domain}; this is the kind of evidence a conference can rely on.",
    "{domain}: the grade fits the evidence, but the plan needs a date for the first step.",
]
GENERAL_COMMENTS = [
    "Clear and well evidenced overall.",
    "Please make sure the father's view is recorded, even if he declined to take part.",
    "The chronology since the last assessment supports the grades; no change needed there.",
]
AMENDMENTS = [
    "The health visitor was on the last visit but was left out of the visitors; added.",
    "One evidence note was recorded as what the carer said, but it was seen on the visit; its source is corrected.",
]


@dataclass
class ReviewTrail:
    """The rows of supervision the demo writes beside its assessments."""

    signatures: list[Signature] = field(default_factory=list)
    comments: list[ReviewComment] = field(default_factory=list)
    returns: list[ReturnRecord] = field(default_factory=list)


class ReviewRounds:
    def __init__(self, rnd: random.Random, instrument: Instrument, now: datetime,
                 new_id: Callable[[], UUID] = uuid4):
        self._random = rnd
        self._new_id = new_id
        self._instrument = instrument
        self._now = now
        self._latest_seen: Counter[AssessmentStatus] = Counter()
        self._amendable_seen = 0

    def review(self, history: list[Assessment], authors: Mapping[UUID, User],
               supervisor: User) -> tuple[list[Assessment], ReviewTrail]:
        """One child's assessments, oldest first, as they stand after review (an amendment added after the one
        it replaces), and the signatures, comments and returns that got them there."""
        trail = ReviewTrail()
        reviewed: list[Assessment] = []
        created_floor = datetime.min.replace(tzinfo=UTC)
        for index, assessment in enumerate(history):
            latest = index == len(history) - 1
            assessment = self._settle_status(assessment, latest)
            created = max(self._moment(assessment.first_visit_date, time(9, 0)), created_floor + timedelta(minutes=1))
            created_floor = created
            assessment = assessment.model_copy(update={"created_at": created, "updated_at": created})
            author = authors[assessment.created_by]
            assessment = self._through_review(assessment, author, supervisor, trail)
            if latest and assessment.status is AssessmentStatus.COUNTERSIGNED and self._amend_this_one(assessment):
                replaced = assessment.model_copy(update={"status": AssessmentStatus.AMENDED})
                reviewed.append(replaced)
                assessment = self._amendment(assessment, author, supervisor, trail)
            reviewed.append(assessment)
        return reviewed, trail

    # Which state the latest assessment ends in ---------------------------------------------------------------
    def _settle_status(self, assessment: Assessment, latest: bool) -> Assessment:
        status = assessment.status
        if not latest:
            return assessment
        if (status is AssessmentStatus.SUBMITTED and not self._latest_seen[AssessmentStatus.RETURNED]
                and self._latest_seen[AssessmentStatus.SUBMITTED]):
            status = AssessmentStatus.RETURNED
        self._latest_seen[status] += 1
        update: dict[str, object] = {"status": status}
        if status is AssessmentStatus.RETURNED:
            update["analysis"] = SHORT_ANALYSIS  # what the supervisor asked to be expanded
        return assessment.model_copy(update=update)

    def _amend_this_one(self, countersigned: Assessment) -> bool:
        """Only work countersigned a while ago: a correction is found when the record is read again later."""
        if countersigned.updated_at > self._now - timedelta(days=AMEND_AFTER_DAYS):
            return False
        self._amendable_seen += 1
        return self._amendable_seen % AMEND_EVERY == 1

    # Submission, returns and countersigning ------------------------------------------------------------------
    def _through_review(self, assessment: Assessment, author: User, supervisor: User,
                        trail: ReviewTrail) -> Assessment:
        rnd = self._random
        status = assessment.status
        if status is AssessmentStatus.DRAFT:
            return assessment
        returns = {
            AssessmentStatus.SUBMITTED: 1 if rnd.random() < 0.3 else 0,
            AssessmentStatus.RETURNED: 2 if rnd.random() < 0.25 else 1,
            AssessmentStatus.COUNTERSIGNED: 1 if rnd.random() < 0.1 else 0,
        }[status]
        final_hash = assessment_content_hash(assessment)
        earlier_hash = final_hash
        if returns and status is not AssessmentStatus.RETURNED:
            # A submission that was sent back held the short analysis the return asked to be expanded.
            earlier_hash = assessment_content_hash(assessment.model_copy(update={"analysis": SHORT_ANALYSIS}))
        steps: list[tuple[str, float]] = [("submit", rnd.uniform(0, 6))]
        for round_number in range(1, returns + 1):
            steps.append(("return", rnd.uniform(20, 80)))
            if not (status is AssessmentStatus.RETURNED and round_number == returns):
                steps.append(("resubmit", rnd.uniform(30, 120)))
        if status is AssessmentStatus.SUBMITTED and rnd.random() < 0.3:
            steps.append(("comment", rnd.uniform(2, 30)))  # the supervisor has started reading
        if status is AssessmentStatus.COUNTERSIGNED:
            steps.append(("countersign", rnd.uniform(20, 150)))
        moments = self._timeline(assessment.last_visit_date, [gap for _, gap in steps])
        round_number, submitted_at, before = 1, moments[0], moments[0]
        for (step, _), at in zip(steps, moments, strict=True):
            if step in ("submit", "resubmit"):
                submitted_at = at
                content = final_hash if round_number > returns else earlier_hash
                trail.signatures.append(self._signature(assessment, SignatureKind.SUBMITTED_BY, author, at, content))
            elif step == "return":
                trail.comments.extend(self._comments(assessment, supervisor, round_number, between=(before, at)))
                trail.returns.append(ReturnRecord(assessment_id=assessment.id, reasons=rnd.choice(RETURN_REASONS),
                                                  returned_by=supervisor.id, returned_by_name=supervisor.name,
                                                  round=round_number, returned_at=at))
                round_number += 1
            elif step == "comment":
                trail.comments.extend(self._comments(assessment, supervisor, round_number, between=(before, at)))
            else:
                trail.signatures.append(self._signature(assessment, SignatureKind.COUNTERSIGNED_BY, supervisor, at,
                                                        final_hash))
            before = at
        return assessment.model_copy(update={"submitted_at": submitted_at, "updated_at": moments[-1]})

    def _comments(self, assessment: Assessment, supervisor: User, round_number: int,
                  between: tuple[datetime, datetime]) -> list[ReviewComment]:
        """One or two comments on the domains graded worst, and perhaps one on the whole assessment, written in
        the later part of the time ``between`` the step before and this one."""
        rnd = self._random
        graded = [(grade, domain) for domain in self._instrument.domains
                  if (grade := effective_domain_grade(self._instrument, assessment, domain.id)) is not None]
        graded.sort(key=lambda pair: -pair[0])
        texts: list[tuple[str | None, str]] = [
            (domain.id, rnd.choice(DOMAIN_COMMENTS).format(domain=domain.title, grade=grade))
            for grade, domain in graded[:rnd.randint(1, 2)]
        ]
        if rnd.random() < 0.5:
            texts.append((None, rnd.choice(GENERAL_COMMENTS)))
        start, end = between
        return [
            ReviewComment(assessment_id=assessment.id, domain_id=domain_id, text=text, author_id=supervisor.id,
                          author_name=supervisor.name, round=round_number,
                          created_at=(start + (end - start) * (0.6 + 0.1 * i)).replace(microsecond=0))
            for i, (domain_id, text) in enumerate(texts)
        ]

    # Amendments -----------------------------------------------------------------------------------------------
    def _amendment(self, original: Assessment, author: User, supervisor: User, trail: ReviewTrail) -> Assessment:
        """A corrected copy of a countersigned assessment, submitted and countersigned again. Parts stored in
        their own rows get new ids; the reviews of the previous plan and the plan's threads stay as they were."""
        rnd = self._random
        reason = rnd.choice(AMENDMENTS if original.evidence else AMENDMENTS[:1])
        visits = list(original.visits)
        evidence = [note.model_copy(update={"id": uuid4()}) for note in original.evidence]
        if reason == AMENDMENTS[0]:
            last = visits[-1]
            visits[-1] = last.model_copy(update={"visitors": [*last.visitors, "Health visitor (joint visit)"]})
        else:
            evidence[0] = _observed(evidence[0])
        started = original.updated_at + timedelta(days=rnd.randint(3, 20))
        amendment = original.model_copy(update={
            "id": uuid4(),
            "status": AssessmentStatus.COUNTERSIGNED,
            "visits": visits,
            "evidence": evidence,
            "plan": [action.model_copy(update={"id": uuid4()}) for action in original.plan],
            "amends_id": original.id,
            "amendment_reason": reason,
        })
        content = assessment_content_hash(amendment)
        submitted, countersigned = self._timeline_from(started, [rnd.uniform(1, 5), rnd.uniform(4, 48)],
                                                       earliest=original.updated_at)[1:]
        trail.signatures.append(self._signature(amendment, SignatureKind.SUBMITTED_BY, author, submitted, content))
        trail.signatures.append(self._signature(amendment, SignatureKind.COUNTERSIGNED_BY, supervisor, countersigned,
                                                content))
        # Created after the one it replaces (history lists them in that order), before it was submitted.
        created = max(min(started, submitted - timedelta(minutes=30)), original.created_at + timedelta(seconds=1))
        return amendment.model_copy(update={"created_at": created, "submitted_at": submitted,
                                            "updated_at": countersigned})

    # Dates and signatures --------------------------------------------------------------------------------------
    def _signature(self, assessment: Assessment, kind: SignatureKind, who: User, at: datetime,
                   content_hash: str) -> Signature:
        return Signature(id=self._new_id(), assessment_id=assessment.id, kind=kind, user_id=who.id, name=who.name,
                         role=who.role, signed_at=at, content_hash=content_hash)

    def _moment(self, day: date | None, at: time) -> datetime:
        if day is None:
            return self._now
        return min(datetime.combine(day, at, UTC), self._now)

    def _timeline(self, last_visit: date | None, gaps_in_hours: list[float]) -> list[datetime]:
        """One moment per step: the first the day after the last visit, each later one the given hours after the
        one before; squeezed in after midday of the last visit when it would otherwise end after now."""
        start = self._moment(last_visit, time(9, 0)) + timedelta(days=1, minutes=self._random.randint(0, 420))
        return self._timeline_from(start, gaps_in_hours, earliest=self._moment(last_visit, time(12, 0)))[1:]

    def _timeline_from(self, start: datetime, gaps_in_hours: list[float], *, earliest: datetime) -> list[datetime]:
        moments = [start]
        for gap in gaps_in_hours:
            moments.append(moments[-1] + timedelta(hours=gap, minutes=1))
        latest = self._now - timedelta(minutes=5)
        if moments[-1] > latest:
            # Recent work: the same steps in the same order, closer together, never before ``earliest``.
            earliest = min(earliest, latest - timedelta(hours=1))
            scale = (latest - earliest) / (moments[-1] - start)
            moments = [earliest + (moment - start) * scale for moment in moments]
        return [moment.replace(microsecond=0) for moment in moments]


def _observed(note: EvidenceNote) -> EvidenceNote:
    return note.model_copy(update={"source": EvidenceSource.OBSERVED})
