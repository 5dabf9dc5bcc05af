"""Subject access: an administrator finds a child through a minimal view and produces everything held about them,
as a PDF with every third party listed for redaction review, and as the bundle; recorded without names."""

from __future__ import annotations

import io
import json
from uuid import UUID, uuid4

import pytest
from pypdf import PdfReader

from gcp_desk.app import open_backend
from gcp_desk.domain.errors import NotAllowed, NotFound

from records_support import PASSPHRASE, load, signed_in


def test_an_administrator_produces_the_pdf_and_the_bundle(source, plain_bundle, tmp_path):
    child = max(load(plain_bundle)["children"], key=lambda c: len(c["assessments"]))
    backend = open_backend(source)
    try:
        alex = signed_in(backend, "Alex Morrow")  # an administrator with no case role
        service = backend.subject_access(alex)
        found = service.find(child["family_name"])
        match = next(f for f in found if str(f.child_id) == child["id"])
        assert (match.name, match.team) == (f"{child['given_name']} {child['family_name']}", "Northgate team")
        made = service.produce(match.child_id, tmp_path, passphrase=PASSPHRASE)
        with backend.db.read() as uow:
            event = uow.audit.events_of(("subject-access.produce",))[-1]
    finally:
        backend.close()
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(made.pdf.read_bytes())).pages)
    assert "Third parties, for redaction review" in text
    assert made.bundle.read_bytes().startswith(b"GCPDESK-BUNDLE-SEALED-1\n")
    kinds = {party.kind for party in made.third_parties}
    assert {"Adult in the child's network", "Member of staff"} <= kinds
    for party in made.third_parties[:5]:
        assert party.name.split()[0] in text
    assert event.after["assessments"] == made.assessments
    assert set(event.after) == {"assessments", "third_parties", "plain", "salt", "parties"}
    assert len(event.after["parties"]) == len(made.third_parties)  # salted digests, to carry a review over
    assert not any(party.name in json.dumps(event.after) for party in made.third_parties)
    assert child["family_name"] not in json.dumps(event.after)


def test_a_practitioner_cannot_answer_a_subject_access_request(source, tmp_path):
    backend = open_backend(source)
    try:
        sam = signed_in(backend, "Sam Whitfield")
        with pytest.raises(NotAllowed, match="Only an administrator"):
            backend.subject_access(sam).find("a")
    finally:
        backend.close()


def test_each_third_party_reviewed_is_recorded_against_its_request_by_an_administrator_only(source, plain_bundle,
                                                                                            tmp_path):
    child = load(plain_bundle)["children"][0]
    backend = open_backend(source)
    try:
        alex = signed_in(backend, "Alex Morrow")
        service = backend.subject_access(alex)
        child_id = UUID(child["id"])
        made = service.produce(child_id, tmp_path, passphrase=None)
        party = made.third_parties[0]
        service.mark_reviewed(child_id, made.request_id, 0, len(made.third_parties), party.kind)
        with pytest.raises(NotFound):
            service.mark_reviewed(child_id, uuid4(), 0, len(made.third_parties), party.kind)
        with pytest.raises(ValueError):
            service.mark_reviewed(child_id, made.request_id, len(made.third_parties), len(made.third_parties),
                                  party.kind)
        sam = signed_in(backend, "Sam Whitfield")
        with pytest.raises(NotAllowed, match="Only an administrator"):
            backend.subject_access(sam).mark_reviewed(child_id, made.request_id, 0, 1, party.kind)
        with backend.db.read() as uow:
            marks = uow.audit.events_of(("subject-access.third-party-reviewed",))
    finally:
        backend.close()
    assert [(m.entity_id, m.after["party"], m.after["reviewed"]) for m in marks] == [(child["id"], 0, True)]
    assert party.name not in json.dumps(marks[0].after)


def test_third_parties_are_one_row_each_and_only_genuine_third_parties(source, plain_bundle, tmp_path):
    """What a data-protection officer preparing a release needs: each person or agency once, every place they
    appear with the total, and nobody listed who is not a third party to the child's own request."""
    bundle = load(plain_bundle)
    child = max(bundle["children"], key=lambda c: (len(c["events"]), len(c["assessments"])))
    backend = open_backend(source)
    try:
        made = backend.subject_access(signed_in(backend, "Alex Morrow")).produce(UUID(child["id"]), tmp_path,
                                                                                 passphrase=None)
    finally:
        backend.close()
    parties = made.third_parties
    names = [party.name.casefold() for party in parties]
    for not_a_third_party in ("children's social care", "family", "mother", "social worker",
                              f"{child['given_name']} {child['family_name']}".casefold()):
        assert not_a_third_party not in names
    assert len({(party.kind, party.name.casefold()) for party in parties}) == len(parties), "a party listed twice"
    for party in parties:  # the total is the sum of the places
        counts = [int(place.rsplit("(", 1)[1].rstrip(")")) for place in party.where.split("; ")]
        assert party.mentions == sum(counts)
    households = {h["id"]: h for h in bundle["households"]}
    adults = {a["id"]: a for a in households[child["household_id"]]["adults"]}
    mother = next(link["adult_id"] for link in child["links"] if link["relationship"] == "mother")
    row = next(party for party in parties if party.name == f"{adults[mother]['given_name']} "
               f"{adults[mother]['family_name']}")
    assert row.kind == "Adult in the child's network" and row.role == "mother"
    assert "present at visits" in row.where  # "Mother" at the visits is this adult, not an agency
    sam = next(party for party in parties if party.name == "Sam Whitfield")
    assert sam.kind == "Member of staff" and "visits (" in sam.where and "evidence notes (" in sam.where
    assert "events recorded (" in sam.where and "assessments written (" in sam.where
    agencies = {party.name for party in parties if party.kind == "Agency"}
    sources = {e["source_agency"] for e in child["events"]} - {"Children's social care", ""}
    assert sources <= agencies


def test_a_review_left_unfinished_is_read_back_and_carried_over_to_the_files_made_again(source, plain_bundle,
                                                                                        tmp_path):
    from datetime import date

    from gcp_desk.domain.enums import EventKind
    from gcp_desk.services.history import HistoryService

    bundle = load(plain_bundle)
    child = max(bundle["children"], key=lambda c: (len(c["events"]), len(c["assessments"])))
    child_id = UUID(child["id"])
    backend = open_backend(source)
    try:
        service = backend.subject_access(signed_in(backend, "Alex Morrow"))
        assert service.last_review(child_id) is None
        first = service.produce(child_id, tmp_path, passphrase=None)
        parties = first.third_parties
        school = next(i for i, party in enumerate(parties) if party.name == "School")
        for position in (0, 1, school):
            service.mark_reviewed(child_id, first.request_id, position, len(parties), parties[position].kind)
        service.mark_reviewed(child_id, first.request_id, 1, len(parties), parties[1].kind, reviewed=False)
        last = service.last_review(child_id)
        assert (last.request_id, last.of, last.reviewed) == (first.request_id, len(parties), {0, school})
        # the window closed; the next day the record gains a school referral, and the files are made again
        sam = signed_in(backend, "Sam Whitfield")
        HistoryService(backend.context(sam)).add_event(child_id, on=date(2026, 11, 1), kind=EventKind.REFERRAL,
                                                       what_happened="School asked for a meeting.",
                                                       source_agency="School")
        second = service.produce(child_id, tmp_path, passphrase=None, carry_over=last.request_id)
        assert [p.name for p in second.third_parties] == [p.name for p in parties]
        assert second.carried == {0}, "the adult unchanged keeps the mark; the school now appears once more"
        assert second.not_carried == 1
        again = service.last_review(child_id)
        assert (again.request_id, again.reviewed) == (second.request_id, {0})
        with backend.db.read() as uow:
            carried = [e for e in uow.audit.events_of(("subject-access.third-party-reviewed",))
                       if e.after["request_id"] == str(second.request_id)]
        assert [(e.after["party"], e.after["carried_from"]) for e in carried] == [(0, str(first.request_id))]
        with pytest.raises(NotFound):
            service.produce(child_id, tmp_path, passphrase=None, carry_over=uuid4())
    finally:
        backend.close()
