"""The report worker's side (see ``reports.worker``): load the report libraries at once, then answer requests from
the pipe until the app's end of it closes."""

from __future__ import annotations

import gc
import pickle
import time
from collections import deque
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from .building import LOCAL
from .interruption import Superseded, interruptible

AHEAD_KEPT_S = 60.0
"""How long a report built ahead is given for a request that matches it: the time it says it was made is then at
most a minute before the click (the signature's time, too)."""


class Requests:
    """The requests from the app, in order; those read early (to see whether a report built ahead is still
    wanted) wait here for their turn."""

    def __init__(self, connection: Any) -> None:
        self._connection = connection
        self._read: deque[tuple] = deque()

    def next(self) -> tuple:
        return self._read.popleft() if self._read else self._connection.recv()

    def waiting(self) -> bool:
        return bool(self._read) or self._connection.poll()

    def read_waiting(self) -> list[tuple]:
        """Every request that has come in and not been answered, read from the pipe (and kept for its turn)."""
        while self._connection.poll():
            self._read.append(self._connection.recv())
        return list(self._read)


def serve(connection: Any) -> None:
    warm()
    requests = Requests(connection)
    while True:
        try:
            request = requests.next()
        except (EOFError, OSError):
            return  # the app has gone, or stopped us
        gc.disable()  # a report makes and drops tens of megabytes of objects: collected once, after it
        try:
            reply = (True, handle(request, waiting=requests.waiting, read_waiting=requests.read_waiting))
        except Exception as error:  # noqa: BLE001 - every failure goes back to the app, in its words
            reply = (False, sendable(error))
        finally:
            gc.enable()
        try:
            connection.send(reply)
        except (EOFError, OSError):
            return
        gc.collect()  # a report leaves tens of megabytes of cycles behind


class Ahead:
    """The one report built ahead of its request (``"ahead"``), kept for the ``"assessment"`` request that asks for
    exactly it: the same record as read then (every field of the ``ReportData`` but the moment it was read, which
    the report prints as when it was made), the same key, reason and place, within ``AHEAD_KEPT_S``."""

    def __init__(self) -> None:
        self._kept: tuple[tuple, float, bytes] | None = None

    def build(self, arguments: tuple, waiting: Callable[[], bool],
              read_waiting: Callable[[], list[tuple]] = lambda: []) -> bool:
        """Build and keep the report ``arguments`` ask for, unless another request is already waiting (that one is
        answered first, and a later request for this report builds it then). Given up, at its next page, when a
        request comes in for anything but this report (``read_waiting``: the requests come in meanwhile). True
        when built."""
        self._kept = None
        if waiting():
            return False
        data, key, reason, location = arguments
        wanted = _without_moment(arguments)

        def still_wanted() -> None:
            if any(request[0] != "assessment" or _without_moment(tuple(request[1:])) != wanted
                   for request in read_waiting()):
                raise Superseded

        started = time.monotonic()
        try:
            with interruptible(still_wanted):
                pdf = LOCAL.assessment_report(data, key, reason=reason, location=location)
        except Superseded:
            return False
        self._kept = (wanted, started, pdf)
        return True

    def take(self, arguments: tuple) -> bytes | None:
        """The kept report when it is the one ``arguments`` ask for and still fresh; it is kept no longer."""
        kept, self._kept = self._kept, None
        if kept is None or time.monotonic() - kept[1] > AHEAD_KEPT_S:
            return None
        return kept[2] if kept[0] == _without_moment(arguments) else None


def _without_moment(arguments: tuple) -> tuple:
    data, *rest = arguments
    return (replace(data, generated_at=datetime.min), *rest)


AHEAD = Ahead()


def handle(request: tuple, waiting: Callable[[], bool] = lambda: False,
           read_waiting: Callable[[], list[tuple]] = lambda: []) -> Any:
    """``waiting``: true when another request has come in (preparing then stops early, to answer it sooner);
    ``read_waiting``: those requests (a report built ahead is given up for any but its own)."""
    kind, *arguments = request
    if kind == "assessment":
        data, key, reason, location = arguments
        kept = AHEAD.take(tuple(arguments))
        return kept if kept is not None else LOCAL.assessment_report(data, key, reason=reason, location=location)
    if kind == "ahead":
        return AHEAD.build(tuple(arguments), waiting, read_waiting)
    if kind == "family":
        return LOCAL.family_summary(arguments[0])
    if kind == "peak":
        return peak_memory_mb()
    if kind == "prepare":
        return prepare(arguments[0], waiting)
    raise ValueError(f"the report worker was asked for {kind!r}, which it does not make")


def warm() -> None:
    """Import and prepare what a report needs, before the first one is asked for: reportlab and the report's
    fonts, matplotlib and its font cache (read at the first text drawn), pyHanko. A library that fails to load
    fails again, with its message, when a report is asked for."""
    try:
        import gcp_desk.reports.assessment_report  # noqa: F401  (reportlab)
        import gcp_desk.reports.family_summary  # noqa: F401
        from gcp_desk.reports.fonts import register_fonts

        register_fonts()
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        import gcp_desk.charts.over_time  # noqa: F401

        figure = Figure(figsize=(1, 1))
        figure.add_subplot().set_title("Warm")
        FigureCanvasAgg(figure).draw()
        import gcp_desk.reports.embedded_content  # noqa: F401
        import gcp_desk.reports.signing  # noqa: F401  (pyHanko, asn1crypto)
    except Exception:  # noqa: BLE001, S110 - said when a report is asked for
        pass
    gc.collect()
    gc.freeze()  # what is loaded lives as long as the process: out of the collector's later walks


def prepare(key: Any, waiting: Callable[[], bool] = lambda: False) -> None:
    """What the first real report would otherwise do for the first time, on invented data
    (``practice_report``), then dropped: ``key`` opened (the key file read and parsed, and kept), and a page in the
    report's faces with its signed content attached and signed.
    Step by step: as soon as a real request is ``waiting``, the rest is left for it to do. Last, the whole practice
    report is laid out (every section's tables and faces), given up at its next page if a request comes in
    meanwhile, so a real request waits for one page of it at most."""
    from reportlab.platypus import Paragraph

    from .embedded_content import attach, signed_content
    from .page import DocumentInfo, PageMarking, build_pdf
    from .practice_report import practice_report_data
    from .signing import sign_pdf
    from .styles import report_styles

    data = practice_report_data()

    def page() -> bytes:
        pdf = build_pdf([Paragraph("Practice", report_styles().body)], PageMarking("", "", "", None),
                        DocumentInfo(title="", author="", subject=""))
        return attach(pdf, signed_content(data))

    steps: list[Callable[[], Any]] = []
    if key is not None:
        steps += [key.open, lambda: sign_pdf(page(), key.open(), reason="", location="")]
    steps.append(lambda: _practice_whole(data, waiting))  # the chart (dates, legend, the band) and every section
    for step in steps:
        if waiting():
            return
        step()


def _practice_whole(data: Any, waiting: Callable[[], bool]) -> None:
    from .assessment_report import build_assessment_report

    def still_alone() -> None:
        if waiting():
            raise Superseded

    try:
        with interruptible(still_alone):
            build_assessment_report(data)
    except Superseded:
        pass


def sendable(error: Exception) -> Exception:
    """``error`` itself if it crosses the pipe whole, else its words in an error that does."""
    try:
        pickle.loads(pickle.dumps(error))
        return error
    except Exception:  # noqa: BLE001 - an error whose class cannot be rebuilt on the other side
        return RuntimeError(f"{type(error).__name__}: {error}")


def peak_memory_mb() -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None
