"""SQLAlchemy storage: engine, ORM, repositories, migrations, backups. Returns domain objects, never ORM rows."""
