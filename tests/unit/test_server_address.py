"""A team server's address as GCP Desk uses it: TLS checked in full unless the URL says otherwise, roles named
after the database, and no password ever shown."""

from __future__ import annotations

import pytest

from gcp_desk.domain.errors import InvalidInput
from gcp_desk.storage.server_address import describe, login_name, roles_for, server_url, without_password


def test_verify_full_is_the_default_and_a_url_may_choose_otherwise():
    assert server_url("postgresql://it@db.example.org/gcp_desk").query["sslmode"] == "verify-full"
    assert server_url("postgresql://it@db.example.org/gcp_desk?sslmode=require").query["sslmode"] == "require"
    assert server_url("postgresql://it@db.example.org/gcp_desk").drivername == "postgresql+psycopg"


def test_a_password_is_never_shown_or_kept_where_it_should_not_be():
    url = server_url("postgresql://it@db.example.org:5432/gcp_desk", password="s3cret")
    assert describe(url) == "db.example.org:5432/gcp_desk"
    assert "s3cret" not in without_password(url).render_as_string(hide_password=False)


def test_roles_are_named_after_the_database():
    roles = roles_for(server_url("postgresql://it@db.example.org/gcp_desk"))
    assert (roles.owner, roles.person) == ("gcp_desk_owner", "gcp_desk_person")
    assert roles_for(server_url("postgresql://it@h/Team-North")).person == "team_north_person"


def test_a_default_login_is_the_name_with_dots():
    assert login_name("Sam Whitfield") == "sam.whitfield"
    assert login_name("Aoife O'Brien-Kelly") == "aoife.o.brien.kelly"


@pytest.mark.parametrize("url", ["sqlite:///gcp-desk.db", "postgresql://it@db.example.org/", "not a url at all"])
def test_anything_but_a_postgresql_database_url_is_refused_in_words(url):
    with pytest.raises(InvalidInput):
        server_url(url)
