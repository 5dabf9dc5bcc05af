"""Reading an instrument file: bytes to JSON to a checked ``Instrument``, with every problem in plain words.

JSON parser and pydantic messages are turned into our own words, located the way the rules locate theirs
(``domains[2].items[1].title``), so an author sees one consistent list.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from gcp_desk.domain.errors import InvalidInput, Problem
from gcp_desk.domain.instrument import Instrument

from .instrument_rules import semantic_problems


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

