"""The demo's significant events: how each child came to notice, the meetings of their plan, and the incidents that
go with the care their assessments found, so a chronology reads as a story. All wording is invented.

Incidents follow the grades: a child whose medical care is graded 4 or 5 misses appointments ("was not brought"),
poor supervision brings police call-outs and hospital visits, and so on. Call-outs to a domestic incident and house
moves happen to a household, so they appear on every child of it.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from uuid import UUID, uuid4

from ..domain.assessment import Assessment
from ..domain.enums import EventKind, PlanType
from ..domain.events import SignificantEvent
from ..domain.instrument import Instrument
from ..domain.people import Child
from ..scoring.flags import is_concern
from ..scoring.suggest import effective_domain_grade

Happening = tuple[date, EventKind, str, str]
"""(date, kind, what happened, source agency)."""

REFERRALS = [
    ("School", "School referred: often arrives hungry and in the same clothes; seems tired."),
    ("Health visitor", "Health visitor referred: home conditions poor; baby's weight falling."),
    ("Police", "Police referred after a welfare check found the children alone in the evening."),
    ("GP", "GP referred: several missed appointments and an untreated skin infection."),
    ("Nursery", "Nursery referred: frequent absence and nappy rash not treated."),
    ("Anonymous (neighbour)", "Neighbour rang: children heard crying for long periods, often out late."),
]
PRE_BIRTH = ("Midwifery", "Pre-birth referral from the midwife: late booking and missed scans.")
INCIDENTS = {
    "medical": [(EventKind.WAS_NOT_BROUGHT, "Dental practice", "Not brought to the dental appointment."),
                (EventKind.WAS_NOT_BROUGHT, "Health visiting", "Not brought to the developmental review."),
                (EventKind.WAS_NOT_BROUGHT, "Hospital outpatients", "Not brought to the hearing clinic.")],
    "supervision": [(EventKind.POLICE_CALL_OUT, "Police", "Found alone in the park after dark by police."),
                    (EventKind.HOSPITAL_ATTENDANCE, "Hospital (emergency department)",
                     "A&E: swallowed tablets left within reach; discharged the same day.")],
    "educational": [(EventKind.SCHOOL_CONCERN, "School", "Attendance below 80 per cent this term; often late.")],
    "nutritional": [(EventKind.SCHOOL_CONCERN, "School", "Arrives hungry and asks staff for food."),
                    (EventKind.INCIDENT, "Health visitor", "Weight has dropped across two centile lines.")],
    "physical": [(EventKind.SCHOOL_CONCERN, "School", "Came in without a coat in the cold; clothes unwashed."),
                 (EventKind.INCIDENT, "Housing", "Housing officer found damp and no working heating.")],
    "emotional": [(EventKind.SCHOOL_CONCERN, "School", "Withdrawn in class; said nobody at home listens.")],
}
PLAN_STARTS = {
    PlanType.CHILD_PROTECTION: "Initial child protection conference: a plan under the category of neglect.",
    PlanType.CHILD_IN_NEED: "Child in need plan agreed at a multi-agency meeting.",
    PlanType.EARLY_HELP: "Early help plan agreed with the family.",
}
REVIEW_CONFERENCE = "Review child protection conference: the plan continues."


class ChronologyEvents:
    def __init__(self, rnd: random.Random, instrument: Instrument, today: date,
                 new_id: Callable[[], UUID] = uuid4):
        self._random = rnd
        self._new_id = new_id
        self._instrument = instrument
        self._today = today

    def household(self, domestic_abuse: bool) -> list[Happening]:
        """What happens to the whole household in the last year."""
        rnd = self._random
        found: list[Happening] = []
        if domestic_abuse:
            for _ in range(rnd.randint(1, 3)):
                found.append((self._today - timedelta(days=rnd.randint(5, 360)), EventKind.POLICE_CALL_OUT,
                              "Police called to a domestic incident at home; the children were present.", "Police"))
        if rnd.random() < 0.2:
            found.append((self._today - timedelta(days=rnd.randint(5, 360)), EventKind.HOUSE_MOVE,
                          "Family moved to temporary accommodation after rent arrears.", "Housing"))
        return found

    def for_child(self, child: Child, assessments: list[Assessment], shared: list[Happening],
                  recorded_by: UUID) -> list[SignificantEvent]:
        rnd = self._random
        first_visit = min((a.first_visit_date for a in assessments if a.first_visit_date), default=self._today)
        referral_day = first_visit - timedelta(days=rnd.randint(14, 42))
        source, words = PRE_BIRTH if child.date_of_birth is None or referral_day < child.date_of_birth \
            else rnd.choice(REFERRALS)
        happenings: list[Happening] = [(referral_day, EventKind.REFERRAL, words, source)]
        happenings += self._plan_meetings(child.plan_type, referral_day)
        happenings += self._incidents(assessments, referral_day)
        born = child.date_of_birth or (child.expected_date_of_delivery or self._today) - timedelta(weeks=40)
        happenings += [happening for happening in shared if happening[0] >= born]
        return [
            SignificantEvent(id=self._new_id(), child_id=child.id, date=min(on, self._today), kind=kind,
                             what_happened=what, source_agency=agency, recorded_by=recorded_by)
            for on, kind, what, agency in happenings
        ]

    def _plan_meetings(self, plan_type: PlanType, referral_day: date) -> list[Happening]:
        if plan_type is PlanType.NONE:
            return []
        found: list[Happening] = []
        start = referral_day + timedelta(days=self._random.randint(10, 20))
        if plan_type is PlanType.CHILD_PROTECTION:
            found.append((referral_day + timedelta(days=2), EventKind.STRATEGY_MEETING,
                          "Strategy meeting: agreed to make child protection enquiries.", "Children's social care"))
            found.append((start, EventKind.CONFERENCE, PLAN_STARTS[plan_type], "Children's social care"))
            review = start + timedelta(weeks=13)
            while review <= self._today:
                found.append((review, EventKind.CONFERENCE, REVIEW_CONFERENCE, "Children's social care"))
                review += timedelta(weeks=26)
        else:
            found.append((start, EventKind.PLAN_CHANGE, PLAN_STARTS[plan_type], "Children's social care"))
        return found

    def _incidents(self, assessments: list[Assessment], referral_day: date) -> list[Happening]:
        """Between each assessment and the one before it (the first: since the referral), some incidents in the
        domains it graded 4 or 5."""
        rnd = self._random
        found: list[Happening] = []
        previous_day = referral_day
        for assessment in assessments:
            day = assessment.last_visit_date
            if day is None:
                continue
            for domain in self._instrument.domains:
                grade = effective_domain_grade(self._instrument, assessment, domain.id)
                if is_concern(grade) and domain.id in INCIDENTS and rnd.random() < 0.45:
                    kind, agency, what = rnd.choice(INCIDENTS[domain.id])
                    span = max((day - previous_day).days, 1)
                    found.append((previous_day + timedelta(days=rnd.randint(0, span)), kind, what, agency))
            previous_day = day
        return found
