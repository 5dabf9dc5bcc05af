"""What the check of a bundle (an import's or a sync's) says of the instrument an assessment was graded with: found
by id, version and content, or refused in words naming it: not installed where the records are checked, or
installed there with other content."""

from __future__ import annotations

from gcp_desk.bundle.validation import instrument_finder
from gcp_desk.paths import instruments_dir
from gcp_desk.scoring.instruments import InstrumentLibrary, builtin_instrument, content_hash


def test_the_instrument_graded_with_is_found_by_id_version_and_content():
    library, graded_with = InstrumentLibrary(instruments_dir()), builtin_instrument()
    found = instrument_finder(library)(graded_with.id, graded_with.version, content_hash(graded_with))
    assert found == graded_with


def test_an_instrument_not_installed_is_refused_naming_it_and_where_it_is_missing():
    library, graded_with = InstrumentLibrary(instruments_dir()), builtin_instrument()
    wanted = (graded_with.id, "99", content_hash(graded_with))
    assert instrument_finder(library)(*wanted) == (
        f"the instrument '{graded_with.id}' version '99' is not installed here; install the same instrument file first")
    assert instrument_finder(library, "on this laptop")(*wanted) == (
        f"the instrument '{graded_with.id}' version '99' is not installed on this laptop; install the same "
        "instrument file first")


def test_an_instrument_installed_with_other_content_is_refused():
    library, graded_with = InstrumentLibrary(instruments_dir()), builtin_instrument()
    found = instrument_finder(library, "on this laptop")(graded_with.id, graded_with.version, "0" * 64)
    assert found == (f"the instrument '{graded_with.id}' version '{graded_with.version}' installed here is not the "
                     "one it was graded with (its content differs)")
