"""A local WebSocket stand-in that speaks Slack's Socket Mode: hello, envelopes, acks."""

from __future__ import annotations

import contextlib
import json
import queue
import threading
import time

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import serve


class FakeSocketMode:
    def __init__(self):
        self.outbox: queue.Queue[dict] = queue.Queue()
        self.acks: list[dict] = []
        self.connected = threading.Event()
        self._server = serve(self._session, "127.0.0.1", 0)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self._server.socket.getsockname()[1]}/link"

    def _session(self, websocket) -> None:
        websocket.send(
            json.dumps(
                {"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0001"}}
            )
        )
        self.connected.set()
        try:
            while True:
                with contextlib.suppress(queue.Empty):
                    websocket.send(json.dumps(self.outbox.get(timeout=0.05)))
                try:
                    frame = websocket.recv(timeout=0.05)
                except TimeoutError:
                    continue
                message = json.loads(frame)
                if "envelope_id" in message:
                    self.acks.append(message)
        except ConnectionClosed:  # the built-in client may close without a close frame
            pass

    def send(self, envelope: dict) -> None:
        self.outbox.put(envelope)

    def ack_for(self, envelope_id: str, timeout: float = 10) -> dict | None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for ack in self.acks:
                if ack["envelope_id"] == envelope_id:
                    return ack
            time.sleep(0.02)
        return None

    def stop(self) -> None:
        self._server.shutdown()
