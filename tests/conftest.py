"""Shared fixtures: one trained model per test session, settings pointed at temporary places."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from bot.core.answer import Answerer
from bot.core.brain import load_models
from bot.core.responses import Renderer
from bot.model.artifact import Artifact
from bot.model.train import ensure_models
from bot.model.verdict import Brain
from bot.settings import ROOT, Settings

# Keep every test off the network and free of a developer's Slack variables.
for name in list(os.environ):
    if name.startswith(("SLACK_", "TPM_")) or name == "DATABASE_URL":
        del os.environ[name]
os.environ["NO_PROXY"] = "127.0.0.1,localhost"
# The processes tests start (the real server, its release step, the lean-serving probe) reuse
# compiled bytecode instead of compiling every module again, even where the machine sets
# PYTHONDONTWRITEBYTECODE; the cache lives under var/, outside the source tree's folders.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
os.environ.setdefault("PYTHONPYCACHEPREFIX", str(ROOT / "var" / "pycache"))
os.environ["SKIP_SLACK_SDK_WARNING"] = "1"

SAMPLE = ROOT / "corpus" / "samples" / "program-manager-posting.txt"


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory) -> Path:
    """A data directory holding the session's trained model, shared by in-process and CLI tests.

    The model is the one `tpm-bot` keeps in var/model: trained there only when missing or stale
    (its fingerprint covers the corpus and the library versions), then copied here, so a test
    can neither change it nor see one it did not train from today's corpus."""
    path = tmp_path_factory.mktemp("data")
    ensure_models(ROOT / "corpus", ROOT / "var" / "model")
    shutil.copytree(ROOT / "var" / "model", path / "model")
    return path


def write_small_corpus(corpus: Path, *, lines: int = 40, postings: int = 2) -> Path:
    """A slice of the real corpus (every language and label, a few postings) that trains in a
    second or two, for tests that retrain."""
    source = ROOT / "corpus"
    for path in sorted((source / "roles").glob("*/*.txt")) + sorted(
        (source / "intents").glob("*.txt")
    ):
        kept = [
            line
            for line in path.read_text(encoding="utf-8").splitlines()
            if line and line[0] != "#"
        ]
        target = corpus / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("\n".join(kept[:lines]) + "\n", encoding="utf-8")
    for folder in sorted((source / "postings").iterdir()):
        target = corpus / "postings" / folder.name
        target.mkdir(parents=True)
        titles = (folder / "titles.tsv").read_text(encoding="utf-8").splitlines()
        (target / "titles.tsv").write_text(
            "\n".join(titles[: postings + 1]) + "\n", encoding="utf-8"
        )
        for row in titles[1 : postings + 1]:
            name = row.split("\t")[0]
            (target / name).write_text(
                (folder / name).read_text(encoding="utf-8"), encoding="utf-8"
            )
    return corpus


@pytest.fixture
def small_corpus(tmp_path) -> Path:
    return write_small_corpus(tmp_path / "corpus")


@pytest.fixture(scope="session")
def small_model(tmp_path_factory) -> tuple[Path, Path, Artifact]:
    """(corpus, model directory, what `ensure_models` returned): a smaller slice of the corpus
    than `small_corpus` and the model trained on it into an empty directory, once a session. For
    tests that need a model of their own but not the real one; a test that changes either works
    on a copy."""
    root = tmp_path_factory.mktemp("small")
    corpus = write_small_corpus(root / "corpus", lines=10)
    return corpus, root / "model", ensure_models(corpus, root / "model")


@pytest.fixture(scope="session")
def base_settings(data_dir) -> Settings:
    return Settings(data_dir=data_dir)


@pytest.fixture(scope="session")
def brain(base_settings) -> Brain:
    return Brain(load_models(base_settings.corpus_dir, base_settings.model_dir))


@pytest.fixture(scope="session")
def renderer() -> Renderer:
    return Renderer(ROOT / "responses")


@pytest.fixture(scope="session")
def answerer(brain, renderer) -> Answerer:
    return Answerer(brain, renderer)


@pytest.fixture(scope="session")
def sample_posting() -> str:
    return SAMPLE.read_text(encoding="utf-8")


# --- databases ---------------------------------------------------------------------------------

POSTGRES_ADMIN = os.environ.get("TEST_POSTGRES_URL", "postgresql://127.0.0.1:5432/test")


def _postgres_admin():
    """An engine on the server's `test` database, or None (with the reason) when none answers."""
    from sqlalchemy import create_engine, text

    from bot.settings import normalise_database_url

    engine = create_engine(normalise_database_url(POSTGRES_ADMIN), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:
        return None, f"no PostgreSQL answers at {POSTGRES_ADMIN}: {type(exc).__name__}"
    return engine, ""


@pytest.fixture(scope="session")
def postgres_admin():
    engine, reason = _postgres_admin()
    if engine is None:
        if os.environ.get("CI"):
            pytest.fail(reason)  # CI machines run PostgreSQL; its absence there is a failure
        pytest.skip(reason)
    yield engine
    engine.dispose()


@pytest.fixture
def fresh_postgres_url(postgres_admin):
    """A new, empty PostgreSQL database for one test, dropped afterwards."""
    import uuid

    from sqlalchemy import text

    name = f"tpm_test_{uuid.uuid4().hex[:12]}"
    with postgres_admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    base = POSTGRES_ADMIN.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    with postgres_admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request, tmp_path):
    """A fresh database of each kind, with no schema yet."""
    from bot.settings import normalise_database_url

    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite3'}"
    return normalise_database_url(request.getfixturevalue("fresh_postgres_url"))


@pytest.fixture
def store(empty_database_url):
    from bot.store import Store, migrate

    store = Store.from_url(empty_database_url)
    migrate.upgrade(store.engine)
    yield store
    store.engine.dispose()


@pytest.fixture(scope="module")
def fake():
    """A local Slack Web API stand-in shared by one test module."""
    from tests.fakes.slack_api import FakeSlack

    fake = FakeSlack().start()
    yield fake
    fake.stop()


# --- the command line, in-process -------------------------------------------------------------


@pytest.fixture
def cli(data_dir, tmp_path):
    """Run `tpm-bot ARGS` in this process with click's CliRunner: the same parsing, exit codes
    and streams as a real run, without starting Python again. The environment is the session's
    model and a fresh SQLite file, plus what the test passes; the root logger is put back after."""
    import logging

    from click.testing import CliRunner

    from bot.cli import main

    database = f"sqlite:///{tmp_path / 'cli.sqlite3'}"

    def run(*args, stdin=None, env=None):
        root = logging.getLogger()
        handlers, level = root.handlers[:], root.level
        try:
            return CliRunner().invoke(
                main,
                [str(a) for a in args],
                input=stdin,
                prog_name="tpm-bot",
                env={"TPM_DATA_DIR": str(data_dir), "DATABASE_URL": database, **(env or {})},
            )
        finally:
            root.handlers[:], root.level = handlers, level

    run.database_url = database
    return run
