"""Run the WSGI app under gunicorn (the production server), configured in code."""

from __future__ import annotations

import gc
from datetime import timedelta

from gunicorn.app.base import BaseApplication

from bot.settings import Settings


class WebServer(BaseApplication):
    """gunicorn's documented custom-application pattern: the app is built once, before forking,
    so workers share the loaded model's memory."""

    def __init__(self, settings: Settings, workers: int, threads: int):
        self.settings, self.workers, self.threads = settings, workers, threads
        super().__init__()

    def load_config(self) -> None:
        self.cfg.set("bind", f"0.0.0.0:{self.settings.port}")
        self.cfg.set("workers", self.workers)
        self.cfg.set("threads", self.threads)
        self.cfg.set("worker_class", "gthread")
        self.cfg.set("timeout", 30)
        self.cfg.set("graceful_timeout", 10)
        self.cfg.set("accesslog", None)
        self.cfg.set("control_socket_disable", True)
        self.cfg.set("post_fork", _post_fork)

    def load(self):
        from bot.slack.web import build_wsgi

        wsgi = build_wsgi(self.settings)
        # No database connection may cross the fork (SQLite forbids it outright): close them
        # all here; each worker opens its own.
        wsgi.store.engine.dispose()
        # The model, vocabularies and compiled templates live as long as the process: moved out
        # of the collector's sight, the workers' full collections stay short (a 100 ms pause
        # otherwise) and do not copy the shared pages by touching them.
        gc.collect()
        gc.freeze()
        return wsgi


def _post_fork(server, worker) -> None:
    """Each worker opens its own database connection and posting loop before its first event."""
    app = server.app
    wsgi = app.wsgi()
    with wsgi.store.engine.connect():
        pass
    wsgi.poster.start()
    wsgi.sweeper.start()
    wsgi.store.privacy.expire_periodically(timedelta(days=app.settings.retention_days))


def serve(settings: Settings) -> None:
    server = WebServer(settings, settings.web_concurrency, settings.web_threads)
    server.cfg.set("preload_app", True)
    server.run()
