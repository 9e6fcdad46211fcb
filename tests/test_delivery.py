"""Replies that outlive their worker: claims carry their request, and a sweeper answers them."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from slack_sdk import WebClient

from bot.settings import Settings, normalise_database_url
from bot.slack.app import create_app
from bot.slack.responder import REPLY_METADATA
from tests.fakes import slack_requests as slack
from tests.fakes.slack_api import FakeSlack
from tests.server import post, running_server, server_env

TOKEN = "xoxb-delivery-token"


@pytest.fixture
def fake():
    fake = FakeSlack().start()
    yield fake
    fake.stop()


def _app(fake, data_dir, store, answerer):
    settings = Settings(
        signing_secret=slack.SECRET,
        bot_token=TOKEN,
        slack_api_url=fake.url,
        database_url=str(store.engine.url),
        data_dir=data_dir,
        claim_lease_seconds=1,
    )
    return create_app(settings, answerer=answerer, store=store)


def _request(channel: str, text: str = "Own the plan, budget and vendors for our office move"):
    return {
        "kind": "event",
        "surface": "dm",
        "team_id": "T0001",
        "user_id": "U0HUMAN",
        "channel": channel,
        "ts": "1700000000.000100",
        "thread_ts": None,
        "text": text,
        "file": None,
    }


def _quiet(store, event_id: str, request: dict) -> None:
    """A claim whose worker died before its reply went out."""
    assert store.events.claim(event_id, "T0001", request)
    time.sleep(1.1)  # longer than the lease


def test_a_claim_whose_worker_died_is_answered_once(fake, data_dir, store, answerer):
    app = _app(fake, data_dir, store, answerer)
    _quiet(store, "Ev0DIED", _request("D0DIED"))
    assert store.events.outbox()["depth"] == 1
    assert app.sweeper.sweep() == 1
    [call] = fake.wait_for("chat.postMessage", channel="D0DIED")
    assert call.token == TOKEN and "project management" in call.body["text"]
    assert call.body["metadata"]["event_payload"]["event_id"] == "Ev0DIED"
    store.flush()
    time.sleep(0.2)
    store.flush()
    assert store.events.outbox()["depth"] == 0
    assert app.sweeper.sweep() == 0
    assert len(fake.of("chat.postMessage", channel="D0DIED")) == 1


def test_a_reply_slack_already_accepted_is_not_sent_again(fake, data_dir, store, answerer):
    app = _app(fake, data_dir, store, answerer)
    _quiet(store, "Ev0SENT", _request("D0SENT"))
    WebClient(token=TOKEN, base_url=fake.url).chat_postMessage(
        channel="D0SENT",
        text="the answer, accepted just before the worker died",
        metadata={"event_type": REPLY_METADATA, "event_payload": {"event_id": "Ev0SENT"}},
    )
    assert app.sweeper.sweep() == 1
    time.sleep(0.3)
    assert len(fake.of("chat.postMessage", channel="D0SENT")) == 1
    store.flush()
    assert store.events.outbox()["depth"] == 0


def test_two_sweepers_answer_a_quiet_claim_once(fake, data_dir, store, answerer):
    apps = [_app(fake, data_dir, store, answerer) for _ in range(2)]
    _quiet(store, "Ev0RACE", _request("D0RACE"))
    threads = [threading.Thread(target=a.sweeper.sweep) for a in apps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    fake.wait_for("chat.postMessage", channel="D0RACE")
    time.sleep(0.3)
    assert len(fake.of("chat.postMessage", channel="D0RACE")) == 1


def test_a_shortcut_is_answered_at_its_response_url_within_its_life(
    fake, data_dir, store, answerer
):
    from datetime import UTC, datetime, timedelta

    app = _app(fake, data_dir, store, answerer)
    live = {
        **_request("C0SC"),
        "kind": "respond",
        "surface": "shortcut",
        "response_url": fake.response_url("live"),
        "at": datetime.now(UTC).isoformat(),
    }
    dead = {
        **live,
        "response_url": fake.response_url("dead"),
        "at": (datetime.now(UTC) - timedelta(minutes=31)).isoformat(),
    }
    assert store.events.claim("shortcut:live", "T0001", live)
    assert store.events.claim("shortcut:dead", "T0001", dead)
    time.sleep(1.1)
    assert app.sweeper.sweep() == 2
    [call] = fake.wait_for("response_url:live")
    assert call.body["response_type"] == "ephemeral"
    time.sleep(0.3)
    assert fake.of("response_url:dead") == []
    store.flush()
    assert store.events.outbox()["depth"] == 0


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _send_dms(base: str, prefix: str, count: int) -> list[str]:
    channels = []
    for n in range(count):
        channel = f"D0{prefix}{n:03d}"
        event = slack.dm(
            "Keep the RAID log and the plan for our office move",
            channel=channel,
            ts=f"{1700000000 + n}.000200",
        )
        body = slack.event_body(event, event_id=f"Ev0{prefix}{n:04d}")
        assert post(base, body, slack.signed_headers(body, "application/json"))[0] == 200
        channels.append(channel)
    return channels


@pytest.fixture
def slow_replies(fake):
    """Slack takes a second to accept each reply (so replies are in flight when a worker dies);
    reading a conversation back stays quick."""
    fake.latency, fake.slow_methods = 1.0, frozenset({"chat.postMessage"})
    yield fake
    fake.latency, fake.slow_methods = 0.0, None


def _answered_once(fake, channels: list[str], timeout: float) -> dict[str, int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        counts = {c: len(fake.of("chat.postMessage", channel=c)) for c in channels}
        if all(counts.values()):
            break
        time.sleep(0.2)
    time.sleep(2.0)  # long enough for a duplicate to show
    return {c: len(fake.of("chat.postMessage", channel=c)) for c in channels}


def test_a_worker_killed_with_replies_in_flight_loses_none(slow_replies, data_dir, tmp_path):
    """The real server on SQLite and a slow Slack: SIGKILL its one worker right after the acks;
    the worker gunicorn starts in its place answers them. (Taking a claim over on PostgreSQL is
    tested in-process above, and across processes by the next test.)"""
    fake = slow_replies
    url = f"sqlite:///{tmp_path / 'kill.sqlite3'}"
    env = server_env(data_dir, url, fake.url, WEB_CONCURRENCY="1", TPM_CLAIM_LEASE_SECONDS="2")
    with running_server(env) as (base, pid):
        [worker] = _children(pid)
        channels = _send_dms(base, "KS", 12)
        os.kill(worker, signal.SIGKILL)
        counts = _answered_once(fake, channels, timeout=40)
    assert counts == {c: 1 for c in channels}


def test_a_whole_process_killed_is_covered_by_the_other(slow_replies, data_dir, fresh_postgres_url):
    """Two web processes on PostgreSQL; one is killed outright and never comes back."""
    fake = slow_replies
    url = normalise_database_url(fresh_postgres_url)
    env = server_env(data_dir, url, fake.url, WEB_CONCURRENCY="1", TPM_CLAIM_LEASE_SECONDS="2")
    with running_server(env) as (survivor, _), running_server(env, release=False) as (doomed, pid):
        channels = _send_dms(doomed, "KP", 12)
        os.killpg(pid, signal.SIGKILL)
        counts = _answered_once(fake, channels, timeout=40)
        # Each delivery is marked answered behind its reply: the outbox empties soon after.
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with urllib.request.urlopen(survivor + "/healthz") as response:
                health = json.loads(response.read())
            if health["outbox"]["depth"] == 0:
                break
            time.sleep(0.2)
    assert counts == {c: 1 for c in channels}
    assert health["outbox"]["depth"] == 0
