"""HTTP mode: the WSGI app behind the Procfile's web process, served by gunicorn.

Routes: POST /slack/events (events, commands, actions, shortcuts), GET /healthz, and with OAuth
GET /slack/install and /slack/oauth_redirect.
"""

from __future__ import annotations

import io
import json
import logging
import threading
import time
from collections.abc import Callable, Iterable
from urllib.parse import parse_qs

from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk.signature import SignatureVerifier

from bot.settings import Settings

log = logging.getLogger(__name__)
MAX_BODY = 1_000_000  # Slack's payloads are far smaller; refuse anything bigger unread


def _well_formed(body: bytes, content_type: str) -> bool:
    """Plain Bolt answers a signed but malformed body with 500; we answer 400 before dispatch.
    A body too deeply nested for the parser is malformed too (RecursionError)."""
    try:
        raw = body.decode("utf-8")
        if content_type.startswith("application/json"):
            return _a_slack_object(json.loads(raw))
        form = parse_qs(raw, strict_parsing=bool(raw))
        if "payload" in form:
            return _a_slack_object(json.loads(form["payload"][0]))
        # Slack's form bodies are interactions (payload), slash commands and its SSL check.
        return "command" in form or "ssl_check" in form
    except (UnicodeDecodeError, ValueError, RecursionError):
        return False


def _a_slack_object(payload) -> bool:
    """A JSON object, and its `event`, when there is one, is an object too."""
    return isinstance(payload, dict) and isinstance(payload.get("event", {}), dict)


def _verified(verifier: SignatureVerifier, body: bytes, headers: dict[str, str]) -> bool:
    """slack_sdk raises on a timestamp that is not a whole number ("abc", "1e9"); that is a
    request we cannot verify, not a server error."""
    try:
        return verifier.is_valid_request(body, headers)
    except (ValueError, TypeError, OverflowError):
        return False


# Installs are rare (a workspace admin, once); this many visits a minute per process is plenty.
INSTALL_VISITS_PER_MINUTE = 30


class RateLimit:
    """A token bucket: `limit` takes per `per_seconds`, refilled continuously, thread-safe."""

    def __init__(self, limit: int, *, per_seconds: float):
        self.limit, self.per_seconds = limit, per_seconds
        self._tokens, self._at = float(limit), time.monotonic()
        self._lock = threading.Lock()

    def take(self) -> bool:
        with self._lock:
            at = time.monotonic()
            self._tokens = min(
                self.limit, self._tokens + (at - self._at) * self.limit / self.per_seconds
            )
            self._at = at
            if self._tokens < 1:
                return False
            self._tokens -= 1
            return True


def _json(start_response, status: str, payload: dict) -> Iterable[bytes]:
    body = json.dumps(payload).encode()
    start_response(
        status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    )
    return [body]


def build_wsgi(settings: Settings) -> Callable:
    """Load the model, check the schema, build the Bolt app and wrap it with /healthz."""
    from bot.core.brain import load_warm_answerer
    from bot.slack.app import create_app
    from bot.slack.poster import Poster
    from bot.store import Store

    settings.require("signing_secret")
    store = Store.from_url(settings.database_url)
    answerer = load_warm_answerer(settings)
    poster = Poster(settings.slack_api_url)
    app = create_app(settings, answerer=answerer, store=store, poster=poster)
    handler = SlackRequestHandler(app)
    verifier = SignatureVerifier(settings.signing_secret)
    install_visits = RateLimit(INSTALL_VISITS_PER_MINUTE, per_seconds=60.0)

    def wsgi(environ, start_response):
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "GET")
        if path == "/healthz":
            try:
                outbox = store.events.outbox()
            except Exception as exc:
                log.error("health.database_down", extra={"error": type(exc).__name__})
                return _json(
                    start_response, "503 Service Unavailable", {"ok": False, "database": False}
                )
            # Replies accepted and not yet delivered: an operator watches both figures.
            return _json(
                start_response,
                "200 OK",
                {
                    "ok": True,
                    "model": answerer.brain.model_version,  # which training answers here
                    "database": True,
                    "outbox": outbox,
                },
            )
        if path == "/slack/install" and not install_visits.take():
            # Each visit writes an OAuth state row; anonymous floods must not fill the database.
            start_response("429 Too Many Requests", [("Retry-After", "60")])
            return [b"Too many install attempts; try again in a minute."]
        if path == "/slack/events" and method == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            if length > MAX_BODY:
                return _json(start_response, "413 Payload Too Large", {"error": "too large"})
            body = environ["wsgi.input"].read(length)
            headers = {
                "x-slack-request-timestamp": environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", "0"),
                "x-slack-signature": environ.get("HTTP_X_SLACK_SIGNATURE", ""),
            }
            # Verified here, before anything parses the body: an unverified request never
            # reaches Bolt, whose verification middleware would log the whole body (a DM's text,
            # the response_url) on every failure.
            if not _verified(verifier, body, headers):
                log.warning("request.unverified", extra={"bytes": len(body)})
                return _json(start_response, "401 Unauthorized", {"error": "invalid request"})
            if not _well_formed(body, environ.get("CONTENT_TYPE", "")):
                return _json(start_response, "400 Bad Request", {"error": "malformed body"})
            environ["wsgi.input"] = io.BytesIO(body)
        return handler(environ, start_response)

    # For the server's post-fork hook: each worker opens its own connection, posting loop and sweeper.
    wsgi.store, wsgi.poster, wsgi.sweeper = store, poster, app.sweeper
    return wsgi
