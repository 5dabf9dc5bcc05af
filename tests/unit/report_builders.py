"""Invented children and assessments for the report tests and the sample pages in docs/reports. All made up.

``sample_report_data()`` builds one child (Maisie Ashworth, 4 years old) with a history of three assessments graded
with the built-in instrument, so the report has a chart, a comparison, evidence of every source and a plan.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
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
from gcp_desk.domain.canonical import sha256_hex
from gcp_desk.domain.enums import (
    AssessmentStatus,
    ContextFactor,
    EvidenceSource,
    Involvement,
    PlanType,
    Relationship,
    Role,
    Sex,
)
from gcp_desk.domain.instrument import Instrument
from gcp_desk.domain.people import (
    Adult,
    Child,
    ChildAdultLink,
    ChildRecord,
    Household,
    LocalIdentifier,
    SignificantAdult,
)
from gcp_desk.domain.review import ReturnRecord, ReviewComment, Signature, SignatureKind
from gcp_desk.reports.report_data import ReportData
from gcp_desk.scoring.instruments import builtin_instrument, content_hash
from gcp_desk.scoring.suggest import suggest_domain_grade

PRACTITIONER_ID = uuid4()
SUPERVISOR_ID = uuid4()
SOURCES = list(EvidenceSource)

# Domain -> (grade at the baseline, grade now); each item of the domain varies a little around it.
BASELINE = {"physical": 4, "nutritional": 4, "medical": 3, "emotional": 2, "educational": 2, "supervision": 5}
NOW = {"physical": 2, "nutritional": 4, "medical": 3, "emotional": 1, "educational": 4, "supervision": 4}

EVIDENCE_TEXT = {
    1: "Warm, easy play between Maisie and her mother on both visits.",
    2: "Mostly in place; a small lapse on one visit was put right the same day.",
    3: "In place on the announced visit but not on the unannounced one.",
    4: "Not in place on any visit; mother said she would sort it and nothing changed.",
    5: "Nursery staff report Maisie arrives hungry most mornings and eats quickly.",
}


def household() -> tuple[Household, Adult, Adult, Adult]:
    home = Household(name="Ashworth household", address="12 Example Row, Testbury")
    mother = Adult(household_id=home.id, given_name="Lacey", family_name="Ashworth", sex=Sex.FEMALE,
                   relevant_history="Post-natal depression after her first child; in care herself as a teenager.")
    father = Adult(household_id=home.id, given_name="Kofi", family_name="Mensah", sex=Sex.MALE,
                   relevant_history="Works away Monday to Friday.")
    grandmother = Adult(household_id=home.id, given_name="Orla", family_name="Ashworth", sex=Sex.FEMALE,
                        relevant_history="Maternal grandmother; collects Maisie from nursery twice a week.")
    return home, mother, father, grandmother


def child_record(*, with_father: bool = True, given_name: str = "Maisie") -> ChildRecord:
    home, mother, father, grandmother = household()
    child = Child(given_name=given_name, family_name="Ashworth", date_of_birth=date(2021, 11, 14), sex=Sex.FEMALE,
                  ethnicity="Mixed White and Black African", household_id=home.id,
                  plan_type=PlanType.CHILD_PROTECTION, identifiers=[LocalIdentifier(scheme="LCS", value="448812")])
    links = [(mother, Relationship.MOTHER, True, True), (grandmother, Relationship.GRANDPARENT, False, False)]
    if with_father:
        links.insert(1, (father, Relationship.FATHER, True, False))
    adults = [
        SignificantAdult(adult=adult, link=ChildAdultLink(child_id=child.id, adult_id=adult.id, relationship=rel,
                                                          parental_responsibility=pr, lives_with_child=lives))
        for adult, rel, pr, lives in links
    ]
    return ChildRecord(child=child, household=home, adults=adults)


def graded_assessment(record: ChildRecord, instrument: Instrument, *, last_visit: date, levels: dict[str, int],
                      status: AssessmentStatus = AssessmentStatus.COUNTERSIGNED) -> Assessment:
    """Every applicable item graded around its domain's level, with evidence from rotating sources."""
    band = "2-4"
    visits = [
        Visit(date=last_visit - timedelta(days=14), announced=True, visitors=["Sam Whitfield (social worker)"]),
        Visit(date=last_visit - timedelta(days=6), announced=False,
              visitors=["Sam Whitfield (social worker)", "Priya Chandran (health visitor)"],
              note="Evening visit; Maisie was in bed."),
        Visit(date=last_visit, announced=True, visitors=["Sam Whitfield (social worker)"]),
    ]
    grades: dict[str, ItemGrade] = {}
    evidence: list[EvidenceNote] = []
    count = 0
    for domain in instrument.domains:
        for position, item in enumerate(instrument.items_for(domain.id, band)):
            if item.id == "additional-needs":
                grades[item.id] = ItemGrade(item_id=item.id, not_assessed_reason="No additional needs identified.")
                continue
            grade = max(1, min(5, levels[domain.id] - (position % 2)))
            grades[item.id] = ItemGrade(item_id=item.id, grade=grade)
            evidence.append(EvidenceNote(item_id=item.id, source=SOURCES[count % len(SOURCES)],
                                         text=EVIDENCE_TEXT[grade], author_id=PRACTITIONER_ID))
            count += 1
    adults = [AssessmentAdult(adult_id=adult.adult.id, name=adult.adult.full_name,
                              relationship=adult.link.relationship,
                              involvement=[Involvement.SEEN_AND_SPOKEN_WITH, Involvement.SPOKEN_WITH_NOT_SEEN,
                                           Involvement.INVITED_DID_NOT_TAKE_PART][index % 3])
              for index, adult in enumerate(record.adults)]
    assessment = Assessment(
        child_id=record.child.id,
        instrument_id=instrument.id,
        instrument_version=instrument.version,
        instrument_hash=content_hash(instrument),
        age_band=band,
        status=status,
        visits=visits,
        how_seen=HowSeen(child_seen=True, child_seen_alone=False, rooms_seen=["kitchen", "living room",
                                                                            "Maisie's bedroom", "bathroom"],
                         present=["Lacey Ashworth (mother)"], note="Maisie was too young to be seen alone; "
                                                                   "she was seen playing with the visitor."),
        context=[ContextEntry(factor=ContextFactor.PARENTAL_MENTAL_ILL_HEALTH,
                              note="Mother has low mood; GP reviewing medication."),
                 ContextEntry(factor=ContextFactor.DOMESTIC_ABUSE, note="Police call-out in 2024; none since.",
                              confirmed=False)],
        adults=adults,
        item_grades=grades,
        evidence=evidence,
        child_voice="Maisie showed me her drawings and said \"Nana makes toast\". She went to her mother for "
                    "comfort when she bumped her knee.",
        carers_views="Lacey says things are better since the family support worker started, but money is tight.",
        strengths="Maisie is warmly greeted and clearly loved. Her grandmother is a steady presence.",
        analysis="Physical care has improved. Food remains a worry: nursery continue to see hunger in the "
                 "mornings, and the cupboards were bare on the unannounced visit.",
        created_by=PRACTITIONER_ID,
        submitted_at=None if status.is_editable else (
            datetime.combine(last_visit, datetime.min.time(), UTC) + timedelta(days=2, hours=10)),
    )
    domain_grades = {}
    for domain in instrument.domains:
        suggestion = suggest_domain_grade(instrument, assessment, domain.id)
        if suggestion is None:
            continue
        if domain.id == "educational" and suggestion.grade >= 3:
            domain_grades[domain.id] = DomainGrade(
                domain_id=domain.id, chosen=suggestion.grade - 1, suggested=suggestion.grade,
                override_reason="Nursery place starts next month and attendance is already agreed.")
        else:
            domain_grades[domain.id] = DomainGrade(domain_id=domain.id, chosen=suggestion.grade,
                                                   suggested=suggestion.grade)
    plan = [
        PlanAction(domain_id="nutritional", what_will_change="Maisie has breakfast at home every school day.",
                   who="Lacey Ashworth", agency="Parent", by_when=last_visit + timedelta(weeks=6), target_grade=2),
        PlanAction(domain_id="supervision", what_will_change="A safety gate is fitted on the stairs.",
                   who="Sam Whitfield", agency="Children's social care", by_when=last_visit + timedelta(weeks=2),
                   target_grade=2, progress_notes="Gate ordered through the home safety scheme."),
    ]
    return assessment.model_copy(update={"domain_grades": domain_grades, "plan": plan})


def signatures_for(assessment: Assessment, *, countersigned: bool) -> list[Signature]:
    content = sha256_hex(assessment)
    submitted = assessment.submitted_at or datetime(2026, 3, 20, 10, 0, tzinfo=UTC)
    signatures = [Signature(assessment_id=assessment.id, kind=SignatureKind.SUBMITTED_BY, user_id=PRACTITIONER_ID,
                            name="Sam Whitfield", role=Role.PRACTITIONER, signed_at=submitted, content_hash=content)]
    if countersigned:
        signatures.append(Signature(assessment_id=assessment.id, kind=SignatureKind.COUNTERSIGNED_BY,
                                    user_id=SUPERVISOR_ID, name="Dee Okafor", role=Role.SUPERVISOR,
                                    signed_at=submitted + timedelta(days=3, hours=4), content_hash=content))
    return signatures


def sample_report_data(*, status: AssessmentStatus = AssessmentStatus.COUNTERSIGNED, with_father: bool = True,
                       history_length: int = 3, organisation: str = "Testbury Children's Services",
                       **changes) -> ReportData:
    """A report of the latest of ``history_length`` assessments. ``changes`` replace fields of that assessment."""
    instrument = builtin_instrument()
    record = child_record(with_father=with_father)
    latest_visit = date(2026, 3, 16)
    history = []
    for index in range(history_length):
        weeks_before = 13 * (history_length - 1 - index)
        progress = index / (history_length - 1) if history_length > 1 else 1.0
        levels = {d: round(BASELINE[d] + (NOW[d] - BASELINE[d]) * progress) for d in BASELINE}
        latest = index == history_length - 1
        assessment = graded_assessment(record, instrument, last_visit=latest_visit - timedelta(weeks=weeks_before),
                                       levels=levels,
                                       status=status if latest else AssessmentStatus.COUNTERSIGNED)
        history.append((assessment, instrument))
    current = history[-1][0]
    if changes:
        current = current.model_copy(update=changes)
        history[-1] = (current, instrument)
    signed = status.is_signed
    signatures = signatures_for(current, countersigned=signed) if status is not AssessmentStatus.DRAFT else []
    comments = [
        ReviewComment(assessment_id=current.id, domain_id="nutritional", author_id=SUPERVISOR_ID,
                      author_name="Dee Okafor", text="Is the hunger seen at nursery reflected in the grade?",
                      created_at=datetime(2026, 3, 19, 15, 30, tzinfo=UTC)),
    ] if signed or status is AssessmentStatus.RETURNED else []
    returns = [
        ReturnRecord(assessment_id=current.id, reasons="Add the nursery's view on breakfast.",
                     returned_by=SUPERVISOR_ID, returned_by_name="Dee Okafor", round=1,
                     returned_at=datetime(2026, 3, 19, 15, 40, tzinfo=UTC)),
    ] if signed or status is AssessmentStatus.RETURNED else []
    return ReportData(record=record, assessment=current, instrument=instrument, organisation=organisation,
                      generated_at=datetime(2026, 3, 25, 9, 15, tzinfo=UTC), history=tuple(history),
                      signatures=tuple(signatures), review_comments=tuple(comments), returns=tuple(returns))


def page_texts(pdf: bytes) -> list[str]:
    """The text of each page as pypdf extracts it, with runs of white space (and no-break spaces) made one space."""
    import io
    import re

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return [re.sub(r"\s+", " ", page.extract_text().replace("\xa0", " ")) for page in reader.pages]


def font_problems(pdf: bytes) -> list[str]:
    """Every font a page uses that is not embedded as a TrueType font file (FontFile2), by page and name."""
    import io

    from pypdf import PdfReader

    problems = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages, start=1):
        for name, font in page["/Resources"]["/Font"].items():
            font = font.get_object()
            if font.get("/Subtype") == "/Type0":
                font = font["/DescendantFonts"][0].get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None or "/FontFile2" not in descriptor.get_object():
                problems.append(f"page {number}: {name} {font.get('/BaseFont')} is not embedded")
    return problems
