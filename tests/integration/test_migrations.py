"""The Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

import uuid

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, text

from portal import create_app
from portal.extensions import db


def _scratch_database(database_url: str, tmp_path):
    if database_url.startswith("postgresql"):
        name = f"migrations_{uuid.uuid4().hex[:8]}"
        admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        return database_url.rsplit("/", 1)[0] + f"/{name}", name
    return "sqlite:///" + str(tmp_path / "migrations.db"), None


def test_migrations_match_models_and_downgrade_cleanly(database_url, tmp_path):
    url, scratch = _scratch_database(database_url, tmp_path)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    try:
        with app.app_context():
            upgrade()
            with db.engine.connect() as connection:
                context = MigrationContext.configure(connection)
                assert compare_metadata(context, db.metadata) == []
            downgrade(revision="base")
            with db.engine.connect() as connection:
                names = db.inspect(connection).get_table_names()
            assert set(names) <= {"alembic_version"}
            db.engine.dispose()
    finally:
        if scratch:
            admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{scratch}"'))
            admin.dispose()
