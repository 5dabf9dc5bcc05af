"""libpq's refusals, as the words GCP Desk says for them (the live ones are in tests/server/)."""

from __future__ import annotations

import pytest

from gcp_desk.storage.server_problems import (
    ServerCertificateRefused,
    ServerLoginDisabled,
    ServerPasswordRefused,
    ServerUnreachable,
    explain,
)

WHERE = "db.example.org:5432/gcp_desk"
AT = 'connection to server at "db.example.org" (10.0.0.5), port 5432 failed: '


@pytest.mark.parametrize(("said", "kind", "words"), [
    (AT + 'FATAL:  password authentication failed for user "nia.north"', ServerPasswordRefused,
     "refused the password for nia.north"),
    (AT + "Connection refused\n\tIs the server running on that host?", ServerUnreachable, "cannot be reached"),
    ('could not translate host name "db.example.org" to address: Name or service not known', ServerUnreachable,
     "cannot be reached"),
    (AT + "SSL error: certificate verify failed", ServerCertificateRefused, "did not prove who it is"),
    (AT + 'server certificate for "other.example.org" does not match host name "db.example.org"',
     ServerCertificateRefused, "did not prove who it is"),
    ('root certificate file "/home/nia/.postgresql/root.crt" does not exist', ServerCertificateRefused,
     "sslrootcert=FILE"),
    (AT + "FATAL:  sorry, too many clients already", ServerUnreachable, "no more connections"),
    (AT + 'FATAL:  role "nobody" is not permitted to log in', ServerLoginDisabled,
     "has been disabled on the team server"),
])
def test_each_refusal_is_said_in_words_and_nothing_was_changed(said, kind, words):
    refused = explain(said, WHERE, "nia.north")
    assert isinstance(refused, kind)
    assert words in str(refused) and str(refused).endswith("Nothing was changed.")


def test_anything_else_is_left_to_the_general_message():
    assert explain("division by zero", WHERE) is None
