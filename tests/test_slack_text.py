from bot.slack.text import MAX_CHARS, escape_mrkdwn, to_plain_text


def test_mentions_are_removed_and_links_keep_their_label():
    text = "<@U0LAN0Z89> is <https://jobs.example.com/1|this posting> program work?"
    assert to_plain_text(text) == " is this posting program work?"


def test_bare_links_channels_and_broadcasts_become_readable():
    text = "<https://x.example> in <#C123|careers> cc <!here> <!subteam^S1|@pmo>"
    assert to_plain_text(text) == "https://x.example in #careers cc @here @pmo"


def test_entities_are_unescaped_once():
    assert to_plain_text("R&amp;D &lt;team&gt; &amp;amp;") == "R&D <team> &amp;"


def test_control_characters_and_binary_junk_become_spaces():
    assert to_plain_text("own\x00the\x07plan\ufffd") == "own the plan "


def test_long_pastes_are_capped():
    assert len(to_plain_text("a" * (MAX_CHARS + 500))) == MAX_CHARS


def test_escape_touches_only_slacks_three_control_characters():
    assert (
        escape_mrkdwn("<!channel> & 'quotes' \"too\"") == "&lt;!channel&gt; &amp; 'quotes' \"too\""
    )
