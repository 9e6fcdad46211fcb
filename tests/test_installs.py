"""Workspace installs end to end: OAuth against the stand-in, per-workspace tokens, uninstall."""

import http.cookies
import time
import urllib.error
import urllib.request

import pytest
from sqlalchemy import func, select, text

from bot.store import Store
from tests.fakes import slack_requests as slack
from tests.server import post, running_server, server_env
from tests.slack_tables import installation_tables


@pytest.fixture(scope="module")
def oauth_server(fake, data_dir, tmp_path_factory):
    db_url = f"sqlite:///{tmp_path_factory.mktemp('oauth') / 'oauth.sqlite3'}"
    env = server_env(
        data_dir, db_url, fake.url, SLACK_CLIENT_ID="111.222", SLACK_CLIENT_SECRET="shh"
    )
    env.pop("SLACK_BOT_TOKEN")
    with running_server(env) as (base, _):
        yield base, Store.from_url(db_url)


def get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def installations(store, team):
    installs, bots = installation_tables()
    with store.begin() as db:
        return (
            db.execute(
                select(func.count()).select_from(installs).where(installs.c.team_id == team)
            ).scalar(),
            db.execute(
                select(func.count()).select_from(bots).where(bots.c.team_id == team)
            ).scalar(),
        )


def send_dm(server, channel, team):
    body = slack.event_body(
        slack.dm(
            "Align six related projects to one strategy", channel=channel, ts=str(time.time())
        ),
        team=team,
    )
    return post(server, body, slack.signed_headers(body, "application/json"))


def test_install_answer_with_the_workspaces_token_then_uninstall(oauth_server, fake):
    base, store = oauth_server
    status, headers, page = get(base + "/slack/install")
    assert status == 200 and "slack.com/oauth/v2/authorize" in page and "client_id=111.222" in page
    cookie = http.cookies.SimpleCookie(headers["Set-Cookie"])
    state = cookie["slack-app-oauth-state"].value
    cookie_header = f"slack-app-oauth-state={state}"

    status, _, _ = get(
        f"{base}/slack/oauth_redirect?code=good-code&state={state}", {"Cookie": cookie_header}
    )
    assert status == 200
    [exchange] = fake.of("oauth.v2.access")
    assert (
        exchange.body["code"] == "good-code"
        and exchange.body.get("client_id", "111.222") == "111.222"
    )
    assert installations(store, "T0OAUTH") == (1, 1)

    status, _, _ = get(
        f"{base}/slack/oauth_redirect?code=good-code&state={state}", {"Cookie": cookie_header}
    )
    assert status in (400, 401)  # a state is accepted once

    assert send_dm(base, "D0OAUTH", "T0OAUTH")[0] == 200
    [answer] = fake.wait_for("chat.postMessage", channel="D0OAUTH")
    assert answer.token == "xoxb-oauth-workspace-token"

    uninstall = slack.event_body(
        {"type": "app_uninstalled", "event_ts": str(time.time())}, team="T0OAUTH"
    )
    assert post(base, uninstall, slack.signed_headers(uninstall, "application/json"))[0] == 200
    deadline = time.monotonic() + 5
    while installations(store, "T0OAUTH") != (0, 0) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert installations(store, "T0OAUTH") == (0, 0)
    send_dm(base, "D0GONE", "T0OAUTH")
    time.sleep(0.5)
    assert fake.of("chat.postMessage", channel="D0GONE") == []


def test_a_forged_state_is_refused(oauth_server, fake):
    base, _ = oauth_server
    status, _, _ = get(
        f"{base}/slack/oauth_redirect?code=good-code&state=forged",
        {"Cookie": "slack-app-oauth-state=forged"},
    )
    assert status in (400, 401)


def test_a_flood_of_install_visits_is_refused_before_it_fills_the_database(oauth_server):
    from bot.slack.web import INSTALL_VISITS_PER_MINUTE

    base, store = oauth_server
    workers = 2  # each gunicorn worker keeps its own count (server_env's WEB_CONCURRENCY)
    visits = 3 * INSTALL_VISITS_PER_MINUTE
    statuses = [get(base + "/slack/install")[0] for _ in range(visits)]
    assert statuses.count(429) >= visits - workers * INSTALL_VISITS_PER_MINUTE - 10
    with store.begin() as db:
        states = db.execute(text("SELECT count(*) FROM slack_oauth_states")).scalar()
    assert states <= workers * INSTALL_VISITS_PER_MINUTE + 10
