"""Stored attention kept on the server by the owner's job: every child whose reasons no longer hold today is worked
out again, in every team, and a second run finds nothing to do."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

from sqlalchemy import text

from server_support import connect


def stale_count(server, today: date) -> int:
    with connect(server.url) as su:
        return su.execute(text("SELECT count(*) FROM children WHERE attention_basis = '' OR attention_from > :day "
                               "OR attention_until < :day"), {"day": today}).scalar()


def test_the_owners_job_works_out_every_stale_child_in_every_team(two_teams, tmp_path):
    from gcp_desk.storage.server_address import without_password

    server = two_teams["server"]
    assert stale_count(server, date.today()) == 3  # made by hand: never worked out
    url = without_password(server.url).render_as_string(hide_password=False)
    done = subprocess.run([sys.executable, "-m", "gcp_desk", "--data-dir", str(tmp_path / "it"), "server",
                           "refresh-attention", url, "--password-stdin"], input=f"{server.url.password}\n",
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "worked out again for 3 children" in done.stdout
    assert stale_count(server, date.today()) == 0
    with connect(server.url) as su:
        worked_on = set(su.execute(text("SELECT attention_from FROM children")).scalars())
    assert worked_on == {date.today()}
    again = subprocess.run([sys.executable, "-m", "gcp_desk", "--data-dir", str(tmp_path / "it"), "server",
                            "refresh-attention", url, "--password-stdin"], input=f"{server.url.password}\n",
                           capture_output=True, text=True, timeout=120)
    assert "for 0 children" in again.stdout


def test_the_job_changes_nothing_on_a_server_whose_schema_is_not_this_apps(team_server):
    import pytest

    from gcp_desk.server.attention import refresh_attention
    from gcp_desk.storage.migrate import ServerSchemaMismatch
    from test_server_upgrade import OLDER, downgrade, schema_of

    downgrade(team_server)
    with pytest.raises(ServerSchemaMismatch, match="upgrade of the server is waiting"):
        refresh_attention(team_server.url.render_as_string(hide_password=False), None)
    assert schema_of(team_server) == OLDER
