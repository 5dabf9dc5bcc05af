"""Instruments: read them, check every rule at once, hash them, and find them by id, version or hash.

An instrument file is the only thing this layer reads from disk. A file that breaks any rule is refused whole,
with every problem listed and located (``domains[2].items[1]: ...``), so that whoever wrote the file (our
developers, or an organisation loading its licensed text) can fix it in one pass rather than one error at a time.

This module is the public face; reading and its messages live in ``instrument_reading``, the rules in
``instrument_rules``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from gcp_desk.domain.canonical import sha256_hex
from gcp_desk.domain.errors import NotFound
from gcp_desk.domain.instrument import Instrument
from gcp_desk.paths import instruments_dir

from .instrument_reading import InstrumentError, load_instrument, parse_instrument
from .instrument_rules import semantic_problems

__all__ = [
    "BUILTIN_FILE",
    "InstrumentError",
    "InstrumentLibrary",
    "builtin_instrument",
    "content_hash",
    "load_instrument",
    "parse_instrument",
    "semantic_problems",
]

BUILTIN_FILE = "gcp-desk-neglect-profile-3.json"
"""The newest built-in version, which new assessments use; older versions stay beside it, so the assessments
graded with them are still read and compared (items and domains match by id across versions)."""


ADDED_FIELDS = ("visit_rules",)
"""Fields added to the format after instruments were in use: left out of the hash while empty, so an instrument
written before them keeps its hash, and the assessments graded with it still find it."""


ADDED_ITEM_FIELDS = ("household",)
"""The same for fields added to items: left out while false."""


def content_hash(instrument: Instrument) -> str:
    """SHA-256 of the canonical JSON: equal content gives an equal hash, whatever the file's layout."""
    value = instrument.model_dump(mode="json")
    for name in ADDED_FIELDS:
        if value.get(name) is None:
            value.pop(name, None)
    for domain in value["domains"]:
        for item in domain["items"]:
            for name in ADDED_ITEM_FIELDS:
                if not item.get(name):
                    item.pop(name, None)
    return sha256_hex(value)


@cache
def builtin_instrument() -> Instrument:
    return load_instrument(instruments_dir() / BUILTIN_FILE)


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

    def content_hashes(self) -> list[str]:
        """The content hash of every instrument found, sorted: what is installed, in one value."""
        return sorted(found.content_hash for found in self._read().found)

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


def _quoted(names: list[str]) -> str:
    return ", ".join(f"'{name}'" for name in names)


def _version_order(version: str) -> tuple[tuple[int, int, str], ...]:
    """Orders '2' before '10' and '1.9' before '1.10'; numbers sort before words in the same position."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.lower())
        for part in re.findall(r"\d+|[^\W\d_]+", version)
    )
