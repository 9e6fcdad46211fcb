"""A Slack stand-in that answers from a script per run: 200s, 429s with any Retry-After, 5xx
pages, and connections dropped without an answer. For the poster's tests and
benchmarks/retry_policy.py; loopback only."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Answer:
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    drop_after: float | None = None  # hang this long, then close without answering


OK = Answer()


def refuse(status: int, retry_after: str | None = None) -> Answer:
    return Answer(status, (("Retry-After", retry_after),) if retry_after is not None else ())


class StandIn:
    """Answers POST /<run>/api/<method> and POST /<run>/hook from a script per run, then 200.
    A script ending in None repeats its last answer forever."""

    def __init__(self):
        self.scripts: dict[str, list[Answer | None]] = {}
        self.tries: dict[str, list[float]] = {}
        self.lock = threading.Lock()
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                run = self.path.strip("/").split("/")[0]
                answer = stand_in.next_answer(run)
                if answer.drop_after is not None:
                    time.sleep(answer.drop_after)
                    self.close_connection = True
                    return
                if answer.status == 200 and "/api/" in self.path:
                    body, kind = json.dumps({"ok": True, "channel": "C1", "ts": "1.1"}), "json"
                elif answer.status == 200:
                    body, kind = "ok", "plain"
                elif answer.status == 429 and "/api/" in self.path:
                    body, kind = json.dumps({"ok": False, "error": "ratelimited"}), "json"
                elif answer.status in (502, 504):  # a load balancer's page, as Slack's edge sends
                    body, kind = f"<html><h1>{answer.status}</h1></html>", "html"
                else:
                    body, kind = json.dumps({"ok": False, "error": "fatal_error"}), "json"
                data = body.encode()
                self.send_response(answer.status)
                self.send_header(
                    "Content-Type", f"{'text/' if kind != 'json' else 'application/'}{kind}"
                )
                self.send_header("Content-Length", str(len(data)))
                for name, value in answer.headers:
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def next_answer(self, run: str) -> Answer:
        with self.lock:
            self.tries.setdefault(run, []).append(time.monotonic())
            script = self.scripts.get(run, [])
            if not script:
                return OK
            if len(script) > 1 and script[1] is None:  # forever
                return script[0]  # type: ignore[return-value]
            return script.pop(0)  # type: ignore[return-value]

    def script(self, run: str, answers: list[Answer | None]) -> None:
        with self.lock:
            self.scripts[run] = list(answers)

    def seen(self, run: str) -> tuple[int, float]:
        """How many tries a run got, and the seconds from its first to its last."""
        with self.lock:
            tries = self.tries.get(run, [])
            return len(tries), (tries[-1] - tries[0]) if tries else 0.0

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
