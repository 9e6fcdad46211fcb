"""Hostile text of the size Slack allows gets a kind answer, never an error."""

import pytest

from bot.core.blocks import MAX_BLOCKS
from tests.hostile import hostile_texts

KINDS = {"empty", "verdict", "no_role", "off_topic", "greeting_help", "unread_language"}


@pytest.mark.parametrize(("name", "text"), sorted(hostile_texts().items()))
def test_hostile_text_gets_a_kind_answer(answerer, name, text):
    reply = answerer.answer(text)
    assert reply.kind in KINDS, (name, reply.kind)
    assert reply.text.strip()
    assert len(reply.blocks) <= MAX_BLOCKS
