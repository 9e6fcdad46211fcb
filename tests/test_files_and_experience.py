"""What job seekers send besides pasted duties: files, links, their own work, "should I apply?"."""

import io
import json

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.core.documents import MAX_PAGES, MAX_PARTS, extract_text
from bot.errors import UnreadableFile
from bot.slack.app import create_app
from bot.store import Store, make_engine, migrate
from tests.documents import blank_pdf, encrypted, make_docx, make_pdf, zip_bomb_docx
from tests.fakes import slack_requests as slack
from tests.fakes.slack_api import FakeSlack
from tests.test_app import dispatch, settings_for

POSTING = [
    "Program Manager",
    "Harbour Mutual is moving 600 staff into a new head office next spring.",
    "Own the end-to-end plan, budget and timeline for moving our head office",
    "Run the weekly status meeting and keep the RAID log current",
    "Manage the fit-out contractor and the removals vendor",
    "Track change requests against the agreed scope",
    "Lead the move weekend, go-live and handover to facilities",
    "Report progress to the sponsor every fortnight",
    "A record of delivering office moves on time and on budget",
]
ME = (
    "I've run three office relocations, one at a time: the plan, the budget, the contractors "
    "and the move weekend, each handed over to facilities on the agreed date."
)


@pytest.fixture
def store(tmp_path):
    url = f"sqlite:///{tmp_path / 'files.sqlite3'}"
    migrate.upgrade(make_engine(url))
    return Store.from_url(url)


@pytest.fixture
def fake():
    fake = FakeSlack().start()
    yield fake
    fake.stop()


def test_text_comes_out_of_pdf_and_word_files():
    assert extract_text(make_pdf(POSTING)).splitlines() == POSTING
    assert "moving our head office" in extract_text(make_docx(POSTING))


def test_word_tables_are_read_and_a_paragraph_flood_is_cut():
    import docx

    document = docx.Document()
    document.add_table(rows=1, cols=2).cell(0, 1).text = "Own the plan and the budget"
    out = io.BytesIO()
    document.save(out)
    assert "Own the plan and the budget" in extract_text(out.getvalue())
    assert len(extract_text(make_docx(["a"] * (MAX_PARTS + 500))).splitlines()) == MAX_PARTS


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (encrypted(make_pdf(POSTING)), "encrypted"),
        (blank_pdf(), "scanned"),
        (blank_pdf(MAX_PAGES + 1), "too_many_pages"),
        (make_pdf(POSTING)[:300], "corrupt"),
        (b"\x00\x01\x02\x03" * 200, "unsupported"),
        (b"PK\x03\x04" + b"\x00" * 100, "unsupported"),
        (b"x" * (5 * 2**20 + 1), "too_large"),
        (make_pdf(["x" * 90] * 2000), "too_large"),  # far more page content than an ad
        (zip_bomb_docx(40 * 2**20), "too_large"),
    ],
)
def test_unreadable_files_say_why(data, reason):
    with pytest.raises(UnreadableFile) as caught:
        extract_text(data)
    assert caught.value.reason == reason


def test_an_unreadable_file_gets_a_kind_answer(answerer):
    reply = answerer.answer_document(blank_pdf())
    assert reply.kind == "file_problem"
    assert "no text layer" in reply.text and "Traceback" not in reply.text


def test_a_bare_link_asks_for_the_text(answerer):
    for text in ("https://jobs.example.com/42", "www.example.com/jobs/7  https://x.example"):
        assert answerer.answer(text).kind == "link_only"
    around = answerer.answer(
        "see https://x.example/1 own the plan, budget and vendors for our move"
    )
    assert around.kind == "verdict" and around.verdict.role == "project"


def test_own_work_is_answered_about_the_sender(answerer):
    reply = answerer.answer(
        "I run three related migration projects and line them up with our cloud strategy. "
        "Am I a program manager or a project manager?"
    )
    assert reply.kind == "about_you"
    assert reply.verdict.subject == "self" and reply.verdict.role == "program"
    assert "What you describe is program management" in reply.text
    assert not reply.verdict.title_mismatch and ":warning:" not in reply.text


def test_a_career_question_reads_the_experience_not_the_role_asked_about(brain):
    verdict = brain.classify(
        "Should I apply to a Program Manager job? I've only ever run one project at a time, "
        "each with its own plan, budget and go-live."
    )
    assert verdict.intent == "career_advice" and verdict.subject == "self"
    assert verdict.role == "project"


def test_experience_and_a_posting_in_one_message_get_a_fit(answerer):
    reply = answerer.answer(ME + "\n\n" + "\n".join(POSTING))
    assert reply.kind == "fit"
    assert "Should you apply? Your experience fits" in reply.text
    assert "Duties your experience covers" in reply.text
    assert "Questions to ask the recruiter" in reply.text


def test_the_cli_reads_files_and_fits(data_dir, monkeypatch, tmp_path):
    monkeypatch.setenv("TPM_DATA_DIR", str(data_dir))
    (tmp_path / "job.pdf").write_bytes(make_pdf(POSTING))
    (tmp_path / "job.docx").write_bytes(make_docx(POSTING))
    (tmp_path / "me.txt").write_text(ME)
    (tmp_path / "scan.pdf").write_bytes(blank_pdf())
    runner = CliRunner()

    asked = runner.invoke(main, ["ask", "--file", str(tmp_path / "job.pdf")])
    assert asked.exit_code == 0 and "project management" in asked.output
    assert "*" not in asked.output and ":warning:" not in asked.output  # no Slack markup when piped

    out = json.loads(runner.invoke(main, ["classify", "--json", str(tmp_path / "job.docx")]).output)
    assert out["role"] == "project"

    (tmp_path / "batch.jsonl").write_text(
        '{"id": "a", "path": "job.pdf"}\n{"id": "b", "path": "scan.pdf"}\n'
    )
    batch = runner.invoke(main, ["classify", "--jsonl", str(tmp_path / "batch.jsonl")])
    assert batch.exit_code == 2
    assert json.loads(batch.stdout.splitlines()[0])["id"] == "a"
    assert "scan.pdf" in batch.stderr and "no text" in batch.stderr

    fitted = runner.invoke(
        main, ["fit", "--me", str(tmp_path / "me.txt"), "--posting", str(tmp_path / "job.pdf")]
    )
    assert fitted.exit_code == 0 and "Should you apply?" in fitted.output

    scanned = runner.invoke(main, ["ask", "--file", str(tmp_path / "scan.pdf")])
    assert scanned.exit_code == 0 and "no text layer" in scanned.output


def test_a_file_shared_in_a_dm_is_fetched_with_the_token_and_answered(
    fake, data_dir, store, answerer
):
    app = create_app(settings_for(fake, data_dir, store), answerer=answerer, store=store)
    entry = fake.add_file("F0JOB", "job.pdf", make_pdf(POSTING))
    event = slack.dm("", channel="D0FILE", ts="1.1", subtype="file_share", files=[entry])
    assert dispatch(app, slack.event_body(event)).status == 200
    [call] = fake.wait_for("chat.postMessage", channel="D0FILE")
    assert "project management" in call.body["text"]
    [download] = fake.of("file.download")
    assert download.token == "xoxb-secret-token-123"


def test_a_file_with_experience_in_the_message_gets_a_fit(fake, data_dir, store, answerer):
    app = create_app(settings_for(fake, data_dir, store), answerer=answerer, store=store)
    entry = fake.add_file("F0FIT", "job.docx", make_docx(POSTING))
    event = slack.dm(
        ME + " Should I apply?", channel="D0FIT", ts="1.2", subtype="file_share", files=[entry]
    )
    dispatch(app, slack.event_body(event))
    [call] = fake.wait_for("chat.postMessage", channel="D0FIT")
    assert "Should you apply?" in call.body["text"]


def test_a_file_off_slacks_hosts_is_never_fetched(fake, data_dir, store, answerer):
    fake.file_url_host = "10.0.0.1:9"
    app = create_app(settings_for(fake, data_dir, store), answerer=answerer, store=store)
    entry = fake.add_file("F0BAD", "job.pdf", make_pdf(POSTING))
    dispatch(
        app,
        slack.event_body(
            slack.dm("", channel="D0BAD", ts="1.3", subtype="file_share", files=[entry])
        ),
    )
    [call] = fake.wait_for("chat.postMessage", channel="D0BAD")
    assert "couldn't download it from Slack" in call.body["text"]
    assert fake.of("file.download") == []
