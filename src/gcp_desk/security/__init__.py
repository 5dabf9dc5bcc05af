"""Sign-in safety that needs no window and no database: password hashes, the password rules, the idle lock, and the
keys of the encrypted database (the key file beside it, argon2id and AES-GCM wrapping, the lockout rule).

No Qt, no SQLAlchemy. The only file written here is the small key file (``keyfile``); the services store the
password hashes and the UI asks the idle clock when to lock.
"""
