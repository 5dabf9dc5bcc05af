"""The quick check of the team server after an offline sign-in on a linked laptop never holds the person up for
long: an unresolvable name, or a resolver that does not answer (no network, the VPN off), ends it in about 3 s and
the offline sign-in stands. (Here, beside the demo folder the window tests use: no server is needed.)"""

from __future__ import annotations

import socket
import threading
import time

import pytest

from gcp_desk.demo.accounts import DEMO_ACCOUNTS
from gcp_desk.server.connect import reachable_within
from gcp_desk.server.online_sign_in import QUICK_CHECK_SECONDS, check_online
from gcp_desk.storage.server_problems import ServerUnreachable
from sqlalchemy import make_url


def _link(backend, host: str) -> None:
    backend.settings.team_server = (f"postgresql://{host}:5432/gcp_desk?sslmode=verify-full"
                                    "&sslrootcert=/nowhere/org-ca.pem")


def _signed_in(backend):
    return next(account for account in backend.users().accounts() if account.name == DEMO_ACCOUNTS[0].name)


def test_an_unresolvable_server_name_ends_the_check_at_once(demo_backend):
    _link(demo_backend, "gcp-desk-server.invalid")
    started = time.monotonic()
    assert check_online(demo_backend, _signed_in(demo_backend), DEMO_ACCOUNTS[0].password) is False
    assert time.monotonic() - started < QUICK_CHECK_SECONDS + 0.5
    assert not demo_backend.is_locked, "the offline sign-in stands"


@pytest.fixture
def resolver_that_hangs(monkeypatch):
    """What a laptop with no network sees when its DNS server cannot be reached: the look-up waits and waits."""
    released = threading.Event()
    real = socket.getaddrinfo

    def hangs(host, *args, **kwargs):
        if str(host).endswith(".example.org"):
            released.wait(30)
            raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", hangs)
    yield
    released.set()


def test_a_resolver_that_does_not_answer_is_not_waited_for(demo_backend, resolver_that_hangs):
    _link(demo_backend, "db.example.org")
    started = time.monotonic()
    assert check_online(demo_backend, _signed_in(demo_backend), DEMO_ACCOUNTS[0].password) is False
    waited = time.monotonic() - started
    assert waited < QUICK_CHECK_SECONDS + 0.5, f"waited {waited:.1f} s"
    assert not demo_backend.is_locked


def test_the_whole_check_is_bounded_name_look_up_and_connection_together(resolver_that_hangs):
    url = make_url("postgresql://nia@db.example.org/gcp_desk")
    with pytest.raises(ServerUnreachable, match="cannot be reached"):
        reachable_within(url, 3.0)
    resolved = reachable_within(make_url("postgresql://nia@localhost/gcp_desk"), 3.0)
    assert resolved.query["hostaddr"] in ("127.0.0.1", "::1") and resolved.host == "localhost", \
        "the name stays for the certificate check; the address found is what libpq connects to"
    assert int(resolved.query["connect_timeout"]) + 1.0 <= 3.0
    literal = reachable_within(make_url("postgresql://nia@10.0.0.9/gcp_desk"), 3.0)
    assert "hostaddr" not in literal.query and literal.query["connect_timeout"] == "2"
