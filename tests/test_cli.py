"""The CLI as a user runs it (in-process with click's CliRunner): real files, exit codes and
one-line errors, for every command."""

import json
import re

import click
import pytest

from bot.cli import main
from bot.core.terminal import for_terminal
from bot.settings import ROOT

SAMPLE = ROOT / "corpus" / "samples" / "program-manager-posting.txt"


def test_classify_json_prints_the_contract(cli):
    out = cli("classify", "--json", SAMPLE)
    assert out.exit_code == 0, out.stderr
    verdict = json.loads(out.stdout)
    assert (verdict["role"], verdict["title_mismatch"]) == ("project", True)


def test_classify_reads_stdin(cli):
    out = cli("classify", "--json", "-", stdin="Chair the steering committee for the five projects")
    assert json.loads(out.stdout)["role"] == "program"


def test_a_plain_file_is_read_as_written_not_as_slack_markup(cli, tmp_path):
    """Only Slack's text is unescaped (at the edge); a file's `&amp;` is the file's own."""
    posting = tmp_path / "posting.txt"
    posting.write_text("Own the R&amp;D roadmap across five related programmes and their budgets")
    verdict = json.loads(cli("classify", "--json", posting).stdout)
    assert any("R&amp;D" in e["text"] for e in verdict["evidence"])


def test_jsonl_answers_good_lines_and_names_the_bad_one(cli):
    lines = [
        json.dumps({"id": 1, "text": "hello"}),
        "{not json",
        json.dumps({"id": 3, "text": "Keep the RAID log for the office move"}),
        json.dumps({"id": 4, "text": ""}),
    ]
    out = cli("classify", "--jsonl", "-", stdin="\n".join(lines))
    answered = [json.loads(line) for line in out.stdout.splitlines()]
    assert [a["id"] for a in answered] == [1, 3]
    assert out.exit_code == 2
    errors = out.stderr.strip().splitlines()
    assert [e.split(":")[1].strip() for e in errors] == ["line 2", "line 4"]


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("classify", "-"), "   ", "the input is empty"),
        (("classify", "/no/such/file"), "", "cannot read /no/such/file"),
        (("forget",), "", "give --user or --team"),
    ],
)
def test_errors_are_one_line_with_exit_status_2(cli, args, stdin, message):
    out = cli(*args, stdin=stdin)
    assert out.exit_code == 2
    assert message in out.stderr and len(out.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "text",
    [
        "x" * 40_000,
        "🚀" * 500,
        "<@U123> <https://x|label> &amp;",
        "申し訳ありません",
        b"\xff\xfe\x00junk",
        " " * 40_000,
        "\n" * 40_000,
    ],
)
def test_ask_answers_any_text_without_a_traceback(cli, text):
    out = cli("ask", "--file", "-", stdin=text)
    assert out.exit_code == 0 and out.exception is None
    assert out.stdout.strip()


def test_ask_prints_what_the_bot_would_post_as_plain_text_when_piped(cli, answerer):
    out = cli("ask", "--file", SAMPLE).stdout
    posted = answerer.answer(SAMPLE.read_text())
    assert out.strip() == click.unstyle(for_terminal(posted.layout))
    assert "*" not in out and "&amp;" not in out and ":warning:" not in out and "\x1b[" not in out
    assert "The title says program, the duties say project." in out  # bold in Slack, plain here


def test_a_terminal_gets_bold_and_colour():
    styled = click.unstyle(for_terminal("# Verdict\n\n*bold* and _quiet_ &amp; :warning:"))
    assert styled == "Verdict\n\nbold and quiet & ⚠"
    assert "\x1b[1m" in for_terminal("*bold*")


def test_chat_answers_each_paragraph(cli):
    out = cli("chat", stdin="hi there\n\nwhat is program management?\n")
    assert out.exit_code == 0
    assert out.stdout.count("\n\n") >= 4 and "Project vs program" in out.stdout


# --- every command, from --help --------------------------------------------------------------


def commands(group: click.Group = main, path: tuple[str, ...] = ()):
    """Every runnable command as its argv path, found the way --help lists them."""
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from commands(command, (*path, name))
        else:
            yield (*path, name), command


def test_help_names_the_database_and_every_command_has_an_example(cli):
    out = cli("--help").stdout
    assert "DATABASE_URL" in out and "sqlite" in out
    for path, _ in commands():
        assert re.search(r"Example: .*tpm-bot ", cli(*path, "--help").stdout), path


# The arguments each command gets below; a new command must be added here (the test says so).
ARGUMENTS = {
    ("ask",): ["Own the schedule and budget for our office move"],
    ("chat",): [],
    ("classify",): ["--json", SAMPLE],
    ("db", "expire"): [],
    ("db", "upgrade"): [],
    ("evaluate",): [],
    ("feedback", "export"): [],
    ("feedback", "stats"): [],
    ("fit",): ["--me", SAMPLE, "--posting", SAMPLE],
    ("forget",): ["--user", "U1"],
    ("serve",): [],
    ("socket",): [],
    ("train",): [],
}
# What each command reads; a broken one of these must stop it in one line.
USES = {
    "corpus": {
        "ask",
        "chat",
        "classify",
        "evaluate",
        "feedback export",
        "fit",
        "serve",
        "socket",
        "train",
    },
    "model": {"ask", "chat", "classify", "evaluate", "feedback export", "fit", "serve", "socket"},
    "database": {
        "db expire",
        "db upgrade",
        "feedback export",
        "feedback stats",
        "forget",
        "serve",
        "socket",
    },
}


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    """Settings that each break one thing: a malformed corpus, a damaged model file, a database
    nobody answers at. Everything else in each is sound (and small, so `train` takes seconds)."""
    import hashlib
    import shutil

    from bot.model import artifact, serving
    from bot.model.train import ensure_models
    from bot.store import make_engine, migrate
    from tests.conftest import write_small_corpus

    root = tmp_path_factory.mktemp("broken")
    database = f"sqlite:///{root / 'sound.sqlite3'}"
    migrate.upgrade(make_engine(database))
    corpus = write_small_corpus(root / "corpus", lines=10)
    shutil.copytree(ROOT / "corpus" / "test", corpus / "test")
    ensure_models(corpus, root / "sound" / "model")
    bad_corpus = write_small_corpus(root / "bad-corpus")
    (bad_corpus / "roles" / "en" / "project.txt").write_bytes(b"\xff\xfe not UTF-8\n")
    # The arrays file damaged after its checksum was written (a disk error, a bad copy).
    damaged = root / "damaged" / "model"
    shutil.copytree(root / "sound" / "model", damaged)
    (damaged / serving.ARRAYS).write_bytes(b"PK\x03\x04 not really a zip")
    meta = artifact.read_meta(damaged)
    meta["serving_sha256"][serving.ARRAYS] = hashlib.sha256(
        (damaged / serving.ARRAYS).read_bytes()
    ).hexdigest()
    artifact.paths(damaged)[1].write_text(json.dumps(meta))
    sound = {
        "SLACK_SIGNING_SECRET": "s",
        "SLACK_BOT_TOKEN": "xoxb-1",
        "SLACK_APP_TOKEN": "xapp-1",
        "DATABASE_URL": database,
        "TPM_CORPUS_DIR": str(corpus),
        "TPM_DATA_DIR": str(root / "sound"),
    }
    return {
        "corpus": {**sound, "TPM_CORPUS_DIR": str(bad_corpus), "TPM_DATA_DIR": str(root / "new")},
        "model": {**sound, "TPM_DATA_DIR": str(root / "damaged")},
        "database": {**sound, "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"},
    }


@pytest.mark.parametrize("what", ["corpus", "model", "database"])
def test_every_command_stops_in_one_line_on_a_broken_corpus_model_or_database(
    cli, broken, what, tmp_path
):
    found = dict(commands())
    assert set(found) == set(ARGUMENTS), "give every command its arguments in ARGUMENTS"
    for path in ARGUMENTS:
        args = [*path, *ARGUMENTS[path]]
        if path == ("feedback", "export"):
            args += ["--out", tmp_path / "candidates"]
        if path == ("evaluate",):
            args += ["--out", tmp_path / "reports"]
        if path == ("train",) and what == "model":
            continue  # train never reads the saved model; its ~10 s run is checked once, below
        out = cli(*args, stdin="", env=broken[what])
        name = " ".join(path)
        assert out.exception is None or isinstance(out.exception, SystemExit), (name, out.output)
        if name in USES[what]:
            assert out.exit_code == 2, (name, out.output)
            # serve and socket log in JSON as a server does; the message is the one other line
            lines = [x for x in out.stderr.splitlines() if x.strip() and not x.startswith("{")]
            assert len(lines) == 1 and lines[0].startswith("Error: "), (name, out.stderr)
        else:
            assert out.exit_code == 0, (name, out.output)
    if what == "database":  # the one run of `train` that succeeds: it prints its scores
        assert re.search(r"5-fold macro-F1 role 0\.\d+, intent 0\.\d+", out.stdout)


# --- the README against the CLI ----------------------------------------------------------------


def test_the_readme_shows_only_commands_and_options_that_exist_and_every_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.findall(r"tpm-bot((?: [a-z][\w-]*)+)((?: [^\s`|#]+)*)", readme)
    documented = set()
    for words, rest in shown:
        command: click.Command = main
        path = []
        for word in words.split():
            if not isinstance(command, click.Group) or word not in command.commands:
                break
            command = command.commands[word]
            path.append(word)
        if command is main:
            continue  # prose such as "tpm-bot answers", not a command line
        documented.add(tuple(path))
        options = {o for p in command.params for o in getattr(p, "opts", [])}
        for option in re.findall(r"(?<!\S)(--[a-z][\w-]*)", words + rest):
            assert option in options, f"README shows `{option}` for tpm-bot {' '.join(path)}"
    missing = {path for path, _ in commands()} - documented
    assert not missing, f"commands the README never shows: {sorted(missing)}"
