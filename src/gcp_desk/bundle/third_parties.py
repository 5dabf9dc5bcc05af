"""Everyone other than the child whom a child's record names, for redaction review before a subject access release,
so that nobody's information goes out without someone deciding it should.

Listed, one row per party whatever the number of places they appear in:
- the adults in the child's network (by name, with how they stand to the child), including where the record calls
  them by a family word ("Mother" present at a visit, "Mother" asked to act in the plan);
- outside agencies (school, health visitor, GP, police, housing...) that told us things or are asked to act;
- members of staff who wrote, visited, signed, commented or returned, matched by id or by name;
- anyone else named who is none of these.

Not listed, as they are not third parties to the child's own request: the child; the family as a whole ("Family",
"Parents" with nobody named); and the organisation holding the record, whose own service ("Children's social care",
"Social worker") is the data controller answering the request. Its named staff are listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..domain.enums import EvidenceSource, Relationship
from .models import BundleChild, BundleHousehold, StaffMember

ADULT, AGENCY, STAFF, OTHER = "Adult in the child's network", "Agency", "Member of staff", "Other person named"
ORDER = {ADULT: 0, AGENCY: 1, OTHER: 2, STAFF: 3}

OWN_SERVICE = {
    "children's social care", "childrens social care", "children's services", "childrens services",
    "children and families", "children's social work", "social care", "social services", "local authority",
    "the local authority", "csc", "social worker", "the social worker", "allocated social worker",
    "duty social worker", "team manager", "practice supervisor", "supervisor", "child protection chair",
    "independent reviewing officer", "conference chair",
}
"""The organisation's own service and its roles: the data controller answering the request, not a third party."""
FAMILY_AS_A_WHOLE = {"family", "the family", "whole family", "household", "the household", "parents", "both parents",
                     "parent", "carers", "carer", "parents/carers", "parent/carer", "parents and carers",
                     "child", "the child", "children", "the children", "young person", "siblings", "self"}
"""The family itself, or the child: nobody in particular to review."""
FAMILY_WORDS: dict[str, tuple[Relationship, ...]] = {
    "mother": (Relationship.MOTHER,), "mum": (Relationship.MOTHER,), "mom": (Relationship.MOTHER,),
    "father": (Relationship.FATHER,), "dad": (Relationship.FATHER,),
    "stepmother": (Relationship.STEPMOTHER,), "stepfather": (Relationship.STEPFATHER,),
    "mother's partner": (Relationship.MOTHERS_PARTNER,), "mum's partner": (Relationship.MOTHERS_PARTNER,),
    "father's partner": (Relationship.FATHERS_PARTNER,), "dad's partner": (Relationship.FATHERS_PARTNER,),
    "grandmother": (Relationship.GRANDPARENT,), "grandfather": (Relationship.GRANDPARENT,),
    "grandparent": (Relationship.GRANDPARENT,), "grandparents": (Relationship.GRANDPARENT,),
    "nan": (Relationship.GRANDPARENT,), "gran": (Relationship.GRANDPARENT,),
    "aunt": (Relationship.AUNT_OR_UNCLE,), "uncle": (Relationship.AUNT_OR_UNCLE,),
    "foster carer": (Relationship.FOSTER_OR_KINSHIP_CARER,), "kinship carer": (Relationship.FOSTER_OR_KINSHIP_CARER,),
}
"""A family word standing for adults already in the child's network, found by how they stand to the child."""
ANOTHER_AGENCY = "Another agency (named in the evidence notes)"


@dataclass(frozen=True)
class ThirdParty:
    kind: str
    name: str
    where: str
    """Every place in the record they appear, each with how many times, e.g. "visits (3); evidence notes (12)"."""
    mentions: int
    """How many times in all."""
    role: str = ""
    """How they stand to the child ("mother"), or their role, where known."""

    @property
    def label(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name


@dataclass
class _Party:
    kind: str
    name: str
    role: str = ""
    places: dict[str, int] = field(default_factory=dict)


def third_parties(child: BundleChild, households: list[BundleHousehold], staff: list[StaffMember], *,
                  organisation: str = "") -> list[ThirdParty]:
    """One ThirdParty per person or agency, adults first, then agencies, others and staff, each by name.
    ``organisation``: the organisation's own name, not a third party either."""
    found = _Finder(child, households, staff, organisation)
    found.collect()
    return sorted((ThirdParty(p.kind, p.name, "; ".join(f"{place} ({count})" for place, count in p.places.items()),
                              sum(p.places.values()), p.role) for p in found.parties.values()),
                  key=lambda party: (ORDER[party.kind], party.name.casefold()))


def _plain(text: str) -> str:
    """Lower case, one space, a curly apostrophe straight, a leading "the"/"a" kept (the word lists hold both)."""
    return " ".join(text.replace("\u2019", "'").casefold().split()).strip(" .,;:")


_ROLE_IN_BRACKETS = re.compile(r"^(?P<name>.*?)\s*\((?P<role>[^()]*)\)\s*$")


class _Finder:
    def __init__(self, child: BundleChild, households: list[BundleHousehold], staff: list[StaffMember],
                 organisation: str):
        self.child = child
        self.parties: dict[tuple[str, str], _Party] = {}
        self.own = OWN_SERVICE | ({_plain(organisation)} if organisation.strip() else set())
        self.staff_by_id = {member.id: member.name for member in staff}
        self.staff_by_name = {_plain(member.name): member.name for member in staff}
        self.child_names = {_plain(child.full_name), _plain(child.given_name)}
        self.relationship = {link.adult_id: link.relationship for link in child.links}
        self.adults = {adult.id: adult for household in households for adult in household.adults}
        self.households = households

    def collect(self) -> None:
        child = self.child
        for household in self.households:
            for adult in household.adults:
                self._adult(adult.id, adult.full_name, "household record")
        for event in child.events:
            self._named(event.source_agency, "events reported", agency=True)
            if event.recorded_by in self.staff_by_id:
                self._add(STAFF, self.staff_by_id[event.recorded_by], "events recorded")
        for assessment in child.assessments:
            for visit in assessment.visits:
                for visitor in visit.visitors:
                    self._visitor(visitor)
            for person in assessment.how_seen.present:
                self._named(person, "present at visits")
            for adult in assessment.adults:
                self._adult(adult.adult_id, adult.name, "named in assessments", adult.relationship)
            for action in assessment.plan:
                self._plan_action(action.who, action.agency)
            for note in assessment.evidence:
                if note.source is EvidenceSource.OTHER_AGENCY:
                    self._add(AGENCY, ANOTHER_AGENCY, "evidence notes")
                if note.author_id in self.staff_by_id:
                    self._add(STAFF, self.staff_by_id[note.author_id], "evidence notes")
            if assessment.created_by in self.staff_by_id:
                self._add(STAFF, self.staff_by_id[assessment.created_by], "assessments written")
            for signature in assessment.signatures:
                self._staff_named(signature.name, "signatures")
            for comment in assessment.review_comments:
                self._staff_named(comment.author_name, "review comments")
            for record in assessment.returns:
                self._staff_named(record.returned_by_name, "returns")

    # One kind of mention each --------------------------------------------------------------------------------
    def _adult(self, adult_id, name: str, place: str, relationship: Relationship | None = None) -> None:
        relationship = self.relationship.get(adult_id, relationship)
        role = relationship.value.replace("-", " ") if relationship else "in the household, not linked to the child"
        key = (ADULT, str(adult_id))
        party = self.parties.setdefault(key, _Party(ADULT, name.strip(), role))
        party.places[place] = party.places.get(place, 0) + 1

    def _plan_action(self, who: str, agency: str) -> None:
        place = "plan actions"
        if agency.strip() and not self._is_ours_or_family(agency):
            self._add(AGENCY, agency, place)
        else:  # the family's own part, or the organisation's: the person asked, if they are anyone to review
            self._named(who, place)

    def _visitor(self, visitor: str) -> None:
        matched = _ROLE_IN_BRACKETS.match(visitor)
        name = matched["name"] if matched else visitor
        if _plain(name) in self.staff_by_name or _plain(visitor) in self.staff_by_name:
            self._add(STAFF, self.staff_by_name.get(_plain(name)) or self.staff_by_name[_plain(visitor)], "visits")
        else:
            self._named(visitor, "visits")

    def _staff_named(self, name: str, place: str) -> None:
        self._add(STAFF, self.staff_by_name.get(_plain(name), name), place)

    def _named(self, text: str, place: str, *, agency: bool = False) -> None:
        """Free text naming someone: a network adult (by family word or name), staff, or else an agency or other
        person; nothing for the family as a whole, the child, or the organisation's own service."""
        plain = _plain(text)
        if not plain or self._is_ours_or_family(text):
            return
        adults = self._network_adults(plain)
        if adults:
            for adult_id in adults:
                self._adult(adult_id, self.adults[adult_id].full_name, place)
        elif plain in FAMILY_WORDS:  # a mother, say, the record does not name: the family, nobody to look up
            return
        elif plain in self.staff_by_name:
            self._add(STAFF, self.staff_by_name[plain], place)
        else:
            self._add(AGENCY if agency else OTHER, text, place)

    def _network_adults(self, plain: str) -> list:
        if plain in FAMILY_WORDS:
            wanted = FAMILY_WORDS[plain]
            return [adult_id for adult_id, relationship in self.relationship.items()
                    if relationship in wanted and adult_id in self.adults]
        return [adult_id for adult_id, adult in self.adults.items()
                if plain in (_plain(adult.full_name), _plain(adult.given_name))][:1]

    def _is_ours_or_family(self, text: str) -> bool:
        plain = _plain(text)
        return plain in self.own or plain in FAMILY_AS_A_WHOLE or plain in self.child_names

    def _add(self, kind: str, name: str, place: str) -> None:
        name = " ".join(name.split())
        if not name:
            return
        party = self.parties.setdefault((kind, _plain(name)), _Party(kind, name))
        party.places[place] = party.places.get(place, 0) + 1
