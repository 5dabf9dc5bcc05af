"""Every public method of every service refuses a call with nobody signed in, before it reads or writes anything.

The methods are found by looking, not listed by hand, so a method added later is covered without anyone
remembering to add it here; the few that must work before sign-in are named, and that list is checked too.
"""

from __future__ import annotations

import inspect
import typing
from datetime import date
from pathlib import Path
from uuid import uuid4

import pytest

from gcp_desk.domain.errors import PermissionDenied
from gcp_desk.services.access_log import AccessLog
from gcp_desk.services.assessment_content import AssessmentContent
from gcp_desk.services.assessments import AssessmentService
from gcp_desk.services.backups import BackupService
from gcp_desk.services.base import Service
from gcp_desk.services.children import ChildService
from gcp_desk.services.export_records import ExportService
from gcp_desk.services.extract import ExtractService
from gcp_desk.services.family_plan import FamilyPlanService
from gcp_desk.services.history import HistoryService
from gcp_desk.services.households import HouseholdService
from gcp_desk.services.import_records import ImportService
from gcp_desk.services.instrument_choice import InstrumentChoiceService
from gcp_desk.services.integrity import IntegrityService
from gcp_desk.services.plan import PlanService
from gcp_desk.services.reports import ReportService
from gcp_desk.services.restore import RestoreService
from gcp_desk.services.retention import RetentionService
from gcp_desk.services.review import ReviewService
from gcp_desk.services.settings_service import SettingsService
from gcp_desk.services.sharing import SharingService
from gcp_desk.services.siblings import SiblingAssessmentService
from gcp_desk.services.subject_access import SubjectAccessService
from gcp_desk.sync.service import SyncService
from gcp_desk.services.team_view import TeamViewService
from gcp_desk.services.upkeep import UpkeepService
from gcp_desk.services.users import UserService

SERVICES = [AccessLog, AssessmentContent, AssessmentService, BackupService, ChildService, ExportService,
            ExtractService, FamilyPlanService, HistoryService, HouseholdService, ImportService,
            InstrumentChoiceService, IntegrityService, PlanService, ReportService, RestoreService, RetentionService,
            ReviewService, SettingsService, SharingService, SiblingAssessmentService, SubjectAccessService,
            SyncService, TeamViewService, UpkeepService, UserService]
OPEN_BEFORE_SIGN_IN = {
    "UserService.accounts", "UserService.sign_in", "UserService.needs_password", "UserService.must_change_password",
    "UserService.create", "UserService.is_in_use", "UserService.teams", "ReportService.verify",
    "ReportService.trusted_certificate", "IntegrityService.anchor_head",
    "IntegrityService.check_since_last", "IntegrityService.begin_check",
    "IntegrityService.continue_check", "BackupService.automatic", "BackupService.is_due",
}
"""Signing in, the names on the sign-in screen, setting up the first account, and checking a report file alone."""


def public_methods(cls: type) -> list[str]:
    return [name for name, value in vars(cls).items() if not name.startswith("_") and inspect.isfunction(value)]


def dummy(annotation: object) -> object:
    """A harmless argument of roughly the right type: the refusal must come before anything looks at it."""
    text = str(annotation)
    if "UUID" in text:
        return uuid4()
    if "date" in text:
        return date(2026, 1, 1)
    if "int" in text:
        return 3
    if "bytes" in text:
        return b"%PDF-1.7"
    if "list" in text or "Sequence" in text or "Collection" in text:
        return []
    if "bool" in text:
        return False
    return "x"


def build(cls: type, backend):
    context = backend.context(None)
    if cls is ReportService:
        return cls(context, backend.paths.signing_dir)
    if cls is UpkeepService:
        return cls(context, backend.paths.backups_dir)
    if cls is IntegrityService:
        return cls(context, backend.paths.data_dir, backend.paths.signing_dir)
    if cls is BackupService:
        return cls(context, backend.paths.data_dir, backend.paths.backups_dir, backend.paths.signing_dir)
    if cls is RestoreService:
        return backend.restore(None)
    if cls is SettingsService:
        return backend.settings_editor(None)
    return cls(context)


def test_every_service_is_covered():
    found, waiting = set(), list(Service.__subclasses__())
    while waiting:
        cls = waiting.pop()
        found.add(cls)
        waiting.extend(cls.__subclasses__())
    assert found == set(SERVICES), "a new service: add it to SERVICES"


@pytest.mark.parametrize("cls", SERVICES, ids=lambda cls: cls.__name__)
def test_each_public_method_refuses_a_call_with_nobody_signed_in(cls, backend):
    service = build(cls, backend)
    refused, opened = [], []
    for name in public_methods(cls):
        method = getattr(service, name)
        qualified = f"{cls.__name__}.{name}"
        if qualified in OPEN_BEFORE_SIGN_IN:
            opened.append(qualified)
            continue
        hints = typing.get_type_hints(getattr(cls, name).__wrapped__) if hasattr(getattr(cls, name), "__wrapped__") \
            else {}
        parameters = inspect.signature(method).parameters.values()
        args = [dummy(hints.get(p.name, p.annotation)) for p in parameters
                if p.default is inspect.Parameter.empty and p.kind is p.POSITIONAL_OR_KEYWORD]
        kwargs = {p.name: dummy(hints.get(p.name, p.annotation)) for p in parameters
                  if p.default is inspect.Parameter.empty and p.kind is p.KEYWORD_ONLY}
        with pytest.raises(PermissionDenied, match="Sign in first"):
            method(*args, **kwargs)
        refused.append(qualified)
    assert refused or opened
    assert set(opened) <= OPEN_BEFORE_SIGN_IN


def test_the_methods_open_before_sign_in_are_exactly_the_named_ones():
    opened = {f"{cls.__name__}.{name}" for cls in SERVICES for name in public_methods(cls)
              if getattr(vars(cls)[name], "_open_to_anyone", False)}
    assert opened == OPEN_BEFORE_SIGN_IN


def test_checking_a_report_against_the_record_needs_someone_signed_in(backend):
    with pytest.raises(PermissionDenied, match="Sign in"):
        ReportService(backend.context(None), Path(backend.paths.signing_dir)).verify(b"%PDF-1.7")


def test_nothing_was_written_by_the_refused_calls(backend):
    with backend.db.transaction() as uow:
        before = uow.audit.count()
    for cls in SERVICES:
        service = build(cls, backend)
        for name in public_methods(cls):
            if f"{cls.__name__}.{name}" not in OPEN_BEFORE_SIGN_IN:
                with pytest.raises(PermissionDenied):
                    getattr(service, name)(uuid4())
    with backend.db.transaction() as uow:
        assert uow.audit.count() == before
