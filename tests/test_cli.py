"""The CLI as a user runs it: a real process, real files, exit codes and one-line errors."""

import json
import os
import subprocess
import sys

import click
import pytest

from bot.core.terminal import for_terminal
from bot.settings import ROOT

SAMPLE = ROOT / "corpus" / "samples" / "program-manager-posting.txt"


@pytest.fixture(scope="module")
def run(data_dir):
    env = {**os.environ, "TPM_DATA_DIR": str(data_dir)}

    def _run(*args, stdin=""):
        return subprocess.run(
            [sys.executable, "-m", "bot", *args],
            input=stdin.encode() if isinstance(stdin, str) else stdin,
            capture_output=True,
            env=env,
            timeout=120,
        )

    return _run


def test_classify_json_prints_the_contract(run):
    out = run("classify", "--json", str(SAMPLE))
    assert out.returncode == 0, out.stderr
    verdict = json.loads(out.stdout)
    assert (verdict["role"], verdict["title_mismatch"]) == ("project", True)


def test_classify_reads_stdin(run):
    out = run(
        "classify",
        "--json",
        "-",
        stdin="Chair the steering committee for the five related projects",
    )
    assert json.loads(out.stdout)["role"] == "program"


def test_jsonl_answers_good_lines_and_names_the_bad_one(run):
    lines = [
        json.dumps({"id": 1, "text": "hello"}),
        "{not json",
        json.dumps({"id": 3, "text": "Keep the RAID log for the office move"}),
        json.dumps({"id": 4, "text": ""}),
    ]
    out = run("classify", "--jsonl", "-", stdin="\n".join(lines))
    answered = [json.loads(line) for line in out.stdout.decode().splitlines()]
    assert [a["id"] for a in answered] == [1, 3]
    assert out.returncode == 2
    errors = out.stderr.decode().strip().splitlines()
    assert [e.split(":")[1].strip() for e in errors] == ["line 2", "line 4"]
    assert "Traceback" not in out.stderr.decode()


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("classify", "-"), "   ", "empty"),
        (("classify", "/no/such/file"), "", "cannot read /no/such/file"),
    ],
)
def test_errors_are_one_line_with_exit_status_2(run, args, stdin, message):
    out = run(*args, stdin=stdin)
    assert out.returncode == 2
    err = out.stderr.decode().strip()
    assert message in err and len(err.splitlines()) == 1


@pytest.mark.parametrize(
    "text",
    [
        "x" * 40_000,
        "🚀" * 500,
        "<@U123> <https://x|label> &amp;",
        "申し訳ありません",
        b"\xff\xfe\x00junk",
    ],
)
def test_ask_answers_any_text_without_a_traceback(run, text):
    out = run("ask", "--file", "-", stdin=text)
    assert out.returncode == 0
    assert out.stdout.strip() and b"Traceback" not in out.stderr


def test_ask_prints_what_the_bot_would_post_as_plain_text_when_piped(run, answerer):
    out = run("ask", "--file", str(SAMPLE)).stdout.decode()
    posted = answerer.answer(SAMPLE.read_text())
    assert out.strip() == click.unstyle(for_terminal(posted.layout))
    assert "*" not in out and "&amp;" not in out and ":warning:" not in out and "\x1b[" not in out
    assert "The title says program, the duties say project." in out  # bold in Slack, plain here


def test_a_terminal_gets_bold_and_colour():
    styled = click.unstyle(for_terminal("# Verdict\n\n*bold* and _quiet_ &amp; :warning:"))
    assert styled == "Verdict\n\nbold and quiet & ⚠"
    assert "\x1b[1m" in for_terminal("*bold*")


def test_help_names_the_database_and_every_command_has_an_example(run):
    out = run("--help").stdout.decode()
    assert "DATABASE_URL" in out and "sqlite" in out
    for command in ("classify", "ask", "chat", "train", "evaluate"):
        assert "Example: tpm-bot" in run(command, "--help").stdout.decode()


def test_chat_answers_each_paragraph(run):
    out = run("chat", stdin="hi there\n\nwhat is program management?\n")
    text = out.stdout.decode()
    assert out.returncode == 0
    assert text.count("\n\n") >= 4 and "Project vs program" in text
