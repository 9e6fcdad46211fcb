"""Two web processes sharing one PostgreSQL database answer a redelivered event exactly once."""

import time
from concurrent.futures import ThreadPoolExecutor

from bot.settings import normalise_database_url
from tests.fakes import slack_requests as slack
from tests.fakes.slack_api import FakeSlack
from tests.server import post, running_server, server_env


def test_the_same_event_sent_to_two_processes_is_answered_once(data_dir, fresh_postgres_url):
    fake = FakeSlack().start()
    url = normalise_database_url(fresh_postgres_url)
    try:
        env = server_env(data_dir, url, fake.url, WEB_CONCURRENCY="1")
        with running_server(env) as (first, _), running_server(env, release=False) as (second, _):
            deliveries = []
            for n in range(40):
                event = slack.dm(
                    "Align six related projects to one strategy",
                    channel=f"D0TWO{n:03d}",
                    ts=f"1700000000.{n:06d}",
                )
                body = slack.event_body(event, event_id=f"EvTWO{n:05d}")
                retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
                deliveries += [(first, body, {}), (second, body, retry)]

            def deliver(item):
                base, body, extra = item
                return post(
                    base, body, {**slack.signed_headers(body, "application/json"), **extra}
                )[0]

            with ThreadPoolExecutor(16) as pool:
                assert set(pool.map(deliver, deliveries)) == {200}
            fake.wait_for("chat.postMessage", count=40, timeout=20)
            time.sleep(1)
            posts = [c.body["channel"] for c in fake.of("chat.postMessage")]
            assert sorted(posts) == [f"D0TWO{n:03d}" for n in range(40)]
    finally:
        fake.stop()
