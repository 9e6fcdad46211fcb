from bot.model.segment import MAX_SEGMENTS, segments


def test_bullets_of_every_kind_are_stripped():
    text = "• Own the plan\n- Track the budget\n* Run stand-ups\n1. Close the project\n2) Hand over"
    assert segments(text) == [
        "Own the plan",
        "Track the budget",
        "Run stand-ups",
        "Close the project",
        "Hand over",
    ]


def test_prose_is_split_into_sentences():
    text = "You will run the relaunch. You will also keep the RAID log! Questions? Ask us."
    assert segments(text) == [
        "You will run the relaunch.",
        "You will also keep the RAID log!",
        "Questions?",
        "Ask us.",
    ]


def test_bullets_pasted_on_one_line_are_separated():
    assert segments("Duties: • Own the plan • Track the budget • Run stand-ups") == [
        "Duties:",
        "Own the plan",
        "Track the budget",
        "Run stand-ups",
    ]


def test_lines_without_words_are_dropped_and_count_is_capped():
    assert segments("----\n\n•\n🚀🚀\nOwn it") == ["Own it"]
    assert len(segments("Own the plan.\n" * (MAX_SEGMENTS + 50))) == MAX_SEGMENTS
