"""Everyone other than the child whom a child's record names: the adults around them, the agencies that told us
things, and the staff who wrote, visited, signed or commented. Listed for redaction review before a subject access
release, so that nobody's information goes out without someone deciding it should."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..domain.enums import EvidenceSource
from .models import BundleChild, BundleHousehold, StaffMember

ADULT, AGENCY, STAFF, OTHER = "Adult in the child's network", "Agency", "Member of staff", "Other person named"


@dataclass(frozen=True)
class ThirdParty:
    kind: str
    name: str
    where: str
    """Where in the record they appear, in a few words."""
    mentions: int


def third_parties(child: BundleChild, households: list[BundleHousehold], staff: list[StaffMember]) -> list[ThirdParty]:
    found: Counter[tuple[str, str, str]] = Counter()
    linked = {link.adult_id: link.relationship.value.replace("-", " ") for link in child.links}
    for household in households:
        for adult in household.adults:
            relation = linked.get(adult.id, "in the household")
            found[(ADULT, adult.full_name, f"{relation}; {household.name}")] += 1
    for event in child.events:
        if event.source_agency.strip():
            found[(AGENCY, event.source_agency.strip(), "significant events")] += 1
    names = {member.id: member.name for member in staff}
    for assessment in child.assessments:
        for visit in assessment.visits:
            for visitor in visit.visitors:
                found[(STAFF, visitor.strip(), "visits")] += 1
        for person in assessment.how_seen.present:
            found[(OTHER, person.strip(), "present at visits")] += 1
        for adult in assessment.adults:
            if adult.adult_id not in linked:
                found[(ADULT, adult.name, "named in an assessment")] += 1
        for action in assessment.plan:
            if action.agency.strip():
                found[(AGENCY, action.agency.strip(), "plan actions")] += 1
            found[(OTHER, action.who.strip(), "plan actions (who)")] += 1
        for note in assessment.evidence:
            if note.source is EvidenceSource.OTHER_AGENCY:
                found[(AGENCY, "Another agency (see the evidence notes)", "evidence")] += 1
            if note.author_id in names:
                found[(STAFF, names[note.author_id], "evidence notes")] += 1
        if assessment.created_by in names:
            found[(STAFF, names[assessment.created_by], "assessments")] += 1
        for signature in assessment.signatures:
            found[(STAFF, signature.name, "signatures")] += 1
        for comment in assessment.review_comments:
            found[(STAFF, comment.author_name, "review comments")] += 1
        for record in assessment.returns:
            found[(STAFF, record.returned_by_name, "returns")] += 1
    for event in child.events:
        if event.recorded_by in names:
            found[(STAFF, names[event.recorded_by], "significant events")] += 1
    order = {ADULT: 0, AGENCY: 1, OTHER: 2, STAFF: 3}
    return sorted((ThirdParty(kind, name, where, count) for (kind, name, where), count in found.items() if name),
                  key=lambda party: (order[party.kind], party.name.casefold(), party.where))
