"""`tpm-bot evaluate --postings FILE`: every figure the real-postings issue asks for, from any
JSONL in the real-dev format (here, postings of our own)."""

import json

from click.testing import CliRunner

from bot.cli import main
from bot.model.evaluate import read_cases, score_postings
from bot.settings import ROOT

HELD_OUT = ROOT / "corpus" / "test" / "postings"
POSTINGS = [
    (
        "program",
        "50-project-manager-grid-modernisation.txt",
        "Project Manager - Grid Modernisation",
        "project",
        "en",
    ),
    (
        "project",
        "62-projektleiter-hochbau-grundschule.txt",
        "Projektleiter (m/w/d) Hochbau",
        "project",
        "de",
    ),
    ("product", "50-product-manager-payments.txt", "Product Manager, Payments", "product", "en"),
    (
        "other",
        "55-registered-nurse-cardiac-step-down.txt",
        "Registered Nurse – Cardiac Step-Down Unit",
        "none",
        "en",
    ),
]


def _jsonl(tmp_path):
    path = tmp_path / "postings.jsonl"
    rows = []
    for number, (role, name, title, title_role, language) in enumerate(POSTINGS):
        body = (HELD_OUT / role / name).read_text(encoding="utf-8").split("\n", 2)[2]
        rows.append(
            {
                "id": f"p{number}",
                "title": title,
                "text": body,
                "role": role,
                "title_role": title_role,
                "title_mismatch": title_role in ("project", "program", "product")
                and title_role != role,
                "language": language,
                "label_confidence": "low" if number == 0 else "high",
            }
        )
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_scores_carry_the_baseline_mismatch_languages_and_calibration(brain, tmp_path):
    table, misses = score_postings(brain, read_cases(_jsonl(tmp_path)), "mine")
    assert table["n"] == 4
    assert set(table["per_role"]) == {"project", "program", "product", "other"}
    assert table["title_baseline_per_role"]["program"] == 0.0  # no title claims program
    assert table["n_without_low_confidence_labels"] == 3
    assert set(table["languages"]) == {"en", "de"}
    assert sum(row["n"] for row in table["calibration"]) == 4
    assert 0 <= table["ece"] <= 1
    assert len(misses) == round(4 * (1 - table["accuracy"]))


def test_the_cli_prints_the_report_and_the_misses(data_dir, tmp_path):
    result = CliRunner().invoke(
        main,
        ["evaluate", "--postings", str(_jsonl(tmp_path))],
        env={"TPM_DATA_DIR": str(data_dir)},
    )
    assert result.exit_code == 0, result.output
    for words in (
        "trusting the title",
        "title mismatch F1",
        "| language |",
        "| confidence |",
        "misses",
    ):
        assert words in result.output


def test_a_bad_line_is_named_in_one_line(data_dir, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": 1, "text": "x"}\n', encoding="utf-8")
    result = CliRunner().invoke(
        main, ["evaluate", "--postings", str(path)], env={"TPM_DATA_DIR": str(data_dir)}
    )
    assert result.exit_code == 2
    assert "bad.jsonl:1" in result.output
