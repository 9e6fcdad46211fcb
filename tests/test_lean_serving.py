"""Answering never imports the training stack: scikit-learn, scipy and skops stay unloaded in
every process that answers (the CLI's ask, classify and chat, and the web app a server builds)."""

import json
import os
import subprocess
import sys

import pytest

from bot.settings import ROOT

HEAVY = ("sklearn", "scipy", "skops")
PROBE = """
import json, sys
{body}
print(json.dumps(sorted({{m.split(".")[0] for m in sys.modules}} & set({heavy!r}))))
"""
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


def _heavy_modules_after(body: str, data_dir, tmp_path, stdin: str = "") -> list[str]:
    env = {
        **os.environ,
        "TPM_DATA_DIR": str(data_dir),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'lean.sqlite3'}",
        "SLACK_SIGNING_SECRET": "s",
        "SLACK_BOT_TOKEN": "xoxb-lean",
        "SLACK_API_URL": "http://127.0.0.1:9/api/",
    }
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(body=body, heavy=HEAVY)],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "args",
    [
        ["ask", "Own the schedule and budget for our office move"],
        ["classify", "--json", str(ROOT / "corpus" / "samples" / "program-manager-posting.txt")],
        ["chat"],
    ],
    ids=["ask", "classify", "chat"],
)
def test_the_cli_answers_without_the_training_stack(data_dir, tmp_path, args):
    body = CLI.format(args=args)
    assert _heavy_modules_after(body, data_dir, tmp_path, stdin="hello\n\n") == []


def test_the_web_app_is_built_without_the_training_stack(data_dir, tmp_path):
    subprocess.run(
        [sys.executable, "-m", "bot", "db", "upgrade"],
        env={**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'lean.sqlite3'}"},
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert _heavy_modules_after(WEB, data_dir, tmp_path) == []
