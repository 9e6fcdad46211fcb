"""Small hardening fixes, each with the input that used to break it."""

import json

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.poster import MAX_RETRY_AFTER, retry_after


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
