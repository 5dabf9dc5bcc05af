"""Where GCP Desk keeps its files. One place decides; ``--data-dir`` overrides it for every command."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

APP_NAME = "GCP Desk"
APP_AUTHOR = "GCP Desk"
DATABASE_FILE = "gcp-desk.db"


def resources_dir() -> Path:
    """The instruments, fonts and icons GCP Desk ships.

    In the source tree they sit in the top-level ``resources/`` folder; the wheel and the frozen build carry them as
    the folder ``gcp_desk/resources`` inside the package, found through ``importlib.resources``. A checkout (an
    editable install) has no such folder in the package, and reads the top-level one instead.
    """
    packaged = Path(str(files(__package__ or "gcp_desk").joinpath("resources")))
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "resources"


def icons_dir() -> Path:
    return resources_dir() / "icons"


def instruments_dir() -> Path:
    return resources_dir() / "instruments"


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path

    @classmethod
    def default(cls) -> AppPaths:
        from platformdirs import user_data_path

        return cls(user_data_path(APP_NAME, APP_AUTHOR, roaming=False))

    @classmethod
    def at(cls, data_dir: str | Path) -> AppPaths:
        return cls(Path(data_dir).expanduser().resolve())

    @property
    def database(self) -> Path:
        return self.data_dir / DATABASE_FILE

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def signing_dir(self) -> Path:
        """The self-signed organisation certificate reports are signed with until one is configured."""
        return self.data_dir / "signing"

    @property
    def settings_file(self) -> Path:
        return self.data_dir / "settings.json"

    @property
    def instruments_dir(self) -> Path:
        """Instrument files an organisation has loaded (licensed ones among them)."""
        return self.data_dir / "instruments"

    def ensure(self) -> AppPaths:
        from .security.file_modes import secure_folder

        secure_folder(self.data_dir)  # made if need be; owner-only (0700 folders, 0600 files) on POSIX
        return self
