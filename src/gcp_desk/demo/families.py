"""The hand-written demo families (``family_stories``) as records: a household, its adults recorded once and linked
to each child with that child's relationship, and for each child a countersigned assessment about fourteen weeks
ago and a draft now, the siblings assessed together on the same visits. The home item and how the home was seen
are entered once (for the eldest) and shown unconfirmed for the others; one plan action is shared by the family,
reviewed at the draft with an outcome for each child and carried forward; each child also has an action of their
own."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from uuid import UUID, uuid4

from ..domain.assessment import (
    ActionReview,
    Assessment,
    AssessmentAdult,
    ContextEntry,
    DomainGrade,
    EvidenceNote,
    HowSeen,
    ItemGrade,
    PlanAction,
    SharedFact,
    Visit,
)
from ..domain.enums import (
    ActionOutcome,
    AssessmentStatus,
    EventKind,
    PlanType,
    SharedFactKind,
)
from ..domain.events import SignificantEvent
from ..domain.instrument import Instrument
from ..domain.people import Adult, Child, ChildAdultLink, Household, LocalIdentifier, User
from ..scoring.age import age_band_for
from ..scoring.suggest import suggest_domain_grade
from .family_stories import ChildStory, FamilyStory

HOME_ITEM = "home-conditions"
WEEKS_BEFORE = 14


class FamilyRecords:
    """One family's records, made for ``today`` by ``practitioner`` (``instrument`` with its ``hash``)."""

    def __init__(self, story: FamilyStory, instrument: Instrument, instrument_hash: str, today: date,
                 team_id: UUID, practitioner: User, identifier: Callable[[], str]):
        self.story = story
        self._instrument = instrument
        self._hash = instrument_hash
        self._today = today
        self._practitioner = practitioner
        self.household = Household(name=story.name, address=story.address)
        self.adults = {a.key: Adult(household_id=self.household.id, given_name=a.given, family_name=a.family,
                                    sex=a.sex, relevant_history=a.history, known_to_services=a.known_to_services)
                       for a in story.adults}
        family = story.adults[0].family
        self.children = [Child(given_name=c.given, family_name=family, sex=c.sex,
                                date_of_birth=today - timedelta(days=c.age_days), household_id=self.household.id,
                                plan_type=PlanType.CHILD_IN_NEED, team_id=team_id,
                                identifiers=[LocalIdentifier(scheme="LCS", value=identifier())])
                         for c in story.children]
        self.links = [ChildAdultLink(child_id=child.id, adult_id=self.adults[link.adult].id,
                                     relationship=link.relationship,
                                     parental_responsibility=link.parental_responsibility,
                                     lives_with_child=link.lives_with_child)
                      for child, c in zip(self.children, story.children, strict=True) for link in c.links]

    def assessments(self) -> list[list[Assessment]]:
        """For each child, oldest first: the countersigned assessment and the draft now."""
        then = self._today - timedelta(weeks=WEEKS_BEFORE)
        visits_then = [Visit(date=then - timedelta(days=9), visitors=[self._visitor()]),
                       Visit(date=then, announced=False, visitors=[self._visitor()])]
        visits_now = [Visit(date=self._today - timedelta(days=8), visitors=[self._visitor()]),
                      Visit(date=self._today - timedelta(days=1), announced=False, visitors=[self._visitor()])]
        family_then, family_now = uuid4(), uuid4()
        made = []
        first_now: Assessment | None = None
        for position, (child, story) in enumerate(zip(self.children, self.story.children, strict=True)):
            before = self._assessment(child, story, visits_then, latest=False)
            shared_then = self._shared_action(family_then, self._today - timedelta(weeks=2))
            before = before.model_copy(update={"plan": [shared_then]})
            now = self._assessment(child, story, visits_now, latest=True)
            shared_now = self._shared_action(family_now, self._today + timedelta(weeks=6)).model_copy(
                update={"carried_from_id": shared_then.id})
            domain, what, who, target = story.own_action
            own = PlanAction(domain_id=domain, what_will_change=what, who=who, by_when=self._today + timedelta(
                weeks=8), target_grade=target)
            review = ActionReview(action_id=shared_then.id, outcome=ActionOutcome.NOT_MET,
                                  note=self.story.shared_review, carried_forward=True)
            update: dict = {"plan": [shared_now, own], "action_reviews": [review]}
            if position == 0:
                first_now = now
            else:
                update["shared_facts"] = self._shared_facts(first_now, now)
            made.append([before, now.model_copy(update=update)])
        return made

    def events(self, recorded_by: UUID) -> list[SignificantEvent]:
        source, words = self.story.referral
        referred = self._today - timedelta(weeks=WEEKS_BEFORE + 3)
        found = []
        for child in self.children:
            found.append(SignificantEvent(child_id=child.id, date=referred, kind=EventKind.REFERRAL,
                                          what_happened=words, source_agency=source, recorded_by=recorded_by))
            found += [SignificantEvent(child_id=child.id, date=self._today - timedelta(days=days),
                                       kind=EventKind.INCIDENT, what_happened=what, source_agency=agency,
                                       recorded_by=recorded_by)
                      for days, agency, what in self.story.events]
        return found

    # One assessment ------------------------------------------------------------------------------------------
    def _assessment(self, child: Child, story: ChildStory, visits: list[Visit], *, latest: bool) -> Assessment:
        instrument = self._instrument
        band = age_band_for(instrument, date_of_birth=child.date_of_birth, expected_date_of_delivery=None,
                            on=visits[0].date)
        grades, evidence = {}, []
        for domain in instrument.domains:
            for item in instrument.items_for(domain.id, band.id):
                grade, source, words = story.grades.get(item.id, (2, None, ""))
                if not latest and grade >= 3 and item.id != HOME_ITEM:
                    grade -= 1  # a little better fourteen weeks ago: the drift the plan has not turned
                grades[item.id] = ItemGrade(item_id=item.id, grade=grade)
                if source is not None:
                    evidence.append(EvidenceNote(item_id=item.id, source=source, text=words,
                                                 author_id=self._practitioner.id))
        adults = [AssessmentAdult(adult_id=self.adults[link.adult].id, name=self.adults[link.adult].full_name,
                                  relationship=link.relationship, involvement=link.involvement[1 if latest else 0],
                                  known_to_services=self.adults[link.adult].known_to_services)
                  for link in story.links if latest or not link.new]
        assessment = Assessment(
            child_id=child.id, instrument_id=instrument.id, instrument_version=instrument.version,
            instrument_hash=self._hash, age_band=band.id,
            status=AssessmentStatus.DRAFT if latest else AssessmentStatus.COUNTERSIGNED,
            visits=visits,
            how_seen=HowSeen(child_seen=True, child_seen_alone=story.seen_alone, rooms_seen=self.story.rooms,
                             present=self.story.present),
            context=[ContextEntry(factor=factor, note=note) for factor, note in self.story.context],
            adults=adults, item_grades=grades, evidence=evidence, child_voice=story.voice,
            carers_views=self.story.carers_views, strengths=self.story.strengths,
            analysis=self.story.analysis if not latest else "",
            created_by=self._practitioner.id,
        )
        domain_grades = {}
        for domain in instrument.domains:
            suggestion = suggest_domain_grade(instrument, assessment, domain.id)
            if suggestion is not None:
                domain_grades[domain.id] = DomainGrade(domain_id=domain.id, chosen=suggestion.grade,
                                                       suggested=suggestion.grade)
        return assessment.model_copy(update={"domain_grades": domain_grades})

    def _shared_action(self, family_id: UUID, by_when: date) -> PlanAction:
        domain, what, who, agency, target = self.story.shared_action
        return PlanAction(domain_id=domain, what_will_change=what, who=who, agency=agency, by_when=by_when,
                          target_grade=target, family_id=family_id)

    @staticmethod
    def _shared_facts(source: Assessment, sibling: Assessment) -> list[SharedFact]:
        """What came from the eldest's assessment and waits to be confirmed for this child: the home item and how
        the home was seen (the visits were started together, so they are each child's own)."""
        facts = [SharedFact(kind=SharedFactKind.HOME_SEEN, from_assessment_id=source.id)]
        if HOME_ITEM in sibling.item_grades:
            facts.append(SharedFact(kind=SharedFactKind.HOME_ITEM, key=HOME_ITEM, from_assessment_id=source.id))
        return facts

    def _visitor(self) -> str:
        return f"{self._practitioner.name} (social worker)"
