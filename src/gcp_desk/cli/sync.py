"""``gcp-desk sync ...``: take children offline from the team server, sync them back, and settle conflicts.

Signed in as usual (``--as``, ``--password-stdin``); the same password signs in to the server as the person's own
login (the URL's, else the one remembered at their first online sign-in here, else their name in lower case with
dots). A laptop linked to the server (``server link``) needs no ``--server``: the link's address, sslmode and CA file
are used; ``--server URL`` overrides them (an unlinked copy gives it the first time, and the address, never a
password, is kept for the next).
"""

from __future__ import annotations

import argparse
import json
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from uuid import UUID

from ..domain.errors import InvalidInput, Problem
from ..paths import AppPaths

SYNC = ("Practitioners work on this laptop's own encrypted copy and sync with the team server when online. "
        "'take-offline' holds children on the server in your name (default: your own caseload) and copies their "
        "whole files here; 'now' sends what changed here, receives what changed there, and returns the children "
        "(unless --keep). A record changed on both sides is kept as a conflict for you to settle ('conflicts', "
        "'resolve'), never overwritten. A sync cut off at any point is simply run again.")
SERVER_HELP = ("the team server: postgresql://[LOGIN@]HOST[:PORT]/DATABASE?sslrootcert=CA.pem (default: the one this "
               "laptop is linked to, else the one it synced with last)")


def add_sync_commands(command, everywhere: argparse.ArgumentParser) -> None:
    sync = command("sync", help="take children offline from the team server and sync them back (signs in)",
                   description=SYNC)
    actions = sync.add_subparsers(dest="sync_command", metavar="ACTION", required=True)
    server = argparse.ArgumentParser(add_help=False)
    server.add_argument("--server", metavar="URL", help=SERVER_HELP)
    server.add_argument("--laptop", metavar="NAME", default=socket.gethostname(),
                        help="this laptop's name, shown to others beside the children it holds (default: host name); "
                             "the holds are recorded under the laptop's own id, as its link made it")
    take = actions.add_parser("take-offline", parents=[everywhere, server],
                              help="hold children and copy them here",
                              description="Hold the children on the team server in your name and copy their whole "
                                          "files to this laptop. A child held by someone else is refused, naming who "
                                          "and since when.")
    take.add_argument("--child", dest="children", metavar="ID", action="append", type=UUID,
                      help="a child to take (give it more than once; default: your own caseload)")
    now = actions.add_parser("now", parents=[everywhere, server], help="send and receive changes, return children",
                             description=SYNC)
    now.add_argument("--keep", metavar="ID", action="append", type=UUID, default=[],
                     help="keep this child offline after the sync (give it more than once)")
    actions.add_parser("status", parents=[everywhere], help="last sync, children held, changes waiting")
    conflicts = actions.add_parser("conflicts", parents=[everywhere], help="records changed on both sides")
    conflicts.add_argument("--json", action="store_true", help="as JSON")
    resolve = actions.add_parser(
        "resolve", parents=[everywhere], help="settle a conflict: keep mine, keep theirs, or choose per field",
        description="Settle a conflict on this laptop; the result is sent at the next sync. Either --keep mine or "
                    "--keep theirs for the whole record, or --field NAME=mine|theirs for each field to choose (the "
                    "fields not named keep the server's).")
    resolve.add_argument("kind", metavar="KIND", help="the record's kind, as 'sync conflicts' lists it (child, ...)")
    resolve.add_argument("record_id", metavar="ID", type=UUID)
    resolve.add_argument("--keep", choices=("mine", "theirs"))
    resolve.add_argument("--field", metavar="NAME=mine|theirs", action="append", default=[])


def run_sync(paths: AppPaths, args) -> int:
    action = args.sync_command
    with _signed_in(paths, args.acting_as, args.password_stdin, f"sync {action}") as (backend, user, password):
        service = backend.sync(user)
        if action == "take-offline":
            done = service.take_offline(password, server=args.server, child_ids=args.children, laptop=args.laptop,
                                        progress=_progress)
            print(f"Taken offline: {_count(done.children, 'child', 'children')} on this laptop; {done.received} "
                  f"records received, {done.sent} sent, {done.events_sent} audit events carried to the server.")
            return 0
        if action == "now":
            done = service.sync_now(password, server=args.server, keep=args.keep, laptop=args.laptop,
                                    progress=_progress)
            print(f"Synced: {done.sent} records sent, {done.received} received, {done.events_sent} audit events "
                  f"carried; {_count(done.returned, 'child', 'children')} returned, {done.kept} kept offline.")
            if done.removal is not None:
                for line in done.removal.lines():
                    print(line)
            if done.conflicts:
                print(f"{done.conflicts} record(s) changed both here and on the server: nothing was overwritten. "
                      "See 'gcp-desk sync conflicts' and settle each with 'gcp-desk sync resolve'.", file=sys.stderr)
                return 1
            return 0
        if action == "status":
            status = service.status()
            print(f"Server: {status.server or 'none yet'}")
            print(f"Last sync: {status.last_sync_at:%d %B %Y %H:%M} UTC" if status.last_sync_at else "Last sync: never")
            print(f"Children held offline here: {status.held}")
            print(f"Changes waiting to be sent: {status.waiting}")
            print(f"Conflicts to settle: {status.conflicts}")
            if status.refused:
                print(f"The last sync was refused: {status.stopped}")
            elif status.interrupted:
                print(f"The last sync stopped during '{status.interrupted}': run 'gcp-desk sync now' again."
                      + (f" ({status.stopped})" if status.stopped else ""))
            return 0
        if action == "conflicts":
            found = service.conflicts()
            if args.json:
                print(json.dumps([{"kind": c.kind, "record_id": str(c.record_id),
                                   "child_id": str(c.child_id) if c.child_id else None, "mine": c.mine,
                                   "theirs": c.theirs} for c in found], ensure_ascii=False, indent=1, default=str))
                return 0
            for c in found:
                differ = [name for name in c.mine if name != "version" and c.mine.get(name) != c.theirs.get(name)]
                print(f"{c.kind} {c.record_id}:")
                for name in differ:
                    print(f"  {name}: mine {c.mine.get(name)!r} | theirs {c.theirs.get(name)!r}")
            if not found:
                print("No conflicts.")
            return 0
        choice = _choice(args.keep, args.field)
        service.resolve(args.kind, args.record_id, choice)
        print(f"Settled: {args.kind} {args.record_id}; the result is sent at the next sync.")
        return 0


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _choice(keep: str | None, fields: list[str]):
    if keep and fields or not keep and not fields:
        raise InvalidInput([Problem("Choice", "give either --keep mine|theirs or one --field NAME=mine|theirs for "
                                    "each field to choose")])
    if keep:
        return keep
    chosen = {}
    for given in fields:
        name, _, value = given.partition("=")
        chosen[name.strip()] = value.strip()
    return chosen


def _progress(step: str, done: int, total: int) -> None:
    if total:
        print(f"  {step}: {done} of {total}", file=sys.stderr)


@contextmanager
def _signed_in(paths: AppPaths, acting_as: str | None, password_stdin: bool, command: str) -> Iterator[tuple]:
    """As ``signing_in.signed_in``, keeping the password given to sign in to the server with it too."""
    from ..app import open_backend
    from .anchoring import anchor_after_writing
    from .signing_in import SignInNeeded, how_to_sign_in, password_reader, sign_in

    if not acting_as:
        raise SignInNeeded(how_to_sign_in(command))
    read = password_reader(password_stdin, command)
    given: list[str] = []

    def keep(prompt: str) -> str:
        given.append(read(prompt))
        return given[-1]

    backend = open_backend(paths)
    signed = False
    try:
        user = sign_in(backend, acting_as, keep, command)
        signed = True
        yield backend, user, given[-1]
    finally:
        if signed:
            anchor_after_writing(backend)
        backend.close()
