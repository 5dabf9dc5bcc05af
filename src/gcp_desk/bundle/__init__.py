"""Records that move: the bundle format (one child, a household or a whole caseload as versioned JSON), its
encryption, reading it a record at a time, and checking every part of it before anything is written.

Pure apart from files: no database and no Qt. The services read the database into bundles and write bundles into
it (``services.export_records``, ``services.import_records``).
"""
