"""Short role-check questions are read by their duties: the title and the asking are not evidence."""

import json

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.errors import CorpusError
from bot.model.corpus import load_test_questions
from bot.model.kinds import closer_to, lexicon
from bot.model.question import duty_clauses
from bot.model.title import find_title

# New examples in the shapes the issue names; none is in corpus/test/questions.tsv.
NEITHER = [
    (
        "Release engineer: maintain the CI pipelines, cut release branches, fix broken builds. "
        "Is that program management?",
        "engineering",
    ),
    (
        "Our 'Ambassador Program Manager' recruits student ambassadors, ships them merch and runs "
        "a monthly call. Program in the TPM sense?",
        "community",
    ),
    (
        "Data protection officer: keep the records of processing, run impact assessments, answer "
        "the regulator. project or program?",
        "compliance",
    ),
    (
        "Store manager: staff rota, stock levels, weekly footfall reports. Project management?",
        "operations",
    ),
]


def _read(text):
    return [c.read for c in duty_clauses([text], find_title(text))]


def test_the_asking_clause_is_not_scored():
    read = _read("maintain the CI pipelines, fix broken builds. Is that program management?")
    assert read == ["maintain the CI pipelines, fix broken builds."]


def test_a_quoted_title_is_taken_out_and_the_duties_stay():
    (read,) = _read("'Loyalty Program Manager' - set the points rules and write the member emails")
    assert "Program" not in read and "points rules" in read


def test_role_words_leave_an_asking_clause_that_also_states_duties():
    (read,) = _read("is running the schedule and budget of one office move project management?")
    assert "schedule and budget of one office move" in read
    assert "management" not in read


def test_a_message_with_no_duties_comes_back_whole():
    text = "is this PM job project or program?"
    assert _read(text) == [text]


@pytest.mark.parametrize(("question", "kind"), NEITHER)
def test_a_non_management_job_gets_neither_with_its_kind(brain, question, kind):
    verdict = brain.classify(question)
    assert verdict.intent == "role_check"
    assert verdict.role == "other"
    assert verdict.closer_to is not None and verdict.closer_to.name == kind
    assert verdict.evidence and all(e.role == "other" for e in verdict.evidence)


def test_management_duties_after_a_misleading_title_still_read_as_management(brain):
    verdict = brain.classify(
        "title says Program Manager: own the plan, budget and go-live of our one ERP cutover. "
        "program?"
    )
    assert verdict.role == "project"
    assert verdict.title_mismatch


def test_the_neither_reply_names_the_kind_and_the_lesson(answerer):
    reply = answerer.answer(NEITHER[0][0])
    assert reply.kind == "neither"
    assert "closer to engineering" in reply.text
    assert '"pipeline"' in reply.text
    assert 'A title containing "program" or "project" does not make the work' in reply.text


def test_the_json_says_what_other_work_is_closer_to(data_dir, monkeypatch, tmp_path):
    monkeypatch.setenv("TPM_DATA_DIR", str(data_dir))
    path = tmp_path / "q.txt"
    path.write_text(NEITHER[2][0], encoding="utf-8")
    result = CliRunner().invoke(main, ["classify", "--json", str(path)])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert (out["role"], out["closer_to"]) == ("other", "compliance")


def test_no_cue_names_no_kind():
    assert closer_to(["own the plan and the budget"]) is None


def test_held_out_questions_are_checked_on_load(tmp_path):
    (tmp_path / "test").mkdir()
    path = tmp_path / "test" / "questions.tsv"
    path.write_text("role\tcloser_to\tquestion\nother\tjuggling\tclowns: juggle. program?\n")
    with pytest.raises(CorpusError, match=r"questions\.tsv:2"):
        load_test_questions(tmp_path, lexicon())
    path.write_text("role\tcloser_to\tquestion\nproject\tsales\tplan one move. project?\n")
    with pytest.raises(CorpusError, match="other only"):
        load_test_questions(tmp_path, lexicon())
