"""Socket Mode end to end: the app's handler against a local Socket Mode and Web API stand-in."""

import json
import time

import pytest

from bot.settings import Settings
from bot.slack.socket import build_handler
from bot.store import make_engine, migrate
from tests.fakes import slack_requests as slack
from tests.fakes.socket_mode import FakeSocketMode


@pytest.fixture
def socket_mode(fake, data_dir, tmp_path):
    ws = FakeSocketMode()
    fake.ws_url = ws.url
    url = f"sqlite:///{tmp_path / 'socket.sqlite3'}"
    migrate.upgrade(make_engine(url))
    settings = Settings(
        bot_token="xoxb-socket",
        app_token="xapp-1-A0001-socket",
        slack_api_url=fake.url,
        database_url=url,
        data_dir=data_dir,
    )
    handler = build_handler(settings)
    handler.connect()
    assert ws.connected.wait(10)
    yield fake, ws
    # Closing the client waits for its blocked reads to time out: the socket's (3 s) and the
    # message queue's (1 s). Mark it closed as its close() does first, wake the queue's reader,
    # and have the stand-in close the link so the socket read returns at once.
    client = handler.client
    client.closed, client.auto_reconnect_enabled = True, False
    client.message_queue.put(None)
    ws.stop()
    handler.close()


def envelope(envelope_id, kind, payload, retry=0):
    return {
        "envelope_id": envelope_id,
        "type": kind,
        "payload": payload,
        "accepts_response_payload": kind != "events_api",
        "retry_attempt": retry,
        "retry_reason": "timeout" if retry else "",
    }


def test_an_event_is_acked_answered_once_and_its_redelivery_only_acked(socket_mode):
    fake, ws = socket_mode
    body = json.loads(
        slack.event_body(
            slack.mention("what is program management?", channel="C0SOCK", ts="1700.1"),
            event_id="EvSOCK1",
        )
    )
    ws.send(envelope("e-1", "events_api", body))
    assert ws.ack_for("e-1") == {"envelope_id": "e-1"}
    [call] = fake.wait_for("chat.postMessage", channel="C0SOCK")
    assert call.body["thread_ts"] == "1700.1" and call.token == "xoxb-socket"
    assert fake.of("apps.connections.open")[0].token == "xapp-1-A0001-socket"

    ws.send(envelope("e-2", "events_api", body, retry=1))
    assert ws.ack_for("e-2") == {"envelope_id": "e-2"}
    time.sleep(0.5)
    assert len(fake.of("chat.postMessage", channel="C0SOCK")) == 1


def test_a_slash_command_is_answered_in_the_ack_payload(socket_mode):
    _, ws = socket_mode
    command = {
        "token": "x",
        "team_id": "T0001",
        "channel_id": "C0SOCK",
        "user_id": "U0HUMAN",
        "command": "/tpm-vs-pm",
        "text": "Keep the RAID log for our office move",
        "api_app_id": "A0001",
        "response_url": "http://127.0.0.1:9/x",
        "trigger_id": "1.2",
    }
    ws.send(envelope("e-3", "slash_commands", command))
    ack = ws.ack_for("e-3")
    assert ack["payload"]["response_type"] == "ephemeral"
    assert "project" in ack["payload"]["text"].lower()
