"""What GCP Desk ships that others made, and under which licence: shown in the About box and in installer/README.md.

A test holds this list against the package's declared dependencies, so a new dependency cannot ship unlisted.
"""

from __future__ import annotations

SHIPPED: tuple[tuple[str, str, str], ...] = (
    # (distribution name as declared, what it does for us, licence)
    ("PySide6-Essentials", "Qt for Python: the windows", "LGPL-3.0 (Qt: LGPL-3.0)"),
    ("SQLAlchemy", "the database", "MIT"),
    ("alembic", "database upgrades", "MIT"),
    ("pydantic", "checking records and instrument files", "MIT"),
    ("platformdirs", "the platform's data and log folders", "MIT"),
    ("matplotlib", "charts", "Matplotlib licence (PSF-based)"),
    ("reportlab", "PDF reports", "BSD-3-Clause"),
    ("psycopg", "team databases on PostgreSQL", "LGPL-3.0"),
    ("pyhanko", "digital signatures on reports", "MIT"),
    ("cryptography", "certificates and keys", "Apache-2.0 or BSD-3-Clause"),
    ("argon2-cffi", "password hashes", "MIT"),
    ("pypdf", "reading reports back", "BSD-3-Clause"),
    ("pypdfium2", "print preview (PDFium)", "Apache-2.0 or BSD-3-Clause"),
    ("tzdata", "time zones for signatures", "Apache-2.0"),
    ("sqlcipher3", "the encrypted database (SQLCipher 4)", "zlib (pysqlite); SQLCipher: BSD-3-Clause"),
    ("rl-accel", "faster PDF building", "BSD-3-Clause"),
    ("uharfbuzz", "shaping right-to-left names in reports", "Apache-2.0 (HarfBuzz: MIT)"),
    ("DejaVu fonts", "the typeface of reports", "Bitstream Vera and Arev font licences (free)"),
)
