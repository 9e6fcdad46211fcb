"""The database layer, on SQLite and on PostgreSQL."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text, update

from bot.errors import SchemaBehind
from bot.settings import normalise_database_url
from bot.store import Store, migrate
from bot.store.events import STALE_CLAIM
from bot.store.schema import feedback, handled_events, now, oauth_states, verdict_texts, verdicts
from tests.slack_tables import installation_tables


def stored_verdict(store, verdict_id):
    with store.begin() as db:
        row = db.execute(select(verdicts).where(verdicts.c.id == verdict_id)).mappings().first()
    return dict(row) if row else None


def verdict_for(brain, text):
    return brain.classify(text)


def record(store, brain, text, *, user="U1", team="T1"):
    return store.verdicts.record(
        verdict_for(brain, text),
        team_id=team,
        user_id=user,
        channel_id="C1",
        surface="dm",
        text=text,
    )


def test_an_event_is_claimed_by_exactly_one_of_many_racing_processes(store, empty_database_url):
    stores = [Store.from_url(empty_database_url) for _ in range(4)]  # separate engines and pools
    try:
        with ThreadPoolExecutor(16) as pool:
            wins = list(pool.map(lambda i: stores[i % 4].events.claim("EvRACE", "T1"), range(32)))
    finally:
        for other in stores:
            other.engine.dispose()
    assert wins.count(True) == 1


def test_a_claim_from_a_dead_process_is_taken_over_once_it_is_stale(store):
    assert store.events.claim("EvSTALE", "T1")
    assert not store.events.claim("EvSTALE", "T1")
    with store.begin() as db:
        db.execute(
            update(handled_events).values(claimed_at=now() - STALE_CLAIM - timedelta(seconds=1))
        )
    assert store.events.claim("EvSTALE", "T1")
    store.events.mark_answered("EvSTALE")
    with store.begin() as db:
        db.execute(update(handled_events).values(claimed_at=now() - timedelta(hours=1)))
    assert not store.events.claim("EvSTALE", "T1")  # answered events are never answered again


def test_feedback_is_stored_with_its_verdict_and_counted(store, brain):
    verdict_id = record(store, brain, "Keep the RAID log for the office move")
    row = store.feedback.record(
        verdict_id, team_id="T1", user_id="U2", label="program", share_text=False
    )
    assert (row["label"], row["agreed"], row["predicted_role"], row["text"]) == (
        "program",
        False,
        "project",
        None,
    )
    row = store.feedback.record(
        verdict_id, team_id="T1", user_id="U2", label="right", share_text=True
    )
    # U2 did not write the text: the label is kept, the consent is not theirs to give.
    assert (row["label"], row["agreed"], row["text"], row["share_refused"]) == (
        "project",
        True,
        None,
        True,
    )
    row = store.feedback.record(
        verdict_id, team_id="T1", user_id="U1", label="right", share_text=True
    )
    assert (row["text"], row["share_refused"]) == ("Keep the RAID log for the office move", False)
    with store.begin() as db:
        assert db.execute(select(func.count()).select_from(feedback)).scalar() == 2
    assert store.feedback.agreement("T1") == [
        {"role": "project", "total": 2, "agreed": 2, "rate": 1.0}
    ]
    assert (
        store.feedback.record("nope", team_id="T1", user_id="U2", label="right", share_text=False)
        is None
    )


def test_recent_verdicts_are_the_users_own_newest_first(store, brain):
    record(store, brain, "Keep the RAID log for the office move")
    record(store, brain, "Align six related projects to one strategy")
    record(store, brain, "Write the PRDs after customer interviews", user="U9")
    rows = store.verdicts.recent("T1", "U1")
    assert [r["role"] for r in rows] == ["program", "project"]


def test_review_order_puts_disagreements_first_then_close_calls(store, brain):
    texts = [
        "Keep the RAID log for the office move",
        "Align six related projects to one strategy",
        "Write the PRDs after customer interviews",
    ]
    ids = [record(store, brain, t) for t in texts]
    store.feedback.record(ids[0], team_id="T1", user_id="U1", label="right", share_text=True)
    store.feedback.record(ids[1], team_id="T1", user_id="U1", label="project", share_text=True)
    store.feedback.record(ids[2], team_id="T1", user_id="U1", label="right", share_text=False)
    review = store.feedback.for_review()
    assert [r["verdict_id"] for r in review] == [ids[1], ids[0]]  # no text shared for ids[2]


def _rows_about(store, *, user=None, team=None) -> int:
    installs, bots = installation_tables()
    checks = []
    if user:
        checks += [
            select(func.count()).select_from(verdicts).where(verdicts.c.user_id == user),
            select(func.count()).select_from(feedback).where(feedback.c.user_id == user),
            select(func.count()).select_from(installs).where(installs.c.user_id == user),
        ]
    if team:
        checks += [
            select(func.count()).select_from(verdicts).where(verdicts.c.team_id == team),
            select(func.count()).select_from(feedback).where(feedback.c.team_id == team),
            select(func.count())
            .select_from(handled_events)
            .where(handled_events.c.team_id == team),
            select(func.count()).select_from(installs).where(installs.c.team_id == team),
            select(func.count()).select_from(bots).where(bots.c.team_id == team),
        ]
    with store.begin() as db:
        return sum(db.execute(q).scalar() for q in checks)


def _install(store, team, user):
    installs, bots = installation_tables()
    with store.begin() as db:
        db.execute(
            installs.insert().values(
                client_id="c",
                app_id="A",
                team_id=team,
                user_id=user,
                bot_token="xoxb-x",
                installed_at=now().replace(tzinfo=None),
            )
        )
        db.execute(
            bots.insert().values(
                client_id="c",
                app_id="A",
                team_id=team,
                bot_token="xoxb-x",
                installed_at=now().replace(tzinfo=None),
            )
        )


@pytest.mark.parametrize("who", ["user", "team"])
def test_forget_leaves_nothing_behind(store, brain, who):
    _install(store, "T1", "U1")
    _install(store, "T2", "U3")
    mine = record(store, brain, "Keep the RAID log for the office move", user="U1", team="T1")
    other = record(store, brain, "Align six related projects to one strategy", user="U3", team="T2")
    store.feedback.record(mine, team_id="T1", user_id="U1", label="right", share_text=True)
    store.feedback.record(other, team_id="T2", user_id="U3", label="right", share_text=True)
    store.events.claim("EvF1", "T1")
    target = {"user": {"user_id": "U1"}, "team": {"team_id": "T1"}}[who]
    store.privacy.forget(**target)
    assert _rows_about(store, **{k.removesuffix("_id"): v for k, v in target.items()}) == 0
    with store.begin() as db:
        assert db.execute(select(func.count()).select_from(verdict_texts)).scalar() == 1
    assert _rows_about(store, user="U3", team="T2") > 0  # other people are untouched


def test_retention_expires_old_rows_and_texts(store, brain):
    old = record(store, brain, "Keep the RAID log for the office move")
    fresh = record(store, brain, "Align six related projects to one strategy")
    store.events.claim("EvOLD", "T1")
    with store.begin() as db:
        db.execute(
            update(verdicts)
            .where(verdicts.c.id == old)
            .values(created_at=now() - timedelta(days=100))
        )
        db.execute(update(handled_events).values(claimed_at=now() - timedelta(days=3)))
    gone = store.privacy.expire(timedelta(days=90))
    assert gone["verdicts"] == 1 and gone["handled_events"] == 1
    assert stored_verdict(store, old) is None and stored_verdict(store, fresh) is not None
    later = store.privacy.expire(timedelta(days=90), at=now() + timedelta(days=2))
    assert later["verdict_texts"] == 1 and store.verdicts.text(fresh) is None


@pytest.fixture
def bare_store(empty_database_url):
    store = Store.from_url(empty_database_url)
    yield store
    store.engine.dispose()


def test_migrations_run_from_empty_and_from_the_previous_version(bare_store, brain):
    store = bare_store
    with pytest.raises(SchemaBehind, match="tpm-bot db upgrade"):
        store.check_schema()
    migrate.upgrade(store.engine, "0002")
    with pytest.raises(SchemaBehind, match="0002"):
        store.check_schema()
    # A verdict written by the code of the previous version (no author column yet).
    with store.engine.begin() as db:
        db.execute(
            text(
                "INSERT INTO verdicts (id, team_id, user_id, channel_id, surface, intent, role,"
                " confidence, margin, scores, hybrid, created_at) VALUES ('kept', 'T1', 'U1',"
                " 'D1', 'dm', 'role_check', 'project', 0.9, 0.5, '{}', false, :at)"
            ),
            {"at": now()},
        )
    migrate.upgrade(store.engine)
    store.check_schema()
    assert stored_verdict(store, "kept")["role"] == "project"
    with store.engine.connect() as db:
        author = db.execute(text("SELECT author_id FROM verdicts WHERE id = 'kept'")).scalar()
    assert author == "U1"  # the asker wrote what they asked about
    _install(store, "T1", "U1")
    migrate.downgrade(store.engine, "0001")
    assert migrate.current_revision(store.engine) == "0001"
    with store.engine.connect() as db:
        assert db.execute(text("SELECT role FROM verdicts WHERE id = 'kept'")).scalar() == "project"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@h:5432/d", "postgresql+psycopg://u:p@h:5432/d"),
        ("postgresql://h/d", "postgresql+psycopg://h/d"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
    ],
)
def test_heroku_style_urls_are_accepted(given, expected):
    assert normalise_database_url(given) == expected


def test_a_double_click_racing_itself_stores_one_label_and_raises_nothing(store, brain):
    import threading

    verdict_id = record(store, brain, "Keep the RAID log for the office move")
    errors: list[BaseException] = []

    def click(label):
        try:
            for _ in range(20):
                store.feedback.record(
                    verdict_id, team_id="T1", user_id="U1", label=label, share_text=False
                )
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=click, args=(label,)) for label in ("right", "program")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with store.engine.connect() as db:
        labels = db.execute(text("SELECT label FROM feedback WHERE user_id = 'U1'")).scalars().all()
    assert len(labels) == 1


def test_a_failing_statement_does_not_print_its_parameters(store, brain):
    from sqlalchemy.exc import IntegrityError

    secret = "pasted-posting-text-that-must-not-be-logged"
    with pytest.raises(IntegrityError) as failure, store.engine.begin() as db:
        db.execute(
            text("INSERT INTO verdict_texts (verdict_id, text, expires_at) VALUES (:v, :t, :e)"),
            {"v": "no-such-verdict", "t": secret, "e": None},
        )
    # PostgreSQL's own DETAIL line may quote the failing row; the statement's parameters, which
    # SQLAlchemy would otherwise print in full, are hidden on both databases.
    assert "SQL parameters hidden" in str(failure.value)
    assert f"'t': '{secret}'" not in str(failure.value)


def test_a_new_sqlite_database_is_readable_by_its_owner_only(tmp_path):
    from bot.store import make_engine

    path = tmp_path / "fresh.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    with engine.connect():
        pass
    engine.dispose()
    assert path.stat().st_mode & 0o777 == 0o600


def test_expired_oauth_states_are_deleted_and_live_ones_kept(store):
    from datetime import UTC, datetime

    utc = datetime.now(UTC).replace(tzinfo=None)
    with store.engine.begin() as db:
        db.execute(
            oauth_states.insert(),
            [
                {"state": "old", "expire_at": utc - timedelta(minutes=1)},
                {"state": "live", "expire_at": utc + timedelta(minutes=9)},
            ],
        )
    assert store.privacy.expire(timedelta(days=90))["oauth_states"] == 1
    with store.engine.connect() as db:
        assert db.execute(select(oauth_states.c.state)).scalars().all() == ["live"]


def test_forgetting_the_author_of_a_shortcut_classified_message_removes_it(store, brain):
    text = "Keep the RAID log for the lab move"
    verdict_id = store.verdicts.record(
        verdict_for(brain, text),
        team_id="T1",
        user_id="U_INVOKER",
        author_id="U_AUTHOR",
        channel_id="C1",
        surface="shortcut",
        text=text,
    )
    refused = store.feedback.record(
        verdict_id, team_id="T1", user_id="U_INVOKER", label="project", share_text=True
    )
    assert refused["text"] is None and refused["share_refused"]
    shared = store.feedback.record(
        verdict_id, team_id="T1", user_id="U_AUTHOR", label="project", share_text=True
    )
    assert shared["text"] == text
    gone = store.privacy.forget(user_id="U_AUTHOR")
    assert (gone["verdicts"], gone["verdict_texts"], gone["feedback"]) == (1, 1, 2)
    assert store.verdicts.text(verdict_id) is None
