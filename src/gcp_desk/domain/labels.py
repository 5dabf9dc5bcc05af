"""Plain British English words for enum values, shown to practitioners and printed in reports."""

from .enums import (
    ActionOutcome,
    Consent,
    EventKind,
    AssessmentStatus,
    ContextFactor,
    EvidenceSource,
    Involvement,
    PlanType,
    Relationship,
    Role,
    Sex,
)

ROLE = {
    Role.PRACTITIONER: "Practitioner",
    Role.SUPERVISOR: "Supervisor",
    Role.ADMINISTRATOR: "Administrator",
}
SEX = {Sex.FEMALE: "Female", Sex.MALE: "Male", Sex.OTHER: "Other", Sex.NOT_KNOWN: "Not known"}
RELATIONSHIP = {
    Relationship.MOTHER: "Mother",
    Relationship.FATHER: "Father",
    Relationship.STEPMOTHER: "Stepmother",
    Relationship.STEPFATHER: "Stepfather",
    Relationship.MOTHERS_PARTNER: "Mother's partner",
    Relationship.FATHERS_PARTNER: "Father's partner",
    Relationship.GRANDPARENT: "Grandparent",
    Relationship.AUNT_OR_UNCLE: "Aunt or uncle",
    Relationship.SIBLING_ADULT: "Adult brother or sister",
    Relationship.FOSTER_OR_KINSHIP_CARER: "Foster or kinship carer",
    Relationship.FAMILY_FRIEND: "Family friend",
    Relationship.OTHER: "Other",
}
CONSENT = {
    Consent.NOT_ASKED: "Not asked yet",
    Consent.GIVEN: "Agreed to the assessment",
    Consent.REFUSED: "Did not agree",
}
INVOLVEMENT = {
    Involvement.SEEN_AND_SPOKEN_WITH: "Seen and spoken with",
    Involvement.SPOKEN_WITH_NOT_SEEN: "Spoken with, not seen",
    Involvement.INVITED_DID_NOT_TAKE_PART: "Invited, did not take part",
    Involvement.NOT_CONTACTED: "Not contacted",
}
STATUS = {
    AssessmentStatus.DRAFT: "Draft",
    AssessmentStatus.SUBMITTED: "Awaiting review",
    AssessmentStatus.RETURNED: "Returned",
    AssessmentStatus.COUNTERSIGNED: "Countersigned",
    AssessmentStatus.AMENDED: "Replaced by amendment",
}
EVIDENCE_SOURCE = {
    EvidenceSource.OBSERVED: "Observed",
    EvidenceSource.PROFESSIONAL_JUDGEMENT: "Professional judgement",
    EvidenceSource.CARER_SAID: "Parent or carer said",
    EvidenceSource.CHILD_SAID: "Child said",
    EvidenceSource.OTHER_AGENCY: "Other agency",
}
CONTEXT_FACTOR = {
    ContextFactor.DOMESTIC_ABUSE: "Domestic abuse",
    ContextFactor.PARENTAL_SUBSTANCE_MISUSE: "Parental drug or alcohol misuse",
    ContextFactor.PARENTAL_MENTAL_ILL_HEALTH: "Parental mental ill-health",
    ContextFactor.OTHER: "Other",
}
PLAN_TYPE = {
    PlanType.NONE: "No plan",
    PlanType.EARLY_HELP: "Early help",
    PlanType.CHILD_IN_NEED: "Child in need",
    PlanType.CHILD_PROTECTION: "Child protection",
}
ACTION_OUTCOME = {
    ActionOutcome.MET: "Met",
    ActionOutcome.PARTLY_MET: "Partly met",
    ActionOutcome.NOT_MET: "Not met",
}
EVENT_KIND = {
    EventKind.REFERRAL: "Referral",
    EventKind.INCIDENT: "Incident",
    EventKind.POLICE_CALL_OUT: "Police call-out",
    EventKind.HOSPITAL_ATTENDANCE: "Hospital or A&E attendance",
    EventKind.WAS_NOT_BROUGHT: "Was not brought to an appointment",
    EventKind.SCHOOL_CONCERN: "Concern raised by school or nursery",
    EventKind.STRATEGY_MEETING: "Strategy meeting",
    EventKind.CONFERENCE: "Child protection conference",
    EventKind.PLAN_CHANGE: "Plan started, changed or ended",
    EventKind.HOUSE_MOVE: "House move or change in household",
    EventKind.OTHER: "Other",
}


def roles_in_words(roles) -> str:
    """ "Supervisor, Administrator": every role a person holds, the main one first."""
    return ", ".join(ROLE[role] for role in roles)
