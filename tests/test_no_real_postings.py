"""The real postings are for measuring only: no run of their words may enter the project."""

import json
import re

import pytest

from bot.settings import ROOT

REAL = ROOT.parent / "shared" / "eval" / "real-dev" / "postings.jsonl"
RUN = 8  # words in a row; shorter runs are stock phrases ("equal opportunity employer")
_WORD = re.compile(r"\w+")


def _runs(text: str) -> set[str]:
    words = [w.lower() for w in _WORD.findall(text)]
    return {" ".join(words[i : i + RUN]) for i in range(len(words) - RUN + 1)}


@pytest.mark.skipif(not REAL.exists(), reason="the real postings are not beside this checkout")
def test_no_line_of_corpus_templates_or_tests_repeats_a_real_posting():
    real: set[str] = set()
    for line in REAL.read_text(encoding="utf-8").splitlines():
        if line.strip():
            real |= _runs(json.loads(line)["text"])
    files = [
        *(ROOT / "corpus").rglob("*.txt"),
        *(ROOT / "corpus").rglob("*.tsv"),  # held-out questions, experience, fit pairs, titles
        *(ROOT / "responses").rglob("*"),
        *(ROOT / "bot").rglob("*.toml"),  # lexicons
        *(ROOT / "tests").rglob("*.py"),
        *(ROOT / "benchmarks").rglob("*.py"),
    ]
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in files
        if path.is_file()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if _runs(line) & real
    ]
    assert found == []
