import pytest

from bot.model.segment import MAX_SEGMENTS, Segment, sections, segments


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


def test_bullets_pasted_on_one_line_are_separated_and_their_heading_read():
    assert sections("Duties: • Own the plan • Track the budget • Run stand-ups") == [
        Segment("Own the plan", "duties"),
        Segment("Track the budget", "duties"),
        Segment("Run stand-ups", "duties"),
    ]


def test_markdown_escapes_emphasis_and_headings_are_undone():
    text = (
        "### Responsibilities:\n\n  * **Own** the plan for the move\n\\- Track the budget\n\n"
        "**What we offer**\n* A pension &amp; private health cover"
    )
    assert sections(text) == [
        Segment("Own the plan for the move", "duties"),
        Segment("Track the budget", "duties"),
        Segment("A pension &amp; private health cover", "benefits"),
    ]


def test_a_hard_wrapped_paste_is_joined_back_into_sentences():
    text = (
        "JOB DESCRIPTION: The incumbent will be responsible for the day to day\n"
        "management of the project, including supervision of the project staff\n"
        "and preparation of the quarterly reports to the donor agency in time.\n"
        "JOB RESPONSIBILITIES:\n"
        "- Ensure timely implementation of the project activities in line with\n"
        "the approved work plan and the budget of the current project year;\n"
        "REQUIRED QUALIFICATIONS:\n"
        "- University degree in public health, social sciences or a related\n"
        "field, with five years or more spent running projects of this size.\n"
    )
    assert sections(text) == [
        Segment(
            "The incumbent will be responsible for the day to day management of the project, "
            "including supervision of the project staff and preparation of the quarterly reports "
            "to the donor agency in time.",
            "duties",
        ),
        Segment(
            "Ensure timely implementation of the project activities in line with the approved "
            "work plan and the budget of the current project year;",
            "duties",
        ),
        Segment(
            "University degree in public health, social sciences or a related field, with five "
            "years or more spent running projects of this size.",
            "requirements",
        ),
    ]


def test_short_unwrapped_lines_stay_apart():
    text = "Minimum qualifications:\nBS degree or equivalent practical experience\nExperience leading programs"
    assert sections(text) == [
        Segment("BS degree or equivalent practical experience", "requirements"),
        Segment("Experience leading programs", "requirements"),
    ]


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Vos missions", "duties"),
        ("Votre profil :", "requirements"),
        ("Ihre Aufgaben", "duties"),
        ("Das bringst du mit", "requirements"),
        ("Wir bieten", "benefits"),
        ("¿Qué harás?", "duties"),
        ("Se valorará", "preferred"),
        ("About the role", "duties"),
        ("About us", "company"),
        ("Nice to have", "preferred"),
        ("HOW TO APPLY:", "apply"),
        ("Equal Opportunity Employer", "legal"),
    ],
)
def test_headings_in_every_language_are_read(heading, kind):
    assert sections(f"Intro line here.\n{heading}\nA line under it.") == [
        Segment("Intro line here.", "intro"),
        Segment("A line under it.", kind),
    ]


def test_a_duty_that_merely_ends_with_a_colon_is_kept():
    assert segments("The Project Manager will:\n- Own the plan") == [
        "The Project Manager will:",
        "Own the plan",
    ]


def test_lines_without_words_are_dropped_and_count_is_capped():
    assert segments("----\n\n•\n🚀🚀\nOwn it") == ["Own it"]
    assert len(segments("Own the plan.\n" * (MAX_SEGMENTS + 50))) == MAX_SEGMENTS
