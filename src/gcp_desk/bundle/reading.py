"""Reading a bundle a record at a time, plain or sealed, so memory holds one child's records however large the
caseload: the top-level object is walked by hand and each element of ``households``, ``children``,
``tombstones`` and ``audit_events`` is read on its own.

A record on a line of its own, as GCP Desk writes them, is read straight into its model by pydantic's JSON reader
(``Record.model``): a third of the time of decoding it and then validating the decoded value. Only a whole JSON
value is accepted so, so the line is exactly the record. Anything else (a record its model refuses, a bundle laid
out otherwise) is decoded by the standard library's JSON decoder (``Record.value``) and checked as such, problems
and their places included; once a line is found to hold more or less than one record, the rest of the bundle is
read that way.

``BundleFile`` opens the file once to see whether it is sealed (and, if so, derives the key once); each
``events()`` call reads it again from the start, so a bundle can be checked in one pass and written in a second.
"""

from __future__ import annotations

import codecs
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .errors import BundleUnreadable
from .envelope import MAGIC, SealedHeader
from .models import RECORD_ARRAYS

MEGABYTE = 1024 * 1024
MAX_BUNDLE_BYTES = 200 * MEGABYTE
"""The default limit (``settings.max_bundle_mb``): bundles larger than it are refused before anything is read; a
caseload of several thousand children with all their history fits well inside it."""
READ_BYTES = 1 << 20
LONGEST_LINE = 16 * MEGABYTE
"""Characters: a record on a longer line is decoded the usual way (a bundle on one line is never held whole)."""
_WHITESPACE = " \t\n\r"


@dataclass(frozen=True)
class Field:
    """A top-level value outside the record arrays (the header's parts)."""

    name: str
    value: Any


_UNDECODED: Any = object()


class Record:
    """One element of a record array: ``children[42]`` is ``Record("children", 42, {...})``, with ``text`` its JSON
    as it stands in the file (for quick looks at the whole record). ``model``: the record as its model, when it was
    read straight into it; otherwise ``None``, and ``value`` is what was decoded. ``value`` is decoded from ``text``
    when first asked for."""

    __slots__ = ("array", "index", "text", "model", "_value")

    def __init__(self, array: str, index: int, value: Any = _UNDECODED, text: str = "", model: Any = None):
        self.array = array
        self.index = index
        self.text = text
        self.model = model
        self._value = value

    @property
    def value(self) -> Any:
        if self._value is _UNDECODED:
            self._value = json.loads(self.text)
        return self._value

    @property
    def path(self) -> str:
        return f"{self.array}[{self.index}]"

    def __repr__(self) -> str:
        return f"Record({self.array!r}, {self.index}, model={type(self.model).__name__ if self.model else None})"


class BundleFile:
    def __init__(self, path: Path, passphrase: Callable[[], str] | None = None, *,
                 max_bytes: int | None = None, private_key: Any = None):
        """``passphrase`` is asked for only when the bundle is sealed with one; ``private_key`` opens a bundle
        sealed to a recipient's key (``recipients.read_private_key``). ``max_bytes``: refuse a larger file at once
        (an import refuses one over the setting's limit, ``settings.max_bundle_mb``, before reading it)."""
        self.path = Path(path)
        self.digest: str | None = None
        try:
            self.size = self.path.stat().st_size
            if max_bytes is not None:
                self.refuse_over(max_bytes)
            with open(self.path, "rb") as stream:
                self.sealed = stream.read(len(MAGIC)) == MAGIC
                self._header = SealedHeader.read(stream, passphrase, private_key) if self.sealed else None
                self._data_start = stream.tell() if self.sealed else 0
        except OSError as error:
            raise BundleUnreadable(f"{self.path} cannot be read: {error.strerror or error}") from None

    def refuse_over(self, max_bytes: int) -> None:
        """Refuse the bundle if it is larger than ``max_bytes`` (the import checks the setting's limit)."""
        if self.size > max_bytes:
            raise BundleUnreadable(
                f"{self.path.name} is {_megabytes(self.size)}; bundles larger than {_megabytes(max_bytes)} are "
                "refused (the limit is a setting, max_bundle_mb). Export a smaller part (one team or household at a "
                "time) instead. Nothing was imported.")

    def chunks(self) -> Iterator[bytes]:
        """The plain bundle; once all are read, ``digest`` is their SHA-256 (the same for every full read of an
        unchanged file, so a second pass can tell it reads what the first one checked)."""
        digest = hashlib.sha256()
        self.digest = None
        with open(self.path, "rb") as stream:
            stream.seek(self._data_start)
            blocks = self._header.chunks(stream) if self._header is not None else iter(
                lambda: stream.read(READ_BYTES), b"")
            for block in blocks:
                digest.update(block)
                yield block
        self.digest = digest.hexdigest()

    def events(self) -> Iterator[Field | Record]:
        return walk(self.chunks())


def walk(chunks: Iterator[bytes]) -> Iterator[Field | Record]:
    """The top-level fields and the records of a bundle's JSON, in file order."""
    text = _Text(chunks)
    text.expect("{", "'{' at the start")
    if text.peek_after_space() == "}":
        text.advance(1)
    else:
        while True:
            name = text.decode_value()
            if not isinstance(name, str):
                raise text.broken("a field name in quotes")
            text.expect(":", "':' after a field name")
            if name in RECORD_ARRAYS and text.peek_after_space() == "[":
                yield from _records(text, name)
            else:
                yield Field(name, text.decode_value())
            separator = text.peek_after_space()
            if separator not in ("}", ","):
                raise text.broken("',' or '}' after a field")
            text.advance(1)
            if separator == "}":
                break
    if text.peek_after_space() != "":
        raise text.broken("nothing after the bundle's closing '}'")


def _records(text: _Text, array: str) -> Iterator[Record]:
    text.expect("[", "'['")
    if text.peek_after_space() == "]":
        text.advance(1)
        return
    model = RECORD_ARRAYS[array]
    index = 0
    while True:
        record = text.record_on_its_line(array, index, model)
        if record is None:
            value, raw = text.decode_value_and_text()
            record = Record(array, index, value, raw)
        yield record
        index += 1
        separator = text.peek_after_space()
        if separator not in ("]", ","):
            raise text.broken(f"',' or ']' after {array}[{index - 1}]")
        text.advance(1)
        if separator == "]":
            return


class _Text:
    """Decoded text with a read position, refilled from the chunks as values need more."""

    def __init__(self, chunks: Iterator[bytes]):
        self._chunks = chunks
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._json = json.JSONDecoder()
        self._buffer = ""
        self._pos = 0
        self._consumed = 0
        self._ended = False
        self._first = True
        self._by_line = True
        """Records read a line at a time, until a line is found to hold more or less than one."""

    def _more(self) -> bool:
        if self._ended:
            return False
        try:
            chunk = next(self._chunks, None)
            piece = self._decoder.decode(chunk or b"", final=chunk is None)
        except UnicodeDecodeError:
            raise BundleUnreadable("The bundle is not UTF-8 text: it is damaged or is not a bundle. Nothing was "
                                   "imported.") from None
        if chunk is None:
            self._ended = True
        if self._first and piece:
            piece = piece.removeprefix("\ufeff")
            self._first = False
        if self._pos > READ_BYTES:
            self._consumed += self._pos
            self._buffer, self._pos = self._buffer[self._pos:], 0
        self._buffer += piece
        return True

    def _skip_space(self) -> None:
        while True:
            buffer, pos = self._buffer, self._pos
            while pos < len(buffer) and buffer[pos] in _WHITESPACE:
                pos += 1
            self._pos = pos
            if pos < len(buffer) or not self._more():
                return

    def peek_after_space(self) -> str:
        self._skip_space()
        return self._buffer[self._pos] if self._pos < len(self._buffer) else ""

    def next_after_space(self) -> str:
        found = self.peek_after_space()
        self._pos += len(found)
        return found

    def advance(self, count: int) -> None:
        self._pos += count

    def expect(self, wanted: str, what: str) -> None:
        if self.peek_after_space() != wanted:
            raise self.broken(what)
        self._pos += 1

    def record_on_its_line(self, array: str, index: int, model: type[BaseModel]) -> Record | None:
        """The record starting here, read straight into ``model``, when it is the whole of what is left of its line
        (but a ``,``) and the model accepts it; else ``None``, and nothing is read."""
        if not self._by_line:
            return None
        self._skip_space()
        end = self._line_end()
        if end is None or self._buffer[self._pos] != "{":
            self._by_line = False
            return None
        line = self._buffer[self._pos:end]
        try:
            parsed = model.model_validate_json(line)
        except ValueError:  # refused, or not one whole JSON value: decoded and checked the usual way
            self._by_line = self._one_value(len(line))
            return None
        self._pos = end
        return Record(array, index, text=line, model=parsed)

    def _line_end(self) -> int | None:
        """Where the text from here to the end of the line ends, less a ``,`` and spaces around it; ``None`` when the
        line is longer than ``LONGEST_LINE`` or the bundle ends first."""
        while True:
            newline = self._buffer.find("\n", self._pos)
            if newline >= 0:
                break
            if len(self._buffer) - self._pos > LONGEST_LINE or not self._more():
                return None
        buffer, end = self._buffer, newline
        while end > self._pos and buffer[end - 1] in _WHITESPACE:
            end -= 1
        if end > self._pos and buffer[end - 1] == ",":
            end -= 1
            while end > self._pos and buffer[end - 1] in _WHITESPACE:
                end -= 1
        return end

    def _one_value(self, length: int) -> bool:
        """Whether the JSON value starting here is ``length`` characters long; nothing is read."""
        pos = self._pos
        try:
            _value, end = self._json.raw_decode(self._buffer, pos)
        except json.JSONDecodeError:
            return False
        return end - pos == length

    def decode_value(self) -> Any:
        return self.decode_value_and_text()[0]

    def decode_value_and_text(self) -> tuple[Any, str]:
        """The next value, and its JSON text."""
        self._skip_space()
        while True:
            try:
                value, end = self._json.raw_decode(self._buffer, self._pos)
            except json.JSONDecodeError as error:
                if self._more():
                    continue
                if error.msg.startswith("Unterminated") or error.pos >= len(self._buffer):
                    raise self.cut_short() from None
                self._pos = error.pos
                raise self.broken("a value") from None
            if end >= len(self._buffer) and self._more():
                continue  # a number at the end of what has been read may go on in the next chunk
            raw = self._buffer[self._pos:end]
            self._pos = end
            return value, raw

    @staticmethod
    def cut_short() -> BundleUnreadable:
        return BundleUnreadable("The bundle ends before it is complete: it was cut short (a copy that did not "
                                "finish?). Nothing was imported.")

    def broken(self, wanted: str) -> BundleUnreadable:
        while not self._ended and len(self._buffer) - self._pos < 2:
            self._more()
        if self._pos >= len(self._buffer) and self._ended:
            return self.cut_short()
        where = self._consumed + self._pos + 1
        return BundleUnreadable(f"The bundle is not valid JSON at character {where:,}: expected {wanted}. It is "
                                "damaged or is not a bundle. Nothing was imported.")


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f} MB"
