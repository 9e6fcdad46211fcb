"""The `tpm-bot` command line: thin commands over the library."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from bot.errors import BotError, EmptyInput
from bot.settings import ROOT, Settings, default_database_url

EXIT_USAGE = 2


class UserError(click.ClickException):
    exit_code = EXIT_USAGE


class Commands(click.Group):
    """The one place errors become messages: any BotError, from any command or subcommand (a
    setting, the corpus, the model, the database), is one line on stderr and exit status 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except BotError as exc:
            raise UserError(str(exc)) from None


def _settings() -> Settings:
    return Settings.from_env()


def _read_bytes(source: str | Path) -> bytes:
    try:
        return sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as exc:
        raise UserError(f"cannot read {source}: {exc.strerror}") from None


def _is_document(data: bytes) -> bool:
    from bot.core import documents

    return documents.kind_of(data) in (documents.PDF, documents.DOCX)


def _text(data: bytes, source: str | Path) -> str:
    """The text of what was read: a PDF or Word file's text, anything else as UTF-8."""
    if not _is_document(data):
        return data.decode("utf-8", errors="replace")
    from bot.core import documents

    try:
        return documents.extract_text(data)
    except BotError as exc:  # names the file, which the reader's message cannot
        raise UserError(f"{source}: {exc}") from None


def _read(source: str | Path) -> str:
    return _text(_read_bytes(source), source)


@click.group(
    cls=Commands,
    epilog=f"State lives in DATABASE_URL (default {default_database_url()}).\n\n"
    "Example: tpm-bot ask 'Own the schedule and budget for our office move'",
)
def main() -> None:
    """Tell project, program and product management apart by the duties, not the title."""
    from bot import logs

    logs.configure("WARNING")


@main.command()
@click.argument("source", default="-", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the verdict as one JSON object.")
@click.option(
    "--jsonl",
    "jsonl",
    is_flag=True,
    help='SOURCE has one {"id", "text"} or {"id", "path"} object a line.',
)
def classify(source: str, as_json: bool, jsonl: bool) -> None:
    """Classify the text in SOURCE (a text, PDF or Word file, or - for stdin).

    Example: tpm-bot classify --json corpus/samples/program-manager-posting.txt
    """
    from bot.core.brain import load_brain

    text = _read(source)
    brain = load_brain(_settings())
    if jsonl:
        _classify_lines(brain, text, Path.cwd() if source == "-" else Path(source).parent)
        return
    verdict = brain.classify(text)
    if as_json:
        click.echo(json.dumps(verdict.to_json(), ensure_ascii=False))
    else:
        role = verdict.role or "-"
        click.echo(f"{verdict.intent}\t{role}\t{verdict.confidence:.2f}\t{verdict.title or ''}")


def _classify_lines(brain, text: str, base: Path) -> None:
    """One verdict per JSON line; a line's "path" (a PDF, Word or text file) is read relative to
    the JSONL file's folder."""
    failed = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict):
                raise ValueError('expected an object with a string "text" or "path"')
            if isinstance(item.get("path"), str):
                text = _read(base / item["path"])
            elif isinstance(item.get("text"), str):
                text = item["text"]
            else:
                raise ValueError('expected an object with a string "text" or "path"')
            out = {"id": item.get("id"), **brain.classify(text).to_json()}
        except RecursionError:
            click.echo(f"Error: line {number}: nested too deeply to read", err=True)
            failed = True
            continue
        except (ValueError, EmptyInput, UserError) as exc:
            message = exc.format_message() if isinstance(exc, UserError) else exc
            click.echo(f"Error: line {number}: {message}", err=True)
            failed = True
            continue
        click.echo(json.dumps(out, ensure_ascii=False))
    if failed:
        sys.exit(EXIT_USAGE)


@main.command()
@click.argument("text", nargs=-1)
@click.option("--file", "file_", type=str, help="Read a text, PDF or Word file (- for stdin).")
def ask(text: tuple[str, ...], file_: str | None) -> None:
    """Print the answer exactly as the bot would post it.

    Example: tpm-bot ask --file corpus/samples/program-manager-posting.txt
    """
    from bot.core.brain import load_answerer
    from bot.core.terminal import for_terminal

    answerer = load_answerer(_settings())
    if file_:
        data = _read_bytes(file_)
        reply = (
            answerer.answer_document(data)
            if _is_document(data)
            else answerer.answer(_text(data, file_))
        )
    else:
        reply = answerer.answer(" ".join(text))
    click.echo(for_terminal(reply.layout))


@main.command()
@click.option("--me", "me", required=True, help="Your experience: a text, PDF or Word file.")
@click.option("--posting", "posting", required=True, help="The job ad: a text, PDF or Word file.")
def fit(me: str, posting: str) -> None:
    """Should I apply? Hold your experience against a posting's duties.

    Example: tpm-bot fit --me me.txt --posting job.pdf
    """
    from bot.core.brain import load_answerer
    from bot.core.terminal import for_terminal

    experience, ad = _read(me), _read(posting)
    click.echo(for_terminal(load_answerer(_settings()).fit(experience, ad).layout))


@main.command()
def chat() -> None:
    """An interactive local shell: type a question or paste duties; an empty line sends.

    Example: tpm-bot chat
    """
    from bot.core.brain import load_answerer
    from bot.core.terminal import for_terminal

    answerer = load_answerer(_settings())
    click.echo("Paste a posting or ask a question. Finish with an empty line; Ctrl-D quits.")
    buffer: list[str] = []
    for line in sys.stdin:
        if line.strip():
            buffer.append(line)
            continue
        if buffer:
            click.echo("\n" + for_terminal(answerer.answer("".join(buffer)).layout) + "\n")
            buffer.clear()
    if buffer:
        click.echo("\n" + for_terminal(answerer.answer("".join(buffer)).layout))


@main.command()
def train() -> None:
    """Train both models from corpus/, save them, and print cross-validated scores.

    Example: tpm-bot train
    """
    from bot.model import artifact
    from bot.model.train import train as fit

    settings = _settings()
    models, meta = fit(settings.corpus_dir)
    artifact.save(settings.model_dir, models, meta)
    saved = artifact.read_meta(settings.model_dir) or meta
    click.echo(
        f"trained on {meta['examples']['role']} duties and {meta['examples']['intent']} messages "
        f"in {meta['fit_seconds']} s; 5-fold macro-F1 role {meta['cv_macro_f1']['role']:.3f}, "
        f"intent {meta['cv_macro_f1']['intent']:.3f}; artifact {saved['size_bytes']:,} bytes "
        f"at {settings.model_dir}"
    )


@main.command()
@click.option("--out", type=click.Path(path_type=Path), default=ROOT / "reports", show_default=True)
@click.option(
    "--postings",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Score this JSONL of labelled postings (id, title, text, role, title_role, "
    "title_mismatch, language) instead of the held-out set; nothing is written.",
)
@click.option("--misses", type=int, default=20, show_default=True, help="Misses to list.")
def evaluate(out: Path, postings: Path | None, misses: int) -> None:
    """Score the held-out set (roles on postings and questions, intents); write a report.

    Example: tpm-bot evaluate --postings ../shared/eval/real-dev/postings.jsonl
    """
    from bot.core.brain import load_brain
    from bot.model.evaluate import evaluate as run
    from bot.model.evaluate import (
        experience_markdown,
        miss_line,
        postings_markdown,
        questions_markdown,
        read_cases,
        score_postings,
        write_report,
    )

    settings = _settings()
    brain = load_brain(settings)
    if postings is not None:
        table, missed = score_postings(brain, read_cases(postings), f"roles on {postings.name}")
        click.echo("\n".join(postings_markdown(table)))
        click.echo(f"{len(missed)} misses, most confident first:")
        for miss in missed[:misses]:
            click.echo(miss_line(miss))
        return
    from bot.slack.text import to_plain_text  # the held-out messages are written as in Slack

    results, missed = run(brain, settings.corpus_dir, read_message=to_plain_text)
    click.echo("\n".join(postings_markdown(results["roles"])))
    click.echo("\n".join(questions_markdown(results["questions"])))
    click.echo("\n".join(experience_markdown(results["experience"])))
    table = results["intents"]
    click.echo(f"{table['task']} (n={table['n']}): macro-F1 {table['macro_f1']:.3f}")
    for label, row in table["per_label"].items():
        click.echo(f"  {label:<20} F1 {row['f1-score']:.3f} (n={int(row['support'])})")
    path = write_report(results, missed, out)
    click.echo(f"\n{len(missed)} misses; report written to {path}")


def _check_server_settings(settings: Settings, *needed: str):
    """Fail in one line, naming the variable or the command to run, before any server starts."""
    from bot.store import Store

    settings.require(*needed)
    if not settings.oauth_enabled:
        settings.require("bot_token")
    Store.from_url(settings.database_url).check_schema()


@main.command()
def serve() -> None:
    """Serve Slack over HTTP on $PORT under gunicorn (the Procfile's web process).

    Needs SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN (or the OAuth variables).

    Example: PORT=3000 tpm-bot serve
    """
    from bot import logs
    from bot.core.brain import load_brain
    from bot.slack.server import serve as run

    settings = _settings()
    logs.configure(settings.log_level)
    _check_server_settings(settings, "signing_secret")
    load_brain(settings)  # trains once here if stale, not in every worker
    run(settings)


@main.command()
def socket() -> None:
    """Run in Socket Mode (development): needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN.

    Example: tpm-bot socket
    """
    from bot import logs
    from bot.slack.socket import build_handler

    settings = _settings()
    logs.configure(settings.log_level)
    _check_server_settings(settings, "app_token")
    build_handler(settings).start()


@main.group()
def db() -> None:
    """Database schema commands."""


@db.command()
def upgrade() -> None:
    """Apply the schema migrations to DATABASE_URL (the Procfile's release step).

    Example: tpm-bot db upgrade
    """
    from bot.store import make_engine, migrate

    settings = _settings()
    engine = make_engine(settings.database_url)
    migrate.upgrade(engine)
    click.echo(f"schema at {migrate.current_revision(engine)}")


def _store():
    from bot.store import Store

    settings = _settings()
    store = Store.from_url(settings.database_url)
    store.check_schema()
    return settings, store


@db.command()
def expire() -> None:
    """Delete rows older than TPM_RETENTION_DAYS (default 90) and expired pasted texts.

    Example: TPM_RETENTION_DAYS=30 tpm-bot db expire
    """
    from datetime import timedelta

    settings, store = _store()
    gone = store.privacy.expire(timedelta(days=settings.retention_days))
    click.echo(", ".join(f"{table}: {count}" for table, count in gone.items()))


@main.group()
def feedback() -> None:
    """Users' feedback: agreement figures and corpus candidates."""


@feedback.command()
@click.option("--team", default=None, help="Only this workspace (T…).")
def stats(team: str | None) -> None:
    """How often users agreed with the verdict, per predicted role.

    Example: tpm-bot feedback stats
    """
    _, store = _store()
    rows = store.feedback.agreement(team)
    if not rows:
        click.echo("no feedback yet")
    for row in rows:
        click.echo(f"{row['role']:<10}{row['agreed']:>6} of {row['total']:<6}{row['rate']:>7.0%}")


@feedback.command("export")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=ROOT / "corpus" / "candidates",
    show_default=True,
)
def export_feedback(out: Path) -> None:
    """Write shared corrections as corpus candidates for review (training never reads them).

    Example: tpm-bot feedback export --out corpus/candidates
    """
    from bot.core.brain import load_brain
    from bot.model.candidates import export

    settings, store = _store()
    counts = export(load_brain(settings), store.feedback.for_review(), out)
    click.echo(
        ", ".join(f"{label}: {n}" for label, n in counts.items())
        + f" candidate lines in {out}; review them before moving any into corpus/roles/"
    )


@main.command()
@click.option("--user", "user_id", default=None, help="A Slack user id (U…).")
@click.option("--team", "team_id", default=None, help="A Slack workspace id (T…).")
def forget(user_id: str | None, team_id: str | None) -> None:
    """Delete everything stored about a user or a workspace: what they asked, what they wrote
    (a message someone else classified with the shortcut), their feedback and installs.

    Example: tpm-bot forget --user U012ABCDEF
    """
    if not (user_id or team_id):
        raise UserError("give --user or --team")
    settings, store = _store()
    gone = store.privacy.forget(user_id=user_id, team_id=team_id)
    click.echo(", ".join(f"{table}: {count}" for table, count in gone.items()))
    exported = settings.corpus_dir / "candidates"
    if exported.is_dir() and any(exported.glob("*.txt")):
        click.echo(
            f"Not reached: {exported} holds lines exported earlier for review, without who wrote "
            "them; delete that folder (or the lines) by hand if they came from this "
            f"{'user' if user_id else 'workspace'}."
        )
