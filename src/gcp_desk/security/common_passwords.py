"""A short block list of passwords (and password stems) that guessing tools try first.

Compared in lower case, both whole and as letters only, so "Password123!" counts as "password". Kept small on
purpose: the long lists belong to the organisation's directory service, if it has one; this catches the obvious.
Words from our own work are here too, because a guesser who knows where a laptop came from tries them.
"""

from __future__ import annotations

COMMON_PASSWORDS: frozenset[str] = frozenset({
    # Keyboard and number runs
    "1234567890", "0987654321", "12345678910", "123456789", "1234567899", "0123456789", "123123123123",
    "qwertyuiop", "qwerty", "qwertyui", "asdfghjkl", "zxcvbnm", "1q2w3e4r5t", "1qaz2wsx3edc", "qazwsxedc",
    "abcdefghij", "abcdefg", "abc", "abcd",
    # Words and phrases
    "password", "passw", "passwd", "passwordpassword", "pass", "letmein", "welcome", "iloveyou", "loveyou",
    "admin", "administrator", "login", "changeme", "secret", "trustno", "master", "monkey", "dragon", "football",
    "baseball", "liverpool", "chelsea", "arsenal", "manchester", "sunshine", "princess", "shadow", "superman",
    "batman", "starwars", "pokemon", "whatever", "freedom", "computer", "michael", "jennifer", "charlie",
    "summer", "winter", "spring", "autumn", "january", "february", "september", "october", "november",
    "december", "hello", "helloworld", "letmeinplease", "opensesame", "default", "test", "testing", "guest",
    "abcabc", "mypassword", "yourpassword", "newpassword", "temppassword", "temp",
    # Our own work
    "gcpdesk", "socialwork", "socialworker", "safeguarding", "childprotection", "children", "neglect",
    "supervisor", "practitioner", "council", "officialsensitive",
})
