"""The family facts a household record keeps travel in the bundle: a child's move between households, the alias
left by merging two records of one adult, a father who lives with the child part of the time and is known to
services, and the reason a child's father is not recorded. Exported, imported into an empty database: every value is
back."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import select

from gcp_desk.app import open_backend
from gcp_desk.domain.enums import Relationship, Sex
from gcp_desk.storage import orm

from records_support import export_from, import_file, load, signed_in


def _family_facts(source):
    """Records the facts through the app, as Sam (practitioner) and Dee (supervisor) of Northgate."""
    backend = open_backend(source)
    try:
        sam = signed_in(backend, "Sam Whitfield")
        rows = [row for row in backend.children(sam).caseload()]
        children = [backend.children(sam).get(row.child_id) for row in rows]
        with_home = [child for child in children if child.household_id is not None]
        mover = with_home[0]
        elsewhere = next(child.household_id for child in with_home if child.household_id != mover.household_id)
        backend.households(sam).move_child(mover.id, elsewhere, date(2026, 9, 14))
        record = backend.children(sam).add_adult(
            mover.id, given_name="Dale", family_name="Invented", relationship=Relationship.FATHER, sex=Sex.MALE,
            part_time=True, known_to_services=True)
        father = next(s.adult for s in record.adults if s.adult.given_name == "Dale")
        duplicate = backend.children(sam).add_adult(
            mover.id, given_name="Dale", family_name="Invented", relationship=Relationship.FATHER, sex=Sex.MALE)
        copy = next(s.adult for s in duplicate.adults if s.adult.given_name == "Dale" and s.adult.id != father.id)
        dee = signed_in(backend, "Dee Okafor")
        backend.households(dee).merge_adults(father.id, copy.id)
        unknown = next(child for child in children if child.id != mover.id)
        backend.households(sam).record_father_unknown(unknown.id, "Mother does not wish to name him; revisit.")
    finally:
        backend.close()
    return mover.id, father.id, copy.id, unknown.id


def _facts(backend, mover: UUID, father: UUID, alias: UUID, unknown: UUID) -> dict:
    with backend.db.read() as uow:
        session = uow.session
        moves = [dict(row) for row in session.execute(
            select(orm.household_moves).where(orm.household_moves.c.child_id == mover)).mappings()]
        aliases = [dict(row) for row in session.execute(
            select(orm.adult_aliases).where(orm.adult_aliases.c.alias_id == alias)).mappings()]
        link = dict(session.execute(select(orm.child_adult_links).where(
            orm.child_adult_links.c.child_id == mover, orm.child_adult_links.c.adult_id == father)).mappings().one())
        adult = dict(session.execute(select(orm.adults).where(orm.adults.c.id == father)).mappings().one())
        reason = session.execute(select(orm.children.c.father_unknown_reason).where(
            orm.children.c.id == unknown)).scalar_one()
        household = session.execute(select(orm.children.c.household_id).where(
            orm.children.c.id == mover)).scalar_one()
    return {"moves": moves, "aliases": aliases, "link": link, "adult": adult, "reason": reason,
            "household": household}


def test_moves_aliases_part_time_fathers_and_unknown_father_reasons_arrive(source, target, tmp_path):
    ids = _family_facts(source)
    bundle_path = export_from(source, tmp_path / "family.json", passphrase=None)
    bundle = load(bundle_path)
    assert bundle["format_version"] == 2
    origin = open_backend(source)
    try:
        signed_in(origin, "Sam Whitfield")
        before = _facts(origin, *ids)
    finally:
        origin.close()
    assert before["moves"] and before["aliases"] and before["link"]["part_time"] is True
    assert before["adult"]["known_to_services"] is True and before["reason"]

    outcome = import_file(target, bundle_path)
    assert outcome.ok, outcome.problems
    after = _facts(target, *ids)
    assert after == before

    again = import_file(target, bundle_path)
    assert again.ok and again.added_children == 0
    assert _facts(target, *ids) == before
