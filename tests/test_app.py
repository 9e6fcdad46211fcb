"""The app factory in-process: the error path, logs without secrets or text, start-up checks."""

import json
import logging
import time

import pytest
from slack_bolt.request import BoltRequest

from bot import logs
from bot.core.answer import Answerer
from bot.settings import Settings
from bot.slack.app import create_app
from bot.store import Store, make_engine, migrate
from tests.fakes import slack_requests as slack
from tests.fakes.slack_api import FakeSlack


class BrokenBrain:
    """A brain that fails the way a bug would."""

    def classify(self, text):
        raise RuntimeError("boom")


@pytest.fixture
def fake():
    fake = FakeSlack().start()
    yield fake
    fake.stop()


@pytest.fixture
def store(tmp_path):
    url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    migrate.upgrade(make_engine(url))
    return Store.from_url(url)


def settings_for(fake, data_dir, store):
    return Settings(
        signing_secret=slack.SECRET,
        bot_token="xoxb-secret-token-123",
        slack_api_url=fake.url,
        database_url=str(store.engine.url),
        data_dir=data_dir,
    )


def dispatch(app, body: str, content_type="application/json"):
    headers = {k.lower(): [v] for k, v in slack.signed_headers(body, content_type).items()}
    return app.dispatch(BoltRequest(body=body, headers=headers))


def test_a_listener_error_gets_a_kind_apology_in_the_thread(fake, data_dir, store, renderer):
    app = create_app(
        settings_for(fake, data_dir, store), answerer=Answerer(BrokenBrain(), renderer), store=store
    )
    event = slack.mention("is this program work?", channel="C0ERR", ts="1700.5")
    assert dispatch(app, slack.event_body(event)).status == 200
    [call] = fake.wait_for("chat.postMessage", channel="C0ERR")
    assert call.body["thread_ts"] == "1700.5"
    assert "Sorry" in call.body["text"] and "Traceback" not in json.dumps(call.body)


def test_logs_carry_neither_tokens_nor_pasted_text(fake, data_dir, store, answerer, capfd):
    logs.configure("DEBUG")
    app = create_app(settings_for(fake, data_dir, store), answerer=answerer, store=store)
    secret_text = "Keep the RAID log for Project Zanzibar-7731"
    assert (
        dispatch(app, slack.event_body(slack.dm(secret_text, channel="D0LOG", ts="1.9"))).status
        == 200
    )
    fake.wait_for("chat.postMessage", channel="D0LOG")
    time.sleep(0.2)
    lines = capfd.readouterr().err.splitlines()
    assert any('"answered"' in line and '"role": "project"' in line for line in lines)
    assert all(json.loads(line) for line in lines if line.startswith("{"))
    assert not any("Zanzibar" in line or "xoxb-secret-token-123" in line for line in lines)
    logs.configure("WARNING")


def test_the_json_formatter_redacts_tokens():
    record = logging.makeLogRecord({"msg": "token xoxb-1-abc and xapp-1-def", "levelname": "INFO"})
    assert "xoxb-1" not in logs.JsonFormatter().format(record)


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["serve"], {}, "SLACK_SIGNING_SECRET is not set"),
        (["serve"], {"SLACK_SIGNING_SECRET": "s"}, "SLACK_BOT_TOKEN is not set"),
        (
            ["serve"],
            {"SLACK_SIGNING_SECRET": "s", "SLACK_BOT_TOKEN": "nope"},
            "SLACK_BOT_TOKEN must be a bot token",
        ),
        (["socket"], {"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_APP_TOKEN is not set"),
        (
            ["serve"],
            {"SLACK_SIGNING_SECRET": "s", "SLACK_BOT_TOKEN": "xoxb-1", "PORT": "http"},
            "PORT must be a whole number",
        ),
        (
            ["serve"],
            {"SLACK_SIGNING_SECRET": "s", "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_API_URL": "ftp://x"},
            "SLACK_API_URL must start",
        ),
        (
            ["serve"],
            {"SLACK_SIGNING_SECRET": "s", "SLACK_BOT_TOKEN": "xoxb-1"},
            "run `tpm-bot db upgrade`",
        ),
    ],
)
def test_bad_settings_stop_the_server_in_one_line(cli, args, env, message):
    out = cli(*args, env=env)
    err = out.stderr.strip()
    assert out.exit_code == 2
    assert message in err and len(err.splitlines()) == 1
