"""What every service shares: no public method runs for nobody.

Each public method of a ``Service`` refuses a call made with no signed-in person, before it reads or writes
anything, unless the method is marked ``@open_to_anyone`` (signing in itself, the names on the sign-in screen,
setting up the first account, checking a report file on its own). The check lives here, in the services, so that
no screen or command can forget it; which children the person may see is then limited in storage (``Scope``).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from ..domain.errors import PermissionDenied
from .context import ServiceContext

Method = TypeVar("Method", bound=Callable[..., Any])

NOBODY_SIGNED_IN = "Sign in first: nobody is signed in, so GCP Desk cannot {what}."


def open_to_anyone(method: Method) -> Method:
    """Mark a public method that may be called before anyone has signed in."""
    method._open_to_anyone = True  # type: ignore[attr-defined]
    return method


def _signed_in_only(method: Callable[..., Any]) -> Callable[..., Any]:
    what = method.__name__.replace("_", " ")

    @functools.wraps(method)
    def checked(self: Service, *args: Any, **kwargs: Any) -> Any:
        if self._context.actor is None:
            raise PermissionDenied(NOBODY_SIGNED_IN.format(what=what))
        return method(self, *args, **kwargs)

    return checked


class Service:
    _context: ServiceContext

    def __init__(self, context: ServiceContext):
        self._context = context

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, value in list(vars(cls).items()):
            if name.startswith("_") or not inspect.isfunction(value) or getattr(value, "_open_to_anyone", False):
                continue
            setattr(cls, name, _signed_in_only(value))
