"""Start the real web process as the Procfile does, against a local Slack stand-in."""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from bot.settings import ROOT
from tests.fakes.slack_requests import SECRET


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def procfile(kind: str) -> list[str]:
    for line in (ROOT / "Procfile").read_text().splitlines():
        name, _, command = line.partition(":")
        if name.strip() == kind:
            return shlex.split(command)
    raise LookupError(kind)


def server_env(data_dir: Path, database_url: str, slack_url: str, **extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    env.update(
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_BOT_TOKEN="xoxb-test-token",
        SLACK_API_URL=slack_url,
        DATABASE_URL=database_url,
        TPM_DATA_DIR=str(data_dir),
        NO_PROXY="127.0.0.1,localhost",
        WEB_CONCURRENCY="2",
    )
    env.update(extra)
    return env


@contextmanager
def running_server(env: dict[str, str], *, release: bool = True):
    """Run the Procfile's release step, then its web process; yield its base URL and pid."""
    port = free_port()
    env = {**env, "PORT": str(port)}
    bin_dir = Path(os.sys.executable).parent
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    if release:
        subprocess.run(procfile("release"), env=env, check=True, capture_output=True, timeout=120)
    log = open(Path(env["TPM_DATA_DIR"]) / f"web-{port}.log", "wb")  # noqa: SIM115
    process = subprocess.Popen(
        procfile("web"), env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"server exited {process.returncode}: {log.name}")
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError("server never became healthy")
            time.sleep(0.2)
        yield base, process.pid
    finally:
        with contextlib.suppress(ProcessLookupError):  # a test may have killed it already
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


@contextmanager
def in_process_server(settings):
    """The same WSGI app the web process serves (signature checks, body limits, /healthz, the
    Bolt app, the posting loop and the sweeper), served from a thread of this process on
    loopback: the Slack-surface tests speak real HTTP to it without starting a process each."""
    from socketserver import ThreadingMixIn
    from threading import Thread
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    from bot.slack.web import build_wsgi
    from bot.store import make_engine, migrate

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):  # the web process keeps no access log either
            pass

    class Threaded(ThreadingMixIn, WSGIServer):
        daemon_threads = True

    migrate.upgrade(make_engine(settings.database_url))  # the release step
    wsgi = build_wsgi(settings)
    wsgi.poster.start()
    wsgi.sweeper.start()
    httpd = make_server("127.0.0.1", 0, wsgi, server_class=Threaded, handler_class=Quiet)
    Thread(target=httpd.serve_forever, name="wsgi", daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        wsgi.sweeper.stop()
        wsgi.poster.drain()
        wsgi.store.flush()
        wsgi.store.engine.dispose()


def post(base: str, body: str, headers: dict, path: str = "/slack/events", timeout: float = 10):
    """POST and return (status, headers, parsed body or text)."""
    request = urllib.request.Request(
        base + path, data=body.encode(), headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, raw, got = response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        status, raw, got = error.code, error.read(), dict(error.headers)
    try:
        return status, got, json.loads(raw) if raw else None
    except ValueError:
        return status, got, raw.decode()
