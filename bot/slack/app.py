"""The app factory: a Bolt app built from settings, so tests point it at a local Slack stand-in."""

from __future__ import annotations

import atexit
import logging
from datetime import timedelta

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler

from bot.core.answer import Answerer
from bot.settings import Settings
from bot.slack.bounded_pool import BoundedExecutor
from bot.slack.delivery import Sweeper
from bot.slack.listeners import register_all
from bot.slack.poster import DRAIN_SECONDS, Poster
from bot.slack.responder import Responder
from bot.store import Store

# Listener threads per process. They read, classify and record (the Web API waits happen on the
# poster's pool), so they are CPU-bound under the GIL: more of them only queue for it, and at
# full load 4 gave the best acknowledgement and reply latency in benchmarks/load.py.
LISTENER_THREADS = 4


def web_client(settings: Settings, token: str | None = None) -> WebClient:
    # Bolt's own calls (auth.test, the OAuth exchange). Replies, updates and views go through the
    # Poster's loop and retries; here only a dropped connection is retried, once, in place.
    return WebClient(
        token=token,
        base_url=settings.slack_api_url,
        timeout=15,
        retry_handlers=[ConnectionErrorRetryHandler()],
        logger=_client_logger(),
    )


def _client_logger() -> logging.Logger:
    # slack_sdk formats request and response dumps whenever its logger's own level is at or
    # below DEBUG, and an unset level (0) is; giving it the effective level skips that work.
    logger = logging.getLogger("slack_sdk.web")
    logger.setLevel(logger.getEffectiveLevel())
    return logger


def create_app(
    settings: Settings,
    *,
    answerer: Answerer,
    store: Store,
    poster: Poster | None = None,
) -> App:
    """A Bolt app with every listener registered.

    Single-workspace with SLACK_BOT_TOKEN; with SLACK_CLIENT_ID and SLACK_CLIENT_SECRET it serves
    the OAuth install flow and answers each workspace with its own stored token.
    """
    store.check_schema()
    listeners = BoundedExecutor(LISTENER_THREADS, name="listener")
    options: dict = {"listener_executor": listeners}
    if settings.oauth_enabled:
        from bot.slack.installs import oauth_settings

        options["oauth_settings"] = oauth_settings(settings, store)
        options["installation_store"] = options["oauth_settings"].installation_store
        client = web_client(settings)
    else:
        settings.require("bot_token")
        # auth.test runs lazily, on the first request, against SLACK_API_URL.
        options["token_verification_enabled"] = False
        client = web_client(settings, settings.bot_token)
    app = App(
        client=client,
        signing_secret=settings.signing_secret or None,
        logger=logging.getLogger("slack_bolt"),
        **options,
    )
    if settings.oauth_enabled:
        app.enable_token_revocation_listeners()
    poster = poster or Poster(settings.slack_api_url)
    atexit.register(_finish, poster, store)
    responder = Responder(settings, answerer, store, poster)
    register_all(app, responder)

    def client_for(team_id: str | None) -> WebClient | None:
        if not settings.oauth_enabled:
            return client
        bot = options["installation_store"].find_bot(enterprise_id=None, team_id=team_id)
        return web_client(settings, bot.bot_token) if bot else None

    # Started by the process that serves (each gunicorn worker after the fork, Socket Mode).
    app.sweeper = Sweeper(responder, timedelta(seconds=settings.claim_lease_seconds), client_for)
    return app


def _finish(poster: Poster, store: Store) -> None:
    """At exit (gunicorn's graceful stop, Ctrl-C in Socket Mode): the replies already accepted go
    out, then the writes queued behind them are committed."""
    poster.drain()
    store.flush(timeout=DRAIN_SECONDS)
