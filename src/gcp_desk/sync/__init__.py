"""Taking children offline from a team server and syncing them back (no Qt, no UI).

- ``records``: the kinds of record a child's file is made of, read and written the same way on both sides;
- ``plan``: what a sync does with each record, by the versions both sides last agreed (push, pull, conflict);
- ``local``: the laptop's bookkeeping (server, base versions, children held, conflicts, journal);
- ``server_side``: the server's end, on the person's own login (its rules apply to every row);
- ``trail``: the laptop's audit events joining the server's chain, each with its origin hash;
- ``engine``: take offline, sync (each step journaled, so a sync cut off anywhere is simply run again);
- ``faults``: the test-only stop points that let the fault tests kill a sync at a chosen step.
"""
