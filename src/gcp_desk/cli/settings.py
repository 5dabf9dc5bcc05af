"""``gcp-desk settings retention``: the retention rule, as Settings… in the app shows and changes it. With no option
it prints the rule (anyone signed in); with options an administrator changes the parts given, each a number or
``off``; the other parts stay as they are. A bad value is named and nothing is written."""

from __future__ import annotations

import argparse

from ..paths import AppPaths
from .signing_in import signed_in

SETTINGS_WORDS = (
    "retention: when a child's record comes up for review under the retention schedule. With no option, print the "
    "rule. --age N: at the child's Nth birthday (18 to 120; default 25). --inactive-years N: N years after the "
    "record last changed (1 to 100), whichever comes first. --looked-after-age N: a record kept because the child is "
    "or was looked after is not due again before this age (above --age; default 75). Give 'off' to switch a part "
    "off. Changing the rule needs an administrator and is recorded in the audit trail.")
OPTIONS = {"age": "review_at_age", "inactive_years": "review_years_after_last_activity",
           "looked_after_age": "review_at_age_if_looked_after"}


def _number_or_off(text: str) -> int | None:
    if text.strip().lower() == "off":
        return None
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number or 'off'") from None


def add_settings(command, signing_in: str) -> None:
    settings = command("settings", help="the retention rule: print it, or change it (administrators; signs in)",
                       description=SETTINGS_WORDS, epilog=signing_in)
    settings.add_argument("setting", choices=["retention"])
    settings.add_argument("--age", type=_number_or_off, metavar="N|off", default=argparse.SUPPRESS,
                          help="review when the child turns N")
    settings.add_argument("--inactive-years", type=_number_or_off, metavar="N|off", default=argparse.SUPPRESS,
                          help="review N years after the record last changed")
    settings.add_argument("--looked-after-age", type=_number_or_off, metavar="N|off", default=argparse.SUPPRESS,
                          help="a record kept because the child is or was looked after: not due before this age")


def settings(paths: AppPaths, args: argparse.Namespace) -> int:
    from ..services.retention_words import looked_after_words, rule_words

    given = {field: getattr(args, option) for option, field in OPTIONS.items() if hasattr(args, option)}
    with signed_in(paths, args.acting_as, args.password_stdin, "settings retention") as (backend, user):
        editor = backend.settings_editor(user)
        changed = False
        if given:
            changed = editor.set_retention_rule(**{**editor.retention_rule().model_dump(), **given})
        rule = editor.retention_rule()
    if given:
        print("Saved the retention rule; the change is recorded in the audit trail." if changed
              else "Nothing to save: the rule is as it was.")
    print(rule_words(rule), looked_after_words(rule.review_at_age_if_looked_after))
    return 0

