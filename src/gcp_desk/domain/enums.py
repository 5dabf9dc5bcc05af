"""Closed vocabularies. Values are stored in the database and in canonical JSON: never rename a value."""

from enum import StrEnum


class Role(StrEnum):
    PRACTITIONER = "practitioner"
    SUPERVISOR = "supervisor"
    ADMINISTRATOR = "administrator"


class SignIn(StrEnum):
    """Whether an account can sign in now, and if not, what an administrator does about it."""

    READY = "ready"
    """The person has chosen their own password."""
    ONE_TIME = "one-time"
    """An administrator gave a one-time password; the person chooses their own at the next sign-in."""
    NO_PASSWORD = "no-password"
    """Made before passwords existed (an older database): needs a one-time password from an administrator."""
    DISABLED = "disabled"
    """Someone who has left: their password and copy of the key were removed. A one-time password lets them in again."""


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    NOT_KNOWN = "not-known"


class Relationship(StrEnum):
    """How a significant adult is related to one child."""

    MOTHER = "mother"
    FATHER = "father"
    STEPMOTHER = "stepmother"
    STEPFATHER = "stepfather"
    MOTHERS_PARTNER = "mothers-partner"
    FATHERS_PARTNER = "fathers-partner"
    GRANDPARENT = "grandparent"
    AUNT_OR_UNCLE = "aunt-or-uncle"
    SIBLING_ADULT = "adult-sibling"
    FOSTER_OR_KINSHIP_CARER = "foster-or-kinship-carer"
    FAMILY_FRIEND = "family-friend"
    OTHER = "other"

    @property
    def is_father_figure(self) -> bool:
        return self in _FATHER_FIGURES


_FATHER_FIGURES = {Relationship.FATHER, Relationship.STEPFATHER}


class Involvement(StrEnum):
    """How an adult took part in one assessment."""

    SEEN_AND_SPOKEN_WITH = "seen-and-spoken-with"
    SPOKEN_WITH_NOT_SEEN = "spoken-with-not-seen"
    INVITED_DID_NOT_TAKE_PART = "invited-did-not-take-part"
    NOT_CONTACTED = "not-contacted"


class AssessmentStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    COUNTERSIGNED = "countersigned"
    AMENDED = "amended"  # countersigned, then replaced by a later amendment

    @property
    def is_editable(self) -> bool:
        return self in (AssessmentStatus.DRAFT, AssessmentStatus.RETURNED)

    @property
    def is_signed(self) -> bool:
        return self in (AssessmentStatus.COUNTERSIGNED, AssessmentStatus.AMENDED)


class EvidenceSource(StrEnum):
    """Where a piece of evidence comes from, so fact, opinion and self-report stay apart."""

    OBSERVED = "observed"
    PROFESSIONAL_JUDGEMENT = "professional-judgement"
    CARER_SAID = "carer-said"
    CHILD_SAID = "child-said"
    OTHER_AGENCY = "other-agency"


class SharedFactKind(StrEnum):
    """A household fact that came into a child's assessment from a brother's or sister's on the same visits."""

    VISIT = "visit"
    HOME_SEEN = "home-seen"
    """Rooms seen and people present."""
    HOME_ITEM = "home-item"
    """The grade of an item the instrument marks as describing the home, with its evidence."""
    EVIDENCE = "evidence"
    """A note on a home item, kept in step with the note it mirrors (its ``origin``)."""
    CONTEXT = "context"
    """A context factor (key: the factor); whether it is confirmed is the entry's own ``confirmed``."""
    ADULT = "adult"
    """How an adult took part (key: the adult's id); whether it is confirmed is the entry's own ``confirmed``."""


class ContextFactor(StrEnum):
    DOMESTIC_ABUSE = "domestic-abuse"
    PARENTAL_SUBSTANCE_MISUSE = "parental-substance-misuse"
    PARENTAL_MENTAL_ILL_HEALTH = "parental-mental-ill-health"
    OTHER = "other"


class Consent(StrEnum):
    """Whether the family agreed to the assessment. An assessment may go ahead without it in child protection, but the
    record says so."""

    GIVEN = "given"
    REFUSED = "refused"
    NOT_ASKED = "not-asked"


class Change(StrEnum):
    """How a grade moved between two assessments. Lower grades are better."""

    IMPROVED = "improved"
    SAME = "same"
    WORSE = "worse"
    NOT_COMPARABLE = "not-comparable"


class PlanType(StrEnum):
    """The child's current plan, which sets how often the profile is repeated."""

    NONE = "none"
    EARLY_HELP = "early-help"
    CHILD_IN_NEED = "child-in-need"
    CHILD_PROTECTION = "child-protection"


class ActionOutcome(StrEnum):
    """How an action of the previous plan turned out, judged at the next assessment."""

    MET = "met"
    PARTLY_MET = "partly-met"
    NOT_MET = "not-met"


class EventKind(StrEnum):
    """Significant events on a child's chronology."""

    REFERRAL = "referral"
    INCIDENT = "incident"
    POLICE_CALL_OUT = "police-call-out"
    HOSPITAL_ATTENDANCE = "hospital-attendance"
    WAS_NOT_BROUGHT = "was-not-brought"
    SCHOOL_CONCERN = "school-concern"
    STRATEGY_MEETING = "strategy-meeting"
    CONFERENCE = "conference"
    PLAN_CHANGE = "plan-change"
    HOUSE_MOVE = "house-move"
    OTHER = "other"
