"""What an assessment may submit with but a supervisor should weigh: warnings, each with its reason, never refusals.

- **Evidence balance.** A grade of 1 or 2 resting only on what a parent or carer said is the over-optimism case
  reviews describe (disguised compliance); and a domain with no observed evidence at all was judged on what was
  said or concluded, not seen.
- **Visit rules** the instrument declares (``Instrument.visit_rules``): how many visits, how many unannounced, all
  within how many weeks, how many different workers.
- **Fathers and new adults** (``men_around``): a father or partner not seen at this assessment and the one before,
  an adult new to the child's life not known to services or not seen.
- **Household facts from a sibling's assessment** (a visit, how the home was seen, a home item) not yet confirmed
  for this child.
- **Strengths** left empty: a profile that names no strength is hard to build a plan on with the family.

A warning is a ``completeness.Gap`` with ``warning=True``, so the screen lists it in the same way, with the place
to fix it; ``find_gaps`` never returns warnings and submitting never waits for them.
"""

from __future__ import annotations

from ..domain.assessment import Assessment
from ..domain.enums import EvidenceSource, SharedFactKind
from ..domain.instrument import Instrument, VisitRules
from ..domain.labels import CONTEXT_FACTOR, RELATIONSHIP
from .age import applicable_items, format_date
from .completeness import Gap, GapKind, GapTarget, Section
from .men_around import new_and_not_known, not_seen_twice

SAID_ONLY_UP_TO = 2
"""Grades 1 and 2 say the child's needs are met: the grades a carer's word alone should not carry."""


def find_warnings(instrument: Instrument, assessment: Assessment, previous: Assessment | None = None) -> list[Gap]:
    """Visit rules first, then the men and new adults around the child (``previous``: the assessment before this
    one, if any), then evidence balance domain by domain, then strengths."""
    warnings = visit_rule_warnings(instrument.visit_rules, assessment)
    warnings += adult_warnings(assessment, previous)
    warnings += shared_fact_warnings(instrument, assessment)
    for domain in instrument.domains:
        warnings += _evidence_balance(instrument, assessment, domain.id, domain.title)
    if not assessment.strengths.strip():
        warnings.append(Gap(GapKind.NO_STRENGTHS, "No strengths are written: name what is going well, for the "
                            "family and for the plan.", GapTarget(Section.STRENGTHS), warning=True))
    return warnings


def adult_warnings(assessment: Assessment, previous: Assessment | None) -> list[Gap]:
    """A father or partner not seen at this assessment and the one before; a new adult not known to services or
    not seen (``men_around``), each pointing at the adults."""
    target = GapTarget(Section.ADULTS)
    found = [Gap(GapKind.NEW_ADULT, message, target, warning=True)
             for _adult, message in new_and_not_known(assessment, previous)]
    on, previous_on = assessment.last_visit_date, previous.last_visit_date if previous is not None else None
    if previous is not None and on is not None and previous_on is not None:
        found += [Gap(GapKind.MAN_NOT_SEEN, message, target, warning=True)
                  for _adult, message in not_seen_twice(assessment, previous, on, previous_on)]
    return found


def shared_fact_warnings(instrument: Instrument, assessment: Assessment) -> list[Gap]:
    """Each household fact that came from a brother's or sister's assessment and is not yet confirmed for this
    child, pointing at where it is confirmed."""
    found = []
    for fact in assessment.unconfirmed_shared_facts:
        if fact.kind is SharedFactKind.VISIT:
            visit = next((v for v in assessment.visits if str(v.id) == fact.key), None)
            if visit is None:
                continue
            what, target = f"The visit on {format_date(visit.date)}", GapTarget(Section.VISITS)
        elif fact.kind is SharedFactKind.HOME_SEEN:
            what, target = "The rooms seen and the people present", GapTarget(Section.HOW_SEEN)
        else:
            try:
                item, domain = instrument.item(fact.key), instrument.domain_of(fact.key)
            except KeyError:
                continue
            what = f"{domain.title} › {item.title}, a home item,"
            target = GapTarget(Section.DOMAINS, domain.id, item.id)
        found.append(Gap(GapKind.SHARED_NOT_CONFIRMED, f"{what} came from a brother's or sister's assessment and "
                         "is not yet confirmed for this child.", target, warning=True))
    people = [(f"{adult.name} ({RELATIONSHIP[adult.relationship].lower()})", GapTarget(Section.ADULTS))
              for adult in assessment.adults if assessment.from_sibling(adult)]
    people += [(CONTEXT_FACTOR[entry.factor], GapTarget(Section.CONTEXT))
               for entry in assessment.context if assessment.from_sibling(entry)]
    found += [Gap(GapKind.SHARED_NOT_CONFIRMED, f"{what} came from a brother's or sister's assessment and is not yet "
                  "confirmed for this child.", target, warning=True) for what, target in people]
    return found


def _evidence_balance(instrument: Instrument, assessment: Assessment, domain_id: str, title: str) -> list[Gap]:
    warnings = []
    observed = False
    graded_any = False
    for item in applicable_items(instrument, assessment, domain_id):
        grade = assessment.item_grades.get(item.id)
        notes = [note for note in assessment.evidence_for(item.id) if note.text.strip()]
        observed = observed or any(note.source is EvidenceSource.OBSERVED for note in notes)
        if grade is None or grade.grade is None:
            continue
        graded_any = True
        if grade.grade <= SAID_ONLY_UP_TO and notes and all(note.source is EvidenceSource.CARER_SAID
                                                             for note in notes):
            warnings.append(Gap(
                GapKind.SAID_ONLY,
                f"{title} › {item.title} is graded {grade.grade} on what a parent or carer said alone: add what "
                "was seen, or what the child or another agency said.",
                GapTarget(Section.DOMAINS, domain_id, item.id), warning=True))
    if graded_any and not observed:
        warnings.append(Gap(
            GapKind.NO_OBSERVED_EVIDENCE,
            f"{title} has no observed evidence: nothing in it is recorded as seen.",
            GapTarget(Section.DOMAINS, domain_id), warning=True))
    return warnings


def visit_rule_warnings(rules: VisitRules | None, assessment: Assessment) -> list[Gap]:
    """Each rule the visits fall short of, with the instrument's reason; none before the first visit (that is
    already a gap) or without rules."""
    visits = assessment.visits
    if rules is None or not visits:
        return []
    target = GapTarget(Section.VISITS)
    found = []
    if rules.min_visits is not None and len(visits) < rules.min_visits:
        found.append(f"{_count(len(visits), 'visit')} recorded; this instrument asks for at least "
                     f"{rules.min_visits}.")
    unannounced = sum(1 for visit in visits if not visit.announced)
    if rules.min_unannounced and unannounced < rules.min_unannounced:
        found.append(f"{_count(unannounced, 'unannounced visit')}; this instrument asks for at least "
                     f"{rules.min_unannounced}.")
    if rules.within_weeks is not None:
        first, last = assessment.first_visit_date, assessment.last_visit_date
        if first is not None and last is not None and (last - first).days > rules.within_weeks * 7:
            found.append(f"The visits run from {format_date(first)} to {format_date(last)}; this instrument asks "
                         f"for all of them within {rules.within_weeks} weeks.")
    if rules.min_workers is not None:
        workers = {name.strip().lower() for visit in visits for name in visit.visitors if name.strip()}
        if len(workers) < rules.min_workers:
            found.append(f"{_count(len(workers), 'worker')} named as visiting; this instrument asks for at least "
                         f"{rules.min_workers}.")
    return [Gap(GapKind.VISIT_RULE, f"{words} {rules.why}", target, warning=True) for words in found]


def _count(number: int, noun: str) -> str:
    if number == 0:
        return f"No {noun}s"
    return f"1 {noun}" if number == 1 else f"{number} {noun}s"
