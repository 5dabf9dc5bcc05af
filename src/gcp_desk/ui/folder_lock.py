"""One app per data folder: the first start holds a lock file in the folder (``QLockFile``) and listens for a second
start; a second start on the same folder asks the first to bring its window forward and quits, or, when the first
does not answer (another user's session, another computer on a network folder), says who holds the folder.

    held = FolderLock.take(data_dir)       # None: another GCP Desk has the folder; it was told or the user was
    held.bring_forward(window)             # once the window exists
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

LOCK_FILE = "gcp-desk.lock"
RAISE = b"raise"
ANSWER_WAIT_MS = 1000


class FolderLock(QObject):
    def __init__(self, lock: QLockFile, server_name: str):
        super().__init__()
        self._lock = lock
        self._window = None
        self._server = QLocalServer(self)
        QLocalServer.removeServer(server_name)  # one left by a process that crashed
        self._server.newConnection.connect(self._second_start)
        self._server.listen(server_name)

    @classmethod
    def take(cls, data_dir: Path, *, tell=None) -> FolderLock | None:
        """The lock on ``data_dir``; ``None`` if another GCP Desk holds it (its window was brought forward, or
        ``tell`` was called with words saying who holds the folder)."""
        data_dir.mkdir(parents=True, exist_ok=True)
        lock = QLockFile(str(data_dir / LOCK_FILE))
        lock.setStaleLockTime(0)  # a lock whose process is gone is taken over at once; a live one never
        name = _server_name(data_dir)
        if lock.tryLock(100):
            return cls(lock, name)
        if _ask_to_come_forward(name):
            return None
        info = lock.getLockInfo()  # PySide6 gives (found, pid, host, app) or, in some versions, (pid, host, app)
        pid, host = info[-3], info[-2]
        words = (f"GCP Desk is already open on this data folder ({data_dir}), by process {pid} on computer "
                 f"{host or 'unknown'}. Use that window, or close it first; two copies of the app on one folder "
                 "are not allowed.")
        if tell is not None:
            tell(words)
        return None

    def bring_forward(self, window) -> None:
        self._window = window

    def release(self) -> None:
        self._server.close()
        self._lock.unlock()

    def _second_start(self) -> None:
        socket = self._server.nextPendingConnection()
        if socket is None:
            return
        socket.waitForReadyRead(ANSWER_WAIT_MS)
        if socket.readAll().data() == RAISE and self._window is not None:
            window = self._window
            window.showNormal() if window.isMinimized() else window.show()
            window.raise_()
            window.activateWindow()
            socket.write(b"ok")
            socket.flush()
            socket.waitForBytesWritten(ANSWER_WAIT_MS)
        socket.disconnectFromServer()


def _ask_to_come_forward(name: str) -> bool:
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(ANSWER_WAIT_MS):
        return False
    socket.write(RAISE)
    socket.flush()
    answered = socket.waitForReadyRead(ANSWER_WAIT_MS) and socket.readAll().data() == b"ok"
    socket.disconnectFromServer()
    return answered


def _server_name(data_dir: Path) -> str:
    return "gcp-desk-" + hashlib.sha256(str(data_dir.resolve()).encode("utf-8")).hexdigest()[:24]


def hold_folder(data_dir: Path) -> FolderLock | None:
    """``FolderLock.take`` with a message box saying who holds the folder, when its window cannot be brought
    forward."""
    from PySide6.QtWidgets import QMessageBox

    return FolderLock.take(data_dir, tell=lambda words: QMessageBox.warning(None, "GCP Desk", words))
