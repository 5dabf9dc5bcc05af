"""Checks of one record of a bundle beyond its model: the instrument it was graded with, grades on that instrument's
scale, plausible dates, control characters, and signatures that fix the content as it stands. Each returns problems
as ``(path, words)`` with the path from the bundle's top, e.g.
``("children[42].assessments[1].item_grades.clothing", "grade 7 is not on the 1-5 scale")``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from ..domain.instrument import Instrument
from ..scoring.signed_state import SIGNED_STATES, governing_signature
from ..scoring.signing_content import HASH_SCHEME, assessment_content_hash
from .models import BundleAssessment, BundleChild, OriginAuditEvent

Found = tuple[str, str]
NAME_LENGTH = 200
"""Characters: what the database keeps of a name (``storage.orm.NAME``)."""
MAX_ROUND = 1000
EARLIEST = date(1900, 1, 1)
CLOCK_SLACK = timedelta(days=1)
"""A laptop's clock may be a day out: a moment up to a day ahead of this one is not called the future."""
NAME_FIELDS = frozenset({"given_name", "family_name", "name", "scheme", "value", "author_name", "returned_by_name"})
_ALLOWED_IN_TEXT = frozenset("\n\t\r\u200c\u200d")
_ALLOWED_IN_NAMES = frozenset("\u200c\u200d")


def control_characters(value: Any, path: str, text: str | None = None) -> Iterator[Found]:
    """Every string of a record holding an invisible control character, found by a quick look at the record's JSON
    first (almost every record has none) and a walk through it only when that finds something. ``text``: the
    record's JSON as read, if at hand; ``value`` may then be a function giving the decoded record, called only for
    the walk."""
    if callable(value) and text is None:
        value = value()
    if text is None:
        text = json.dumps(value, ensure_ascii=False)
    if "\\" not in text and text.isprintable():
        return  # no escape at all, and nothing invisible: the commonest case, told by two scans of the text
    if text.isprintable() and "\\u" not in text and "\\b" not in text and "\\f" not in text:
        # no escape can hide a control character: only line breaks and tabs (escaped), which names may not hold
        if any(escape in text for escape in ("\\n", "\\r", "\\t")) and _NAME_WITH_BREAK.search(text):
            yield from _names_with_breaks(value() if callable(value) else value, path)
        return
    yield from _control_characters(value() if callable(value) else value, path)


_NAME_WITH_BREAK = re.compile(r'"(?:' + "|".join(sorted(NAME_FIELDS)) + r')"\s*:\s*"(?:[^"\\]|\\.)*?\\[nrt]')
"""A name field whose text holds an escaped line break or tab, in a record's JSON: a quick look, with no false
misses; what it finds is placed exactly by the walk."""


def _names_with_breaks(value: Any, path: str) -> Iterator[Found]:
    """Line breaks and tabs are allowed in text, not in names: only the name fields are looked at."""
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if isinstance(item, str):
                if key in NAME_FIELDS and any(char in item for char in "\n\r\t"):
                    bad = next(char for char in item if char in "\n\r\t")
                    yield where, f"contains an invisible control character (U+{ord(bad):04X})"
            elif isinstance(item, dict | list):
                yield from _names_with_breaks(item, where)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict | list):
                yield from _names_with_breaks(item, f"{path}[{index}]")


def _control_characters(value: Any, path: str) -> Iterator[Found]:
    """Every string holding an invisible control character (a bell, an escape code, a stray NUL); names may not
    hold a line break or a tab either. ``value`` is the record as decoded JSON."""
    if isinstance(value, dict):
        for key, item in value.items():
            bad_key = _bad_character(key, _ALLOWED_IN_NAMES) if isinstance(key, str) else None
            if bad_key is not None:
                yield path, f"a field name holds an invisible control character (U+{ord(bad_key):04X})"
            where = f"{path}.{key}" if path else str(key)
            if isinstance(item, str):
                allowed = _ALLOWED_IN_NAMES if key in NAME_FIELDS else _ALLOWED_IN_TEXT
                bad = _bad_character(item, allowed)
                if bad is not None:
                    yield where, f"contains an invisible control character (U+{ord(bad):04X})"
            elif isinstance(item, dict | list):
                yield from _control_characters(item, where)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            where = f"{path}[{index}]"
            if isinstance(item, str):
                bad = _bad_character(item, _ALLOWED_IN_TEXT)
                if bad is not None:
                    yield where, f"contains an invisible control character (U+{ord(bad):04X})"
            elif isinstance(item, dict | list):
                yield from _control_characters(item, where)


def _bad_character(text: str, allowed: frozenset[str]) -> str | None:
    if text.isprintable():
        return None
    return next((char for char in text if unicodedata.category(char) in ("Cc", "Cf", "Cs") and char not in allowed),
                None)


def child_dates(child: BundleChild, path: str, today: date) -> Iterator[Found]:
    latest = today + CLOCK_SLACK
    if child.date_of_birth is not None and not EARLIEST <= child.date_of_birth <= latest:
        yield f"{path}.date_of_birth", f"{child.date_of_birth.isoformat()} is not a plausible date of birth"
    if child.expected_date_of_delivery is not None and not (
            EARLIEST <= child.expected_date_of_delivery <= today + timedelta(days=44 * 7)):
        yield f"{path}.expected_date_of_delivery", (f"{child.expected_date_of_delivery.isoformat()} is not a "
                                                    "plausible expected date of delivery")
    for index, event in enumerate(child.events):
        if not EARLIEST <= event.date <= latest:
            yield f"{path}.events[{index}].date", f"{event.date.isoformat()} is in the future or before 1900"
    for index, move in enumerate(child.moves):
        if not EARLIEST <= move.moved_on <= latest:
            yield f"{path}.moves[{index}].moved_on", f"{move.moved_on.isoformat()} is in the future or before 1900"
    yield from _moments(path, {"created_at": child.created_at, "updated_at": child.updated_at}, today)


def assessment_checks(assessment: BundleAssessment, path: str, instrument: Instrument | None,
                      child: BundleChild, today: date) -> Iterator[Found]:
    if assessment.child_id != child.id:
        yield f"{path}.child_id", f"is {assessment.child_id}, not the child it is filed under ({child.id})"
    if instrument is not None:
        yield from _graded_on(assessment, path, instrument)
    born = child.date_of_birth or child.expected_date_of_delivery
    earliest = max(EARLIEST, born - timedelta(days=44 * 7)) if born else EARLIEST
    for index, visit in enumerate(assessment.visits):
        if not earliest <= visit.date <= today + CLOCK_SLACK:
            yield (f"{path}.visits[{index}].date",
                   f"{visit.date.isoformat()} is not a plausible visit date (in the future, or before the child's "
                   "birth was expected)")
    yield from _moments(path, {"created_at": assessment.created_at, "updated_at": assessment.updated_at,
                               "submitted_at": assessment.submitted_at}, today)
    for index, signature in enumerate(assessment.signatures):
        yield from _moments(f"{path}.signatures[{index}]", {"signed_at": signature.signed_at}, today)
        if signature.assessment_id != assessment.id:
            yield f"{path}.signatures[{index}].assessment_id", "is not the assessment it is filed under"
    for kind, records in (("review_comments", assessment.review_comments), ("returns", assessment.returns)):
        for index, record in enumerate(records):
            if record.assessment_id != assessment.id:
                yield f"{path}.{kind}[{index}].assessment_id", "is not the assessment it is filed under"
            if not 1 <= record.round <= MAX_ROUND:
                yield f"{path}.{kind}[{index}].round", f"{record.round} is not a review round (1 to {MAX_ROUND})"
    for where, name in _stored_names(assessment, path):
        if len(name) > NAME_LENGTH:
            yield where, f"is {len(name):,} characters long; the most is {NAME_LENGTH}"
    yield from _signed(assessment, path)


def _stored_names(assessment: BundleAssessment, path: str) -> Iterator[tuple[str, str]]:
    for index, signature in enumerate(assessment.signatures):
        yield f"{path}.signatures[{index}].name", signature.name
    for index, comment in enumerate(assessment.review_comments):
        yield f"{path}.review_comments[{index}].author_name", comment.author_name
    for index, record in enumerate(assessment.returns):
        yield f"{path}.returns[{index}].returned_by_name", record.returned_by_name


@dataclass(frozen=True)
class _Terms:
    """What an instrument allows, worked out once per instrument rather than once per assessment."""

    scale: frozenset[int]
    words: str
    """The scale as a reader says it: "1-5"."""
    items: frozenset[str]
    domains: frozenset[str]
    bands: frozenset[str]


_TERMS: dict[int, tuple[Instrument, _Terms]] = {}


def _terms(instrument: Instrument) -> _Terms:
    found = _TERMS.get(id(instrument))
    if found is not None and found[0] is instrument:
        return found[1]
    scale = sorted(level.grade for level in instrument.scale)
    words = f"{scale[0]}-{scale[-1]}" if scale == list(range(scale[0], scale[-1] + 1)) else ", ".join(map(str, scale))
    terms = _Terms(frozenset(scale), words,
                   items=frozenset(item.id for domain in instrument.domains for item in domain.items),
                   domains=frozenset(domain.id for domain in instrument.domains),
                   bands=frozenset(band.id for band in instrument.age_bands))
    if len(_TERMS) >= 16:
        _TERMS.clear()
    _TERMS[id(instrument)] = (instrument, terms)
    return terms


def _graded_on(assessment: BundleAssessment, path: str, instrument: Instrument) -> Iterator[Found]:
    terms = _terms(instrument)
    scale, words, items, domains = terms.scale, terms.words, terms.items, terms.domains
    if assessment.age_band is not None and assessment.age_band not in terms.bands:
        yield f"{path}.age_band", f"'{assessment.age_band}' is not an age band of {instrument.id} {instrument.version}"
    for key, grade in assessment.item_grades.items():
        where = f"{path}.item_grades.{key}"
        if key not in items:
            yield where, f"'{key}' is not an item of {instrument.id} {instrument.version}"
        if grade.item_id != key:
            yield f"{where}.item_id", f"is '{grade.item_id}', not '{key}'"
        if grade.grade is not None and grade.grade not in scale:
            yield where, f"grade {grade.grade} is not on the {words} scale"
    for key, domain_grade in assessment.domain_grades.items():
        where = f"{path}.domain_grades.{key}"
        if key not in domains:
            yield where, f"'{key}' is not a domain of {instrument.id} {instrument.version}"
        if domain_grade.domain_id != key:
            yield f"{where}.domain_id", f"is '{domain_grade.domain_id}', not '{key}'"
        for name in ("chosen", "suggested"):
            value = getattr(domain_grade, name)
            if value is not None and value not in scale:
                yield f"{where}.{name}", f"grade {value} is not on the {words} scale"
    for index, note in enumerate(assessment.evidence):
        if note.item_id is not None and note.item_id not in items:
            yield f"{path}.evidence[{index}].item_id", f"'{note.item_id}' is not an item of {instrument.id}"
    for index, action in enumerate(assessment.plan):
        if action.domain_id not in domains:
            yield f"{path}.plan[{index}].domain_id", f"'{action.domain_id}' is not a domain of {instrument.id}"
        if action.target_grade not in scale:
            yield f"{path}.plan[{index}].target_grade", f"grade {action.target_grade} is not on the {words} scale"


def _signed(assessment: BundleAssessment, path: str) -> Iterator[Found]:
    """The content as it stands hashes to what its governing signature fixed (``scoring.signed_state``)."""
    for index, signature in enumerate(assessment.signatures):
        if signature.hash_scheme != HASH_SCHEME:
            yield (f"{path}.signatures[{index}].hash_scheme",
                   f"'{signature.hash_scheme}' is not a signing scheme this copy of GCP Desk knows")
    governing = governing_signature(assessment, assessment.signatures)
    if governing is None:
        if assessment.status in SIGNED_STATES:
            yield f"{path}.signatures", f"a {assessment.status.value} assessment carries no signature of that state"
        return
    try:
        digest = assessment_content_hash(assessment)
    except UnicodeEncodeError:  # a lone surrogate: reported with its place by ``control_characters``
        yield path, "holds text that is not valid Unicode, so its content cannot be checked against its signature"
        return
    if governing.hash_scheme == HASH_SCHEME and digest != governing.content_hash:
        yield path, (f"its content does not match the signature of {governing.name} ({governing.kind.value}, "
                     f"{governing.signed_at:%Y-%m-%d}): it was changed after signing")


def audit_event_checks(event: OriginAuditEvent, path: str) -> Iterator[Found]:
    from ..storage.audit_chain import event_hash, payload_digest

    digest = payload_digest(event.before, event.after)
    if digest != event.payload_digest:
        yield f"{path}.payload_digest", "is not the digest of the event's before and after"
    elif event_hash(event.prev_hash, event.seq, event_id=event.id, at=event.at, actor_id=event.actor_id,
                    action=event.action, entity=event.entity, entity_id=event.entity_id,
                    digest=digest) != event.hash:
        yield f"{path}.hash", "does not match the event and the hash before it: the event was changed"


def _moments(path: str, moments: dict[str, datetime | None], today: date) -> Iterator[Found]:
    latest = datetime.combine(today + CLOCK_SLACK, datetime.max.time(), UTC)
    earliest = datetime(1990, 1, 1, tzinfo=UTC)
    for name, moment in moments.items():
        if moment is None:
            continue
        if moment.tzinfo is None:
            yield f"{path}.{name}", "has no time zone (times are written in UTC, ending in Z or +00:00)"
        elif not earliest <= moment <= latest:
            yield f"{path}.{name}", f"{moment.isoformat()} is in the future or implausibly long ago"
