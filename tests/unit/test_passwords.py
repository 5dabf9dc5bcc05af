"""Passwords: stored only as argon2id hashes, checked exactly, and refused when they are easy to guess."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from gcp_desk.security.passwords import MIN_LENGTH, hash_password, needs_rehash, password_problems, verify_password

GOOD = "kettle lantern orchard"


@pytest.fixture(scope="module")
def stored() -> str:
    return hash_password(GOOD)


def test_the_stored_hash_is_argon2id_and_never_holds_the_password(stored):
    assert stored.startswith("$argon2id$")
    assert GOOD not in stored and "kettle" not in stored


def test_the_right_password_is_accepted_and_any_other_refused(stored):
    assert verify_password(stored, GOOD)
    for wrong in ["kettle lantern orchard ", "Kettle lantern orchard", "", "kettle lantern"]:
        assert not verify_password(stored, wrong), wrong


def test_two_hashes_of_one_password_differ_because_each_has_its_own_salt(stored):
    again = hash_password(GOOD)
    assert again != stored
    assert verify_password(again, GOOD)


def test_an_unreadable_stored_hash_refuses_sign_in_instead_of_crashing():
    assert not verify_password("not a hash", GOOD)
    assert not verify_password("", GOOD)


def test_a_hash_made_with_weaker_settings_asks_to_be_remade(stored):
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(GOOD)
    assert verify_password(weak, GOOD)  # the old hash still signs the person in
    assert needs_rehash(weak)
    assert not needs_rehash(stored)
    assert needs_rehash("not a hash")


def test_a_good_password_has_no_problems():
    assert password_problems(GOOD, user_name="Sam Whitfield") == []
    assert password_problems("Blue-heron-47-quay") == []


def test_a_short_password_is_refused_and_the_message_says_how_long():
    problems = password_problems("gr8-Heron")
    assert problems == [f"Use at least {MIN_LENGTH} characters (this has 9)."]
    assert password_problems("gr8-Heron!") == []  # exactly ten is enough


@pytest.mark.parametrize("password", ["Sam Whitfield", "samwhitfield", "Whitfield2026!", "SAM-WHITFIELD-1"])
def test_the_users_own_name_is_refused(password):
    assert "Do not use your own name as your password." in password_problems(password, user_name="Sam Whitfield")


def test_a_password_that_merely_contains_a_short_name_part_is_not_refused_for_it():
    assert password_problems("Sam's blue kettle", user_name="Sam Whitfield") == []


@pytest.mark.parametrize("password", ["password123", "Password123!", "1234567890", "qwertyuiop", "Liverpool1892",
                                      "letmein!!!!", "Safeguarding2026", "aaaaaaaaaaaa", "0101010101"])
def test_very_common_passwords_are_refused(password):
    problems = password_problems(password, user_name="Sam Whitfield")
    assert any("easy to guess" in problem for problem in problems), problems


def test_every_problem_is_listed_at_once():
    assert len(password_problems("password", user_name="Pass Word")) == 3
