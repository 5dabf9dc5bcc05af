"""Fathers, partners and new adults around the child, as attention reads them from the child's last two dated
assessments (the adults each one recorded, with how each took part).

Case reviews keep finding that the men around a neglected child were not contacted or seen, and that a new partner
nobody knew was living in the home. Two reasons, both warnings (medium), never blockers:

- **Father or partner not seen** (``MAN_NOT_SEEN``): the child's father, stepfather or mother's partner was not
  seen (not contacted, spoken with by phone only, or invited and did not take part) at both of the last two
  assessments. Only adults the latest assessment confirmed count: an adult carried over and not yet confirmed is
  the practitioner's open question, not yet an answer.
- **New adult not known or not seen** (``NEW_ADULT``): an adult who is not the child's mother or father, named in
  the latest assessment and not in the one before (or in the first one), who is recorded as not known to services
  or was not seen.

Reading only the last two assessments keeps the stored list one small read per child (``attention_histories``).
"""

from __future__ import annotations

from datetime import date

from ..domain.assessment import Assessment, AssessmentAdult
from ..domain.enums import Involvement, Relationship
from ..domain.labels import INVOLVEMENT, RELATIONSHIP
from .age import format_date

MEN_IN_PARENTING_ROLES = frozenset({Relationship.FATHER, Relationship.STEPFATHER, Relationship.MOTHERS_PARTNER})
PARENTS = frozenset({Relationship.MOTHER, Relationship.FATHER})


def not_seen_twice(latest: Assessment, previous: Assessment, latest_on: date, previous_on: date
                   ) -> list[tuple[AssessmentAdult, str]]:
    """Each man in a parenting role not seen at either assessment, with the sentence that says so."""
    before = {adult.adult_id: adult for adult in previous.adults}
    found = []
    for adult in latest.adults:
        earlier = before.get(adult.adult_id)
        if (not adult.confirmed or adult.relationship not in MEN_IN_PARENTING_ROLES or earlier is None
                or _seen(adult) or _seen(earlier)):
            continue
        both_not_contacted = adult.involvement is earlier.involvement is Involvement.NOT_CONTACTED
        what = "was not contacted" if both_not_contacted else "was not seen"
        found.append((adult, f"{adult.name} ({RELATIONSHIP[adult.relationship].lower()}) {what} for the last two "
                             f"assessments ({format_date(previous_on)} and {format_date(latest_on)}). Contact "
                             "him and see him, with the child where it is safe."))
    return found


def new_and_not_known(latest: Assessment, previous: Assessment | None) -> list[tuple[AssessmentAdult, str]]:
    """Each adult new on the latest assessment who is not known to services or was not seen."""
    before = {adult.adult_id for adult in previous.adults} if previous is not None else set()
    found = []
    for adult in latest.adults:
        if adult.relationship in PARENTS or adult.adult_id in before or not adult.confirmed:
            continue
        unknown = adult.known_to_services is False
        if not unknown and _seen(adult):
            continue
        why = []
        if unknown:
            why.append("is not known to services")
        if not _seen(adult):
            why.append(f"was not seen ({INVOLVEMENT[adult.involvement].lower()})")
        since = "since the last assessment" if previous is not None else "in the child's life"
        found.append((adult, f"{adult.name} ({RELATIONSHIP[adult.relationship].lower()}) is new {since} and "
                             f"{' and '.join(why)}. Find out who they are and see them."))
    return found


def _seen(adult: AssessmentAdult) -> bool:
    return adult.involvement is Involvement.SEEN_AND_SPOKEN_WITH
