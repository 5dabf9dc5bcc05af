"""Which instrument a child's first assessment uses: the built-in one, or a licensed instrument an organisation
installed in the data folder. Administrators choose; everyone can see the choice and any instrument file that
failed to load, with its problems, so a licensed file that does not load is never silently replaced.

Repeat assessments keep their child's instrument (the newest version of it), so change stays measurable; the choice
applies to children assessed for the first time.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.enums import Role
from ..domain.errors import NotFound, PermissionDenied
from ..domain.instrument import Instrument
from ..scoring.instruments import builtin_instrument
from ..storage.repositories.preferences import NEW_ASSESSMENT_INSTRUMENT
from ..storage.unit_of_work import UnitOfWork
from .base import Service


def may_choose_instrument(user) -> bool:
    """The one place that says who chooses the instrument: administrators."""
    return user is not None and user.has_role(Role.ADMINISTRATOR)


@dataclass(frozen=True)
class InstrumentChoices:
    installed: tuple[Instrument, ...]
    """Every instrument that loaded, in the order found (the built-in folder first)."""
    chosen: Instrument
    """What a first assessment uses now."""
    problems: tuple[str, ...]
    """Each instrument file that failed to load, with its problems, one line each."""
    chosen_missing: str = ""
    """When the chosen instrument is no longer installed, the sentence saying so (the built-in one is used)."""


class InstrumentChoiceService(Service):
    def choices(self) -> InstrumentChoices:
        library = self._context.instruments
        with self._context.transaction() as uow:
            chosen, missing = self._chosen(uow)
        problems = tuple(line for error in library.problems() for line in error.lines())
        return InstrumentChoices(tuple(library.all()), chosen, problems, missing)

    def for_new_child(self, uow: UnitOfWork) -> Instrument:
        """The instrument a child's first assessment starts with."""
        return self._chosen(uow)[0]

    def choose(self, instrument_id: str, version: str) -> Instrument:
        """Administrators only; the choice and who made it go to the audit trail."""
        actor = self._context.actor
        if not may_choose_instrument(actor):
            raise PermissionDenied("Only an administrator chooses the instrument new assessments use.")
        instrument = self._context.instruments.get(instrument_id, version)
        with self._context.transaction() as uow:
            before = uow.preferences.get(NEW_ASSESSMENT_INSTRUMENT)
            after = f"{instrument.id} {instrument.version}"
            uow.preferences.set(NEW_ASSESSMENT_INSTRUMENT, after)
            uow.audit.record(actor.id, "settings.instrument", "settings", NEW_ASSESSMENT_INSTRUMENT,
                             {"instrument": before}, {"instrument": after})
        return instrument

    def _chosen(self, uow: UnitOfWork) -> tuple[Instrument, str]:
        stored = uow.preferences.get(NEW_ASSESSMENT_INSTRUMENT)
        if not stored:
            return builtin_instrument(), ""
        instrument_id, _, version = stored.partition(" ")
        try:
            return self._context.instruments.get(instrument_id, version), ""
        except NotFound:
            return builtin_instrument(), (f"The chosen instrument '{instrument_id}' version '{version}' is not "
                                          "installed now, so new assessments use the built-in one.")
