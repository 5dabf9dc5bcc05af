"""An invented caseload for demonstrations, training and benchmarks. Every name and detail is made up.

Each child follows a story across one to eight repeat assessments: improving, stuck, getting worse or mixed.
Households hold siblings who share adults; some have no father or male carer recorded, so the prompt shows.
Each child's chronology has the referral, the plan's meetings and incidents that go with the grades
(``events``), and each plan is reviewed at the next assessment and carried forward or closed (``plans``).
The accounts are ``accounts``: each household belongs to one of two teams, its children are assessed by that
team's practitioners and reviewed by its supervisor (``review``), so the caseload holds assessments in every
state, with their signatures, comments and returns. The story details and the review draw on random generators of
their own, so the names, grades and plans stay what a seed has always given.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from ..domain.assessment import (
    Assessment,
    ContextEntry,
    EvidenceNote,
    HowSeen,
    ItemGrade,
    Visit,
)
from ..domain.clock import utc_now
from ..domain.enums import (
    AssessmentStatus,
    ContextFactor,
    EvidenceSource,
    Involvement,
    PlanType,
    Relationship,
    Sex,
)
from ..domain.instrument import AgeBand, Instrument
from ..domain.people import Adult, Child, ChildAdultLink, Household, LocalIdentifier, Team, User
from ..scoring.age import age_band_for
from ..scoring.flags import concern_domains
from ..scoring.instruments import builtin_instrument, content_hash
from ..storage.bulk import BulkWriter
from ..storage.db import Database
from .bundles import DemoSummary, HouseholdBundle as _Bundle
from .events import ChronologyEvents
from .families import FamilyRecords
from .grading import AdultsAsSeen, DomainSuggestions, SharedParts
from .family_stories import FAMILIES, FamilyStory
from .plans import PlanThreads
from .review import ReviewRounds, ReviewTrail
from .staff import DemoStaff, TeamMembers
from ..services.stored_attention import AttentionKeeper

GIVEN_FEMALE = ["Amara", "Bethan", "Caitlin", "Darcey", "Esme", "Freya", "Gracie", "Hafsa", "Isla", "Jada",
                "Keira", "Lacey", "Maisie", "Nia", "Orla", "Poppy", "Rosie", "Safiya", "Tia", "Zara"]
GIVEN_MALE = ["Alfie", "Bilal", "Callum", "Dexter", "Ellis", "Finley", "Harvey", "Ibrahim", "Jayden", "Kai",
              "Logan", "Mason", "Noah", "Oscar", "Reggie", "Riley", "Tyler", "Zain", "Kofi", "Tomasz"]
FAMILY = ["Ashworth", "Bright", "Carver", "Dunmore", "Ellery", "Fairbrook", "Garside", "Holloway", "Ingram",
          "Jessop", "Kettering", "Lomax", "Marsden", "Nuttall", "Oakes", "Pennock", "Quarry", "Radley",
          "Sowerby", "Thwaite", "Underhill", "Varley", "Whitcombe", "Yardley", "Adeyemi", "Kowalczyk",
          "Begum", "Okonkwo", "Haddad", "Nowicki"]
ETHNICITY = ["White British", "Mixed White and Black Caribbean", "Pakistani", "Black African", "White Other",
             "Bangladeshi", "Mixed White and Asian", "Not stated"]

EVIDENCE_PHRASES = {
    3: ["Seen on one visit but not the next; care varies from day to day.",
        "Carer knows what is needed and manages some of the time.",
        "School reports this is sometimes but not always in place."],
    4: ["Not in place on either announced or unannounced visits.",
        "Carer said it would be sorted but nothing had changed by the next visit.",
        "Health visitor has raised this twice without change."],
    5: ["Not in place at all; carer did not see why it mattered.",
        "Child described going without and being told off for asking.",
        "Police welfare check found the same on an evening call."],
}
CHILD_VOICE = {
    "unborn": "Mother talked about the baby's room and showed the cot she has been given.",
    "under-2": "Observed: the baby settled when held by her grandmother, less so with mother.",
    "2-4": "Said 'I like my nana's house, she makes toast'. Played with the cars for most of the visit.",
    "5-11": "Seen alone in his room. Said he gets himself ready for school and is hungry at home time.",
    "12-plus": "Spoke alone in the car. Says home is 'fine' but she stays out late because it is quiet at friends'.",
}


_SOURCES = list(EvidenceSource)

FAMILIES_FROM = 20
"""A demo of this many children or more includes the hand-written families; a smaller one (tests, benches) is
all invented at random, as it always was."""


class Story(StrEnum):
    IMPROVING = "improving"
    STUCK = "stuck"
    WORSE = "getting worse"
    MIXED = "mixed"
    STEADY = "steady"


class DemoCaseload:
    def __init__(self, db: Database, *, seed: int = 7, today: date | None = None,
                 instrument: Instrument | None = None, assessments_per_child: int | None = None,
                 attention: AttentionKeeper | None = None, batch: int | None = None, cache_kib: int | None = None):
        """``attention`` works out each child's stored attention as it is written (by default the database's
        own keeper, when services have set one); without one it is worked out at the first read. ``batch``:
        assessments per transaction, ``cache_kib`` SQLite's page cache while writing (``BulkWriter``'s defaults
        when ``None``)."""
        self._db = db
        self._writing = {name: value for name, value in (("assessment_batch", batch), ("cache_kib", cache_kib))
                         if value is not None}
        keeper = attention if attention is not None else db.keep_attention
        self._attention = keeper if isinstance(keeper, AttentionKeeper) else None
        self._random = random.Random(seed)
        self._today = today or date.today()
        self._instrument = instrument or builtin_instrument()
        self._hash = content_hash(self._instrument)
        self._domain_of = {item.id: domain.id for domain in self._instrument.domains for item in domain.items}
        self._suggestions = DomainSuggestions(self._instrument)
        self._items_by_band: dict[str, list[tuple[str, str]]] = {}
        self._seen_by_band: dict[str, HowSeen] = {}
        self._parts = SharedParts()
        self._new_id = self._parts.new_id
        self._fixed_count = assessments_per_child
        self._staff = DemoStaff()
        self._households_made = 0
        story_random = random.Random(f"{seed}-story")
        self._story_random = story_random
        self._plans = PlanThreads(story_random, self._instrument, self._new_id)
        self._events = ChronologyEvents(story_random, self._instrument, self._today, self._new_id)
        self._review = ReviewRounds(random.Random(f"{seed}-review"), self._instrument, self._now(), self._new_id)

    @property
    def users(self) -> list[User]:
        """The demo's accounts in the order of ``DEMO_ACCOUNTS``: the first is the practitioner a demo opens as."""
        return self._staff.users

    @property
    def teams(self) -> list[Team]:
        return self._staff.teams

    def write(self, children: int, progress: Callable[[int, int], None] | None = None) -> DemoSummary:
        """``progress(done, children)`` is called as each household is made, and as each batch is stored."""
        summary = DemoSummary(users=len(self._staff.users))
        self._staff.write(self._db)
        told = (lambda: progress(summary.children, children)) if progress else None
        self._write_bundles(self._count(self.bundles(children), summary, told), told)
        return summary

    def _write_bundles(self, bundles: Iterator[_Bundle], stored: Callable[[], None] | None = None) -> None:
        """A few hundred assessments' worth of households per transaction, with their signatures, comments and
        returns."""
        BulkWriter(self._db, **self._writing).write_bundles(bundles)
        if stored is not None:
            stored()

    def _count(self, bundles: Iterator[_Bundle], summary: DemoSummary,
               made: Callable[[], None] | None = None) -> Iterator[_Bundle]:
        for bundle in bundles:
            summary.households += 1
            summary.children += len(bundle.children)
            summary.assessments += len(bundle.assessments)
            summary.events += len(bundle.events)
            summary.statuses.update(assessment.status for assessment, _ in bundle.assessments)
            if made is not None:
                made()
            yield bundle

    def _now(self) -> datetime:
        """The moment the demo's "today" ends at: now when it is today, else five in the afternoon, so that
        nothing is signed in the future."""
        if self._today == date.today():
            return utc_now()
        return datetime.combine(self._today, time(17, 0), UTC)

    def bundles(self, children: int) -> Iterator[_Bundle]:
        """Invented households of one to four children; from ``FAMILIES_FROM`` children on, the last of them are
        the hand-written families (``families``), so the count asked for is the count made."""
        families = FAMILIES if children >= FAMILIES_FROM else []
        random_children = children - sum(len(story.children) for story in families)
        made = 0
        while made < random_children:
            size = min(random_children - made, self._random.choices([1, 2, 3, 4], weights=[40, 35, 18, 7])[0])
            yield self._household(size)
            made += size
        for number, story in enumerate(families):  # the first with the first team, whom a demo opens as
            yield self._family(story, self._staff.teams_members[number % len(self._staff.teams_members)])

    def _family(self, story: FamilyStory, team: TeamMembers) -> _Bundle:
        self._households_made += 1
        practitioner = team.practitioners[0]
        records = FamilyRecords(story, self._instrument, self._hash, self._today, team.team_id, practitioner,
                                lambda: str(self._story_random.randint(100000, 999999)))
        bundle = _Bundle(records.household, list(records.adults.values()), records.children, records.links, [],
                         records.events(practitioner.id))
        for child, history in zip(records.children, records.assessments(), strict=True):
            reviewed, trail = self._review.review(history, self._staff.by_id, team.supervisor)
            bundle.assessments.extend((a, concern_domains(self._instrument, a)) for a in reviewed)
            bundle.add_review(trail)
            if self._attention is not None:
                bundle.attention[child.id] = self._attention.values_for(
                    child.id, [(a, self._instrument) for a in reviewed], child.plan_type, self._today)
        return bundle

    # One household and its children -------------------------------------------------------------------------
    def _household(self, size: int) -> _Bundle:
        rnd = self._random
        family = rnd.choice(FAMILY)
        household = Household(name=f"{family} household", address=f"{rnd.randint(1, 180)} Example Row, Testbury")
        mother = Adult(household_id=household.id, given_name=rnd.choice(GIVEN_FEMALE), family_name=family,
                       sex=Sex.FEMALE, relevant_history=rnd.choice(["", "Was in care herself as a teenager.",
                                                                    "Post-natal depression after first child."]))
        adults = [mother]
        father = None
        if rnd.random() < 0.65:  # a third of households have no father or male carer recorded
            father = Adult(household_id=household.id, given_name=rnd.choice(GIVEN_MALE),
                           family_name=rnd.choice([family, rnd.choice(FAMILY)]), sex=Sex.MALE,
                           relevant_history=rnd.choice(["", "Previous conviction for assault (2019).",
                                                        "Works away Monday to Friday."]))
            adults.append(father)
        if rnd.random() < 0.3:
            adults.append(Adult(household_id=household.id, given_name=rnd.choice(GIVEN_FEMALE), family_name=family,
                                sex=Sex.FEMALE, relevant_history="Maternal grandmother; provides after-school care."))
        plan = rnd.choices(list(PlanType), weights=[10, 30, 30, 30])[0]
        bundle = _Bundle(household, adults, [], [], [], [])
        team = self._staff.teams_members[self._households_made % len(self._staff.teams_members)]
        self._households_made += 1
        shared = self._events.household(domestic_abuse=self._story_random.random() < 0.3)
        for _ in range(size):
            child = self._child(household, family, plan).model_copy(update={"team_id": team.team_id})
            bundle.children.append(child)
            bundle.links.append(ChildAdultLink(child_id=child.id, adult_id=mother.id, relationship=Relationship.MOTHER,
                                               parental_responsibility=True, lives_with_child=True))
            if father is not None:
                bundle.links.append(ChildAdultLink(
                    child_id=child.id, adult_id=father.id,
                    relationship=rnd.choice([Relationship.FATHER, Relationship.FATHER, Relationship.STEPFATHER]),
                    parental_responsibility=rnd.random() < 0.7, lives_with_child=rnd.random() < 0.6))
            for extra in adults[2:]:
                bundle.links.append(ChildAdultLink(child_id=child.id, adult_id=extra.id,
                                                   relationship=Relationship.GRANDPARENT))
            history, trail = self._history(child, adults, bundle.links, team)
            bundle.assessments.extend(history)
            bundle.add_review(trail)
            # An amended assessment lives on in its amendment: the chronology follows the assessments that stand.
            standing = [a for a, _ in history if a.status is not AssessmentStatus.AMENDED]
            bundle.events.extend(self._events.for_child(child, standing, shared, team.practitioners[0].id))
            if self._attention is not None:
                bundle.attention[child.id] = self._attention.values_for(
                    child.id, [(a, self._instrument) for a in standing], child.plan_type, self._today)
        return bundle

    def _child(self, household: Household, family: str, plan: PlanType) -> Child:
        rnd = self._random
        sex = rnd.choice([Sex.FEMALE, Sex.MALE])
        given = rnd.choice(GIVEN_FEMALE if sex is Sex.FEMALE else GIVEN_MALE)
        identifiers = [LocalIdentifier(scheme="LCS", value=str(rnd.randint(100000, 999999)))]
        if rnd.random() < 0.06:
            edd = self._today + timedelta(days=rnd.randint(20, 150))
            return Child(given_name="Baby", family_name=family, expected_date_of_delivery=edd, sex=Sex.NOT_KNOWN,
                         household_id=household.id, plan_type=plan, identifiers=identifiers)
        age_days = rnd.choice([rnd.randint(60, 700), rnd.randint(730, 1800), rnd.randint(1830, 4300),
                               rnd.randint(4400, 6300)])
        return Child(given_name=given, family_name=family, date_of_birth=self._today - timedelta(days=age_days),
                     sex=sex, ethnicity=rnd.choice(ETHNICITY), household_id=household.id, plan_type=plan,
                     identifiers=identifiers)

    # One child's repeat assessments --------------------------------------------------------------------------
    def _history(self, child: Child, adults: list[Adult], links: list[ChildAdultLink],
                 team: TeamMembers) -> tuple[list[tuple[Assessment, list[str]]], ReviewTrail]:
        rnd = self._random
        count = self._fixed_count or rnd.choices(range(1, 9), weights=[18, 18, 16, 14, 12, 10, 7, 5])[0]
        interval = 13 if child.plan_type is PlanType.CHILD_PROTECTION else 20
        born = child.date_of_birth
        if born is None:
            count = 1 if self._fixed_count is None else count
            interval = 2
        first = self._today - timedelta(weeks=interval * (count - 1) + rnd.randint(0, 6))
        if born is not None and first <= born + timedelta(days=21):
            # A young child cannot have a long history: squeeze the visits into their life so far.
            span = max((self._today - born).days - 28, count)
            first = born + timedelta(days=21)
            interval_days = max(span // max(count, 1), 1)
        else:
            interval_days = interval * 7
        story = rnd.choice(list(Story))
        levels = self._levels(story)
        own_links = [link for link in links if link.child_id == child.id]
        figures = AdultsAsSeen(adults, own_links)
        made = []
        for index in range(count):
            visit_day = min(first + timedelta(days=interval_days * index), self._today)
            latest = index == count - 1
            practitioner = team.practitioners[index % len(team.practitioners)]
            made.append(self._assessment(child, figures, visit_day, index, count, levels, latest, practitioner))
        threaded = self._plans.thread([(assessment, unfinished) for assessment, _, unfinished in made])
        concerns = {assessment.id: found for assessment, (_, found, _) in zip(threaded, made, strict=True)}
        reviewed, trail = self._review.review(threaded, self._staff.by_id, team.supervisor)
        # An amendment corrects details, not grades: it has the concerns of the assessment it replaces.
        return [(a, concerns[a.amends_id or a.id]) for a in reviewed], trail

    def _levels(self, story: Story) -> dict[str, tuple[float, float]]:
        """Each domain's care level at the baseline and at the latest assessment (1 good, 5 poor)."""
        rnd = self._random
        levels = {}
        for domain in self._instrument.domains:
            if story is Story.IMPROVING:
                levels[domain.id] = (rnd.uniform(3.2, 4.8), rnd.uniform(1.2, 2.6))
            elif story is Story.STUCK:
                level = rnd.uniform(3.6, 4.8)
                levels[domain.id] = (level, level + rnd.uniform(-0.2, 0.3))
            elif story is Story.WORSE:
                levels[domain.id] = (rnd.uniform(1.5, 2.8), rnd.uniform(3.8, 4.9))
            elif story is Story.MIXED:
                start, end = rnd.uniform(1.5, 4.5), rnd.uniform(1.5, 4.5)
                levels[domain.id] = (start, end)
            else:
                level = rnd.uniform(1.0, 2.4)
                levels[domain.id] = (level, level)
        return levels

    def _assessment(self, child: Child, figures: AdultsAsSeen, visit_day: date,
                    index: int, count: int, levels: dict[str, tuple[float, float]],
                    latest: bool, practitioner: User) -> tuple[Assessment, list[str], bool]:
        """The assessment (its plan comes later, from ``PlanThreads``), its concern domains, and whether it is a
        draft still being written."""
        rnd = self._random
        instrument = self._instrument
        visits = [Visit(id=self._new_id(), date=visit_day - timedelta(days=offset), announced=offset != 0,
                        visitors=[f"{practitioner.name} (social worker)"])
                  for offset in sorted({rnd.randint(8, 16), rnd.randint(2, 6), 0}, reverse=True)]
        band = age_band_for(instrument, date_of_birth=child.date_of_birth,
                            expected_date_of_delivery=child.expected_date_of_delivery, on=visits[0].date)
        status = AssessmentStatus.COUNTERSIGNED
        if latest:
            status = rnd.choices([AssessmentStatus.DRAFT, AssessmentStatus.SUBMITTED, AssessmentStatus.RETURNED,
                                  AssessmentStatus.COUNTERSIGNED], weights=[35, 20, 10, 35])[0]
        progress = index / (count - 1) if count > 1 else 0.0
        grades: dict[str, ItemGrade] = {}
        evidence: list[EvidenceNote] = []
        items = self._band_items(band.id)
        written = utc_now()  # the notes are written with the assessment: one moment for all of them
        unfinished = status is AssessmentStatus.DRAFT and rnd.random() < 0.7
        last = len(items) * 0.6 if unfinished else len(items)
        gauss, item_grade = rnd.gauss, self._parts.item_grade
        for position, (item_id, domain_id) in enumerate(items):
            if position > last:
                break
            start, end = levels[domain_id]
            grade = round(start + (end - start) * progress + gauss(0, 0.55))
            grade = 1 if grade < 1 else 5 if grade > 5 else grade
            grades[item_id] = item_grade(item_id, grade)
            if grade >= 3:
                evidence.append(EvidenceNote(
                    id=self._new_id(), item_id=item_id, source=rnd.choice(_SOURCES),
                    text=rnd.choice(EVIDENCE_PHRASES[grade]), author_id=practitioner.id, created_at=written,
                    updated_at=written))
        assessment = Assessment(
            child_id=child.id,
            instrument_id=instrument.id,
            instrument_version=instrument.version,
            instrument_hash=self._hash,
            age_band=band.id,
            status=status,
            visits=visits,
            how_seen=self._how_seen(band),
            context=self._context_entries(),
            adults=[figures.as_seen(position, rnd.choice(_INVOLVEMENTS)) for position in range(len(figures))],
            item_grades=grades,
            evidence=evidence,
            child_voice="" if unfinished else CHILD_VOICE.get(band.id, CHILD_VOICE["5-11"]),
            carers_views="Mother says things are better since the family support worker started.",
            strengths="Children are warmly greeted; grandmother is a steady presence.",
            analysis="" if unfinished else "Care is patchy in the domains flagged; change has been slow to hold.",
            created_by=practitioner.id,
        )
        domain_grades = {}
        for domain in instrument.domains:
            suggested = self._suggestions.suggested(assessment, domain.id)
            if suggested is None or (unfinished and rnd.random() < 0.5):
                continue
            chosen, reason = suggested, ""
            if suggested >= 3 and rnd.random() < 0.15:
                chosen, reason = suggested - 1, "One poor item is already being addressed by the nursery."
            domain_grades[domain.id] = self._parts.domain_grade(domain.id, chosen, suggested, reason)
        concerns = self._suggestions.concern_domains(assessment, domain_grades)
        assessment = assessment.model_copy(update={"domain_grades": domain_grades})
        return assessment, concerns, unfinished

    def _context_entries(self) -> list[ContextEntry]:
        rnd = self._random
        return [entry for entry in _CONTEXT if rnd.random() < 0.25]

    def _band_items(self, band_id: str) -> list[tuple[str, str]]:
        """The band's items (``DomainSuggestions.items_for``) as (item id, domain id), in instrument order."""
        found = self._items_by_band.get(band_id)
        if found is None:
            found = self._items_by_band[band_id] = [(item.id, self._domain_of[item.id])
                                                    for item in self._suggestions.items_for(band_id)]
        return found

    def _how_seen(self, band: AgeBand) -> HowSeen:
        """One object per age band, shared by the assessments of that band (never changed in place)."""
        found = self._seen_by_band.get(band.id)
        if found is None:
            found = self._seen_by_band[band.id] = HowSeen(
                child_seen=not band.is_unborn, child_seen_alone=band.id in ("5-11", "12-plus"),
                rooms_seen=["kitchen", "living room", "child's bedroom"], present=["Mother"])
        return found


_INVOLVEMENTS = list(Involvement)[:3]
_CONTEXT = [ContextEntry(factor=factor, note="Reported by the referrer; discussed with mother.")
            for factor in (ContextFactor.DOMESTIC_ABUSE, ContextFactor.PARENTAL_SUBSTANCE_MISUSE,
                           ContextFactor.PARENTAL_MENTAL_ILL_HEALTH)]
"""The context entries an assessment may have, shared as the grades are (never changed in place)."""

