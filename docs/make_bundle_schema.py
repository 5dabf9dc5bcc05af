"""Write docs/bundle-schema.json, the JSON Schema of the bundle format, from the models in gcp_desk.bundle.models.

    .venv/bin/python docs/make_bundle_schema.py

A test (tests/records/test_bundle_schema.py) fails while the committed file differs from what the models give.
"""

from __future__ import annotations

import json
from pathlib import Path

from gcp_desk.bundle.models import json_schema

SCHEMA_FILE = Path(__file__).resolve().parent / "bundle-schema.json"


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    SCHEMA_FILE.write_text(schema_text(), encoding="utf-8")
    print(f"Wrote {SCHEMA_FILE}")
