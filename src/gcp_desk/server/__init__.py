"""The team server: a PostgreSQL database set up by GCP Desk, whose own grants and row-level security enforce who
sees and changes what.

- ``address``: a server URL as GCP Desk uses it (TLS checked in full by default) and the roles named after it;
- ``storage.server_problems``: a refused connection in words (unreachable, wrong certificate, wrong password);
- ``rules``: the roles' grants, the row-level security policies and the functions they rely on, as SQL;
- ``logins``: a person's own login role, made through the server's SECURITY DEFINER function;
- ``setup``: ``server init``; ``upgrade``: ``server upgrade`` (after a ``pg_dump`` backup);
- ``accounts``: teams and people added by an administrator as their own login;
- ``holds``: who has each child offline, and since when; ``attention``: the owner's job that keeps stored
  attention current;
- ``laptop_rules``: the server's rules for linked laptops (their secrets, password stamps, signing requests);
- ``laptop_link``: a laptop's link (the server's address in its settings); ``online_sign_in``: a person's first
  sign-in on a linked laptop, through the server; ``account_refresh``: the server's account changes brought to a
  laptop (``refresh_accounts``);
- ``laptops``: the linked laptops listed, and a lost one revoked, by an administrator;
- ``signing``: countersigned reports signed with the organisation's key, which stays on the server;
  ``report_on_server``: the same, as the app asks for it (offered, bounded, stoppable).

No client ever changes a server's schema: ``storage.migrate.prepare`` refuses to, and says which versions differ.
"""
