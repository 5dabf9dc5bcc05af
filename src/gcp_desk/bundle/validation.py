"""The first pass of an import: every record of a bundle checked, and every problem listed with its place, before
anything is written. It keeps what the second pass needs besides the records themselves (the header, the staff,
the households) and the ids the bundle holds, so that references can be resolved against the bundle and the
database at the end.

    check = BundleCheck(instruments, today)
    for part in bundle.events():
        check.take(part)
    problems = check.finish(held)        # held(kind, ids) -> those of ids the database holds
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ValidationError

from ..domain.errors import NotFound
from ..domain.instrument import Instrument
from ..scoring.instruments import InstrumentLibrary, content_hash
from .checks import assessment_checks, audit_event_checks, child_dates, control_characters
from .models import (
    FORMAT,
    FORMAT_VERSION,
    HEADER_FIELDS,
    RECORD_ARRAYS,
    BundleChild,
    BundleHeader,
    BundleHousehold,
    OriginAuditEvent,
    Tombstone,
)
from .reading import Field, Record

MAX_PROBLEMS = 1000
"""Listed in full up to this many; beyond it, counted."""
FindInstrument = Callable[[str, str, str], "Instrument | str"]
"""``(id, version, content hash)`` -> the instrument, or why it cannot be used."""
Held = Callable[[str, Collection[UUID]], set[UUID]]
"""``(kind, ids)`` -> those ids the database holds; kinds: household, adult, assessment, user."""


def instrument_finder(instruments: InstrumentLibrary, where: str = "here") -> FindInstrument:
    """The check's way to the instrument each assessment was graded with, from those installed ``where`` the records
    are checked ("here", "on this laptop"): the instrument, or why it cannot be used (not installed, or installed with
    other content)."""

    def find(instrument_id: str, version: str, wanted_hash: str) -> Instrument | str:
        try:
            instrument = instruments.get(instrument_id, version)
        except NotFound:
            return (f"the instrument '{instrument_id}' version '{version}' is not installed {where}; install the "
                    "same instrument file first")
        if content_hash(instrument) != wanted_hash:
            return (f"the instrument '{instrument_id}' version '{version}' installed here is not the one it was "
                    "graded with (its content differs)")
        return instrument

    return find

_PLAIN = {
    "missing": "is required",
    "extra_forbidden": "is not a field of this record",
    "string_too_short": "must not be empty",
    "string_too_long": "is too long",
    "uuid_parsing": "is not an id (ids look like 3f2b9c1e-...)",
    "uuid_type": "is not an id (ids look like 3f2b9c1e-...)",
    "date_from_datetime_parsing": "is not a date (YYYY-MM-DD)",
    "date_parsing": "is not a date (YYYY-MM-DD)",
    "datetime_parsing": "is not a date and time (ISO 8601)",
    "datetime_from_date_parsing": "is not a date and time (ISO 8601)",
    "int_parsing": "is not a whole number",
    "int_type": "is not a whole number",
    "bool_type": "is not true or false",
    "bool_parsing": "is not true or false",
    "string_type": "is not text",
    "dict_type": "is not an object",
    "list_type": "is not a list",
    "model_type": "is not an object",
    "enum": "is not one of the allowed choices",
    "literal_error": "is not one of the allowed choices",
}


@dataclass
class Counts:
    households: int = 0
    adults: int = 0
    children: int = 0
    assessments: int = 0
    audit_events: int = 0


@dataclass
class BundleCheck:
    find_instrument: FindInstrument
    today: date
    problems: list[str] = field(default_factory=list)
    more_problems: int = 0
    header_values: dict[str, Any] = field(default_factory=dict)
    header: BundleHeader | None = None
    households: list[BundleHousehold] = field(default_factory=list)
    tombstones: list[Tombstone] = field(default_factory=list)
    counts: Counts = field(default_factory=Counts)
    ids: dict[str, dict[UUID, str]] = field(default_factory=dict)
    """Kind -> id -> where it first appears (for duplicates and references)."""
    references: list[tuple[str, UUID, str]] = field(default_factory=list)
    """(kind, id, where): to be found in the bundle or the database."""
    _instruments: dict[tuple[str, str, str], Instrument | str] = field(default_factory=dict)

    # Taking the bundle in --------------------------------------------------------------------------------------
    def take(self, part: Field | Record) -> Any:
        """Check ``part``; returns the record as its model when it is one (``None`` if it does not validate)."""
        if isinstance(part, Field):
            if part.name in HEADER_FIELDS:
                self.header_values[part.name] = part.value
            elif part.name in RECORD_ARRAYS:
                self.add(part.name, f"must be a list of records, not {type(part.value).__name__}")
            else:
                self.add(part.name, "is not a field of a bundle")
            return None
        return self._record(part)

    @property
    def clean(self) -> bool:
        """No problem found so far."""
        return not self.problems and not self.more_problems

    def _record(self, record: Record) -> Any:
        path = record.path
        for where, words in control_characters(lambda: record.value, path, record.text or None):
            self.add(where, words)
        parsed = record.model
        if parsed is None:  # read as decoded JSON: checked here, each problem with its place
            parsed = self._validate(RECORD_ARRAYS[record.array], record.value, path)
        if parsed is None:
            return None
        if isinstance(parsed, BundleHousehold):
            self._household(parsed, path)
        elif isinstance(parsed, BundleChild):
            self._child(parsed, path)
        elif isinstance(parsed, Tombstone):
            self._id("tombstone", parsed.entity_id, path)
            self.tombstones.append(parsed)
        elif isinstance(parsed, OriginAuditEvent):
            self.counts.audit_events += 1
            self._id("audit event", parsed.id, path)
            for where, words in audit_event_checks(parsed, path):
                self.add(where, words)
        return parsed

    def _household(self, household: BundleHousehold, path: str) -> None:
        self.counts.households += 1
        self._id("household", household.id, path)
        for index, adult in enumerate(household.adults):
            self.counts.adults += 1
            where = f"{path}.adults[{index}]"
            self._id("adult", adult.id, where)
            if adult.household_id != household.id:
                self.add(f"{where}.household_id", f"is {adult.household_id}, not the household it is filed under")
            for number, alias in enumerate(adult.aliases):
                self._id("adult alias", alias.alias_id, f"{where}.aliases[{number}]")
                self._user(alias.merged_by, f"{where}.aliases[{number}].merged_by")
        self.households.append(household)

    def _child(self, child: BundleChild, path: str) -> None:
        self.counts.children += 1
        self._id("child", child.id, path)
        if child.household_id is not None:
            self.references.append(("household", child.household_id, f"{path}.household_id"))
        for where, words in child_dates(child, path, self.today):
            self.add(where, words)
        for index, link in enumerate(child.links):
            where = f"{path}.links[{index}]"
            if link.child_id != child.id:
                self.add(f"{where}.child_id", "is not the child it is filed under")
            self.references.append(("adult", link.adult_id, f"{where}.adult_id"))
        for index, event in enumerate(child.events):
            where = f"{path}.events[{index}]"
            self._id("event", event.id, where)
            if event.child_id != child.id:
                self.add(f"{where}.child_id", "is not the child it is filed under")
            self._user(event.recorded_by, f"{where}.recorded_by")
        for index, move in enumerate(child.moves):
            where = f"{path}.moves[{index}]"
            self._id("household move", move.id, where)
            if move.child_id != child.id:
                self.add(f"{where}.child_id", "is not the child it is filed under")
            self._user(move.recorded_by, f"{where}.recorded_by")
        for index, assessment in enumerate(child.assessments):
            where = f"{path}.assessments[{index}]"
            self.counts.assessments += 1
            self._id("assessment", assessment.id, where)
            instrument = self._instrument(assessment.instrument_id, assessment.instrument_version,
                                          assessment.instrument_hash, where)
            for found, words in assessment_checks(assessment, where, instrument, child, self.today):
                self.add(found, words)
            if assessment.amends_id is not None:
                self.references.append(("assessment", assessment.amends_id, f"{where}.amends_id"))
            self._user(assessment.created_by, f"{where}.created_by")
            for kind, parts in (("evidence", assessment.evidence), ("plan action", assessment.plan),
                                ("signature", assessment.signatures), ("review comment", assessment.review_comments),
                                ("return", assessment.returns)):
                for number, part in enumerate(parts):
                    self._id(kind, part.id, f"{where}.{_ARRAY[kind]}[{number}]")
            for number, note in enumerate(assessment.evidence):
                self._user(note.author_id, f"{where}.evidence[{number}].author_id")
            for number, signature in enumerate(assessment.signatures):
                self._user(signature.user_id, f"{where}.signatures[{number}].user_id")
            for number, comment in enumerate(assessment.review_comments):
                self._user(comment.author_id, f"{where}.review_comments[{number}].author_id")
            for number, returned in enumerate(assessment.returns):
                self._user(returned.returned_by, f"{where}.returns[{number}].returned_by")

    def early_header(self) -> BundleHeader | None:
        """The header, when all of it came before the records (as GCP Desk writes it) and it is sound; else
        ``None``. Problems are left to ``finish``."""
        values = self.header_values
        if (values.get("format") != FORMAT or not isinstance(values.get("format_version"), int)
                or values["format_version"] > FORMAT_VERSION or "staff" not in values or "instruments" not in values):
            return None
        try:
            return BundleHeader.model_validate(values)
        except ValidationError:
            return None

    # The end of the pass ---------------------------------------------------------------------------------------
    def finish(self, held: Held) -> list[str]:
        """Every problem, the header's and the references' included. A bundle of a newer format gives only that."""
        version = self.header_values.get("format_version")
        if self.header_values.get("format") != FORMAT:
            return [f"format: this is not a GCP Desk bundle (its format is {self.header_values.get('format')!r})"]
        if isinstance(version, int) and version > FORMAT_VERSION:
            return [f"format_version: the bundle is format {version}, made by a newer version of GCP Desk; this "
                    f"copy reads formats up to {FORMAT_VERSION}. Update GCP Desk, or export again from a copy of "
                    "the same version."]
        self.header = self._validate(BundleHeader, self.header_values, "")
        if self.header is not None:
            for index, member in enumerate(self.header.staff):
                self._id("staff member", member.id, f"staff[{index}]")
            self._user(self.header.exported_by, "exported_by")
        self._resolve(held)
        children = self.ids.get("child", {})
        for index, tombstone in enumerate(self.tombstones):
            if tombstone.entity_id in children:
                self.add(f"tombstones[{index}]", f"says child {tombstone.entity_id} was deleted, but the bundle holds "
                                                 f"that child's record too ({children[tombstone.entity_id]})")
        if self.more_problems:
            self.problems.append(f"... and {self.more_problems} more problems")
        return self.problems

    def _resolve(self, held: Held) -> None:
        in_bundle = {
            "household": self.ids.get("household", {}),
            "adult": self.ids.get("adult", {}),
            "assessment": self.ids.get("assessment", {}),
            "user": self.ids.get("staff member", {}),
        }
        wanted: dict[str, set[UUID]] = {}
        for kind, wanted_id, _where in self.references:
            if wanted_id not in in_bundle[kind]:
                wanted.setdefault(kind, set()).add(wanted_id)
        found = {kind: held(kind, ids) for kind, ids in wanted.items()}
        for kind, wanted_id, where in self.references:
            if wanted_id not in in_bundle[kind] and wanted_id not in found.get(kind, set()):
                self.add(where, f"names {_WORDS[kind]} {wanted_id}, which is neither in the bundle nor held here")

    # Helpers ---------------------------------------------------------------------------------------------------
    def add(self, where: str, words: str) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            self.more_problems += 1
        else:
            self.problems.append(printable(f"{where}: {words}" if where else words))

    def _id(self, kind: str, record_id: UUID, where: str) -> None:
        seen = self.ids.setdefault(kind, {})
        first = seen.get(record_id)
        if first is not None:
            self.add(where, f"the id {record_id} is used twice (also at {first})")
        else:
            seen[record_id] = where

    def _user(self, user_id: UUID | None, where: str) -> None:
        if user_id is not None:
            self.references.append(("user", user_id, where))

    def _instrument(self, instrument_id: str, version: str, content_hash: str, where: str) -> Instrument | None:
        key = (instrument_id, version, content_hash)
        if key not in self._instruments:
            self._instruments[key] = self.find_instrument(*key)
        found = self._instruments[key]
        if isinstance(found, str):
            self.add(f"{where}.instrument_id", found)
            return None
        return found

    def _validate(self, model: type[BaseModel], value: Any, path: str) -> Any:
        try:
            return model.model_validate(value)
        except ValidationError as error:
            for detail in error.errors(include_url=False):
                self.add(*_readable(path, detail))
            return None


_ARRAY = {"evidence": "evidence", "plan action": "plan", "signature": "signatures",
          "review comment": "review_comments", "return": "returns"}
_WORDS = {"household": "household", "adult": "adult", "assessment": "assessment", "user": "member of staff"}


def printable(text: str) -> str:
    """``text`` with any lone surrogate (text from a damaged bundle) shown as U+FFFD, so it can be printed."""
    if text.isprintable() or not any("\ud800" <= char <= "\udfff" for char in text):
        return text
    return "".join("\ufffd" if "\ud800" <= char <= "\udfff" else char for char in text)


def _readable(path: str, detail: dict[str, Any]) -> tuple[str, str]:
    location = list(detail["loc"])
    words = _PLAIN.get(detail["type"])
    if (len(location) >= 3 and location[-1] == "grade" and location[-3] == "item_grades"
            and detail["type"] in ("less_than_equal", "greater_than_equal")):
        return _path(path, location[:-1]), f"grade {detail['input']} is not on the 1-5 scale"
    if detail["type"] in ("less_than_equal", "greater_than_equal", "less_than", "greater_than"):
        words = f"{_short(detail['input'])} {detail['msg'][0].lower()}{detail['msg'][1:]}"
    if words is None:
        words = str(detail["msg"]).removeprefix("Value error, ")
    return _path(path, location), words


def _path(path: str, location: Iterable[Any]) -> str:
    text = path
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
