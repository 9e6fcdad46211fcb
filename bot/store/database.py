"""The connection and the write machinery every part of the store shares: SQLite by default,
PostgreSQL when several processes serve one app."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.errors import DatabaseUnavailable, SchemaBehind
from bot.store.group_commit import GroupCommit
from bot.store.write_lock import WriterTurns


def make_engine(url: str) -> Engine:
    try:
        if url.startswith("sqlite"):
            return _sqlite_engine(url)
        return create_engine(
            url, pool_pre_ping=True, pool_size=10, max_overflow=10, hide_parameters=True
        )
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        raise unavailable(exc) from None


def _sqlite_engine(url: str) -> Engine:
    path = url.split("///", 1)[-1]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        # Created owner-only: it holds pasted text for a day and users' feedback.
        if not Path(path).exists():
            Path(path).touch(mode=0o600)
    engine = create_engine(
        url,
        connect_args={"timeout": 30, "check_same_thread": False},
        hide_parameters=True,  # an error logs the statement, never the user's text in it
    )

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
        cursor.execute("PRAGMA synchronous=NORMAL")  # WAL stays consistent; no fsync per commit
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    return engine


def unavailable(exc: BaseException) -> DatabaseUnavailable:
    """The driver's error in one line (it names the host and the reason, never the password)."""
    return DatabaseUnavailable(
        f"cannot use DATABASE_URL: {type(exc).__name__}: {exc}".splitlines()[0]
    )


class Database:
    """An engine, the process's queue of writes (committed together), and SQLite's turns."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.dialect = engine.dialect.name
        # SQLite has one writer at a time and its busy handler waits in sleeps of up to 100 ms;
        # taking turns first (threads and processes) keeps writers out of those sleeps.
        if self.dialect == "sqlite":
            database = engine.url.database
            self._turns = WriterTurns(database if database != ":memory:" else None)
        else:
            self._turns = nullcontext()
        self.writes = GroupCommit(self._transaction, name="store-writer")

    def insert(self, table):
        """INSERT with the dialect's ON CONFLICT clauses (both dialects spell them alike)."""
        return (postgresql.insert if self.dialect == "postgresql" else sqlite.insert)(table)

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A transaction that sees every write this process has queued before it."""
        self.writes.flush()
        with self._transaction() as connection:
            yield connection

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        with self._turns, self.engine.begin() as connection:
            yield connection

    def flush(self, timeout: float | None = None) -> bool:
        """Wait for the writes queued so far (reads call this, so they see this process's own)."""
        return self.writes.flush(timeout)

    def check_schema(self) -> None:
        """Refuse to run against a database that is unreachable or whose schema is behind."""
        from bot.store import migrate

        try:
            current = migrate.current_revision(self.engine)
        except SQLAlchemyError as exc:
            raise unavailable(exc) from None
        head = migrate.head_revision()
        if current != head:
            raise SchemaBehind(
                f"the database schema is at {current or 'nothing'}, this code needs {head}: "
                "run `tpm-bot db upgrade`"
            )
