"""Invented instruments and assessments for the scoring tests, built in code so they do not depend on any file.

Two instruments of different shapes:
- ``family_profile()``: six domains and five bands from unborn to 12 and over, with items that apply only to some
  bands (antenatal care only before birth, school attendance only from 5, online safety only from 12), and a
  version "2" (``family_profile_v2()``) that drops "money-for-essentials" and adds "heating-and-repair".
- ``school_years_profile()``: three domains, no unborn band, two bands from 4 years up to 19.
All wording is invented for tests.
"""

from __future__ import annotations

from datetime import date, timedelta
from uuid import uuid4

from gcp_desk.domain.assessment import (
    Assessment,
    AssessmentAdult,
    ContextEntry,
    DomainGrade,
    EvidenceNote,
    HowSeen,
    ItemGrade,
    PlanAction,
    Visit,
)
from gcp_desk.domain.enums import ContextFactor, EvidenceSource, Involvement, Relationship
from gcp_desk.domain.instrument import ALL_BANDS, AgeBand, Domain, Instrument, Item, ScaleLevel

UNBORN, UNDER_2, TWO_TO_4, FIVE_TO_11, TWELVE_PLUS = "unborn", "under-2", "2-to-4", "5-to-11", "12-plus"
PRIMARY, SECONDARY = "primary", "secondary"
BORN = [UNDER_2, TWO_TO_4, FIVE_TO_11, TWELVE_PLUS]

ItemSpec = tuple[str, str, list[str] | None]
"""(id, title, bands or None for every band after birth)."""
DomainSpec = tuple[str, str, list[ItemSpec]]

SCALE = [
    ScaleLevel(grade=1, label="All needs met", meaning="Test meaning one."),
    ScaleLevel(grade=2, label="Needs met", meaning="Test meaning two."),
    ScaleLevel(grade=3, label="Some needs unmet", meaning="Test meaning three."),
    ScaleLevel(grade=4, label="Most needs unmet", meaning="Test meaning four."),
    ScaleLevel(grade=5, label="Needs not met", meaning="Test meaning five."),
]

FAMILY_BANDS = [
    AgeBand(id=UNBORN, label="Before birth"),
    AgeBand(id=UNDER_2, label="Under 2", min_months=0, max_months=24),
    AgeBand(id=TWO_TO_4, label="2 to 4", min_months=24, max_months=60),
    AgeBand(id=FIVE_TO_11, label="5 to 11", min_months=60, max_months=144),
    AgeBand(id=TWELVE_PLUS, label="12 and over", min_months=144),
]

FAMILY_DOMAINS: list[DomainSpec] = [
    ("physical-care", "Physical care", [
        ("clothing", "Clothing", None),
        ("hygiene", "Hygiene", None),
        ("safe-sleep", "Safe sleep", [UNBORN, UNDER_2, TWO_TO_4]),
        ("home-conditions", "Home conditions", None),
        ("money-for-essentials", "Money for essentials", None),
    ]),
    ("nutritional-care", "Nutritional care", [
        ("food-supply", "Food supply", None),
        ("meal-routine", "Meal routine", None),
        ("infant-feeding", "Infant feeding", [UNDER_2]),
        ("growth", "Growth", None),
    ]),
    ("medical-care", "Medical and dental care", [
        ("illness-noticed", "Illness noticed", None),
        ("appointments-kept", "Appointments kept", None),
        ("dental-care", "Dental care", [TWO_TO_4, FIVE_TO_11, TWELVE_PLUS]),
        ("antenatal-care", "Antenatal care", [UNBORN]),
    ]),
    ("emotional-care", "Emotional care", [
        ("warmth", "Warmth", None),
        ("carer-attitude", "Carer's attitude", None),
        ("self-esteem", "Self-esteem", [FIVE_TO_11, TWELVE_PLUS]),
    ]),
    ("education-stimulation", "Educational care and stimulation", [
        ("play-and-talk", "Play and talk", [UNDER_2, TWO_TO_4]),
        ("school-attendance", "School attendance", [FIVE_TO_11, TWELVE_PLUS]),
        ("interest-in-learning", "Interest in learning", None),
    ]),
    ("supervision-guidance", "Supervision and guidance", [
        ("safety-at-home", "Safety at home", None),
        ("supervision-for-age", "Supervision for age", None),
        ("boundaries", "Boundaries", [TWO_TO_4, FIVE_TO_11, TWELVE_PLUS]),
        ("online-safety", "Online safety", [TWELVE_PLUS]),
        ("home-ready-for-baby", "Home ready for the baby", [UNBORN]),
    ]),
]

SCHOOL_DOMAINS: list[DomainSpec] = [
    ("basic-care", "Basic care", [
        ("meals", "Meals", None),
        ("clean-clothes", "Clean clothes", None),
    ]),
    ("safety", "Safety", [
        ("road-safety", "Road safety", [PRIMARY]),
        ("online-safety", "Online safety", [SECONDARY]),
        ("adult-at-home", "An adult at home", None),
    ]),
    ("learning", "Learning", [
        ("attendance", "Attendance", None),
    ]),
]


def make_item(item_id: str, title: str, bands: list[str] | None = None) -> Item:
    return Item(
        id=item_id,
        title=title,
        bands=bands,
        descriptors={ALL_BANDS: {grade: f"Invented test wording for {title}, grade {grade}." for grade in range(1, 6)}},
    )


def make_instrument(
    domains: list[DomainSpec],
    *,
    bands: list[AgeBand] | None = None,
    instrument_id: str = "test-profile",
    version: str = "1",
    title: str = "Test profile",
) -> Instrument:
    return Instrument(
        id=instrument_id,
        version=version,
        title=title,
        attribution="Invented for tests.",
        licence="Test use only.",
        scale=SCALE,
        age_bands=FAMILY_BANDS if bands is None else bands,
        domains=[
            Domain(id=domain_id, title=domain_title, items=[make_item(*spec) for spec in items])
            for domain_id, domain_title, items in domains
        ],
    )


def family_profile() -> Instrument:
    return make_instrument(FAMILY_DOMAINS, instrument_id="family-profile", title="Family test profile")


def family_profile_v2() -> Instrument:
    """Drops "money-for-essentials" from physical care and adds "heating-and-repair" to it."""
    domains = [
        (
            domain_id,
            title,
            [spec for spec in items if spec[0] != "money-for-essentials"]
            + ([("heating-and-repair", "Heating and repair", None)] if domain_id == "physical-care" else []),
        )
        for domain_id, title, items in FAMILY_DOMAINS
    ]
    return make_instrument(domains, instrument_id="family-profile", version="2", title="Family test profile")


def school_years_profile() -> Instrument:
    bands = [
        AgeBand(id=PRIMARY, label="Primary school", min_months=48, max_months=132),
        AgeBand(id=SECONDARY, label="Secondary school", min_months=132, max_months=228),
    ]
    return make_instrument(SCHOOL_DOMAINS, bands=bands, instrument_id="school-years", title="School years profile")


def single_domain_instrument(item_ids: list[str]) -> Instrument:
    """One domain, "care", whose items are the given ids (titled from them), in the given order."""
    items = [(item_id, item_id.replace("-", " ").capitalize(), None) for item_id in item_ids]
    return make_instrument([("care", "Care", items)])


def item_grade(item_id: str, grade: int | str) -> ItemGrade:
    """A grade, or with a string, "not assessed" for that reason."""
    if isinstance(grade, str):
        return ItemGrade(item_id=item_id, not_assessed_reason=grade)
    return ItemGrade(item_id=item_id, grade=grade)


def assessment_of(
    instrument: Instrument,
    band_id: str | None,
    *,
    grades: dict[str, int | str] | None = None,
    domain_grades: dict[str, int] | None = None,
    visits: list[date] | None = None,
) -> Assessment:
    """A bare assessment: only what the arguments say, so a test shows what it depends on."""
    return Assessment(
        child_id=uuid4(),
        instrument_id=instrument.id,
        instrument_version=instrument.version,
        instrument_hash="0" * 64,
        age_band=band_id,
        visits=[Visit(date=on) for on in (visits or [])],
        item_grades={item_id: item_grade(item_id, grade) for item_id, grade in (grades or {}).items()},
        domain_grades={
            domain_id: DomainGrade(domain_id=domain_id, chosen=chosen)
            for domain_id, chosen in (domain_grades or {}).items()
        },
    )


def complete_assessment(instrument: Instrument, band_id: str, *, grade: int = 3) -> Assessment:
    """An assessment with nothing missing: every applicable item graded ``grade`` with evidence, every domain
    graded as suggested, the child seen, their voice, an adult, confirmed context, carers' views and an analysis."""
    items = instrument.applicable_item_ids(band_id)
    domains_with_items = [domain.id for domain in instrument.domains if instrument.items_for(domain.id, band_id)]
    assessment = assessment_of(
        instrument,
        band_id,
        grades={item_id: grade for item_id in items},
        visits=[date(2026, 3, 2), date(2026, 3, 9)],
    )
    return assessment.model_copy(update={
        "how_seen": HowSeen(child_seen=True, child_seen_alone=True, rooms_seen=["kitchen", "bedroom"]),
        "evidence": [
            EvidenceNote(item_id=item_id, source=EvidenceSource.OBSERVED, text=f"Seen on the visit: {item_id}.")
            for item_id in items
        ],
        "domain_grades": {
            domain_id: DomainGrade(domain_id=domain_id, chosen=grade, suggested=grade)
            for domain_id in domains_with_items
        },
        "child_voice": "Said she likes her room and her cat; was relaxed with her mother.",
        "adults": [AssessmentAdult(
            adult_id=uuid4(), name="Dana Test", relationship=Relationship.MOTHER,
            involvement=Involvement.SEEN_AND_SPOKEN_WITH,
        )],
        "context": [ContextEntry(factor=ContextFactor.PARENTAL_MENTAL_ILL_HEALTH, note="Low mood, treated by GP.")],
        "carers_views": "Mother says things are better since she started work.",
        "analysis": "Care is inconsistent; the home is the main worry.",
    })


def dated_assessment(instrument: Instrument, on: date, domain_grades: dict[str, int]) -> Assessment:
    """An assessment of the 5-to-11 band visited on one day, with chosen domain grades only (for drift)."""
    return assessment_of(instrument, FIVE_TO_11, domain_grades=domain_grades, visits=[on])


def history_of(
    instrument: Instrument, start: date, weeks_apart: int, grades: list[int], domain_id: str = "emotional-care"
) -> list[tuple[Assessment, Instrument]]:
    """One domain's grades over assessments ``weeks_apart`` weeks apart, oldest first."""
    return [
        (dated_assessment(instrument, start + timedelta(weeks=weeks_apart * index), {domain_id: grade}), instrument)
        for index, grade in enumerate(grades)
    ]


def plan_action(
    domain_id: str, target_grade: int, by_when: date, *, who: str = "Sam Test, health visitor"
) -> PlanAction:
    """One outcome-plan action with invented wording."""
    return PlanAction(
        domain_id=domain_id,
        what_will_change=f"Invented change for {domain_id}.",
        who=who,
        agency="Test agency",
        by_when=by_when,
        target_grade=target_grade,
    )


def with_plan(assessment: Assessment, *actions: PlanAction) -> Assessment:
    return assessment.model_copy(update={"plan": list(actions)})
