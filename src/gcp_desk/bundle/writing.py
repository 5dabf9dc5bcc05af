"""Writing a bundle as it is read from the database, a child at a time, into a file that appears whole or not at
all: a temporary file beside the target, sealed with the passphrase unless plain JSON was asked for, put on disk,
then renamed over the target in one step.

The JSON has the header first, then one record a line inside each array, so a plain bundle reads well in a text
editor and differs line by line from the next export.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO

from .envelope import SealingWriter
from .recipients import Recipient

BUFFER = 1 << 20


class BundleWriter:
    def __init__(self, target: Path, passphrase: str | None, *, recipient: Recipient | None = None):
        """Sealed with ``passphrase`` or to ``recipient``'s public key; neither: plain JSON."""
        self.target = Path(target)
        folder = self.target.parent if str(self.target.parent) else Path(".")
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{self.target.name}.", suffix=".part")
        self._temporary = Path(temporary)
        self._file: BinaryIO = os.fdopen(handle, "wb", buffering=BUFFER)
        sealed = passphrase is not None or recipient is not None
        self._sink: Any = SealingWriter(self._file, passphrase, recipient=recipient) if sealed else self._file
        self._pending: list[str] = []
        self._pending_size = 0
        self._first_field = True
        self._in_array = False
        self._first_record = True
        self._text("{")

    def field(self, name: str, value: Any) -> None:
        self._separator()
        self._text(f"\n{json.dumps(name)}: {json.dumps(value, ensure_ascii=False)}")

    def begin(self, array: str) -> None:
        self._separator()
        self._text(f"\n{json.dumps(array)}: [")
        self._in_array, self._first_record = True, True

    def record(self, json_text: str) -> None:
        """One element, already JSON (``model_dump_json`` or ``json.dumps``)."""
        self._text(("\n" if self._first_record else ",\n") + json_text)
        self._first_record = False

    def end(self) -> None:
        self._text("\n]")
        self._in_array = False

    def finish(self) -> None:
        self._text("\n}\n")
        self._flush()
        if isinstance(self._sink, SealingWriter):
            self._sink.close()
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        os.replace(self._temporary, self.target)

    def abandon(self) -> None:
        try:
            self._file.close()
        finally:
            self._temporary.unlink(missing_ok=True)

    def __enter__(self) -> BundleWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if kind is None:
            self.finish()
        else:
            self.abandon()

    def _separator(self) -> None:
        if not self._first_field:
            self._text(",")
        self._first_field = False

    def _text(self, text: str) -> None:
        self._pending.append(text)
        self._pending_size += len(text)
        if self._pending_size >= BUFFER:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self._sink.write("".join(self._pending).encode("utf-8"))
            self._pending.clear()
            self._pending_size = 0
