"""Small hardening fixes, each with the input that used to break it."""

import json

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.slack.poster import MAX_RETRY_AFTER, retry_after


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("2", 2.0),
        ("0.5", 0.5),
        ("86400", MAX_RETRY_AFTER),
        ("Wed, 21 Oct 2026 07:28:00 GMT", 1.0),
        ("-5", 1.0),
        ("nan", 1.0),
        ("inf", 1.0),
        (None, 1.0),
        ("", 1.0),
    ],
)
def test_retry_after_is_capped_and_read_safely(header, seconds):
    assert retry_after(header) == seconds


@pytest.mark.parametrize(
    ("name", "value"),
    [("LOG_LEVEL", "loud"), ("WEB_CONCURRENCY", "two"), ("WEB_THREADS", "0")],
)
def test_a_bad_server_setting_is_one_line_naming_the_variable(data_dir, name, value):
    result = CliRunner().invoke(main, ["serve"], env={"TPM_DATA_DIR": str(data_dir), name: value})
    assert result.exit_code == 2
    assert name in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_a_deeply_nested_jsonl_line_is_named_and_the_others_answered(data_dir):
    lines = [
        json.dumps({"id": 1, "text": "Keep the RAID log for the office move"}),
        "[" * 100_000,
        json.dumps({"id": 3, "text": "Align six related projects with the strategy"}),
    ]
    result = CliRunner().invoke(
        main,
        ["classify", "--jsonl", "-"],
        input="\n".join(lines),
        env={"TPM_DATA_DIR": str(data_dir)},
    )
    answered = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["id"] for a in answered] == [1, 3]
    assert result.exit_code == 2
    assert "line 2" in result.stderr


@pytest.mark.parametrize("separator", ["\r", "\x85", "\u2028", "\u2029"])
def test_line_separators_in_a_title_add_no_header_or_context_blocks(answerer, separator):
    text = (
        f"Job Title: Senior Project Manager{separator}# injected header{separator}~ injected\n"
        "Own the plan, the budget and the vendors for the office move\n"
        "Keep the RAID log and chase actions to closure"
    )
    reply = answerer.answer(text)
    for block in reply.blocks:
        if block["type"] in ("header", "context"):
            words = json.dumps(block)
            assert "injected" not in words, block


def test_a_broadcast_in_the_users_text_is_never_echoed_as_one(answerer):
    reply = answerer.answer("Job Title: @here Project Manager\nOwn the plan for the @channel move")
    shown = json.dumps(reply.blocks)
    assert "@here" not in shown and "@channel" not in shown
    assert all(
        part.get("verbatim") is True
        for block in reply.blocks
        for part in [block.get("text", {}), *block.get("elements", [])]
        if part.get("type") == "mrkdwn"
    )
