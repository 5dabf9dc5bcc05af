"""Two laptops linked to a team server, each with its person's first online sign-in made, as the tests of the
linked path and of a withdrawn laptop both start: team North (practitioners Nia and Pat, a child of each with an
assessment of theirs). Real TLS + scram server, real processes where a person would type."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))
from cli_runner import gcp_desk  # noqa: E402

from server_support import PASSWORD  # noqa: E402
from test_laptop_link import link  # noqa: E402


def laptop_id(folder: Path) -> str:
    """The laptop's id, as its link made it (its data folder's key file's database id)."""
    return json.loads((folder / "gcp-desk.keys").read_text())["database_id"]


def ok(run) -> str:
    assert run.returncode == 0, run.stdout + run.stderr
    return run.stdout


def two_linked_laptops(s, tmp_path: Path, folders: tuple[str, str] = ("a", "b")) -> dict:
    """Team North on the server ``s`` and two laptop folders (named ``folders``, Nia's then Pat's) linked to it,
    each signed in once online. Returns the server, the people, their children (``ninas``, ``pats``) and the
    folders under their names."""
    north = s.add_team("North")
    nia = s.add_person("Nia North", "practitioner", north)
    pat = s.add_person("Pat North", "practitioner", north)
    ninas, pats = s.add_child(north), s.add_child(north)
    s.add_assessment(ninas, author=nia)
    s.add_assessment(pats, author=pat)
    places = {name: tmp_path / name for name in folders}
    for folder, person in zip(places.values(), (nia, pat), strict=True):
        link(folder, s)
        ok(gcp_desk("list", "children", data_dir=folder, as_=(person.login, PASSWORD)))
    return dict(server=s, nia=nia, pat=pat, ninas=ninas, pats=pats, **places)
