"""The database: handled events, verdicts, feedback, privacy; SQLite by default, PostgreSQL when
several processes serve one app.

Nothing that decides an answer lives only in one process's memory: a redelivered event is
claimed here with an INSERT on a unique key, so two processes cannot both answer it. One module
per job; `Store` gathers them on one connection and one queue of writes.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine

from bot.store.database import Database, make_engine
from bot.store.events import Events
from bot.store.feedback import Feedback
from bot.store.privacy import Privacy
from bot.store.verdicts import Verdicts

__all__ = ["Store", "make_engine"]


class Store(Database):
    def __init__(self, engine: Engine):
        super().__init__(engine)
        self.events = Events(self)
        self.verdicts = Verdicts(self)
        self.feedback = Feedback(self)
        self.privacy = Privacy(self)

    @classmethod
    def from_url(cls, url: str) -> Store:
        return cls(make_engine(url))
