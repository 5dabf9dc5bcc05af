"""``gcp-desk instrument check FILE``: every problem of an instrument file, with its place. Needs no sign-in."""

from __future__ import annotations

import sys
from pathlib import Path


def check_instrument(file: Path) -> int:
    from ..scoring.instruments import InstrumentError, content_hash, load_instrument

    try:
        instrument = load_instrument(file)
    except InstrumentError as error:
        print(f"{file}: {len(error.problems)} problem(s) found:", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    items = sum(len(domain.items) for domain in instrument.domains)
    print(f"{file}: valid.")
    print(f"  {instrument.title}, version {instrument.version} ({instrument.id})")
    print(f"  {len(instrument.domains)} domains, {items} items, {len(instrument.age_bands)} age bands")
    print(f"  content hash {content_hash(instrument)}")
    return 0
