"""The installer files agree with the code: the names, icons and folders they point at exist and match."""

from __future__ import annotations

import configparser
from pathlib import Path

from gcp_desk.paths import icons_dir
from gcp_desk.ui.app_icon import ICON_SIZES
from gcp_desk.ui.desktop import DESKTOP_FILE_NAME

INSTALLER = Path(__file__).resolve().parents[2] / "installer"


def test_linux_menu_entry_starts_the_windowed_app_with_our_icon():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(INSTALLER / "linux" / f"{DESKTOP_FILE_NAME}.desktop")
    desktop = entry["Desktop Entry"]
    assert desktop["Exec"] == "gcp-desk-app" and desktop["Terminal"] == "false"
    assert desktop["Icon"] == "gcp-desk" and desktop["StartupWMClass"] == DESKTOP_FILE_NAME
    for size in (*ICON_SIZES, 512, 1024):
        assert (icons_dir() / f"gcp-desk-{size}.png").is_file()
    assert (icons_dir() / "gcp-desk.svg").is_file() and (icons_dir() / "gcp-desk.ico").is_file()


def test_windows_setup_is_per_user_and_never_deletes_the_data_folder():
    script = (INSTALLER / "windows" / "gcp-desk.iss").read_text(encoding="utf-8")
    assert "PrivilegesRequired=lowest" in script
    assert 'Filename: "{app}\\gcp-desk-app.exe"' in script  # the Start menu's entry is the windowed program
    deletes = script.split("[UninstallDelete]")[1].split("\n[")[0]
    assert "{localappdata}" not in deletes.lower() and "GCP Desk\\GCP Desk" not in deletes


def test_the_spec_ships_resources_migrations_and_both_executables():
    spec = (INSTALLER / "gcp-desk.spec").read_text(encoding="utf-8")
    assert '"gcp_desk/resources"' in spec and '"gcp_desk/storage/migrations"' in spec
    assert 'name="gcp-desk-app", console=False' in spec and 'name="gcp-desk", console=True' in spec
    assert '"matplotlib.backends.backend_svg"' in spec and 'collect_data_files("tzdata")' in spec
