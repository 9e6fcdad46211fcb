"""End to end: the Procfile's web process, signed Slack traffic, a local Slack stand-in."""

from __future__ import annotations

import itertools
import json
import re
import time
import urllib.request

import pytest
from slack_sdk.models.blocks import Block
from sqlalchemy import select

from bot.settings import Settings
from bot.store import Store
from bot.store.schema import feedback, handled_events, verdicts
from tests.fakes import slack_requests as slack
from tests.server import in_process_server, post, running_server, server_env

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
_ts = itertools.count(1)


def ts() -> str:
    return f"1700000{next(_ts):03d}.000100"


def valid_blocks(blocks: list[dict]) -> bool:
    """Every posted blocks list passes slack_sdk's Block Kit validators."""
    assert 1 <= len(blocks) <= 50
    for raw in blocks:
        assert Block.parse(raw).to_dict() == raw
    return True


def click_feedback(server, fake, posted, action_id, *, user, consent=False) -> str:
    """Click a feedback button on a message the bot posted; return the verdict id it carried."""
    channel = posted.body["channel"]
    verdict_id = next(
        e["value"]
        for b in posted.body["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == action_id
    )
    message = {
        "ts": "1700000999.000100",
        "text": posted.body["text"],
        "blocks": posted.body["blocks"],
    }
    body = slack.interactive_body(
        slack.block_action(
            action_id,
            verdict_id,
            message=message,
            channel=channel,
            user=user,
            consent=consent,
            response_url=fake.response_url(channel),
        )
    )
    assert post(server, body, slack.signed_headers(body, FORM))[0] == 200
    return verdict_id


@pytest.fixture(scope="module")
def db_url(tmp_path_factory):
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'bot.sqlite3'}"


@pytest.fixture(scope="module")
def server(fake, data_dir, db_url):
    """The web app in-process, on loopback; the tests that need the real gunicorn process (a
    graceful stop, two processes, a killed worker) start it themselves."""
    settings = Settings(
        signing_secret=slack.SECRET,
        bot_token="xoxb-test-token",
        slack_api_url=fake.url,
        database_url=db_url,
        data_dir=data_dir,
    )
    with in_process_server(settings) as base:
        yield base


def send_event(server, event, **kwargs):
    body = slack.event_body(event, **kwargs)
    headers = slack.signed_headers(body, JSON)
    return post(server, body, headers)


def test_url_verification_echoes_the_challenge(server):
    body = json.dumps({"token": "x", "challenge": "3eZbrw1aBm2", "type": "url_verification"})
    status, _, answer = post(server, body, slack.signed_headers(body, JSON))
    assert (status, answer) == (200, {"challenge": "3eZbrw1aBm2"})


@pytest.mark.parametrize(
    "headers",
    [
        lambda body: slack.signed_headers(body, JSON, secret="not-the-secret"),
        lambda body: slack.signed_headers(body, JSON, timestamp=int(time.time()) - 301),
        lambda body: {"Content-Type": JSON},
    ],
    ids=["forged", "stale", "unsigned"],
)
def test_forged_stale_or_unsigned_requests_get_401_and_nothing_is_posted(server, fake, headers):
    event = slack.mention("is this project or program?", channel="C0FORGED", ts=ts())
    body = slack.event_body(event)
    status, _, _ = post(server, body, headers(body))
    assert status == 401
    time.sleep(0.3)
    assert fake.of("chat.postMessage", channel="C0FORGED") == []


def test_a_mention_is_answered_in_a_thread(server, fake, sample_posting):
    event_ts = ts()
    status, _, _ = send_event(
        server, slack.mention(sample_posting, channel="C0MENTION", ts=event_ts)
    )
    assert status == 200
    [call] = fake.wait_for("chat.postMessage", channel="C0MENTION")
    assert call.body["thread_ts"] == event_ts
    assert call.token == "xoxb-test-token"
    assert "project management" in call.body["text"].lower()
    assert valid_blocks(call.body["blocks"])
    buttons = [
        e["action_id"] for b in call.body["blocks"] if b["type"] == "actions" for e in b["elements"]
    ]
    assert {"feedback_right", "feedback_project", "feedback_program"} <= set(buttons)


def test_a_mention_inside_a_thread_answers_in_that_thread(server, fake):
    event = slack.mention(
        "what is program management?", channel="C0THREAD", ts=ts(), thread_ts="1699.1"
    )
    send_event(server, event)
    [call] = fake.wait_for("chat.postMessage", channel="C0THREAD")
    assert call.body["thread_ts"] == "1699.1"


def test_a_dm_is_answered_in_the_dm_not_a_thread(server, fake):
    send_event(
        server,
        slack.dm("Keep the RAID log and the plan for our office move", channel="D0DM", ts=ts()),
    )
    [call] = fake.wait_for("chat.postMessage", channel="D0DM")
    assert call.body.get("thread_ts") is None
    assert valid_blocks(call.body["blocks"])


def test_a_redelivered_event_is_acknowledged_and_not_answered_again(server, fake):
    event = slack.dm("hello there", channel="D0RETRY", ts=ts())
    body = slack.event_body(event, event_id="Ev0RETRY01")
    assert post(server, body, slack.signed_headers(body, JSON))[0] == 200
    fake.wait_for("chat.postMessage", channel="D0RETRY")
    for retry in ("1", "2"):
        headers = {
            **slack.signed_headers(body, JSON),
            "X-Slack-Retry-Num": retry,
            "X-Slack-Retry-Reason": "http_timeout",
        }
        assert post(server, body, headers)[0] == 200
    time.sleep(0.5)
    assert len(fake.of("chat.postMessage", channel="D0RETRY")) == 1


@pytest.mark.parametrize("timestamp", ["abc", "1e9", "", "99999999999999999999999"])
def test_a_timestamp_that_is_not_a_number_gets_401_not_500(server, timestamp):
    body = slack.event_body(slack.dm("hello", channel="D0TIME", ts=ts()))
    headers = {**slack.signed_headers(body, JSON), "X-Slack-Request-Timestamp": timestamp}
    assert post(server, body, headers)[0] == 401


def test_an_unverified_body_is_never_written_to_the_log(server, caplog):
    from bot.logs import JsonFormatter

    marker = f"secret-dm-text-{time.time_ns()}"
    body = slack.event_body(slack.dm(marker, channel="D0LOG", ts=ts()))
    with caplog.at_level("DEBUG"):
        assert post(server, body, slack.signed_headers(body, JSON, secret="rotated"))[0] == 401
        time.sleep(0.3)
    logs = "\n".join(JsonFormatter().format(record) for record in caplog.records)
    assert "request.unverified" in logs
    assert marker not in logs


@pytest.mark.parametrize(
    "event",
    [
        slack.dm("I am a bot", channel="D0BOTS", ts="1.1", bot_id="B0OTHER"),
        slack.dm("our own echo", channel="D0BOTS", ts="1.2", user="UBOT0001", bot_id="BBOT0001"),
        {
            "type": "message",
            "subtype": "message_changed",
            "channel": "D0BOTS",
            "channel_type": "im",
            "hidden": True,
            "message": {"text": "edited", "user": "U0HUMAN"},
            "ts": "1.3",
            "event_ts": "1.3",
        },
        {
            "type": "message",
            "subtype": "channel_join",
            "channel": "C0BOTS",
            "user": "U0HUMAN",
            "text": "<@U0HUMAN> has joined",
            "ts": "1.4",
            "event_ts": "1.4",
        },
        slack.mention("bots mention me too", channel="D0BOTS", ts="1.5") | {"bot_id": "B0OTHER"},
    ],
    ids=["other-bot", "ourselves", "edit", "join", "bot-mention"],
)
def test_bots_ourselves_edits_and_joins_are_acknowledged_not_answered(server, fake, event):
    assert send_event(server, event)[0] == 200
    time.sleep(0.4)
    assert fake.of("chat.postMessage", channel=event["channel"]) == []


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ('{"type": "event_callback", "event": {"type": "app_m', JSON),
        ("payload=%7Bnot-json", FORM),
        ("\udcff".encode("utf-8", "surrogatepass").decode("latin-1"), JSON),
        ("[" * 100_000, JSON),
        ("[1, 2, 3]", JSON),
        ("{a=1", FORM),
        ('{"type": "event_callback", "event": "a string"}', JSON),
    ],
    ids=["truncated-json", "bad-payload", "bad-utf8", "deep", "array", "bad-form", "event-string"],
)
def test_malformed_signed_bodies_get_400_and_the_server_stays_healthy(server, body, content_type):
    status, _, _ = post(server, body, slack.signed_headers(body, content_type))
    assert status == 400
    with urllib.request.urlopen(server + "/healthz") as response:
        assert response.status == 200
        health = json.loads(response.read())
    assert health["ok"] and re.fullmatch(r"[0-9a-f]{12}", health["model"])  # the answering model


def test_a_40000_character_paste_gets_a_complete_valid_answer(server, fake, sample_posting):
    paste = (sample_posting * 40)[:40_000]
    send_event(server, slack.dm(paste, channel="D0HUGE", ts=ts()))
    [call] = fake.wait_for("chat.postMessage", channel="D0HUGE")
    assert valid_blocks(call.body["blocks"]) and len(call.body["text"]) < 4000
    assert "more lines not shown" in json.dumps(call.body["blocks"])


def test_slack_markup_and_emoji_are_read_and_nothing_is_injected(server, fake):
    text = "🚀 <!channel> <https://jobs.example/1|posting>: keep the plan &amp; budget for our office move 🎉"
    send_event(server, slack.mention(text, channel="C0MARKUP", ts=ts()))
    [call] = fake.wait_for("chat.postMessage", channel="C0MARKUP")
    dumped = json.dumps(call.body)
    assert "<!channel>" not in dumped and valid_blocks(call.body["blocks"])


def test_a_429_on_the_first_post_is_retried_after_retry_after(server, fake):
    fake.fail("chat.postMessage", 429, retry_after=1)
    sent = time.monotonic()
    send_event(
        server,
        slack.dm(
            "what's the difference between a program and a project?", channel="D0429", ts=ts()
        ),
    )
    [call] = fake.wait_for("chat.postMessage", channel="D0429", timeout=10)
    assert call.at - sent >= 1.0  # Retry-After was honoured (how soon after is for the benchmark)
    refused = [c for c in fake.calls if c.method == "chat.postMessage" and c.status == 429]
    assert refused and refused[-1].body["channel"] == "D0429"


def test_a_500_from_slack_is_retried_with_backoff(server, fake):
    fake.fail("chat.postMessage", 500, times=2)
    send_event(server, slack.dm("hi bot", channel="D0500", ts=ts()))
    assert len(fake.wait_for("chat.postMessage", channel="D0500", timeout=10)) == 1


def test_the_slash_command_answers_privately_with_a_share_button(server, fake, sample_posting):
    body = slack.command_body(sample_posting, response_url=fake.response_url("cmd1"))
    status, _, answer = post(server, body, slack.signed_headers(body, FORM))
    assert status == 200 and answer["response_type"] == "ephemeral"
    assert valid_blocks(answer["blocks"])
    share = [e for b in answer["blocks"] if b.get("block_id") == "share" for e in b["elements"]]
    assert share and share[0]["action_id"] == "share_in_channel"

    payload = slack.block_action(
        "share_in_channel",
        share[0]["value"],
        response_url=fake.response_url("cmd1"),
        ephemeral=True,
    )
    body = slack.interactive_body(payload)
    assert post(server, body, slack.signed_headers(body, FORM))[0] == 200
    calls = fake.wait_for("response_url:cmd1", count=2)
    assert calls[0].body["response_type"] == "in_channel" and valid_blocks(calls[0].body["blocks"])
    assert calls[1].body == {"delete_original": True}


@pytest.mark.parametrize("text", ["", "help"])
def test_the_slash_command_alone_or_help_gives_usage(server, text):
    body = slack.command_body(text, response_url="http://127.0.0.1:9/unused")
    status, _, answer = post(server, body, slack.signed_headers(body, FORM))
    assert status == 200 and "/tpm-vs-pm" in answer["text"]


def test_a_feedback_click_is_stored_and_acknowledged_to_the_clicker_alone(server, fake, db_url):
    send_event(
        server,
        slack.dm(
            "Align six related projects to one goal and own their dependencies",
            channel="D0FEED",
            ts=ts(),
        ),
    )
    [posted] = fake.wait_for("chat.postMessage", channel="D0FEED")
    verdict_id = click_feedback(
        server, fake, posted, "feedback_project", user="U0HUMAN", consent=True
    )
    [ack] = fake.wait_for("response_url:D0FEED")
    assert ack.body["response_type"] == "ephemeral" and ack.body["replace_original"] is False
    assert valid_blocks(ack.body["blocks"])
    assert "Thanks" in json.dumps(ack.body["blocks"])
    assert fake.of("chat.update", channel="D0FEED") == []  # the message everyone sees is kept
    with Store.from_url(db_url).begin() as db:
        row = (
            db.execute(select(feedback).where(feedback.c.verdict_id == verdict_id)).mappings().one()
        )
        verdict = db.execute(select(verdicts).where(verdicts.c.id == verdict_id)).mappings().one()
    assert (row["label"], row["user_id"], row["predicted_role"]) == (
        "project",
        "U0HUMAN",
        verdict["role"],
    )
    assert "six related projects" in row["text"]  # consent was ticked


def test_a_bystander_cannot_share_someone_elses_text(server, fake, db_url):
    send_event(
        server,
        slack.mention(
            "Keep the RAID log and the vendor plan for our one lab move",
            channel="C0SHARE",
            ts=ts(),
        ),
    )
    [posted] = fake.wait_for("chat.postMessage", channel="C0SHARE")
    verdict_id = click_feedback(
        server, fake, posted, "feedback_project", user="U0BYSTANDER", consent=True
    )
    [ack] = fake.wait_for("response_url:C0SHARE")
    assert "Only the person who wrote the text" in json.dumps(ack.body["blocks"])
    with Store.from_url(db_url).begin() as db:
        row = (
            db.execute(select(feedback).where(feedback.c.verdict_id == verdict_id)).mappings().one()
        )
    assert (row["user_id"], row["label"], row["text"]) == ("U0BYSTANDER", "project", None)


def test_the_message_shortcut_answers_privately_on_that_message(
    server, fake, sample_posting, db_url
):
    payload = slack.message_shortcut(sample_posting, response_url=fake.response_url("short"))
    body = slack.interactive_body(payload)
    assert post(server, body, slack.signed_headers(body, FORM))[0] == 200
    [call] = fake.wait_for("response_url:short")
    assert call.body["response_type"] == "ephemeral" and valid_blocks(call.body["blocks"])
    assert "title says program" in call.body["text"]
    time.sleep(0.3)  # the verdict is written behind the reply
    with Store.from_url(db_url).begin() as db:
        row = db.execute(select(verdicts).where(verdicts.c.surface == "shortcut")).mappings().one()
    # The invoker asked; the poster wrote it, so only the poster may share it or forget it.
    assert (row["user_id"], row["author_id"]) == ("U0HUMAN", "U0POSTER")


def test_app_home_publishes_the_lesson_and_the_users_verdicts(server, fake):
    send_event(
        server,
        slack.dm(
            "Run the daily stand-up and the budget for the CRM upgrade",
            channel="D0HOME",
            ts=ts(),
            user="U0HOMER",
        ),
    )
    [posted] = fake.wait_for("chat.postMessage", channel="D0HOME")
    click_feedback(server, fake, posted, "feedback_right", user="U0HOMER")
    # A message others can see is left alone: the thanks goes to the clicker's response_url.
    [thanks] = fake.wait_for("response_url:D0HOME")
    assert thanks.body["response_type"] == "ephemeral" and not thanks.body["replace_original"]
    event = {
        "type": "app_home_opened",
        "user": "U0HOMER",
        "channel": "D0HOME",
        "tab": "home",
        "event_ts": ts(),
    }
    send_event(server, event)
    [call] = fake.wait_for("views.publish", user_id="U0HOMER")
    view = call.body["view"]
    assert view["type"] == "home" and valid_blocks(view["blocks"])
    dumped = json.dumps(view)
    assert "Key concepts" in dumped and "Your last verdicts" in dumped
    assert "How often people agreed" in dumped and "you agreed" in dumped
    send_event(server, event | {"tab": "messages", "event_ts": ts()})
    time.sleep(0.3)
    assert len(fake.of("views.publish", user_id="U0HOMER")) == 1


def test_feedback_on_a_private_answer_is_acknowledged_by_replacing_it(server, fake):
    body = slack.command_body(
        "Keep the RAID log and the budget for the office move",
        response_url=fake.response_url("eph"),
    )
    _, _, answer = post(server, body, slack.signed_headers(body, FORM))
    verdict_id = next(
        e["value"]
        for b in answer["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == "feedback_program"
    )
    payload = slack.block_action(
        "feedback_program", verdict_id, ephemeral=True, response_url=fake.response_url("eph")
    )
    click = slack.interactive_body(payload)
    assert post(server, click, slack.signed_headers(click, FORM))[0] == 200
    [replaced] = fake.wait_for("response_url:eph")
    assert replaced.body["replace_original"] is True and valid_blocks(replaced.body["blocks"])
    dumped = json.dumps(replaced.body["blocks"])
    assert "recorded that this is program management" in dumped and "not the text" in dumped


def test_a_graceful_stop_sends_the_replies_already_accepted(data_dir, tmp_path):
    from tests.fakes.slack_api import FakeSlack

    slow = FakeSlack(latency=0.5).start()  # replies are still in flight when the stop comes
    url = f"sqlite:///{tmp_path / 'stop.sqlite3'}"
    try:
        with running_server(server_env(data_dir, url, slow.url)) as (base, _):
            for n in range(10):
                event = slack.dm("Own the schedule for one launch", channel=f"DSTOP{n}", ts=ts())
                assert send_event(base, event, event_id=f"EvSTOP{n}")[0] == 200
        # The server has exited: every accepted event was answered and recorded as answered.
        assert sorted(c.body["channel"] for c in slow.of("chat.postMessage")) == sorted(
            f"DSTOP{n}" for n in range(10)
        )
        store = Store.from_url(url)
        with store.begin() as db:
            answered = db.execute(
                select(handled_events.c.event_id).where(handled_events.c.answered_at.is_not(None))
            ).scalars()
            assert sorted(answered) == sorted(f"EvSTOP{n}" for n in range(10))
        store.engine.dispose()
    finally:
        slow.stop()


def test_what_job_seekers_send_goes_through_the_real_server(server, fake):
    """A posting as a PDF, a bare link and a description of one's own work, each a DM."""
    from tests.documents import make_pdf

    posting = [
        "Program Manager",
        "Own the plan, budget and timeline for moving our head office",
        "Keep the RAID log and run the weekly status meeting",
        "Manage the fit-out contractor and lead the move weekend",
    ]
    entry = fake.add_file("F0E2E", "job.pdf", make_pdf(posting))
    send_event(server, slack.dm("", channel="D0PDF", ts=ts(), subtype="file_share", files=[entry]))
    send_event(server, slack.dm("https://jobs.example.com/7", channel="D0LINK", ts=ts()))
    send_event(
        server,
        slack.dm(
            "I keep five related clinic-opening projects in step toward one launch date and move "
            "staff between them. am I a program manager?",
            channel="D0SELF",
            ts=ts(),
        ),
    )
    [pdf] = fake.wait_for("chat.postMessage", channel="D0PDF")
    assert "project management" in pdf.body["text"] and valid_blocks(pdf.body["blocks"])
    assert [c.token for c in fake.of("file.download")] == ["xoxb-test-token"]
    [link] = fake.wait_for("chat.postMessage", channel="D0LINK")
    assert "I don't open links" in link.body["text"]
    [self_] = fake.wait_for("chat.postMessage", channel="D0SELF")
    assert "What you describe is program management" in self_.body["text"]


def test_the_slash_command_with_experience_and_a_posting_answers_should_i_apply(
    server, sample_posting
):
    me = (
        "I've run three office relocations, one at a time: the plan, the budget, the "
        "contractors and the move weekend, each handed over on the agreed date."
    )
    body = slack.command_body(me + "\n\n" + sample_posting, response_url="http://127.0.0.1:9/x")
    status, _, answer = post(server, body, slack.signed_headers(body, FORM))
    assert status == 200 and answer["response_type"] == "ephemeral"
    assert answer["text"].startswith("*Should you apply?")
    assert "Questions to ask the recruiter" in answer["text"] and valid_blocks(answer["blocks"])
