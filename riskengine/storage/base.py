"""The connection side of the store: engine, sessions, units of work, clock and error mapping."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import threading
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from ..messages import text
from .errors import StorageError

# Keeps each IN (...) well below SQLite's bound-parameter limit.
CHUNK = 500
WRITE = "riskengine_write"
SQLITE_BUSY_SECONDS = 60


class StoreBase:
    """Engine, sessions and the unit of work shared by every part of :class:`~riskengine.storage.Store`."""

    def __init__(self, url: str, *, echo: bool = False, clock: Callable[[], dt.datetime] | None = None):
        self.url = url
        self._clock = clock
        try:
            sqlite = make_url(url).get_backend_name() == "sqlite"
            self.engine: Engine = create_engine(
                url,
                echo=echo,
                json_serializer=_json_dumps,
                connect_args={"timeout": SQLITE_BUSY_SECONDS} if sqlite else {},
            )
        except (ArgumentError, NoSuchModuleError, ModuleNotFoundError) as exc:
            raise StorageError(text("err_bad_db_url", error=exc)) from None
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_connect)
            event.listen(self.engine, "begin", _sqlite_begin)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._local = threading.local()  # the unit of work open in this thread, if any
        # SQLite has one writer at a time; a writer that finds the lock taken sleeps in SQLite's busy
        # handler (1, 2, 5 … 100 ms steps), so threads of this process queue here instead and each
        # starts the moment the previous one commits. Other processes still meet the busy handler.
        self._write_turn = threading.RLock() if self.engine.dialect.name == "sqlite" else None

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    def now(self) -> dt.datetime:
        """The current time, UTC (the injected clock in tests)."""
        return (self._clock() if self._clock else dt.datetime.now(dt.UTC)).astimezone(dt.UTC)

    def today(self) -> dt.date:
        """Today's date: overdue is computed against it (the injected clock's date in tests)."""
        return self._clock().date() if self._clock else dt.date.today()

    @property
    def display_url(self) -> str:
        """The URL with any password hidden, for messages."""
        return make_url(self.url).render_as_string(hide_password=True)

    def ping(self) -> None:
        """One trivial query: the database answers (:class:`StorageError` when it does not)."""
        with self._errors(), self.engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")

    def dispose(self) -> None:
        """Close the pooled connections."""
        self.engine.dispose()

    @contextlib.contextmanager
    def _unit_of_work(self, *, write: bool = False) -> Iterator[Session]:
        """One transaction. ``write`` takes SQLite's write lock up front (BEGIN IMMEDIATE), so two
        writers queue instead of failing half-way; PostgreSQL relies on row locks and versions."""
        outer = getattr(self._local, "session", None)
        if outer is not None and not write:
            # Nested in another unit of work of this thread (a post reads its findings and tasks):
            # the same transaction and connection, not a second checkout.
            yield outer
            return
        turn = self._write_turn if write and self._write_turn is not None else contextlib.nullcontext()
        with turn, self._errors(), self._sessions.begin() as session:
            if write:
                session.connection(execution_options={WRITE: True})
            self._local.session = session
            try:
                yield session
            finally:
                self._local.session = outer

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except DBAPIError as exc:
            raise StorageError(text("err_db_failed", url=self.display_url, error=exc.orig)) from exc


def _json_dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _sqlite_connect(dbapi_connection, _record) -> None:
    # SQLite ignores foreign keys unless each connection asks for them. The driver's own implicit
    # transactions are switched off so that _sqlite_begin decides how each transaction begins.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # WAL: readers never wait for a writer and a commit appends to the log instead of syncing the
    # database file; NORMAL syncs at checkpoints only (durable across a process crash; the last
    # commits may be lost on power loss). In-memory databases keep their own journal mode.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(connection) -> None:
    immediate = connection.get_execution_options().get(WRITE)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
