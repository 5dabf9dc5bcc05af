"""Instrument files: read them, check every rule at once, hash them, and find them by id, version or hash.

An instrument file is the only thing this layer reads from disk. A file that breaks any rule is refused whole,
with every problem listed and located (``domains[2].items[1]: ...``), so that whoever wrote the file (our
developers, or an organisation loading its licensed text) can fix it in one pass rather than one error at a time.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from gcp_desk.domain.canonical import sha256_hex
from gcp_desk.domain.errors import InvalidInput, NotFound, Problem
from gcp_desk.domain.instrument import ALL_BANDS, GRADES, AgeBand, Instrument, Item
from gcp_desk.paths import instruments_dir

BUILTIN_FILE = "gcp-desk-neglect-profile-1.json"


class InstrumentError(InvalidInput):
    """An instrument file or value that was refused; ``problems`` lists everything wrong with it."""

    def __init__(self, problems: list[Problem] | str, source: str = ""):
        super().__init__(problems)
        self.source = source

    def lines(self) -> list[str]:
        """One ``FILE: location: message`` line per problem, ready to print."""
        return [f"{self.source}: {problem}" if self.source else str(problem) for problem in self.problems]

    def __str__(self) -> str:
        return "\n".join(self.lines())


# ---------------------------------------------------------------------------------------------------------------
# Reading and checking


def load_instrument(path: Path) -> Instrument:
    """Read a UTF-8 JSON instrument file; refuse it with every problem found."""
    source = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise InstrumentError(f"the file could not be read ({error.strerror or error})", source) from None
    try:
        # utf-8-sig: files saved by Windows Notepad start with a byte-order mark, which is harmless.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InstrumentError(f"the file is not UTF-8 text (byte {error.start} cannot be read)", source) from None
    repeated_names: list[str] = []
    try:
        data = json.loads(text, object_pairs_hook=_object_noting_repeats(repeated_names))
    except json.JSONDecodeError as error:
        problem = Problem(f"line {error.lineno}, column {error.colno}", f"not valid JSON: {_json_reason(error.msg)}")
        raise InstrumentError([problem], source) from None
    if repeated_names:
        # JSON keeps only the last of two equal names, so text would be lost without a word; refuse instead.
        problems = [
            Problem("", f"the name '{name}' appears twice in the same object; only one can be kept")
            for name in repeated_names
        ]
        raise InstrumentError(problems, source)
    return parse_instrument(data, source)


def parse_instrument(data: object, source: str = "") -> Instrument:
    """Check ``data`` (as read from JSON) against the schema and then every rule; refuse it with all problems."""
    try:
        instrument = Instrument.model_validate(data)
    except ValidationError as error:
        details = error.errors()
        problems = [_schema_problem(detail) for detail in details]
        problems += _rule_problems_despite(data, details)
        raise InstrumentError(problems, source) from None
    problems = semantic_problems(instrument)
    if problems:
        raise InstrumentError(problems, source)
    return instrument


def content_hash(instrument: Instrument) -> str:
    """SHA-256 of the canonical JSON: equal content gives an equal hash, whatever the file's layout."""
    return sha256_hex(instrument)


@cache
def builtin_instrument() -> Instrument:
    return load_instrument(instruments_dir() / BUILTIN_FILE)


_TEXT_FIELDS = {"version", "title", "attribution", "licence", "label", "meaning", "guidance", "description"}
_TEXT_ERRORS = {"string_type", "string_too_short", "missing"}


def _rule_problems_despite(data: object, details: list[ErrorDetails]) -> list[Problem]:
    """The rule problems of a file whose schema errors are only blank or mistyped text or unknown fields.

    Such errors leave the structure intact, so the rules can still be checked on a copy with placeholder text and
    without the unknown fields; the author then sees a blank title and a missing grade in one pass. Any other
    schema error (a wrong id, a wrong number, a missing list) could make rule messages misleading, so then only
    the schema errors are reported.
    """
    patched = copy.deepcopy(data)
    try:
        for detail in details:
            location, kind = tuple(detail["loc"]), detail["type"]
            if not location:
                return []
            *path, last = location
            if last == "[key]":
                # A grade key that is not a number: drop it; the rules then say which grade is missing.
                _walk(patched, path[:-1]).pop(path[-1], None)
            elif kind == "extra_forbidden":
                _walk(patched, path).pop(last, None)
            elif kind in _TEXT_ERRORS and (last in _TEXT_FIELDS or (len(path) >= 2 and path[-2] == "descriptors")):
                _walk(patched, path)[last] = "text to be written"
            else:
                return []
        instrument = Instrument.model_validate(patched)
    except (KeyError, IndexError, TypeError, AttributeError, ValidationError):
        return []
    return semantic_problems(instrument)


def _walk(data: Any, path: list[int | str]) -> Any:
    for part in path:
        data = data[part]
    return data


def semantic_problems(instrument: Instrument) -> list[Problem]:
    """The rules the schema cannot express. Every one is checked; nothing stops at the first problem."""
    return [
        *_scale_problems(instrument),
        *_band_problems(instrument),
        *_domain_and_item_problems(instrument),
    ]


def _scale_problems(instrument: Instrument) -> Iterator[Problem]:
    first_at: dict[int, int] = {}
    for index, level in enumerate(instrument.scale):
        if level.grade in first_at:
            first = first_at[level.grade]
            yield Problem(f"scale[{index}]", f"grade {level.grade} appears twice (first at scale[{first}])")
        else:
            first_at[level.grade] = index
    for grade in GRADES:
        if grade not in first_at:
            yield Problem("scale", f"grade {grade} is missing; the scale needs each grade from 1 to 5 once")


def _band_problems(instrument: Instrument) -> Iterator[Problem]:
    bands = instrument.age_bands
    if not bands:
        yield Problem("age_bands", "there are no age bands")
        return
    first_at: dict[str, int] = {}
    first_unborn: int | None = None
    for index, band in enumerate(bands):
        where = f"age_bands[{index}]"
        if band.id in first_at:
            yield Problem(where, f"band id '{band.id}' is used twice (first at age_bands[{first_at[band.id]}])")
        else:
            first_at[band.id] = index
        if band.is_unborn:
            if first_unborn is not None:
                yield Problem(
                    where,
                    f"band '{band.id}' is a second unborn band (min_months is null); only one is allowed, "
                    f"and age_bands[{first_unborn}] is already one",
                )
            else:
                first_unborn = index
            if band.max_months is not None:
                yield Problem(where, f"band '{band.id}' is the unborn band, so max_months should be null")
        elif band.max_months is not None and band.max_months <= band.min_months:
            yield Problem(
                where, f"min_months ({band.min_months}) must be less than max_months ({band.max_months})"
            )
    yield from _born_band_sequence_problems(bands)


def _born_band_sequence_problems(bands: list[AgeBand]) -> Iterator[Problem]:
    """Born bands, taken youngest first, must start at birth and follow one another without gaps or overlaps."""
    born = sorted(
        ((index, band) for index, band in enumerate(bands) if not band.is_unborn),
        key=lambda pair: pair[1].min_months or 0,
    )
    if not born:
        return
    first_index, youngest = born[0]
    if youngest.min_months != 0:
        yield Problem(
            f"age_bands[{first_index}]",
            f"the youngest band starts at {youngest.min_months} months, so a younger child would have no band; "
            "start it at 0",
        )
    for (earlier_index, earlier), (index, later) in zip(born, born[1:]):
        where = f"age_bands[{index}]"
        if earlier.max_months is None:
            yield Problem(
                f"age_bands[{earlier_index}]",
                f"band '{earlier.id}' has no upper age (max_months is null), but band '{later.id}' starts after "
                "it; only the oldest band may be open-ended",
            )
        elif later.min_months > earlier.max_months:
            yield Problem(
                where,
                f"band '{later.id}' starts at {later.min_months} months but band '{earlier.id}' ends at "
                f"{earlier.max_months}; ages {earlier.max_months} to {later.min_months - 1} months have no band",
            )
        elif later.min_months < earlier.max_months:
            yield Problem(
                where,
                f"band '{later.id}' starts at {later.min_months} months, before band '{earlier.id}' ends at "
                f"{earlier.max_months}; the bands overlap",
            )


def _domain_and_item_problems(instrument: Instrument) -> Iterator[Problem]:
    if not instrument.domains:
        yield Problem("domains", "there are no domains")
    band_order = [band.id for band in instrument.age_bands]
    covered: set[str] = set()
    domain_first_at: dict[str, int] = {}
    item_first_at: dict[str, str] = {}
    for domain_index, domain in enumerate(instrument.domains):
        where = f"domains[{domain_index}]"
        if domain.id in domain_first_at:
            first = domain_first_at[domain.id]
            yield Problem(where, f"domain id '{domain.id}' is used twice (first at domains[{first}])")
        else:
            domain_first_at[domain.id] = domain_index
        if domain.description and not domain.description.strip():
            yield Problem(f"{where}.description", "contains only spaces; write a description or leave it out")
        if not domain.items:
            yield Problem(where, f"domain '{domain.id}' has no items")
        for item_index, item in enumerate(domain.items):
            item_where = f"{where}.items[{item_index}]"
            if item.id in item_first_at:
                yield Problem(item_where, f"item id '{item.id}' is already used at {item_first_at[item.id]}")
            else:
                item_first_at[item.id] = item_where
            if item.guidance and not item.guidance.strip():
                yield Problem(f"{item_where}.guidance", "contains only spaces; write guidance or leave it out")
            yield from _item_band_problems(instrument, item, item_where)
            applies = [band_id for band_id in band_order if _applies(instrument, item, band_id)]
            covered.update(applies)
            yield from _descriptor_problems(item, item_where, band_order, applies)
    for index, band in enumerate(instrument.age_bands):
        if band.id not in covered:
            yield Problem(f"age_bands[{index}]", f"no item applies to band '{band.id}'")


def _applies(instrument: Instrument, item: Item, band_id: str) -> bool:
    if item.bands is None:
        return not any(band.id == band_id and band.is_unborn for band in instrument.age_bands)
    return band_id in item.bands


def _item_band_problems(instrument: Instrument, item: Item, where: str) -> Iterator[Problem]:
    if item.bands is None:
        return
    if not item.bands:
        yield Problem(
            f"{where}.bands",
            "the list is empty, so the item applies to no band; leave bands out (null) to mean every band after birth",
        )
    known = [band.id for band in instrument.age_bands]
    listed: set[str] = set()
    for index, band_id in enumerate(item.bands):
        if band_id not in known:
            yield Problem(f"{where}.bands[{index}]", f"unknown band '{band_id}'; the bands are {_quoted(known)}")
        elif band_id in listed:
            yield Problem(f"{where}.bands[{index}]", f"band '{band_id}' is listed twice")
        listed.add(band_id)


def _descriptor_problems(item: Item, where: str, band_order: list[str], applies: list[str]) -> Iterator[Problem]:
    descriptors = item.descriptors
    for key, wording in descriptors.items():
        if key != ALL_BANDS and key not in band_order:
            yield Problem(
                where, f"descriptors for unknown band '{key}'; use one of {_quoted(band_order)} or 'all'"
            )
        elif key != ALL_BANDS and key not in applies:
            yield Problem(where, f"descriptors for band '{key}', but the item does not apply to that band")
        for grade in sorted(wording):
            if grade not in GRADES:
                yield Problem(where, f"grade {grade} in {_set_name(key)} is not on the scale; grades run from 1 to 5")
    # A band's own set replaces 'all' whole, so each set must be complete by itself.
    for band_id in applies:
        if band_id in descriptors:
            yield from _missing_grades(descriptors[band_id], where, f"band '{band_id}'")
    using_all = [band_id for band_id in applies if band_id not in descriptors]
    if not using_all:
        return
    if ALL_BANDS not in descriptors:
        for band_id in using_all:
            yield Problem(where, f"no descriptors for band '{band_id}'; give a set for '{band_id}' or for 'all'")
    else:
        yield from _missing_grades(descriptors[ALL_BANDS], where, f"'all' (used for {_band_list(using_all)})")


def _missing_grades(wording: dict[int, str], where: str, in_what: str) -> Iterator[Problem]:
    for grade in GRADES:
        if grade not in wording:
            yield Problem(where, f"no descriptor for grade {grade} in {in_what}")


def _set_name(key: str) -> str:
    return "'all'" if key == ALL_BANDS else f"band '{key}'"


def _band_list(band_ids: list[str]) -> str:
    return ("band " if len(band_ids) == 1 else "bands ") + _quoted(band_ids)


def _quoted(names: list[str]) -> str:
    return ", ".join(f"'{name}'" for name in names)


# ---------------------------------------------------------------------------------------------------------------
# Turning parser and schema messages into plain words with the same locations as ours

_SCHEMA_WORDS: dict[str, str] = {
    "missing": "this field is required",
    "extra_forbidden": "unknown field",
    "string_type": "should be text",
    "string_too_short": "is empty; write some text",
    "string_pattern_mismatch": "should be an id of lower-case letters, digits and hyphens, starting with a letter "
    "or digit",
    "int_type": "should be a whole number",
    "int_parsing": "should be a whole number",
    "int_from_float": "should be a whole number",
    "list_type": "should be a list ([...])",
    "dict_type": "should be an object ({...})",
    "model_type": "should be an object ({...})",
    "model_attributes_type": "should be an object ({...})",
}


def _schema_problem(detail: ErrorDetails) -> Problem:
    location = tuple(detail["loc"])
    kind = detail["type"]
    context: dict[str, Any] = dict(detail.get("ctx") or {})
    if location and location[-1] == "[key]":
        # Only grade keys (descriptors.<band>.<grade>) are typed dictionary keys in the schema.
        return Problem(_location(location[:-2]), f"'{location[-2]}' is not a grade; grades are whole numbers 1 to 5")
    if not location and kind in {"model_type", "model_attributes_type"}:
        return Problem("", "the file should hold one JSON object ({...}) describing the instrument")
    if kind == "greater_than_equal":
        message = f"should be at least {context.get('ge')}"
    elif kind == "less_than_equal":
        message = f"should be at most {context.get('le')}"
    elif kind == "string_too_long":
        message = f"is too long; at most {context.get('max_length')} characters"
    else:
        message = _SCHEMA_WORDS.get(kind) or _lower_first(detail["msg"])
    return Problem(_location(location), message)


def _location(parts: tuple[int | str, ...]) -> str:
    """('domains', 2, 'items', 1, 'title') -> 'domains[2].items[1].title'."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


_JSON_WORDS: dict[str, str] = {
    "Expecting ',' delimiter": "a comma is missing",
    "Expecting ':' delimiter": "a colon is missing",
    "Expecting value": "a value was expected here (is there a comma after the last entry?)",
    "Expecting property name enclosed in double quotes": "a name in double quotes was expected here "
    "(is there a comma after the last entry?)",
    "Unterminated string starting at": "this text has no closing double quote",
    "Extra data": "there is more text after the end of the instrument",
    "Invalid control character at": "a line break or tab inside text; write it as \\n or \\t",
}


def _json_reason(message: str) -> str:
    return _JSON_WORDS.get(message) or _lower_first(message)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _object_noting_repeats(repeated: list[str]):
    def build(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for name, value in pairs:
            if name in result:
                repeated.append(name)
            result[name] = value
        return result

    return build


# ---------------------------------------------------------------------------------------------------------------
# Finding instruments in folders


@dataclass(frozen=True)
class _Found:
    instrument: Instrument
    content_hash: str
    path: Path


@dataclass
class _Catalogue:
    found: list[_Found] = field(default_factory=list)
    problems: list[InstrumentError] = field(default_factory=list)


class InstrumentLibrary:
    """The instruments in some folders: the built-in folder first, then e.g. the organisation's data folder.

    Folders are read once, on first use; ``reload()`` reads them again. A folder that does not exist is simply
    empty. If two files hold the same id and version, the first found wins: an identical copy is ignored quietly,
    a different one is reported, because assessments name an instrument by id and version.
    """

    def __init__(self, *folders: Path) -> None:
        self._folders = tuple(Path(folder) for folder in folders)
        self._catalogue: _Catalogue | None = None

    def reload(self) -> None:
        self._catalogue = None

    def all(self) -> list[Instrument]:
        return [found.instrument for found in self._read().found]

    def problems(self) -> list[InstrumentError]:
        """One error per file that was refused or ignored, each naming its file."""
        return list(self._read().problems)

    def get(self, instrument_id: str, version: str) -> Instrument:
        versions = self._versions_of(instrument_id)
        for found in versions:
            if found.instrument.version == version:
                return found.instrument
        if not versions:
            raise NotFound(f"Instrument '{instrument_id}' version '{version}' is not available. {self._available()}")
        raise NotFound(
            f"Instrument '{instrument_id}' version '{version}' is not available. Versions found: "
            f"{_quoted([found.instrument.version for found in versions])}."
        )

    def latest(self, instrument_id: str) -> Instrument:
        versions = self._versions_of(instrument_id)
        if not versions:
            raise NotFound(f"Instrument '{instrument_id}' is not available. {self._available()}")
        newest = max(versions, key=lambda found: _version_order(found.instrument.version))
        return newest.instrument

    def by_hash(self, content_hash: str) -> Instrument | None:
        return next((found.instrument for found in self._read().found if found.content_hash == content_hash), None)

    def _versions_of(self, instrument_id: str) -> list[_Found]:
        return [found for found in self._read().found if found.instrument.id == instrument_id]

    def _available(self) -> str:
        names = sorted(
            {f"'{found.instrument.id}' version '{found.instrument.version}'" for found in self._read().found}
        )
        return f"Instruments found: {', '.join(names)}." if names else "No instruments were found."

    def _read(self) -> _Catalogue:
        if self._catalogue is None:
            self._catalogue = self._scan()
        return self._catalogue

    def _scan(self) -> _Catalogue:
        catalogue = _Catalogue()
        first_seen: dict[tuple[str, str], _Found] = {}
        for folder in self._folders:
            if not folder.is_dir():
                continue
            for path in sorted(folder.glob("*.json")):
                try:
                    instrument = load_instrument(path)
                except InstrumentError as error:
                    catalogue.problems.append(error)
                    continue
                found = _Found(instrument, content_hash(instrument), path)
                key = (instrument.id, instrument.version)
                earlier = first_seen.get(key)
                if earlier is None:
                    first_seen[key] = found
                    catalogue.found.append(found)
                elif earlier.content_hash != found.content_hash:
                    catalogue.problems.append(InstrumentError(
                        f"instrument '{instrument.id}' version '{instrument.version}' is already loaded from "
                        f"{earlier.path} with different content, so this file is ignored; changed wording needs "
                        "a new version",
                        str(path),
                    ))
        return catalogue


def _version_order(version: str) -> tuple[tuple[int, int, str], ...]:
    """Orders '2' before '10' and '1.9' before '1.10'; numbers sort before words in the same position."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.lower())
        for part in re.findall(r"\d+|[^\W\d_]+", version)
    )
