"""Reading a bundle a record at a time: a record on a line of its own is read straight into its model; any other
layout, and any record its model refuses, is decoded and checked the usual way, with the same result."""

from __future__ import annotations

import json
from uuid import uuid4

import pytest

from gcp_desk.bundle.models import Tombstone
from gcp_desk.bundle.reading import BundleFile, Field, Record

TOMBSTONES = [{"entity": "child", "entity_id": str(uuid4()), "deleted_at": f"2026-03-0{day}T10:00:00Z"}
              for day in (1, 2, 3)]


def records_of(tmp_path, text: str) -> list[Record]:
    path = tmp_path / "bundle.json"
    path.write_text(text, encoding="utf-8")
    return [part for part in BundleFile(path).events() if isinstance(part, Record)]


def one_a_line(records: list, comma: str = ",\n") -> str:
    lines = comma.join(json.dumps(record) for record in records)
    return '{\n"format": "gcp-desk-bundle",\n"tombstones": [\n' + lines + "\n]\n}\n"


def test_records_one_a_line_are_read_straight_into_their_models(tmp_path):
    read = records_of(tmp_path, one_a_line(TOMBSTONES))
    assert [record.path for record in read] == ["tombstones[0]", "tombstones[1]", "tombstones[2]"]
    assert all(isinstance(record.model, Tombstone) for record in read)
    assert [record.model.entity_id for record in read] == [Tombstone(**t).entity_id for t in TOMBSTONES]
    assert read[1].value == TOMBSTONES[1]  # decoded only when asked for
    assert read[1].text == json.dumps(TOMBSTONES[1])


@pytest.mark.parametrize("text", [
    json.dumps({"format": "gcp-desk-bundle", "tombstones": TOMBSTONES}),  # all on one line
    json.dumps({"format": "gcp-desk-bundle", "tombstones": TOMBSTONES}, indent=2),  # one field a line
    '{"tombstones": [\n' + json.dumps(TOMBSTONES[0]) + ", " + json.dumps(TOMBSTONES[1]) + ",\n"
    + json.dumps(TOMBSTONES[2]) + "]}",  # two on a line, the last followed by its bracket
])
def test_other_layouts_are_decoded_with_the_same_records(tmp_path, text):
    read = records_of(tmp_path, text)
    assert [record.value for record in read] == TOMBSTONES
    assert [record.path for record in read] == ["tombstones[0]", "tombstones[1]", "tombstones[2]"]
    assert read[0].model is None  # the layout was found not to be one record a line


def test_a_record_its_model_refuses_is_decoded_and_the_next_lines_are_still_read_as_records(tmp_path):
    refused = {**TOMBSTONES[1], "entity": "household"}
    read = records_of(tmp_path, one_a_line([TOMBSTONES[0], refused, TOMBSTONES[2]], comma=" ,  \n"))
    assert read[1].model is None and read[1].value == refused
    assert isinstance(read[0].model, Tombstone) and isinstance(read[2].model, Tombstone)


def test_a_record_over_two_lines_is_decoded_whole(tmp_path):
    split = json.dumps(TOMBSTONES[0]).replace(", ", ",\n", 1)
    text = '{"tombstones": [\n' + split + ",\n" + json.dumps(TOMBSTONES[1]) + "\n]}"
    read = records_of(tmp_path, text)
    assert [record.value for record in read] == TOMBSTONES[:2]


def test_header_fields_are_read_as_before(tmp_path):
    path = tmp_path / "bundle.json"
    path.write_text(one_a_line(TOMBSTONES), encoding="utf-8")
    fields = [part for part in BundleFile(path).events() if isinstance(part, Field)]
    assert fields == [Field("format", "gcp-desk-bundle")]
