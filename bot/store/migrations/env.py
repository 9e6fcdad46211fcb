"""Alembic environment: the engine comes from bot.store.migrate, never from an ini file."""

from alembic import context

engine = context.config.attributes["engine"]
# One migration at a time per database: PostgreSQL takes an advisory lock, so two processes
# upgrading a fresh database at once cannot race on creating the same tables.
with engine.connect() as connection:
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SELECT pg_advisory_lock(7242024)")
        connection.commit()
    try:
        context.configure(
            connection=connection, render_as_batch=connection.dialect.name == "sqlite"
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()
    finally:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql("SELECT pg_advisory_unlock(7242024)")
            connection.commit()
