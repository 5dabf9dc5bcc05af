"""The report worker: reports built and signed in a separate process, so that the app never holds reportlab,
matplotlib and pyHanko (about 100 MB) and a report's tens of megabytes of passing objects stay out of its memory.

    worker = ReportWorker()
    worker.start()                                  # after sign-in: the process loads the libraries meanwhile
    pdf = worker.assessment_report(data, key, reason="…", location="…")   # as ``reports.building.LOCAL``
    worker.stop()

The worker is started with multiprocessing's "spawn" (a fresh interpreter: never a fork of a process running Qt's
threads; the frozen app's entry calls ``freeze_support``). The records, and the signing key's whereabouts with the
database key that opens it, cross through the pipe between the two processes, never through a file or a command
line; the PDF comes back the same way. The worker reads no database and writes nothing but the organisation's
self-signed key the first time there is none.

It dies with the app: it is a daemon process, and it leaves as soon as the app's end of the pipe closes, however
the app ended. If it stops while making a report, the request fails with ``ReportWorkerStopped`` in plain words and
the next request starts another. Requests are served one at a time, in order.
"""

from __future__ import annotations

import multiprocessing
import threading
from typing import TYPE_CHECKING, Any

from ..domain.errors import GcpDeskError

if TYPE_CHECKING:  # the window makes a worker before the sign-in screen; these load the domain's models
    from .building import SigningKey
    from .report_data import ReportData

STOPPED = ("The report could not be made: the part of GCP Desk that builds reports stopped unexpectedly. Nothing "
           "was lost. Try again; if it happens again, restart GCP Desk.")
STOP_WAIT_S = 0.2
"""How long a worker asked to stop is given to leave by itself before it is ended: it holds nothing to save."""


class ReportWorkerStopped(GcpDeskError):
    """The report worker ended before it answered."""


class ReportWorker:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: Any = None
        self._connection: Any = None
        self._unanswered = 0
        """Requests sent without waiting (``prepare``, ``build_ahead``): their answers are read, and dropped, before
        the next request's."""
        self._closed = False
        self._ahead: tuple | None = None

    @property
    def pid(self) -> int | None:
        """The worker's process id while it runs."""
        process = self._process
        return process.pid if process is not None and process.is_alive() else None

    def start(self) -> None:
        """Start the worker if it is not running; returns at once (it loads its libraries on its own)."""
        with self._lock:
            self._start()

    def prepare(self, key: SigningKey | None) -> None:
        """Start the worker if need be and have it open ``key`` and sign a page of its own once, so that the first
        report finds every step warm; returns at once (a failure here is met again, in words, by the first
        report)."""
        with self._lock:
            if self._closed:
                return
            self._start()
            try:
                self._connection.send(("prepare", key))
            except OSError:
                self._discard()
                return
            self._unanswered += 1

    def assessment_report(self, data: ReportData, key: SigningKey | None, *, reason: str = "",
                          location: str = "") -> bytes:
        return self._call(("assessment", data, key, reason, location))

    def build_ahead(self, data: ReportData, key: SigningKey | None, *, reason: str = "", location: str = "") -> None:
        """Have the worker build and keep this report before it is asked for; returns at once. An
        ``assessment_report`` request with the same arguments (``data`` read again: everything equal but the moment
        it was read) within a minute gets the kept report, or waits for it to be finished. The worker skips it if
        another request comes in first, and keeps only the last one. Nothing is recorded: the print is audited
        when the report is asked for."""
        if self._closed:
            return
        self._ahead = ("ahead", data, key, reason, location)  # the latest asked for is the one sent
        threading.Thread(target=self._send_ahead, name="gcp-desk-report-ahead", daemon=True).start()

    def _send_ahead(self) -> None:
        """On its own thread: a request of 100 KB waits for the pipe while the worker is busy."""
        with self._lock:
            request, self._ahead = self._ahead, None
            if request is None or self._closed:
                return
            try:
                self._start()
                self._connection.send(request)
            except Exception:  # noqa: BLE001 - only ahead: the request itself meets it again, and says it in words
                self._discard()
                return
            self._unanswered += 1

    def family_summary(self, data: ReportData) -> bytes:
        return self._call(("family", data))

    def peak_memory_mb(self) -> float | None:
        """The worker's peak resident memory (VmHWM) in MB, where the system tells it (Linux)."""
        return self._call(("peak",))

    def stop(self) -> None:
        """End the worker (and with it any signing key it opened); the next request starts another. A report under
        way is not waited for: its request ends with ``ReportWorkerStopped``."""
        self._ahead = None
        process = self._process
        if process is not None and self._lock.locked():
            process.kill()
        with self._lock:
            self._ahead = None  # a report asked ahead for whoever was signed in is not sent to the next worker
            self._discard()

    def close(self) -> None:
        """End the worker for good (the app is closing): nothing starts it again."""
        self._closed = True
        self.stop()

    def _call(self, request: tuple) -> Any:
        with self._lock:
            self._start()
            try:
                while self._unanswered:
                    self._connection.recv()
                    self._unanswered -= 1
                self._connection.send(request)
                ok, value = self._connection.recv()
            except (EOFError, OSError) as error:
                self._discard()
                raise ReportWorkerStopped(STOPPED) from error
        if not ok:
            raise value
        return value

    def _start(self) -> None:
        if self._closed:
            raise ReportWorkerStopped(STOPPED)
        if self._process is not None and self._process.is_alive():
            return
        self._discard()
        from .worker_process import serve

        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        process = context.Process(target=serve, args=(theirs,), name="gcp-desk-reports", daemon=True)
        process.start()
        theirs.close()  # only the worker holds its end: if it dies, our next read ends at once
        self._process, self._connection = process, ours

    def _discard(self) -> None:
        connection, process = self._connection, self._process
        self._connection = self._process = None
        self._unanswered = 0
        if connection is not None:
            connection.close()  # the worker reads the end of its pipe and leaves
        if process is not None:
            process.join(STOP_WAIT_S)
            if process.is_alive():
                process.kill()
                process.join()
