from bot.core.blocks import escape_mrkdwn
from bot.model.prepare import MAX_CHARS, clean
from bot.slack.text import MARKUP_CAP, only_links, to_plain_text


def test_mentions_are_removed_and_links_keep_their_label():
    text = "<@U0LAN0Z89> is <https://jobs.example.com/1|this posting> program work?"
    assert to_plain_text(text) == " is this posting program work?"


def test_bare_links_channels_and_broadcasts_become_readable():
    text = "<https://x.example> in <#C123|careers> cc <!here> <!subteam^S1|@pmo>"
    assert to_plain_text(text) == "https://x.example in #careers cc @here @pmo"


def test_entities_are_unescaped_once():
    assert to_plain_text("R&amp;D &lt;team&gt; &amp;amp;") == "R&D <team> &amp;"


def test_a_message_of_links_and_mentions_only_is_only_links():
    assert only_links("<@U1> <https://jobs.example.com/42|Senior PgM>")
    assert only_links("see https://jobs.example.com/42") is False
    assert only_links("https://jobs.example.com/42 <https://x.example>")


def test_the_model_reads_plain_text_as_written():
    """Markup is the edge's business: the model's own clean-up leaves entities alone."""
    assert clean("R&amp;D own\x00the\x07plan\ufffd") == "R&amp;D own the plan "
    assert clean("ｐｒｏｇｒａｍ") == "program"


def test_long_pastes_are_capped():
    assert len(clean("a" * (MAX_CHARS + 500))) == MAX_CHARS
    assert len(to_plain_text("a" * (MARKUP_CAP + 500))) == MARKUP_CAP


def test_escape_touches_only_slacks_three_control_characters():
    assert (
        escape_mrkdwn("<!channel> & 'quotes' \"too\"") == "&lt;!channel&gt; &amp; 'quotes' \"too\""
    )


def test_a_mention_alone_is_answered_as_an_empty_message(answerer):
    assert answerer.answer(to_plain_text("<@U123> <#C1>")).kind == "empty"
