"""Instrument files: the built-in profile, the rules every file must keep, and finding instruments in folders."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from gcp_desk.domain.errors import NotFound
from gcp_desk.domain.instrument import ALL_BANDS, GRADES, Instrument
from gcp_desk.paths import instruments_dir
from gcp_desk.scoring.instruments import (
    BUILTIN_FILE,
    InstrumentError,
    InstrumentLibrary,
    builtin_instrument,
    content_hash,
    load_instrument,
    parse_instrument,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "instruments"
MINI = FIXTURES / "mini-profile-1.json"
BUILTIN_PATH = instruments_dir() / BUILTIN_FILE
BUILTIN_ID = "gcp-desk-neglect-profile"
BORN_BANDS = ["under-2", "2-4", "5-11", "12-plus"]


def builtin_data() -> dict:
    """A fresh, mutable copy of the built-in file's JSON, for making broken variants."""
    return json.loads(BUILTIN_PATH.read_text(encoding="utf-8"))


def refusal(data: object) -> list[str]:
    """The problems parse_instrument lists for ``data``, as ``location: message`` lines."""
    with pytest.raises(InstrumentError) as refused:
        parse_instrument(data)
    return [str(problem) for problem in refused.value.problems]


def write_json(path: Path, data: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def born_items(instrument: Instrument):
    return [item for domain in instrument.domains for item in domain.items if item.bands != ["unborn"]]


# ---------------------------------------------------------------------------------------------------------------
# The built-in instrument


def test_the_builtin_instrument_names_itself_and_its_terms():
    instrument = builtin_instrument()
    assert (instrument.id, instrument.version, instrument.title) == (BUILTIN_ID, "3", "GCP Desk neglect profile")
    assert "original" in instrument.attribution
    assert "judgement" in instrument.licence and "licensed" in instrument.licence
    assert [level.grade for level in instrument.scale] == [1, 2, 3, 4, 5]
    assert instrument.scale_label(1) == "Needs fully met" and instrument.scale_label(5) == "Needs not met"


def test_the_builtin_instrument_has_the_six_neglect_domains():
    instrument = builtin_instrument()
    assert [(domain.id, domain.title) for domain in instrument.domains] == [
        ("physical", "Physical care"),
        ("nutritional", "Nutritional care"),
        ("medical", "Medical and dental care"),
        ("emotional", "Emotional care"),
        ("educational", "Educational care and stimulation"),
        ("supervision", "Supervision and guidance"),
    ]
    for domain in instrument.domains:
        assert 3 <= len(domain.items) <= 6, domain.id
        assert domain.description.endswith(".")


def test_the_builtin_age_bands_run_from_before_birth_to_twelve_and_over():
    bands = [(band.id, band.min_months, band.max_months) for band in builtin_instrument().age_bands]
    assert bands == [
        ("unborn", None, None),
        ("under-2", 0, 24),
        ("2-4", 24, 60),
        ("5-11", 60, 144),
        ("12-plus", 144, None),
    ]


def test_every_band_an_item_applies_to_has_five_different_descriptors():
    instrument = builtin_instrument()
    checked = 0
    for domain in instrument.domains:
        for item in domain.items:
            assert item.guidance.strip(), item.id
            bands = [band.id for band in instrument.age_bands if instrument.item_applies(item, band.id)]
            assert bands, item.id
            for band_id in bands:
                wording = [instrument.descriptor(item.id, band_id, grade) for grade in GRADES]
                assert len(set(wording)) == 5, (item.id, band_id)
                checked += 1
    assert checked >= 100


def test_an_unborn_child_is_graded_only_on_antenatal_items():
    instrument = builtin_instrument()
    unborn_ids = instrument.applicable_item_ids("unborn")
    assert [item.id for item in instrument.items_for("medical", "unborn")] == ["antenatal-care", "health-in-pregnancy"]
    assert [item.id for item in instrument.items_for("physical", "unborn")] == ["preparing-for-baby"]
    assert instrument.items_for("educational", "unborn") == []
    assert instrument.items_for("supervision", "unborn") == []
    for item_id in unborn_ids:
        assert instrument.item(item_id).bands == ["unborn"]
        assert item_id not in instrument.applicable_item_ids("under-2")
    assert "clothing" not in unborn_ids and "school-attendance" not in unborn_ids


def test_born_only_items_apply_only_at_the_ages_they_make_sense():
    instrument = builtin_instrument()
    assert "school-attendance" not in instrument.applicable_item_ids("2-4")
    assert "school-attendance" in instrument.applicable_item_ids("5-11")
    assert "risks-outside-home" in instrument.applicable_item_ids("12-plus")
    assert "risks-outside-home" not in instrument.applicable_item_ids("5-11")
    assert "infant-feeding" in instrument.applicable_item_ids("under-2")
    assert "infant-feeding" not in instrument.applicable_item_ids("2-4")


def test_most_born_items_have_wording_for_each_age():
    instrument = builtin_instrument()
    items = born_items(instrument)
    with_band_sets = [item for item in items if set(item.descriptors) - {ALL_BANDS}]
    assert len(with_band_sets) * 2 >= len(items)
    # Band-specific wording really differs by age, e.g. what good supervision means for a baby and a teenager.
    baby = instrument.descriptor("supervision-for-age", "under-2", 1)
    teenager = instrument.descriptor("supervision-for-age", "12-plus", 1)
    assert baby != teenager and "baby" in baby and "young person" in teenager


def test_builtin_descriptors_are_one_or_two_finished_sentences():
    instrument = builtin_instrument()
    for domain in instrument.domains:
        for item in domain.items:
            for band, wording in item.descriptors.items():
                for grade, text in wording.items():
                    assert text.endswith("."), (item.id, band, grade)
                    assert len(re.findall(r"[.!?](\s|$)", text)) <= 2, (item.id, band, grade, text)
                    assert "  " not in text, (item.id, band, grade)


def test_builtin_text_names_no_published_instrument_and_uses_british_spelling():
    text = BUILTIN_PATH.read_text(encoding="utf-8").lower()
    for forbidden in ["gcp2", "gcp 2", "graded care profile", "nspcc"]:
        assert forbidden not in text
    for american in ["color", "behavior", "center", "diaper", "pediatric", "pacifier", " mom ", "program "]:
        assert american not in text


def test_the_content_hash_identifies_content_not_layout(tmp_path):
    first = load_instrument(BUILTIN_PATH)
    second = load_instrument(BUILTIN_PATH)
    assert first is not second
    assert content_hash(first) == content_hash(second) == content_hash(builtin_instrument())
    assert re.fullmatch(r"[0-9a-f]{64}", content_hash(first))

    relaid = tmp_path / "relaid.json"
    relaid.write_text(json.dumps(builtin_data(), indent=None, sort_keys=True), encoding="utf-8")
    assert content_hash(load_instrument(relaid)) == content_hash(first)

    data = builtin_data()
    text = data["domains"][3]["items"][0]["descriptors"]["under-2"]["3"]
    data["domains"][3]["items"][0]["descriptors"]["under-2"]["3"] = text[:-1] + "!"
    assert content_hash(parse_instrument(data)) != content_hash(first)


# ---------------------------------------------------------------------------------------------------------------
# Another instrument through the same API: nothing depends on the built-in ids


def test_a_second_instrument_with_its_own_bands_loads_and_answers_lookups():
    mini = load_instrument(MINI)
    assert (mini.id, mini.version) == ("mini-profile", "1")
    assert [band.id for band in mini.age_bands] == ["infant", "child", "teen"]
    assert mini.descriptor("meals", "infant", 2) == "Infant meals, grade two."
    assert mini.descriptor("meals", "teen", 2) == "Meals for everyone else, grade two."
    assert mini.applicable_item_ids("teen") == ["meals", "going-out"]
    assert mini.items_for("safety", "infant") == []
    assert content_hash(mini) != content_hash(builtin_instrument())


def test_a_second_instrument_is_checked_by_its_own_band_ids():
    data = json.loads(MINI.read_text(encoding="utf-8"))
    data["domains"][0]["items"][1]["descriptors"]["teen"] = {str(grade): "Teen wording." for grade in GRADES}
    del data["domains"][0]["items"][0]["descriptors"]["infant"]["5"]
    assert refusal(data) == [
        "domains[0].items[0]: no descriptor for grade 5 in band 'infant'",
        "domains[0].items[1]: descriptors for band 'teen', but the item does not apply to that band",
    ]


# ---------------------------------------------------------------------------------------------------------------
# Descriptors


def test_a_band_set_missing_a_grade_is_located_and_named():
    data = builtin_data()
    assert data["domains"][2]["items"][1]["id"] == "health-appointments"
    del data["domains"][2]["items"][1]["descriptors"]["under-2"]["4"]
    assert refusal(data) == ["domains[2].items[1]: no descriptor for grade 4 in band 'under-2'"]


def test_a_band_set_replaces_all_so_it_must_be_complete_itself():
    data = builtin_data()
    clothing = data["domains"][0]["items"][0]
    clothing["descriptors"]["2-4"] = {"1": "Only grade one is given for this band."}
    assert refusal(data) == [
        f"domains[0].items[0]: no descriptor for grade {grade} in band '2-4'" for grade in (2, 3, 4, 5)
    ]


def test_an_incomplete_all_set_names_the_bands_that_use_it():
    data = builtin_data()
    del data["domains"][0]["items"][0]["descriptors"]["all"]["2"]
    assert refusal(data) == [
        "domains[0].items[0]: no descriptor for grade 2 in 'all' (used for bands '2-4', '5-11', '12-plus')"
    ]


def test_a_band_with_neither_its_own_set_nor_all_is_reported():
    data = builtin_data()
    del data["domains"][0]["items"][3]["descriptors"]["all"]
    data["domains"][0]["items"][3]["descriptors"]["under-2"] = {str(grade): "Baby wording." for grade in GRADES}
    assert refusal(data) == [
        f"domains[0].items[3]: no descriptors for band '{band}'; give a set for '{band}' or for 'all'"
        for band in ["2-4", "5-11", "12-plus"]
    ]


def test_grades_outside_one_to_five_are_refused():
    data = builtin_data()
    data["domains"][0]["items"][0]["descriptors"]["all"]["6"] = "A sixth grade."
    data["domains"][0]["items"][0]["descriptors"]["under-2"]["0"] = "A grade nought."
    assert sorted(refusal(data)) == [
        "domains[0].items[0]: grade 0 in band 'under-2' is not on the scale; grades run from 1 to 5",
        "domains[0].items[0]: grade 6 in 'all' is not on the scale; grades run from 1 to 5",
    ]


def test_descriptors_for_a_band_the_item_does_not_cover_are_refused():
    data = builtin_data()
    data["domains"][0]["items"][0]["descriptors"]["unborn"] = {str(grade): "Before birth." for grade in GRADES}
    assert refusal(data) == [
        "domains[0].items[0]: descriptors for band 'unborn', but the item does not apply to that band"
    ]


def test_descriptors_for_an_unknown_band_are_refused():
    data = builtin_data()
    data["domains"][1]["items"][2]["descriptors"]["toddler"] = {str(grade): "Toddler." for grade in GRADES}
    (problem,) = refusal(data)
    assert problem.startswith("domains[1].items[2]: descriptors for unknown band 'toddler'; use one of 'unborn'")


def test_blank_descriptor_text_is_refused_where_it_is():
    data = builtin_data()
    data["domains"][4]["items"][0]["descriptors"]["2-4"]["3"] = "   "
    assert refusal(data) == ["domains[4].items[0].descriptors.2-4.3: is empty; write some text"]


def test_a_grade_key_that_is_not_a_number_is_refused():
    data = builtin_data()
    data["domains"][0]["items"][3]["descriptors"]["all"]["three"] = "Wording."
    assert refusal(data) == [
        "domains[0].items[3].descriptors.all: 'three' is not a grade; grades are whole numbers 1 to 5"
    ]


# ---------------------------------------------------------------------------------------------------------------
# Items and domains


def test_an_item_id_used_twice_says_where_it_was_first_used():
    data = builtin_data()
    data["domains"][3]["items"][1]["id"] = "clothing"
    assert refusal(data) == ["domains[3].items[1]: item id 'clothing' is already used at domains[0].items[0]"]


def test_a_domain_id_used_twice_is_refused():
    data = builtin_data()
    data["domains"][4]["id"] = "physical"
    assert refusal(data) == ["domains[4]: domain id 'physical' is used twice (first at domains[0])"]


def test_a_domain_without_items_is_refused():
    data = builtin_data()
    data["domains"][4]["items"] = []
    assert refusal(data) == ["domains[4]: domain 'educational' has no items"]


def test_a_band_no_item_applies_to_is_refused():
    data = builtin_data()
    for domain in data["domains"]:
        domain["items"] = [item for item in domain["items"] if item.get("bands") != ["unborn"]]
    assert refusal(data) == ["age_bands[0]: no item applies to band 'unborn'"]


def test_an_item_naming_an_unknown_band_is_refused():
    data = builtin_data()
    data["domains"][5]["items"][4]["bands"] = ["5-11", "teenager"]
    data["domains"][5]["items"][4]["descriptors"]["teenager"] = data["domains"][5]["items"][4]["descriptors"].pop(
        "12-plus"
    )
    problems = refusal(data)
    assert problems[0].startswith("domains[5].items[4].bands[1]: unknown band 'teenager'; the bands are 'unborn'")
    assert problems[1].startswith("domains[5].items[4]: descriptors for unknown band 'teenager'")
    assert len(problems) == 2


def test_an_item_with_an_empty_band_list_is_refused():
    data = builtin_data()
    data["domains"][5]["items"][5]["bands"] = []
    problems = refusal(data)
    assert problems[0] == (
        "domains[5].items[5].bands: the list is empty, so the item applies to no band; "
        "leave bands out (null) to mean every band after birth"
    )


def test_missing_and_unknown_fields_are_located():
    data = builtin_data()
    del data["domains"][0]["items"][3]["title"]
    data["domains"][1]["colour"] = "green"
    assert refusal(data) == [
        "domains[0].items[3].title: this field is required",
        "domains[1].colour: unknown field",
    ]


def test_whitespace_only_guidance_is_refused():
    data = builtin_data()
    data["domains"][2]["items"][0]["guidance"] = "  "
    assert refusal(data) == ["domains[2].items[0].guidance: contains only spaces; write guidance or leave it out"]


# ---------------------------------------------------------------------------------------------------------------
# Scale and age bands


def test_a_scale_with_a_repeated_grade_reports_the_repeat_and_the_gap():
    data = builtin_data()
    data["scale"][3]["grade"] = 2
    assert refusal(data) == [
        "scale[3]: grade 2 appears twice (first at scale[1])",
        "scale: grade 4 is missing; the scale needs each grade from 1 to 5 once",
    ]


def test_a_repeated_band_id_is_refused():
    data = builtin_data()
    data["age_bands"][2]["id"] = "under-2"
    problems = refusal(data)
    assert "age_bands[2]: band id 'under-2' is used twice (first at age_bands[1])" in problems


def test_a_second_unborn_band_is_refused():
    data = builtin_data()
    data["age_bands"].append({"id": "pre-birth", "label": "Before birth"})
    data["domains"][2]["items"][4]["bands"] = ["unborn", "pre-birth"]
    assert refusal(data) == [
        "age_bands[5]: band 'pre-birth' is a second unborn band (min_months is null); only one is allowed, "
        "and age_bands[0] is already one"
    ]


def test_an_unborn_band_with_an_upper_age_is_refused():
    data = builtin_data()
    data["age_bands"][0]["max_months"] = 9
    assert refusal(data) == ["age_bands[0]: band 'unborn' is the unborn band, so max_months should be null"]


def test_a_gap_between_bands_is_refused_with_the_missing_ages():
    data = builtin_data()
    data["age_bands"][2]["min_months"] = 30
    assert refusal(data) == [
        "age_bands[2]: band '2-4' starts at 30 months but band 'under-2' ends at 24; ages 24 to 29 months have no band"
    ]


def test_overlapping_bands_are_refused():
    data = builtin_data()
    data["age_bands"][3]["min_months"] = 48
    assert refusal(data) == [
        "age_bands[3]: band '5-11' starts at 48 months, before band '2-4' ends at 60; the bands overlap"
    ]


def test_a_band_that_ends_before_it_starts_is_refused():
    data = builtin_data()
    data["age_bands"][2]["max_months"] = 20
    problems = refusal(data)
    assert "age_bands[2]: min_months (24) must be less than max_months (20)" in problems


def test_only_the_oldest_band_may_be_open_ended():
    data = builtin_data()
    data["age_bands"][3]["max_months"] = None
    assert refusal(data) == [
        "age_bands[3]: band '5-11' has no upper age (max_months is null), but band '12-plus' starts after it; "
        "only the oldest band may be open-ended"
    ]


def test_the_youngest_band_must_start_at_birth():
    data = builtin_data()
    data["age_bands"][1]["min_months"] = 3
    assert refusal(data) == [
        "age_bands[1]: the youngest band starts at 3 months, so a younger child would have no band; start it at 0"
    ]


# ---------------------------------------------------------------------------------------------------------------
# Several problems, files, types


def test_every_problem_in_a_file_is_reported_at_once(tmp_path):
    data = builtin_data()
    del data["domains"][2]["items"][1]["descriptors"]["under-2"]["4"]
    data["domains"][3]["items"][1]["id"] = "clothing"
    data["scale"][4]["grade"] = 1
    data["age_bands"][3]["min_months"] = 70
    path = write_json(tmp_path / "several.json", data)
    with pytest.raises(InstrumentError) as refused:
        load_instrument(path)
    assert refused.value.source == str(path)
    assert refused.value.lines() == [
        f"{path}: scale[4]: grade 1 appears twice (first at scale[0])",
        f"{path}: scale: grade 5 is missing; the scale needs each grade from 1 to 5 once",
        f"{path}: age_bands[3]: band '5-11' starts at 70 months but band '2-4' ends at 60; "
        "ages 60 to 69 months have no band",
        f"{path}: domains[2].items[1]: no descriptor for grade 4 in band 'under-2'",
        f"{path}: domains[3].items[1]: item id 'clothing' is already used at domains[0].items[0]",
    ]
    assert str(refused.value) == "\n".join(refused.value.lines())


def test_blank_text_and_rule_problems_are_reported_together():
    data = builtin_data()
    data["domains"][0]["title"] = ""
    data["domains"][1]["items"][0]["descriptors"]["all"]["2"] = 7
    data["domains"][1]["colour"] = "green"
    data["scale"] = data["scale"][:4]
    del data["domains"][2]["items"][1]["descriptors"]["under-2"]["4"]
    assert refusal(data) == [
        "domains[0].title: is empty; write some text",
        "domains[1].items[0].descriptors.all.2: should be text",
        "domains[1].colour: unknown field",
        "scale: grade 5 is missing; the scale needs each grade from 1 to 5 once",
        "domains[2].items[1]: no descriptor for grade 4 in band 'under-2'",
    ]


def test_rule_checks_wait_when_the_structure_itself_is_wrong():
    data = builtin_data()
    data["age_bands"][1]["min_months"] = "birth"
    data["scale"] = data["scale"][:4]
    assert refusal(data) == ["age_bands[1].min_months: should be a whole number"]


def test_bad_json_reports_line_and_column():
    path = FIXTURES / "broken-json.json"
    with pytest.raises(InstrumentError) as refused:
        load_instrument(path)
    # The comma after "version" is missing; the parser notices at the start of the next name.
    assert refused.value.lines() == [f"{path}: line 4, column 3: not valid JSON: a comma is missing"]


def test_wrong_types_are_reported_with_their_locations():
    with pytest.raises(InstrumentError) as refused:
        load_instrument(FIXTURES / "wrong-types.json")
    assert [str(problem) for problem in refused.value.problems] == [
        "scale[0].grade: should be a whole number",
        "age_bands: should be a list ([...])",
        "domains[0].items[0].title: should be text",
        "domains[0].items[0].bands: should be a list ([...])",
        "domains[0].items[0].descriptors.all: 'one' is not a grade; grades are whole numbers 1 to 5",
        "domains[0].items[0].colour: unknown field",
    ]


def test_a_file_that_is_not_an_object_is_refused_in_plain_words(tmp_path):
    path = write_json(tmp_path / "list.json", [1, 2, 3])
    with pytest.raises(InstrumentError) as refused:
        load_instrument(path)
    assert refused.value.lines() == [
        f"{path}: the file should hold one JSON object ({{...}}) describing the instrument"
    ]


def test_a_name_repeated_in_one_object_is_refused_rather_than_silently_dropped(tmp_path):
    text = BUILTIN_PATH.read_text(encoding="utf-8").replace(
        '"title": "GCP Desk neglect profile",', '"title": "GCP Desk neglect profile",\n  "title": "Another title",', 1
    )
    path = tmp_path / "repeated.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InstrumentError) as refused:
        load_instrument(path)
    assert [str(problem) for problem in refused.value.problems] == [
        "the name 'title' appears twice in the same object; only one can be kept"
    ]


def test_unreadable_and_non_utf8_files_are_refused_with_a_reason(tmp_path):
    with pytest.raises(InstrumentError, match="could not be read"):
        load_instrument(tmp_path / "absent.json")
    latin = tmp_path / "latin.json"
    latin.write_bytes('{"title": "Caf\u00e9"}'.encode("latin-1"))
    with pytest.raises(InstrumentError, match="not UTF-8"):
        load_instrument(latin)


def test_a_file_saved_with_a_byte_order_mark_loads(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + MINI.read_bytes())
    assert load_instrument(path) == load_instrument(MINI)


def test_problems_without_a_source_print_without_a_prefix():
    data = builtin_data()
    data["domains"][4]["items"] = []
    with pytest.raises(InstrumentError) as refused:
        parse_instrument(data)
    assert refused.value.source == ""
    assert refused.value.lines() == ["domains[4]: domain 'educational' has no items"]


# ---------------------------------------------------------------------------------------------------------------
# The library of instruments in folders


def test_the_library_finds_the_builtin_and_a_new_version_in_the_data_folder(tmp_path):
    data_folder = tmp_path / "instruments"
    newer = builtin_data()
    newer["version"] = "4"
    newer["domains"][0]["items"][0]["title"] = "Clothes and shoes"
    write_json(data_folder / "neglect-profile-4.json", newer)
    library = InstrumentLibrary(instruments_dir(), data_folder)

    assert [(found.id, found.version) for found in library.all()] == [
        (BUILTIN_ID, "1"), (BUILTIN_ID, "2"), (BUILTIN_ID, "3"), (BUILTIN_ID, "4")]
    assert library.get(BUILTIN_ID, "3") == builtin_instrument()
    assert library.get(BUILTIN_ID, "4").item("clothing").title == "Clothes and shoes"
    assert library.latest(BUILTIN_ID).version == "4"
    assert library.by_hash(content_hash(builtin_instrument())) == builtin_instrument()
    assert library.by_hash(content_hash(library.get(BUILTIN_ID, "4"))).version == "4"
    assert library.by_hash("0" * 64) is None
    assert library.problems() == []


def test_the_library_holds_other_instruments_by_their_own_ids(tmp_path):
    shutil.copy(MINI, tmp_path / MINI.name)
    library = InstrumentLibrary(instruments_dir(), tmp_path)
    assert library.latest("mini-profile") == load_instrument(MINI)
    assert library.get("mini-profile", "1").title == "Mini test profile"


def test_an_identical_copy_is_listed_once(tmp_path):
    shutil.copy(BUILTIN_PATH, tmp_path / "copy-of-builtin.json")
    library = InstrumentLibrary(instruments_dir(), tmp_path)
    assert [(found.id, found.version) for found in library.all()] == [
        (BUILTIN_ID, "1"), (BUILTIN_ID, "2"), (BUILTIN_ID, "3")]
    assert library.problems() == []


def test_a_changed_file_reusing_an_id_and_version_is_ignored_and_reported(tmp_path):
    changed = builtin_data()
    changed["domains"][0]["items"][0]["title"] = "Changed without a new version"
    path = write_json(tmp_path / "changed.json", changed)
    library = InstrumentLibrary(instruments_dir(), tmp_path)

    assert library.get(BUILTIN_ID, "3").item("clothing").title == "Clothing"
    (problem,) = library.problems()
    assert problem.source == str(path)
    assert "already loaded from" in problem.lines()[0] and "new version" in problem.lines()[0]


def test_asking_for_a_version_that_is_not_there_names_what_was_asked_and_what_exists():
    library = InstrumentLibrary(instruments_dir())
    with pytest.raises(NotFound) as missing:
        library.get(BUILTIN_ID, "7")
    assert str(missing.value) == (
        f"Instrument '{BUILTIN_ID}' version '7' is not available. Versions found: '1', '2', '3'."
    )
    with pytest.raises(NotFound, match="'licensed-profile' version '3' is not available. Instruments found: "):
        library.get("licensed-profile", "3")
    with pytest.raises(NotFound, match="'licensed-profile' is not available"):
        library.latest("licensed-profile")


def test_an_invalid_file_is_reported_and_does_not_stop_the_others(tmp_path):
    shutil.copy(MINI, tmp_path / MINI.name)
    shutil.copy(FIXTURES / "broken-json.json", tmp_path / "broken-json.json")
    broken = builtin_data()
    broken["id"] = "half-finished"
    del broken["domains"][0]["items"][0]["descriptors"]["under-2"]["5"]
    write_json(tmp_path / "half-finished.json", broken)
    library = InstrumentLibrary(instruments_dir(), tmp_path)

    assert [found.id for found in library.all()] == [BUILTIN_ID, BUILTIN_ID, BUILTIN_ID, "mini-profile"]
    assert sorted(line for error in library.problems() for line in error.lines()) == [
        f"{tmp_path / 'broken-json.json'}: line 4, column 3: not valid JSON: a comma is missing",
        f"{tmp_path / 'half-finished.json'}: domains[0].items[0]: no descriptor for grade 5 in band 'under-2'",
    ]


def test_the_latest_version_compares_numbers_as_numbers(tmp_path):
    for version in ["2", "10", "9"]:
        data = json.loads(MINI.read_text(encoding="utf-8"))
        data["version"] = version
        data["title"] = f"Mini test profile {version}"
        write_json(tmp_path / f"mini-{version}.json", data)
    library = InstrumentLibrary(tmp_path)
    assert library.latest("mini-profile").version == "10"


def test_a_missing_folder_is_empty_and_reload_sees_new_files(tmp_path):
    folder = tmp_path / "not-yet"
    library = InstrumentLibrary(folder)
    assert library.all() == [] and library.problems() == []
    folder.mkdir()
    shutil.copy(MINI, folder / MINI.name)
    assert library.all() == []
    library.reload()
    assert [found.id for found in library.all()] == ["mini-profile"]


def test_version_1_stays_installed_with_its_hash_and_version_2_adds_only_visit_rules():
    library = InstrumentLibrary(instruments_dir())
    first, second = library.get(BUILTIN_ID, "1"), library.get(BUILTIN_ID, "2")
    assert first.visit_rules is None
    rules = second.visit_rules
    assert (rules.min_visits, rules.min_unannounced, rules.within_weeks) == (2, 1, 6)
    assert second.model_copy(update={"version": "1", "visit_rules": None}) == first
    # Assessments graded with version 1 recorded this hash; it must still find version 1.
    assert library.by_hash(content_hash(first)) == first
    assert content_hash(first) != content_hash(second)


def test_visit_rules_that_cannot_be_met_are_refused_with_their_location(tmp_path):
    data = builtin_data()
    data["visit_rules"] = {"min_visits": 1, "min_unannounced": 2, "why": "Invented for a test."}
    with pytest.raises(InstrumentError) as refused:
        load_instrument(write_json(tmp_path / "bad-rules.json", data))
    assert [line.split("bad-rules.json: ")[-1] for line in refused.value.lines()] == [
        "visit_rules.min_unannounced: asks for 2 unannounced visits but only 1 visits in all"]


def test_version_3_marks_the_home_items_shared_facts_and_keeps_version_2_as_it_was():
    library = InstrumentLibrary(instruments_dir())
    older, newer = library.get(BUILTIN_ID, "2"), library.get(BUILTIN_ID, "3")
    assert [item.id for domain in newer.domains for item in domain.items if item.household] == ["home-conditions"]
    assert not any(item.household for domain in older.domains for item in domain.items)
    # Items still match by id across the versions, so assessments graded on version 2 compare item by item.
    assert [item.id for d in older.domains for item in d.items] == [item.id for d in newer.domains for item in d.items]
    # Version 2's hash is what assessments graded with it recorded: unchanged by the new item field.
    assert content_hash(older) == "0457e6072f9cf5c9ef7f8efeb6da2c08e3005105207b60c98403de6881fb1db1"
