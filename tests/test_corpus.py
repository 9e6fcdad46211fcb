"""The corpus checker: sizes, duplicates, label files and no leakage into the held-out set."""

from collections import Counter

import pytest

from bot.errors import CorpusError
from bot.model import INTENTS, LANGUAGES, LINE_LABELS, ROLES
from bot.model.corpus import (
    load_intents,
    load_labelled_dir,
    load_postings,
    load_roles,
    load_test_intents,
    load_test_postings,
)
from bot.model.segment import segments
from bot.settings import ROOT

CORPUS = ROOT / "corpus"


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def test_every_label_in_every_language_has_lines_and_every_intent_60_messages():
    by_language = Counter(
        (e.source.split("/roles/")[1].split("/")[0], e.label) for e in load_roles(CORPUS)
    )
    thin = {key: n for key, n in by_language.items() if n < 120}
    assert len(by_language) == len(LANGUAGES) * len(LINE_LABELS), by_language
    assert thin == {}
    english = Counter(e.label for e in load_roles(CORPUS) if "/roles/en/" in e.source)
    assert min(english.values()) >= 600, english
    intents = Counter(e.label for e in load_intents(CORPUS))
    assert {i: intents[i] >= 60 for i in INTENTS} == dict.fromkeys(INTENTS, True), intents


def test_training_and_held_out_postings_cover_every_role_and_language():
    for postings, least in ((load_postings(CORPUS), 3), (load_test_postings(CORPUS), 2)):
        counts = Counter((p.language, p.label) for p in postings)
        assert {(lang, r): counts[lang, r] >= least for lang in LANGUAGES for r in ROLES} == {
            (lang, r): True for lang in LANGUAGES for r in ROLES
        }, counts
    messages = Counter(e.label for e in load_test_intents(CORPUS))
    assert all(messages[i] >= 20 for i in INTENTS), messages


def test_held_out_postings_include_titles_that_claim_another_role():
    claims = [p for p in load_test_postings(CORPUS) if p.title_role not in (None, p.label)]
    assert len(claims) >= 8


@pytest.mark.parametrize("loader", [load_roles, load_intents])
def test_no_item_appears_twice_or_under_two_labels(loader):
    seen: dict[str, str] = {}
    clashes = []
    for example in loader(CORPUS):
        key = _norm(example.text)
        if key in seen:
            clashes.append((example.source, seen[key]))
        seen[key] = example.source
    assert clashes == []


def test_training_never_sees_held_out_text():
    training = {_norm(e.text) for e in load_roles(CORPUS) + load_intents(CORPUS)}
    for posting in load_postings(CORPUS):
        training.update(_norm(s) for s in segments(posting.text) if len(s.split()) >= 6)
    held_out = {_norm(e.text) for e in load_test_intents(CORPUS)}
    for posting in load_test_postings(CORPUS):
        held_out.update(_norm(s) for s in segments(posting.text) if len(s.split()) >= 6)
    assert training & held_out == set()


def test_an_unknown_language_folder_is_named(tmp_path):
    (tmp_path / "roles" / "xx").mkdir(parents=True)
    (tmp_path / "roles" / "xx" / "project.txt").write_text("Own the plan\n")
    with pytest.raises(CorpusError, match="xx"):
        load_roles(tmp_path)


def test_an_unknown_label_file_is_named(tmp_path):
    (tmp_path / "project.txt").write_text("Own the plan\n")
    (tmp_path / "projetc.txt").write_text("Typo in the file name\n")
    with pytest.raises(CorpusError, match=r"projetc\.txt"):
        load_labelled_dir(tmp_path, ["project"])


def test_comments_and_blank_lines_are_skipped_and_sources_name_the_line(tmp_path):
    (tmp_path / "project.txt").write_text("# a comment\n\nOwn the plan\n")
    [example] = load_labelled_dir(tmp_path, ["project"])
    assert (example.text, example.label) == ("Own the plan", "project")
    assert example.source.endswith("project.txt:3")
