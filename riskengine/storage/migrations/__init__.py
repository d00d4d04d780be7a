"""Alembic migrations of the riskengine database (run by :func:`riskengine.storage.migrate.upgrade`)."""
