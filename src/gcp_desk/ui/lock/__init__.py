"""Keeping the records closed until a password is given: the sign-in screen, the idle lock and its screen."""
