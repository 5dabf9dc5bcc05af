"""What changed in an assessment since a supervisor returned it, item by item and in the written sections, so the
second look reads the changes rather than the whole assessment again.

Both sides are the signed content (``signing_content.assessment_content``): the one kept at the return and the one
now, so the comparison covers exactly what a signature covers. Lines follow the screen's order: visits, how the
child was seen, each domain's items and evidence, domain grades, the written sections, the plan.
"""

from __future__ import annotations

from typing import Any

from ..domain.assessment import Assessment
from ..domain.instrument import Instrument
from ..domain.labels import EVIDENCE_SOURCE
from .age import format_date
from .signing_content import assessment_content

SECTIONS = {"child_voice": "Child's voice", "carers_views": "Carers' views", "strengths": "Strengths",
            "analysis": "Analysis"}
QUOTE_LIMIT = 160


def changes_since(then: dict[str, Any], now: Assessment, instrument: Instrument) -> list[str]:
    """One line per change, in words; empty when nothing changed."""
    later = assessment_content(now)["assessment"]
    lines = _visits(then, later)
    if then.get("how_seen") != later.get("how_seen"):
        lines.append("How the child and the home were seen was changed.")
    if then.get("adults") != later.get("adults") or then.get("context") != later.get("context"):
        lines.append("The adults or the context were changed.")
    for domain in instrument.domains:
        for item in domain.items:
            name = f"{domain.title} › {item.title}"
            lines += _item(name, then["item_grades"].get(item.id), later["item_grades"].get(item.id))
            lines += _evidence(name, _notes(then, item.id), _notes(later, item.id))
        lines += _domain_grade(domain.title, then["domain_grades"].get(domain.id),
                               later["domain_grades"].get(domain.id))
    lines += _evidence("About the assessment as a whole", _notes(then, None), _notes(later, None))
    for key, title in SECTIONS.items():
        lines += _section(title, then.get(key, ""), later.get(key, ""))
    lines += _plan(then.get("plan", []), later.get("plan", []), instrument)
    if then.get("action_reviews") != later.get("action_reviews"):
        lines.append("The review of the previous plan was changed.")
    return lines


def _visits(then: dict, later: dict) -> list[str]:
    before = {visit["id"]: visit for visit in then.get("visits", [])}
    after = {visit["id"]: visit for visit in later.get("visits", [])}
    lines = [f"Visit added: {_date(after[key]['date'])}." for key in after if key not in before]
    lines += [f"Visit removed: {_date(before[key]['date'])}." for key in before if key not in after]
    lines += [f"Visit of {_date(after[key]['date'])} changed." for key in after
              if key in before and _visit_core(before[key]) != _visit_core(after[key])]
    return lines


def _visit_core(visit: dict) -> dict:
    return {key: value for key, value in visit.items() if key != "recorded_on"}


def _item(name: str, before: dict | None, after: dict | None) -> list[str]:
    if before == after:
        return []
    was, now = _grade_words(before), _grade_words(after)
    return [f"{name}: {was} → {now}."]


def _grade_words(grade: dict | None) -> str:
    if grade is None:
        return "not graded"
    if grade.get("grade") is None:
        return f"not assessed ({grade.get('not_assessed_reason') or 'no reason'})"
    return f"grade {grade['grade']}"


def _notes(content: dict, item_id: str | None) -> dict[str, dict]:
    return {note["id"]: note for note in content.get("evidence", []) if note.get("item_id") == item_id}


def _evidence(name: str, before: dict[str, dict], after: dict[str, dict]) -> list[str]:
    lines = []
    for key, note in after.items():
        source = EVIDENCE_SOURCE.get(note["source"], note["source"])
        if key not in before:
            lines.append(f"{name}: evidence added ({source}): {_quote(note['text'])}")
        elif before[key]["text"] != note["text"] or before[key]["source"] != note["source"]:
            lines.append(f"{name}: evidence changed ({source}): {_quote(before[key]['text'])} → "
                         f"{_quote(note['text'])}")
    lines += [f"{name}: evidence removed: {_quote(note['text'])}" for key, note in before.items() if key not in after]
    return lines


def _domain_grade(title: str, before: dict | None, after: dict | None) -> list[str]:
    if before == after:
        return []
    was = f"grade {before['chosen']}" if before else "not chosen"
    now = f"grade {after['chosen']}" if after else "not chosen"
    line = f"{title} domain grade: {was} → {now}."
    if after and after.get("override_reason") and (not before or before.get("override_reason") !=
                                                   after["override_reason"]):
        line += f" Reason now: {_quote(after['override_reason'])}"
    return [line]


def _section(title: str, before: str, after: str) -> list[str]:
    if before.strip() == after.strip():
        return []
    if not before.strip():
        return [f"{title} written: {_quote(after)}"]
    if not after.strip():
        return [f"{title} emptied (was {_quote(before)})"]
    return [f"{title} rewritten: {_quote(before)} → {_quote(after)}"]


def _plan(before: list[dict], after: list[dict], instrument: Instrument) -> list[str]:
    titles = {domain.id: domain.title for domain in instrument.domains}
    old = {action["id"]: action for action in before}
    new = {action["id"]: action for action in after}

    def words(action: dict) -> str:
        return (f"{titles.get(action['domain_id'], action['domain_id'])}: {_quote(action['what_will_change'])} "
                f"(target {action['target_grade']} by {_date(action['by_when'])})")

    lines = [f"Plan action added: {words(new[key])}" for key in new if key not in old]
    lines += [f"Plan action removed: {words(old[key])}" for key in old if key not in new]
    lines += [f"Plan action changed: {words(old[key])} → {words(new[key])}" for key in new
              if key in old and old[key] != new[key]]
    return lines


def _quote(text: str) -> str:
    text = " ".join(str(text).split())
    if len(text) > QUOTE_LIMIT:
        text = text[:QUOTE_LIMIT - 1].rstrip() + "…"
    return f"\u201c{text}\u201d"


def _date(value: str) -> str:
    from datetime import date

    return format_date(date.fromisoformat(value))
