"""Answering never imports the training stack: scikit-learn, scipy and skops stay unloaded in
every process that answers (the CLI's ask, classify and chat, and the web app a server builds)."""

import json
import os
import subprocess
import sys

import pytest

from bot.settings import ROOT

HEAVY = ("sklearn", "scipy", "skops")
CLI = """
from bot.cli import main
try:
    main({args!r}, standalone_mode=False)
except SystemExit:
    pass
"""
WEB = """
from bot.settings import Settings
from bot.slack.web import build_wsgi
wsgi = build_wsgi(Settings.from_env())
"""
CLI_ARGS = {
    "ask": ["ask", "Own the schedule and budget for our office move"],
    "classify": [
        "classify",
        "--json",
        str(ROOT / "corpus" / "samples" / "program-manager-posting.txt"),
    ],
    "chat": ["chat"],
}
STEPS = {**{name: CLI.format(args=args) for name, args in CLI_ARGS.items()}, "web": WEB}
MARK = "heavy modules after "
REPORT = """
print({mark!r}, json.dumps(sorted({{m.split(".")[0] for m in sys.modules}} & set({heavy!r}))))
"""


@pytest.fixture(scope="module")
def heavy_modules_after(data_dir, tmp_path_factory) -> dict[str, list[str]]:
    """The training-stack modules loaded after each step, all steps run in order in one fresh
    Python (starting one costs more than any step). Modules only accumulate, so an empty list
    means neither that step nor any before it imported the training stack."""
    from bot.store import make_engine, migrate

    database = f"sqlite:///{tmp_path_factory.mktemp('lean') / 'lean.sqlite3'}"
    migrate.upgrade(make_engine(database))  # the web app refuses a database without the schema
    env = {
        **os.environ,
        "TPM_DATA_DIR": str(data_dir),
        "DATABASE_URL": database,
        "SLACK_SIGNING_SECRET": "s",
        "SLACK_BOT_TOKEN": "xoxb-lean",
        "SLACK_API_URL": "http://127.0.0.1:9/api/",
    }
    script = "import json, sys\n" + "".join(
        body + REPORT.format(mark=MARK + step, heavy=HEAVY) for step, body in STEPS.items()
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        input="hello\n\n",  # read by chat alone
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    found = {}
    for line in out.stdout.splitlines():
        if line.startswith(MARK):
            step, _, modules = line.removeprefix(MARK).partition(" ")
            found[step] = json.loads(modules)
    assert list(found) == list(STEPS), out.stdout
    return found


@pytest.mark.parametrize("step", list(CLI_ARGS))
def test_the_cli_answers_without_the_training_stack(heavy_modules_after, step):
    assert heavy_modules_after[step] == []


def test_the_web_app_is_built_without_the_training_stack(heavy_modules_after):
    assert heavy_modules_after["web"] == []
