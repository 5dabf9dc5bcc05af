"""Sign-in safety that needs no window and no database: password hashes, the password rules and the idle lock.

Pure like ``domain/`` and ``scoring/``: no Qt, no SQLAlchemy, no files. The services store the hashes and the UI
asks the idle clock when to lock.
"""
