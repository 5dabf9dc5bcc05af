"""Children, households and the significant adults around them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID, uuid4

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from .enums import PlanType, Relationship, Role, Sex, SignIn
from .clock import utc_now

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class User(_Model):
    id: UUID = Field(default_factory=uuid4)
    name: Name
    roles: tuple[Role, ...] = (Role.PRACTITIONER,)
    """Every role the person holds, the main one first (a lone worker is administrator and practitioner)."""
    team_id: UUID | None = None
    """The team a practitioner works in, or a supervisor supervises."""
    created_at: datetime = Field(default_factory=utc_now)

    @model_validator(mode="before")
    @classmethod
    def _one_role_given(cls, values: Any) -> Any:
        """``User(role=Role.SUPERVISOR)`` is a person with that one role."""
        if isinstance(values, dict) and "role" in values:
            values = dict(values)
            role = values.pop("role")
            values.setdefault("roles", (role,))
        return values

    @field_validator("roles")
    @classmethod
    def _roles_once_each(cls, roles: tuple[Role, ...]) -> tuple[Role, ...]:
        if not roles:
            raise ValueError("a person needs at least one role")
        return tuple(dict.fromkeys(roles))

    @property
    def role(self) -> Role:
        """The main role: the one named beside the person where one word is wanted."""
        return self.roles[0]

    def has_role(self, role: Role) -> bool:
        return role in self.roles

    @property
    def works_on_cases(self) -> bool:
        """Practitioners and supervisors read case records; an administrator only manages accounts and teams."""
        return Role.PRACTITIONER in self.roles or Role.SUPERVISOR in self.roles


class Team(_Model):
    """A supervisor's team: the supervisor reviews the assessments its practitioners submit."""

    id: UUID = Field(default_factory=uuid4)
    name: Name
    created_at: datetime = Field(default_factory=utc_now)


class AccountState(_Model):
    """What the Accounts list says about one account's sign-in, beside its name, roles and team."""

    sign_in: SignIn
    disabled_at: datetime | None = None
    wait_seconds: float = 0.0
    """Seconds until the next password may be tried, after too many wrong ones (0 when it may be tried now)."""


class Share(_Model):
    """One child's record shared by a supervisor with another team, for a stated reason, until revoked."""

    id: UUID = Field(default_factory=uuid4)
    child_id: UUID
    team_id: UUID
    team_name: str = ""
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
    shared_by: UUID
    shared_at: datetime = Field(default_factory=utc_now)
    revoked_at: datetime | None = None


class LocalIdentifier(_Model):
    """An identifier from another system, e.g. scheme "LCS" and value "123456"."""

    scheme: Name
    value: Name


class Child(_Model):
    id: UUID = Field(default_factory=uuid4)
    given_name: Name
    family_name: Name
    date_of_birth: date | None = None
    expected_date_of_delivery: date | None = None
    """For an unborn child; kept after birth so the record shows both."""
    sex: Sex = Sex.NOT_KNOWN
    ethnicity: str = ""
    identifiers: list[LocalIdentifier] = Field(default_factory=list)
    household_id: UUID | None = None
    plan_type: PlanType = PlanType.NONE
    team_id: UUID | None = None
    """The team whose members may see the record (and teams it is shared with); ``None``: the people in no team."""
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)
    father_unknown_reason: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)] = ""
    """Why no birth father is recorded for the child (e.g. "the mother does not know who he is"); empty: not said,
    and the record keeps asking about him."""

    @model_validator(mode="after")
    def _has_a_birth_date(self) -> Child:
        if self.date_of_birth is None and self.expected_date_of_delivery is None:
            raise ValueError("a child needs a date of birth or, before birth, an expected date of delivery")
        return self

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def is_unborn(self) -> bool:
        return self.date_of_birth is None


class Household(_Model):
    id: UUID = Field(default_factory=uuid4)
    name: Name
    """How the team refers to the household, e.g. "Okafor-Brown household"."""
    address: str = ""
    created_at: datetime = Field(default_factory=utc_now)


class Adult(_Model):
    """A significant adult in a household's network, whether or not they live there."""

    id: UUID = Field(default_factory=uuid4)
    household_id: UUID
    given_name: Name
    family_name: Name
    sex: Sex = Sex.NOT_KNOWN
    date_of_birth: date | None = None
    relevant_history: str = ""
    """Their own history and vulnerabilities that bear on the care they give."""
    created_at: datetime = Field(default_factory=utc_now)
    known_to_services: bool | None = None
    """Whether children's services or another agency knew this adult before; ``None``: not asked yet."""

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


class ChildAdultLink(_Model):
    """How one adult stands to one child. A step-father of one sibling may be the father of another."""

    child_id: UUID
    adult_id: UUID
    relationship: Relationship
    parental_responsibility: bool = False
    lives_with_child: bool = False
    part_time: bool = False
    """Lives with the child part of the time (alternate weeks, weekends)."""


class HouseholdMove(_Model):
    """A child moving into a household (from another, or from none), on the day it happened."""

    id: UUID = Field(default_factory=uuid4)
    child_id: UUID
    from_household_id: UUID | None
    to_household_id: UUID
    moved_on: date
    recorded_by: UUID | None = None
    recorded_at: datetime = Field(default_factory=utc_now)


class SignificantAdult(_Model):
    """An adult as seen from one child's record: the person and their link to the child."""

    adult: Adult
    link: ChildAdultLink

    @property
    def is_birth_father(self) -> bool:
        return self.link.relationship is Relationship.FATHER

    @property
    def is_father_or_male_carer(self) -> bool:
        if self.link.relationship.is_father_figure:
            return True
        return self.adult.sex is Sex.MALE and (self.link.lives_with_child or self.link.parental_responsibility)


class ChildRecord(_Model):
    """Everything the child record screen shows apart from assessments."""

    child: Child
    household: Household | None = None
    adults: list[SignificantAdult] = Field(default_factory=list)

    @property
    def has_father_or_male_carer(self) -> bool:
        return any(adult.is_father_or_male_carer for adult in self.adults)

    @property
    def father_accounted_for(self) -> bool:
        """The birth father is recorded, or the record says why he is not. A mother's partner or a stepfather does
        not answer the question: he is recorded too, but he is not the child's father."""
        return any(adult.is_birth_father for adult in self.adults) or bool(self.child.father_unknown_reason)
