"""The models' contract: the JSON shape, ranges, evidence, titles, boilerplate and hostile input."""

import json

import pytest

from bot.errors import EmptyInput
from bot.model import INTENTS, ROLES
from bot.model.train import train

KEYS = {
    "intent",
    "role",
    "confidence",
    "scores",
    "hybrid",
    "title",
    "title_role",
    "title_mismatch",
    "language",
    "closer_to",
    "subject",
    "evidence",
}

PROJECT_DUTIES = """\
• Build and keep the delivery plan for the warehouse system upgrade: milestones, owners, dates
• Track the budget and raise change requests when the scope moves
• Run the daily stand-up with the developers and the vendor
• Keep the RAID log current and chase actions to closure
• Plan the cut-over weekend and hand the system over to support
"""
BOILERPLATE = """\
We offer 30 days of holiday, a pension and private health cover.
Applicants of every background are welcome here, and we hire on merit alone.
Founded in 1998, we are a family-owned business with offices in five countries.
Salary: 55,000 to 65,000 EUR depending on experience.
Please apply with your CV; we do not accept applications from agencies.
"""


def _check_contract(out: dict) -> None:
    assert set(out) == KEYS
    assert out["intent"] in INTENTS
    assert out["role"] in (*ROLES, None)
    assert 0 <= out["confidence"] <= 1
    assert set(out["scores"]) == set(ROLES)
    assert sum(out["scores"].values()) == pytest.approx(1, abs=1e-3)
    assert out["title_role"] in (*ROLES, None)
    assert out["closer_to"] is None or out["role"] == "other"
    assert out["subject"] in ("posting", "message", "self")
    assert isinstance(out["hybrid"], bool) and isinstance(out["title_mismatch"], bool)
    weights = [e["weight"] for e in out["evidence"]]
    assert all(set(e) == {"text", "role", "weight"} and e["role"] in ROLES for e in out["evidence"])
    assert all(0 <= w <= 1 for w in weights)
    json.dumps(out)


def test_the_sample_posting_is_project_work_under_a_program_title(brain, sample_posting):
    v = brain.classify(sample_posting).to_json()
    _check_contract(v)
    assert (v["intent"], v["role"], v["title_role"], v["title_mismatch"]) == (
        "role_check",
        "project",
        "program",
        True,
    )
    assert v["title"] == "Program Manager, Customer Portal Relaunch"
    assert v["evidence"][0]["role"] == "project"


def test_evidence_is_strongest_first_within_the_verdicts_role(brain, sample_posting):
    evidence = brain.classify(sample_posting).evidence
    same = [e.weight for e in evidence if e.role == "project"]
    assert same == sorted(same, reverse=True)


def test_boilerplate_does_not_sway_the_verdict(brain):
    plain = brain.classify(PROJECT_DUTIES)
    padded = brain.classify(PROJECT_DUTIES + BOILERPLATE * 3)
    assert plain.role == padded.role == "project"
    assert not any("pension" in e.text for e in padded.evidence)


def test_a_mixed_posting_is_called_hybrid_with_its_split(brain):
    program = """\
• Align the goals of the six projects in the data platform portfolio with the company strategy
• Manage the dependencies between the ingestion, storage and reporting projects
• Allocate engineers across the projects as priorities shift each quarter
• Chair the monthly steering committee and report programme-level risks to executives
"""
    v = brain.classify(PROJECT_DUTIES + program)
    assert v.hybrid is True
    assert {v.role} <= {"project", "program"}
    assert v.split["project"] > 0.3 and v.split["program"] > 0.3


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("hi there, what can you do?", "greeting_help"),
        ("what is the difference between project and program management?", "explain_difference"),
        ("what's a good recipe for banana bread", "off_topic"),
    ],
)
def test_texts_that_describe_no_role_get_no_role(brain, text, intent):
    v = brain.classify(text).to_json()
    _check_contract(v)
    assert (v["intent"], v["role"], v["title"]) == (intent, None, None)


def test_a_question_with_a_duty_gets_a_verdict(brain):
    v = brain.classify(
        "is this project or program: align five related projects to one strategic goal "
        "and manage the dependencies between them"
    )
    assert (v.intent, v.role) == ("role_check", "program")


def test_a_question_without_duties_gets_no_verdict(brain):
    v = brain.classify("is this role project or program?")
    assert (v.intent, v.role) == ("role_check", None)


def test_bare_pm_is_reported_as_ambiguous(brain):
    v = brain.classify("the PM will talk to customers, write the PRDs and prioritise the backlog")
    assert v.acronym == "PM" and set(v.acronym_readings) == {"project", "program", "product"}
    assert v.role == "product"


@pytest.mark.parametrize(
    "text",
    [
        "x" * 40_000,
        "Own the plan 🚀🔥 " * 2000,
        "プロジェクトの計画とスケジュールを管理する。予算を追跡する。",
        "\x00\x01\x02\xff binary \ufffd junk \x7f",
        "<@U123> <https://x|label> &amp; <!channel>",
        "Gérer le calendrier du projet et le budget; coordonner les fournisseurs.",
    ],
)
def test_any_text_at_all_gets_a_verdict(brain, text):
    _check_contract(brain.classify(text).to_json())


@pytest.mark.parametrize("text", ["", "   \n\t", "---\n•••", "🚀🚀🚀"])
def test_empty_text_raises_empty_input(brain, text):
    with pytest.raises(EmptyInput):
        brain.classify(text)


def test_training_is_deterministic(small_model):
    corpus, _, first = small_model  # trained on `corpus` by the same `train`, earlier this session
    a, (b, _) = first.models, train(corpus, with_cv=False)
    for name in ("role", "intent"):
        assert (a[name][-1].coef_ == b[name][-1].coef_).all()
    assert (a["decider"].coef_ == b["decider"].coef_).all()


def test_a_message_that_overruns_the_time_budget_is_answered_from_what_was_read(brain, answerer):
    from bot.model.serving import ServingModels
    from bot.model.verdict import BUDGET_CHUNK, Brain

    models = ServingModels(brain.role_model, brain.intent_model, brain.decider, meta={})
    hurried = Brain(models, brain.thresholds, budget_seconds=0.0)
    posting = "\n".join(f"Keep the RAID log for the office move, week {n}" for n in range(200))
    verdict = hurried.classify(posting)
    assert verdict.truncated and verdict.role == "project"
    assert len(verdict.evidence) <= BUDGET_CHUNK
    assert not brain.classify(posting).truncated
    assert "very long" in answerer.reply_for(verdict).text
