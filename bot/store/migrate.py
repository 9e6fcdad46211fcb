"""Versioned schema migrations (Alembic), run by `tpm-bot db upgrade` and the Procfile's release."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.store.database import unavailable

SCRIPTS = Path(__file__).parent / "migrations"


def _config(engine: Engine | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    try:
        command.upgrade(_config(engine), revision)
    except SQLAlchemyError as exc:  # an unreachable server, a refused login
        raise unavailable(exc) from None


def downgrade(engine: Engine, revision: str) -> None:
    command.downgrade(_config(engine), revision)
