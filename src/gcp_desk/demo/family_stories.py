"""Two invented families written by hand, so the demo shows a household as a unit: several children of different
ages whose records fit their ages (a baby has no school worries; a fifteen-year-old speaks like one), adults
recorded once and linked to each child with that child's relationship, a birth father not seen at two assessments
in a row, and a new partner not known to services and never seen. Every name and detail is made up.

This module holds the words and facts; ``families`` turns them into records.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..domain.enums import ContextFactor, EvidenceSource, Involvement, Relationship, Sex

SEEN_BY_US, JUDGED, CHILD, CARER = (EvidenceSource.OBSERVED, EvidenceSource.PROFESSIONAL_JUDGEMENT,
                                    EvidenceSource.CHILD_SAID, EvidenceSource.CARER_SAID)
AGENCY = EvidenceSource.OTHER_AGENCY


@dataclass(frozen=True)
class AdultStory:
    key: str
    given: str
    family: str
    sex: Sex
    history: str = ""
    known_to_services: bool | None = True


@dataclass(frozen=True)
class LinkStory:
    adult: str
    relationship: Relationship
    parental_responsibility: bool
    lives_with_child: bool
    involvement: tuple[Involvement, Involvement]
    """How they took part in the previous assessment and in the latest; a new partner was not there before."""
    new: bool = False


@dataclass(frozen=True)
class ChildStory:
    given: str
    sex: Sex
    age_days: int
    voice: str
    links: list[LinkStory]
    grades: dict[str, tuple[int, EvidenceSource, str]]
    """Item id -> grade, the source and words of its evidence (items not named are graded 2, with no note)."""
    own_action: tuple[str, str, str, int]
    """(domain id, what will change, who, target grade): an action in this child's plan alone."""
    seen_alone: bool = True


@dataclass(frozen=True)
class FamilyStory:
    name: str
    address: str
    adults: list[AdultStory]
    children: list[ChildStory]
    rooms: list[str]
    present: list[str]
    context: list[tuple[ContextFactor, str]]
    shared_action: tuple[str, str, str, str, int]
    """(domain id, what will change, who, agency, target grade): one action for every child of the family."""
    shared_review: str
    referral: tuple[str, str]
    carers_views: str
    strengths: str
    analysis: str
    events: list[tuple[int, str, str]] = field(default_factory=list)
    """(days ago, source agency, what happened): household events on every child's chronology."""


SEEN, SPOKEN, INVITED, NOT_CONTACTED = (Involvement.SEEN_AND_SPOKEN_WITH, Involvement.SPOKEN_WITH_NOT_SEEN,
                                        Involvement.INVITED_DID_NOT_TAKE_PART, Involvement.NOT_CONTACTED)

HOME = (4, SEEN_BY_US, "No working heating on either visit; black mould on the wall of the bedroom the "
        "children share, and a broken window taped over.")

PRYCE = FamilyStory(
    name="Prydell household",
    address="22 Larchmere Close, Testbury",
    adults=[
        AdultStory("kerry", "Kerralyn", "Prydell", Sex.FEMALE, "Left school at 15; low mood since the baby was born."),
        AdultStory("wayne", "Waylon", "Ridgeback", Sex.MALE, "Works nights at a warehouse; sleeps in the day."),
        AdultStory("craig", "Crayton", "Dallowmere", Sex.MALE, "Lives in another town; contact has been irregular."),
    ],
    children=[
        ChildStory(
            "Taylene", Sex.FEMALE, 15 * 365 + 120,
            "Spoke with me alone on a walk to the shop. Says she 'basically raises Rubi and the baby' after school "
            "and that Waylon 'just sleeps'. Wants her own room and more time with her dad, who 'keeps promising "
            "and then doesn't turn up'. Worried about her mock exams because she can't revise at home. Said she "
            "was fine, then that she was 'knackered all the time'.",
            [LinkStory("kerry", Relationship.MOTHER, True, True, (SEEN, SEEN)),
             LinkStory("wayne", Relationship.STEPFATHER, False, True, (SPOKEN, SEEN)),
             LinkStory("craig", Relationship.FATHER, True, False, (SPOKEN, INVITED))],
            {"home-conditions": HOME,
             "care-when-carer-away": (4, CHILD, "Taylene looks after her sister and the baby most evenings while "
                                            "her mother sleeps and Waylon is at work."),
             "interest-in-learning": (3, EvidenceSource.OTHER_AGENCY, "School: predicted grades have dropped; "
                                      "homework often missing; she is tired in morning lessons."),
             "place-in-the-family": (3, JUDGED, "Her needs come after the younger two; nobody at home asks about her "
                                           "exams or friends."),
             "sleep": (3, CHILD, "Says she goes to bed after midnight once the baby settles.")},
            ("educational", "Taylene has an hour each weekday evening to revise, with an adult caring for the "
                            "younger two", "Kerralyn Prydell and Waylon Ridgeback", 2)),
        ChildStory(
            "Rubi", Sex.FEMALE, 3 * 365 + 70,
            "Rubi showed me her bed and said 'cold, Mummy bed'. Chatted throughout and played with the dolls' house; "
            "ate two pieces of toast quickly when offered.",
            [LinkStory("kerry", Relationship.MOTHER, True, True, (SEEN, SEEN)),
             LinkStory("wayne", Relationship.FATHER, True, True, (SPOKEN, SEEN))],
            {"home-conditions": HOME,
             "early-education": (4, EvidenceSource.OTHER_AGENCY, "Nursery: attended 9 of her 30 funded sessions "
                                 "this term; nobody answers when they ring."),
             "food-and-meals": (3, SEEN_BY_US, "Cupboards nearly empty on the unannounced visit; Rubi asked for food "
                                      "twice in an hour."),
             "dental-care": (3, CARER, "Mother says Rubi has never been to a dentist; two front teeth look decayed.")},
            ("educational", "Rubi attends nursery for all her funded sessions", "Kerralyn Prydell", 2),
            seen_alone=False),
        ChildStory(
            "Alfi", Sex.MALE, 215,
            "Observed: Alfi was in a wet nappy at the start of the unannounced visit. He brightened when Taylene "
            "picked him up and followed her round the room with his eyes; he was fed a bottle propped on a cushion.",
            [LinkStory("kerry", Relationship.MOTHER, True, True, (SEEN, SEEN)),
             LinkStory("wayne", Relationship.FATHER, True, True, (SPOKEN, SEEN))],
            {"home-conditions": HOME,
             "infant-feeding": (4, SEEN_BY_US, "Bottle propped on a cushion while mother was in the kitchen; feeds are "
                                      "not at regular times."),
             "hygiene": (3, SEEN_BY_US, "Nappy rash on both visits; soiled nappy left for over an hour."),
             "health-appointments": (3, EvidenceSource.OTHER_AGENCY, "Health visitor: the 6-month review was "
                                     "missed and rebooked twice.")},
            ("nutritional", "Alfi is fed held, on a routine, and weighed at clinic every fortnight",
             "Kerralyn Prydell with the health visitor", 2),
            seen_alone=False),
    ],
    rooms=["Kitchen", "Living room", "Child's bedroom", "Bathroom"],
    present=["Kerralyn Prydell (mother)", "Waylon Ridgeback (stepfather to Taylene, father to Rubi and Alfi)"],
    context=[(ContextFactor.PARENTAL_MENTAL_ILL_HEALTH, "Mother's low mood since Alfi's birth; GP prescribed "
                                                        "medication she has stopped taking.")],
    shared_action=("physical", "The home has working heating, and the mould in the children's bedroom is treated",
                   "Kerralyn Prydell with the housing officer", "Testbury Homes", 2),
    shared_review="The landlord has not fixed the boiler; two electric heaters were lent by the family support team.",
    referral=("Health visitor", "Health visitor referred: home cold and damp, baby's weight dropping, older girl "
                                "caring for the younger two."),
    carers_views="Kerralyn says the landlord will not repair the boiler and that she is 'doing her best with three'. "
                 "Waylon says he cannot do more because of his nights.",
    strengths="Taylene is fiercely protective of her sister and brother; Kerralyn accepts help from the health "
              "visitor when it is offered in person.",
    analysis="The home is cold and damp for all three children, and the care of the younger two falls on "
             "Taylene. Each child's needs are different: Alfi's feeding and weight, Rubi's nursery and diet, "
             "Taylene's schooling and rest. Waylon is seen for the first time; Crayton has still not been seen.",
    events=[(40, "Housing", "Housing officer found no working heating and damp in two rooms.")],
)

MARSH = FamilyStory(
    name="Marrable household",
    address="5 Quarrydene Lane, Testbury",
    adults=[
        AdultStory("leanne", "Leonie", "Marrable", Sex.FEMALE, "Was in care herself as a teenager."),
        AdultStory("gary", "Garrick", "Marrable", Sex.MALE, "Sees the children every other weekend."),
        AdultStory("dean", "Deverell", "Kirkstall", Sex.MALE, "Moved in about six weeks ago; nothing else known.",
                   known_to_services=False),
    ],
    children=[
        ChildStory(
            "Joss", Sex.MALE, 11 * 365 + 40,
            "Seen alone at school. Said Deverell 'shouts a lot' and that he keeps out of the way in his room on "
            "his console. Missed PE twice because his kit was dirty. Looks forward to weekends at his dad's.",
            [LinkStory("leanne", Relationship.MOTHER, True, True, (SEEN, SEEN)),
             LinkStory("gary", Relationship.FATHER, True, False, (SEEN, SPOKEN)),
             LinkStory("dean", Relationship.MOTHERS_PARTNER, False, True, (NOT_CONTACTED, NOT_CONTACTED), new=True)],
            {"clothing": (3, CHILD, "Joss said his PE kit had not been washed for two weeks."),
             "warmth-and-responsiveness": (3, CHILD, "Joss says his mother 'is always busy with Deverell now'."),
             "boundaries-and-guidance": (3, JUDGED, "No agreed bedtime; gaming until late on school nights.")},
            ("emotional", "Joss has time alone with his mother each week, doing something he chooses",
             "Leonie Marrable", 2)),
        ChildStory(
            "Posy", Sex.FEMALE, 4 * 365 + 10,
            "Posy showed me her nursery painting and said 'Deverell lives here now'. She clung to her mother when "
            "the front door banged and would not go back to playing.",
            [LinkStory("leanne", Relationship.MOTHER, True, True, (SEEN, SEEN)),
             LinkStory("gary", Relationship.FATHER, True, False, (SEEN, SPOKEN)),
             LinkStory("dean", Relationship.MOTHERS_PARTNER, False, True, (NOT_CONTACTED, NOT_CONTACTED), new=True)],
            {"attachment-and-self-esteem": (3, SEEN_BY_US, "Clingy and startled by loud noises on both visits."),
             "early-education": (3, EvidenceSource.OTHER_AGENCY, "Nursery: often collected late, by an adult "
                                 "they do not know.")},
            ("supervision", "Posy is collected from nursery by an adult the nursery knows", "Leonie Marrable", 1),
            seen_alone=False),
    ],
    rooms=["Kitchen", "Living room", "Child's bedroom"],
    present=["Leonie Marrable (mother)"],
    context=[(ContextFactor.DOMESTIC_ABUSE, "Neighbour reported shouting and a door slammed off its hinges; "
                                             "Leonie says it was 'just an argument'.")],
    shared_action=("supervision", "Deverell Kirkstall is seen by the social worker, and checks are made with the "
                                  "police and other areas", "Social worker, with Leonie Marrable",
                   "Children's services", 1),
    shared_review="Deverell was out at both visits; Leonie has not given his date of birth.",
    referral=("Anonymous (neighbour)", "Neighbour rang: shouting late at night, a man newly living there."),
    carers_views="Leonie says Deverell is 'good with the kids' and that social care is 'making a fuss about "
                 "nothing'.",
    strengths="Both children are attached to their mother and to their father, who keeps his contact weekends.",
    analysis="A new partner lives with the children who is not known to services and has never been seen. Joss "
             "withdraws to his room; Posy is frightened by noise. Until Deverell is seen and checked, the risk "
             "to both children cannot be judged.",
)

FAMILIES = [PRYCE, MARSH]
