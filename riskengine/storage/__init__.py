"""Persistent storage of assessments and rectification tasks (SQLAlchemy)."""
