"""Run the Alembic migrations programmatically, and check that models and migrations agree.

There is no alembic.ini: the configuration is built here and points at the migrations shipped
inside the package, so an installed riskengine can create and upgrade its own database.
"""

from __future__ import annotations

from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from .db import Base

SCRIPT_LOCATION = "riskengine.storage:migrations"


def alembic_config(url: str | None = None) -> Config:
    """An Alembic config for the packaged migrations (``url`` only matters with no handed-over connection)."""
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    if url:
        # ConfigParser interpolation would choke on '%' in passwords or query strings.
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


# Any constant: the advisory lock that serialises migrations on one PostgreSQL database.
PG_LOCK_KEY = 0x7269736B  # "risk"


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database behind ``engine`` to ``revision`` (default: the newest).

    Two processes upgrading a fresh database at once both succeed: the migration runs in one
    transaction holding SQLite's write lock (BEGIN IMMEDIATE) or a PostgreSQL advisory lock, so
    the second waits, then finds the tables already at ``revision`` and does nothing.
    """
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        connection.execution_options(riskengine_write=True)
        if sqlite:
            # Batch migrations rebuild tables that others refer to; SQLite can only switch foreign
            # keys off outside a transaction (they are switched back on below).
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                if engine.dialect.name == "postgresql":
                    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_LOCK_KEY})
                config = alembic_config()
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
        finally:
            if sqlite:
                connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")


def head_revision() -> str | None:
    """The newest migration shipped with this riskengine."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None for an empty database)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def drift(engine: Engine) -> list[Any]:
    """Differences between the models and the migrated database (empty when they agree).

    Each item is an Alembic autogenerate diff, e.g. ``('add_column', None, 'tasks', Column(...))``.
    """
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        return compare_metadata(context, Base.metadata)
