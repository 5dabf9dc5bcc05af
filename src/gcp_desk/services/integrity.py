"""Nothing altered unseen: the audit chain walked (in full, or from the last point checked), its end anchored in a
signed file outside the database, and the signed assessments whose content no longer matches their signature.

Prints counts, sequence numbers and ids, never case content.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from uuid import UUID

from ..domain.clock import utc_now
from ..domain.enums import AssessmentStatus, Role
from ..domain.errors import PermissionDenied
from ..scoring.signed_state import SIGNED_STATES, changed_since_signing
from ..storage.audit_chain import ChainHead
from ..storage.chain_walk import ChainWalker, missing_triggers, signature_problems, walk_chain
from ..storage.unit_of_work import UnitOfWork
from .audit_anchor import AnchorProblem, HeadAnchor, SignedHead
from .base import Service, open_to_anyone
from .context import ServiceContext

SETTINGS_FILE = "settings.json"
VERIFIED_FILE = "audit-verified.json"
"""Where the app keeps the last point of the chain it checked, to check only what was added since."""
FULL_WALK_DAYS = 7
"""The background check walks the whole chain again after this many days, not only what was added."""
ADMINISTRATORS_ONLY = "Only an administrator checks the whole audit trail and every signed record."
DEFAULT_ORGANISATION = "GCP Desk"


@dataclass(frozen=True)
class AlteredRecord:
    assessment_id: UUID
    child_id: UUID
    status: AssessmentStatus
    signed_by: str
    signed_at: str


@dataclass
class ChainCheck:
    """A background check under way: walked a chunk at a time (``IntegrityService.continue_check``)."""

    walker: ChainWalker
    full_walk_at: datetime
    from_start: bool = False
    result: AuditCheck | None = None

    @property
    def progress(self) -> tuple[int, int]:
        """Events checked, of those to check."""
        found = self.walker.found
        return found.checked, max(found.checked, found.total - self.walker.start.seq)


@dataclass
class AuditCheck:
    checked: int = 0
    """Events whose links were checked by this run."""
    head: ChainHead = field(default_factory=ChainHead.empty)
    problems: list[str] = field(default_factory=list)
    signatures_checked: int = 0
    altered: list[AlteredRecord] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.altered


def folder_anchor(context: ServiceContext, data_dir: Path, signing_dir: Path) -> HeadAnchor:
    """The data folder's head file, signed with the organisation's key (or the folder's self-signed one)."""
    organisation = context.settings.organisation_name.strip() or DEFAULT_ORGANISATION
    return HeadAnchor(data_dir, signing_dir, context.settings.signing_certificate, organisation,
                      data_key=context.keys.data_key if context.keys is not None else None)


class IntegrityService(Service):
    def __init__(self, context: ServiceContext, data_dir: Path, signing_dir: Path):
        super().__init__(context)
        self._data_dir = Path(data_dir)
        self._settings_file = self._data_dir / SETTINGS_FILE
        self._anchor = folder_anchor(context, data_dir, signing_dir)

    def verify_audit(self, progress: Callable[[int, int], None] | None = None) -> AuditCheck:
        """The whole chain, the signed head, the signatures, the triggers and every signed assessment."""
        self._require_administrator()
        with self._context.db.read() as uow:
            walked = walk_chain(uow, progress=progress)
            result = AuditCheck(checked=walked.checked, head=walked.head, problems=list(walked.problems))
            result.problems.extend(self._head_problems(uow, walked.head, walked.ok))
            result.signatures_checked, signature_faults = signature_problems(uow)
            result.problems.extend(signature_faults)
            result.problems.extend(
                f"The database no longer refuses changes to {name.split('_no_')[0].replace('_append_only', '')} "
                f"(trigger {name} is missing): someone has removed it." for name in missing_triggers(uow))
            result.altered = _altered(uow)
        if result.ok:
            self._remember(result.head, utc_now())
        return result

    @open_to_anyone
    def check_since_last(self) -> AuditCheck:
        """The links added since the last check on this computer, and the signed head: before each backup, and (a
        chunk at a time, ``begin_check`` and ``continue_check``) in the app's background after sign-in. The whole
        chain the first time, and again once a week (``FULL_WALK_DAYS``). It says only sequence numbers and times,
        never case content, so an automatic backup made after everyone has signed out runs it too."""
        check = self.begin_check()
        while check.result is None:
            self.continue_check(check)
        return check.result

    @open_to_anyone
    def begin_check(self) -> ChainCheck:
        """A check from the last verified point (or the whole chain, weekly), to walk with ``continue_check``."""
        start, full_walk_at = self._last_verified()
        if full_walk_at is None or utc_now() - full_walk_at > timedelta(days=FULL_WALK_DAYS):
            start, full_walk_at = ChainHead.empty(), utc_now()
        return ChainCheck(ChainWalker(after=start), full_walk_at)

    @open_to_anyone
    def continue_check(self, check: ChainCheck) -> ChainCheck:
        """One chunk of the walk, in its own read; ``check.result`` is set once it is over."""
        with self._context.db.read() as uow:
            if not check.walker.step(uow):
                return check
            walked = check.walker.found
            if walked.problems and check.walker.start.seq and not check.from_start:
                # the remembered point itself was rewritten: say where, walking from the start
                check.walker, check.from_start = ChainWalker(), True
                return check
            result = AuditCheck(checked=walked.checked, head=walked.head, problems=list(walked.problems))
            result.problems.extend(self._head_problems(uow, walked.head, walked.ok))
        if not result.problems:
            self._remember(result.head, check.full_walk_at)
        check.result = result
        return check

    def altered_records(self) -> list[AlteredRecord]:
        """Every submitted or countersigned assessment whose content no longer hashes to its signature."""
        self._require_administrator()
        with self._context.db.read() as uow:
            return _altered(uow)

    @open_to_anyone
    def anchor_head(self, *, create_key: bool = True) -> SignedHead | None:
        """Sign the chain's present head into the head file (at close, sign-out, backup, after a command that
        wrote, and every few minutes). Reads no case content, so it needs nobody signed in. ``create_key=False``
        signs only with a key that exists already (``None`` if there is none)."""
        with self._context.db.read() as uow:
            head = uow.audit.head()
        signed = self._anchor.sign(head, create_key=create_key)
        if signed is not None:
            settings = self._settings()
            if not settings.audit_head_signed:
                settings.audit_head_signed = True
                settings.save(self._settings_file)
        return signed

    # Helpers ----------------------------------------------------------------------------------------------
    def _head_problems(self, uow: UnitOfWork, reached: ChainHead, walked_ok: bool) -> list[str]:
        try:
            signed = self._anchor.read()
        except AnchorProblem as problem:
            return [str(problem)]
        if signed is None:
            if reached.seq == 0 or not self._settings().audit_head_signed:
                return []  # never signed here yet (a new or upgraded folder): signed at the next change
            return [f"There is no signed record of the audit trail's end ({self._anchor.path.name}) in the data "
                    "folder: if it was deleted, events at the end of the trail may have been removed too."]
        problems = _reaches(uow, signed, signed.head, reached, walked_ok)
        if problems and signed.pending is not None and not _reaches(uow, signed, signed.pending, reached, walked_ok):
            return []  # a restore was putting this database in place, signed for beforehand, when it stopped
        return problems

    def _settings(self):
        from ..settings import Settings

        return Settings.load(self._settings_file)

    def _last_verified(self) -> tuple[ChainHead, datetime | None]:
        try:
            saved = json.loads((self._data_dir / VERIFIED_FILE).read_text(encoding="utf-8"))
            return ChainHead(int(saved["seq"]), str(saved["hash"])), datetime.fromisoformat(saved["full_walk_at"])
        except (OSError, ValueError, KeyError, TypeError):
            return ChainHead.empty(), None

    def _remember(self, head: ChainHead, full_walk_at: datetime) -> None:
        from ..files import write_whole_file

        try:
            write_whole_file(self._data_dir / VERIFIED_FILE, json.dumps(
                {"seq": head.seq, "hash": head.hash, "full_walk_at": full_walk_at.isoformat()}).encode("utf-8"))
        except OSError:
            pass  # only a shortcut for the next check; the whole chain is walked instead

    def _require_administrator(self) -> None:
        with self._context.db.read() as uow:
            stored = uow.users.get(self._context.actor_id)
        if not stored.has_role(Role.ADMINISTRATOR):
            raise PermissionDenied(ADMINISTRATORS_ONLY)


def _reaches(uow: UnitOfWork, signed: SignedHead, head: ChainHead, reached: ChainHead, walked_ok: bool) -> list[str]:
    """Whether the trail still holds the signed ``head``, as the words saying what is missing or rewritten."""
    when = f"{signed.signed_at:%d %B %Y %H:%M} UTC"
    stored = uow.audit.link(head.seq) if head.seq else ChainHead.empty()
    if stored is None:
        last = uow.audit.head()
        return [f"The audit trail ends at event {last.seq}, but on {when} it was signed as reaching event "
                f"{head.seq}: events {last.seq + 1} to {head.seq} have been removed."]
    if stored.hash != head.hash:
        return [f"Audit event {head.seq} is not the one signed as the trail's end on {when}: the trail "
                "has been rewritten up to that point."]
    if walked_ok and reached.seq < head.seq:
        return [f"The audit trail could only be checked to event {reached.seq} of {head.seq}."]
    return []



def _altered(uow: UnitOfWork) -> list[AlteredRecord]:
    found = []
    for batch in uow.assessments.in_states(SIGNED_STATES):
        signatures = uow.review.signatures_of([assessment.id for assessment in batch])
        for assessment in batch:
            broken = changed_since_signing(assessment, signatures.get(assessment.id, []))
            if broken is not None:
                found.append(AlteredRecord(assessment.id, assessment.child_id, assessment.status, broken.name,
                                           f"{broken.signed_at:%Y-%m-%d}"))
    return found
