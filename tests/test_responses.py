"""Every reply renders from the templates to valid Block Kit and to a plain-text fallback."""

import re
from pathlib import Path

import pytest
from slack_sdk.models.blocks import Block

from bot.core import blocks
from bot.model import INTENTS, ROLES
from bot.settings import ROOT

JINJA_TAGS = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.S)

CASES = {
    "greeting": "hello! what can you do?",
    "explain": "what is the difference between project and program management?",
    "career": "should I apply for a program manager job if I have only run single projects?",
    "off_topic": "what's a good recipe for banana bread",
    "no_role": "is this role project or program?",
    "empty": "   ",
}


def validate(block_list):
    """slack_sdk's models run Block Kit's validators only in to_dict()."""
    assert 1 <= len(block_list) <= blocks.MAX_BLOCKS
    for raw in block_list:
        assert Block.parse(raw).to_dict() == raw


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_kind_of_reply_renders(answerer, name):
    reply = answerer.answer(CASES[name])
    validate(reply.blocks)
    assert reply.text.strip() and "{{" not in reply.text and "None" not in reply.text


def test_every_intent_has_a_template(renderer):
    templates = set(renderer.templates())
    needed = {i for i in INTENTS if i != "role_check"} | {"verdict", "no_role", "empty", "error"}
    assert needed <= templates


def test_every_role_has_ui_labels(renderer):
    for table in ("roles", "roles_short", "feedback"):
        assert set(ROLES) <= set(renderer.ui[table])


def test_a_verdict_shows_confidence_evidence_and_title_warning(answerer, sample_posting):
    reply = answerer.answer(sample_posting)
    validate(reply.blocks)
    assert reply.kind == "verdict"
    assert "Confidence: " in reply.text
    assert "Keep the RAID log for the relaunch" in reply.text
    assert "read the job description carefully" in reply.text


def test_hostile_text_is_escaped_not_obeyed(answerer):
    reply = answerer.answer(
        "• Run the weekly status meeting <!channel> & keep the plan for <@U1|x> R&D's move"
    )
    joined = str(reply.blocks)
    assert "<!channel>" not in joined and "<!channel>" not in reply.text
    assert "R&amp;D's" in reply.text and "&#39;" not in reply.text


def test_a_40000_character_paste_stays_within_block_kit_limits(answerer, sample_posting):
    reply = answerer.answer((sample_posting + "\n") * 40)
    validate(reply.blocks)
    assert len(reply.text) < 4000
    assert any(b["type"] == "context" and "more lines" in str(b) for b in reply.blocks)


def test_long_layouts_are_cut_to_the_block_limit():
    layout = "\n".join(f"# heading {i}\n---" for i in range(60))
    out = blocks.to_blocks(layout)
    assert len(out) == blocks.MAX_BLOCKS
    validate(out)


def test_home_lists_each_verdict_on_its_own_line(renderer):
    history = [
        {
            "when": "01 Dec 10:00",
            "role": "project",
            "confidence": 0.9,
            "title": "PM <b>",
            "feedback": "project",
            "agreed": True,
        },
        {
            "when": "02 Dec 11:00",
            "role": "program",
            "confidence": 0.7,
            "title": None,
            "feedback": "product",
            "agreed": False,
        },
    ]
    stats = [{"role": "project", "agreed": 3, "total": 4, "rate": 0.75}]
    layout = renderer.render("home", history=history, stats=stats)
    lines = layout.splitlines()
    assert '• 01 Dec 10:00: project (90%), titled "PM &lt;b&gt;", you agreed' in lines
    assert "• 02 Dec 11:00: program (70%), you said product" in lines
    assert "• project: 3 of 4 (75%)" in lines and lines.count("---") == 4
    validate(blocks.to_blocks(layout))


def test_a_server_answerer_starts_with_every_template_compiled(base_settings):
    from bot.core.brain import load_warm_answerer

    env = load_warm_answerer(base_settings).renderer.env
    compiled = {template.name for template in env.cache.values()}
    assert compiled == set(env.list_templates(extensions=["j2"]))


def long_sentences(template: Path) -> set[str]:
    """A template's sentences of 8 or more words, lower-cased, with the jinja tags stripped."""
    text = JINJA_TAGS.sub(" ", template.read_text(encoding="utf-8")).replace("\u2019", "'")
    found = set()
    for sentence in re.split(r"(?<=[.!?])\s+|\n", text):
        words = re.findall(r"[\w']+", sentence.lower())
        if len(words) >= 8:
            found.add(" ".join(words))
    return found


def repeated_sentences(responses: Path) -> list[str]:
    seen: dict[str, str] = {}
    repeated = []
    for path in sorted(responses.glob("*.j2")):
        if path.name == "_macros.j2":
            continue
        for sentence in sorted(long_sentences(path)):
            if sentence in seen:
                repeated.append(f"{seen[sentence]} and {path.name}: {sentence}")
            seen.setdefault(sentence, path.name)
    return repeated


def test_no_sentence_is_written_out_in_two_templates():
    """Wording that two replies share lives once, in _macros.j2, so it cannot drift apart."""
    repeated = repeated_sentences(ROOT / "responses")
    assert not repeated, "move into a macro in _macros.j2:\n" + "\n".join(repeated)
