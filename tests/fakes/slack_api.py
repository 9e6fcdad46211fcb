"""A local stand-in for the Slack Web API: records every call, answers like Slack, fails on demand.

Web API methods live under /api/<method>; response_urls under /respond/<name>.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

BOT_USER = "UBOT0001"
BOT_ID = "BBOT0001"


@dataclass
class Call:
    method: str
    body: dict[str, Any]
    token: str | None
    at: float
    status: int = 200


@dataclass
class _Refusals:
    fraction: float
    status: int
    retry_after: int
    seen: int = 0
    refused: set = field(default_factory=set)

    def refuse(self, body: dict) -> bool:
        message = (body.get("channel"), body.get("thread_ts"), body.get("text"))
        if message in self.refused:
            return False
        self.seen += 1
        if int(self.seen * self.fraction) > int((self.seen - 1) * self.fraction):
            self.refused.add(message)
            return True
        return False


@dataclass
class FakeSlack:
    ws_url: str = ""
    calls: list[Call] = field(default_factory=list)
    _failures: dict[str, list[tuple[int, dict[str, str]]]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ts: Any = field(default_factory=lambda: itertools.count(1))
    oauth_team: str = "T0OAUTH"
    latency: float = 0.0  # seconds before each answer, as a real Slack is tens of ms away
    slow_methods: frozenset[str] | None = None  # which methods the latency applies to (None: all)
    _fractions: dict[str, _Refusals] = field(default_factory=dict)
    connections: int = 0  # TCP connections accepted so far
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # id -> (name, bytes)
    file_url_host: str | None = None  # serve url_private on another host (a hostile payload)

    def start(self) -> FakeSlack:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keeps connections open between calls, as Slack does

            def setup(self):
                super().setup()
                with fake._lock:
                    fake.connections += 1

            def log_message(self, *args):
                pass

            def do_GET(self):
                # url_private: served only with the bot token, as Slack does.
                token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
                file_id = self.path.removeprefix("/files/").split("/")[0]
                with fake._lock:
                    fake.calls.append(
                        Call("file.download", {"file": file_id}, token or None, time.monotonic())
                    )
                found = fake.files.get(file_id)
                status = 200 if found and token.startswith("xoxb-") else 403
                data = found[1] if status == 200 else b"<html>sign in to Slack</html>"
                self.send_response(status)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                if (self.headers.get("Content-Type") or "").startswith("application/json"):
                    body = json.loads(raw or "{}")
                else:
                    body = {k: v[0] for k, v in parse_qs(raw).items()}
                auth = self.headers.get("Authorization") or ""
                token = auth.removeprefix("Bearer ") or body.get("token")
                method = (
                    self.path.removeprefix("/api/")
                    if self.path.startswith("/api/")
                    else ("response_url:" + self.path.removeprefix("/respond/"))
                )
                if fake.latency and (fake.slow_methods is None or method in fake.slow_methods):
                    time.sleep(fake.latency)
                status, headers, payload = fake._answer(method, body)
                with fake._lock:
                    fake.calls.append(Call(method, body, token, time.monotonic(), status))
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        class Server(ThreadingHTTPServer):
            # socketserver's default backlog of 5 drops connections under a burst, and a dropped
            # SYN is retried a second later: a delay Slack itself would not add.
            request_queue_size = 256

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/api/"

    def response_url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/respond/{name}"

    def messages(self, body: dict) -> list[dict]:
        """The conversation's messages as Slack returns them: a thread's, or a channel's."""
        out = []
        with self._lock:
            posted = [c for c in self.calls if c.method == "chat.postMessage" and c.status == 200]
        for call in posted:
            if call.body.get("channel") != body.get("channel"):
                continue
            if body.get("ts") and call.body.get("thread_ts") != body.get("ts"):
                continue
            meta = call.body.get("metadata")
            meta = json.loads(meta) if isinstance(meta, str) else meta
            out.append({"text": call.body.get("text"), **({"metadata": meta} if meta else {})})
        return out

    def add_file(self, file_id: str, name: str, data: bytes) -> dict:
        """Serve a file; returns the `files` entry an event carries for it."""
        self.files[file_id] = (name, data)
        return {"id": file_id, "name": name, "mode": "hosted"}

    def fail(self, method: str, status: int, times: int = 1, retry_after: int | None = None):
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        with self._lock:
            self._failures.setdefault(method, []).extend([(status, headers)] * times)

    def fail_fraction(self, method: str, fraction: float, status: int = 429, retry_after: int = 1):
        """Answer exactly `fraction` of the distinct messages sent to `method` with `status`.

        Spread evenly (every 20th message for 5%); the retry of a refused message succeeds.
        """
        with self._lock:
            self._fractions[method] = _Refusals(fraction, status, retry_after)

    def _answer(self, method: str, body: dict) -> tuple[int, dict[str, str], dict]:
        with self._lock:
            refusals = self._fractions.get(method)
            if refusals is not None and refusals.refuse(body):
                return (
                    refusals.status,
                    {"Retry-After": str(refusals.retry_after)},
                    {"ok": False, "error": "ratelimited"},
                )
            queue = self._failures.get(method)
            if queue:
                status, headers = queue.pop(0)
                error = "ratelimited" if status == 429 else "internal_error"
                return status, headers, {"ok": False, "error": error}
        if method == "auth.test":
            return (
                200,
                {},
                {
                    "ok": True,
                    "url": "https://example.slack.com/",
                    "team": "Example",
                    "user": "tpm-vs-pm",
                    "team_id": "T0001",
                    "user_id": BOT_USER,
                    "bot_id": BOT_ID,
                    "is_enterprise_install": False,
                },
            )
        if method in ("chat.postMessage", "chat.update"):
            ts = body.get("ts") or f"{1700000000 + next(self._ts)}.000100"
            return (
                200,
                {},
                {
                    "ok": True,
                    "channel": body.get("channel"),
                    "ts": ts,
                    "message": {"text": body.get("text"), "ts": ts},
                },
            )
        if method in ("conversations.history", "conversations.replies"):
            return 200, {}, {"ok": True, "messages": self.messages(body), "has_more": False}
        if method == "files.info":
            found = self.files.get(body.get("file", ""))
            if found is None:
                return 200, {}, {"ok": False, "error": "file_not_found"}
            name, data = found
            host = self.file_url_host or f"127.0.0.1:{self.server.server_address[1]}"
            url = f"http://{host}/files/{body['file']}/{name}"
            info = {"id": body["file"], "name": name, "size": len(data), "url_private": url}
            return 200, {}, {"ok": True, "file": info}
        if method == "views.publish":
            return 200, {}, {"ok": True, "view": {"id": "V1", "type": "home"}}
        if method == "apps.connections.open":
            return 200, {}, {"ok": True, "url": self.ws_url}
        if method == "oauth.v2.access":
            if body.get("code") != "good-code":
                return 200, {}, {"ok": False, "error": "invalid_code"}
            return (
                200,
                {},
                {
                    "ok": True,
                    "app_id": "A0001",
                    "authed_user": {"id": "U0INSTALLER"},
                    "scope": "app_mentions:read,chat:write,commands,im:history",
                    "token_type": "bot",
                    "access_token": "xoxb-oauth-workspace-token",
                    "bot_user_id": "UBOTOAUTH",
                    "team": {"id": self.oauth_team, "name": "Installed"},
                    "enterprise": None,
                    "is_enterprise_install": False,
                },
            )
        return 200, {}, {"ok": True}

    # --- reading what was recorded ---------------------------------------------------------

    def of(self, method: str, **match) -> list[Call]:
        with self._lock:
            return [
                c
                for c in self.calls
                if c.method == method
                and c.status == 200
                and all(c.body.get(k) == v for k, v in match.items())
            ]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0, **match) -> list[Call]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.of(method, **match)
            if len(found) >= count:
                return found
            time.sleep(0.02)
        return self.of(method, **match)
