"""The layer rules of the architecture: Qt only in ui/, SQLAlchemy never in ui/, a pure core."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "gcp_desk"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def modules_under(*parts: str) -> list[Path]:
    return sorted((PACKAGE.joinpath(*parts)).rglob("*.py"))


def offenders(paths: list[Path], forbidden: set[str]) -> list[str]:
    return [
        f"{path.relative_to(PACKAGE)} imports {sorted(imported_modules(path) & forbidden)}"
        for path in paths
        if imported_modules(path) & forbidden
    ]


def test_the_package_is_where_the_layer_test_looks():
    assert (PACKAGE / "domain").is_dir() and (PACKAGE / "ui").is_dir()
    assert len(modules_under()) > 10


def test_nothing_outside_ui_imports_qt():
    outside_ui = [path for path in modules_under() if "ui" not in path.relative_to(PACKAGE).parts[:1]]
    assert offenders(outside_ui, {"PySide6", "shiboken6", "pytestqt"}) == []


def test_ui_never_imports_sqlalchemy():
    assert offenders(modules_under("ui"), {"sqlalchemy", "alembic"}) == []


@pytest.mark.parametrize("layer", ["domain", "scoring", "security"])
def test_core_layers_import_neither_qt_nor_a_database(layer):
    forbidden = {"PySide6", "shiboken6", "sqlalchemy", "alembic", "matplotlib", "reportlab"}
    assert offenders(modules_under(layer), forbidden) == []


def test_the_checker_itself_catches_a_violation(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6.QtWidgets import QWidget\nimport sqlalchemy.orm\n")
    assert imported_modules(bad) == {"PySide6", "sqlalchemy"}
