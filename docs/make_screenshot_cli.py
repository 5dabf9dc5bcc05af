"""A picture of the command line refusing to list records without a sign-in, then listing them once signed in,
for the README. The commands really run, on an invented demo caseload in a throw-away folder.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_screenshot_cli.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QFont  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel  # noqa: E402

OUT = Path(__file__).resolve().parent / "screenshots" / "cli-sign-in-needed.png"


def run(folder: Path, *args: str, stdin: str | None = None) -> tuple[str, str]:
    result = subprocess.run([sys.executable, "-m", "gcp_desk", "--data-dir", str(folder), *args], input=stdin,
                            capture_output=True, text=True, timeout=300)
    return result.stdout + result.stderr, str(result.returncode)


def transcript() -> str:
    with tempfile.TemporaryDirectory(prefix="gcp-desk-cli-") as folder:
        data = Path(folder)
        run(data, "demo", "--children", "6")
        lines = []
        refused, code = run(data, "list", "children")
        lines += ["$ gcp-desk list children", *_wrapped(refused), f"$ echo $?\n{code}"]
        listed, code = run(data, "list", "children", "--as", "Sam Whitfield", "--password-stdin",
                           stdin="demo-northgate-sam\n")
        lines += ["$ gcp-desk list children --as 'Sam Whitfield' --password-stdin < password.txt",
                  *listed.rstrip().splitlines(), f"$ echo $?\n{code}"]
        return "\n".join(lines).replace(str(data), "~/.local/share/GCP Desk")


def _wrapped(text: str, width: int = 110) -> list[str]:
    out: list[str] = []
    for line in text.rstrip().splitlines():
        while len(line) > width:
            cut = line.rfind(" ", 0, width)
            out.append(line[:cut])
            line = "    " + line[cut + 1:]
        out.append(line)
    return out


def main() -> Path:
    app = QApplication.instance() or QApplication(sys.argv)
    text = transcript()
    label = QLabel(text)
    font = QFont("DejaVu Sans Mono")
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSize(10)
    label.setFont(font)
    label.setStyleSheet("QLabel { background: #1e1e1e; color: #e6e6e6; padding: 14px; }")
    metrics = label.fontMetrics()
    lines = text.splitlines()
    label.resize(max(metrics.horizontalAdvance(line) for line in lines) + 40, metrics.lineSpacing() * len(lines) + 40)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    label.grab().save(str(OUT))
    app.processEvents()
    return OUT


if __name__ == "__main__":
    print(main())
