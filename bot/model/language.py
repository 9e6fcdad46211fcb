"""Which language a text is in, so the answer can say what it read and admit what it cannot.

The bot reads the languages its corpus is written in. A function-word profile tells those apart,
and a few more, with no model to load: a general language identifier (py3langid, say) costs
about 0.8 s and 100 MB per process to answer a question with five possible answers.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# Fewer words than this say too little: the text is taken to be in English, the default.
MIN_WORDS = 6
# The best language's function words must make up this share of the words to name it.
MIN_SHARE = 0.12
# More than this share of letters outside the Latin script: a script the bot does not read.
MAX_FOREIGN_SCRIPT = 0.3
# A text this long whose function words match no profile is in a language the bot cannot name.
NAMEABLE_WORDS = 25
DEFAULT = "en"
FOREIGN_SCRIPT = "script"  # text in a script other than Latin
UNKNOWN = "unknown"  # Latin script, but none of the languages in the profiles

_WORD = re.compile(r"[^\W\d_]+")
# Letters outside Basic Latin to Latin Extended-B and Latin Extended Additional (Vietnamese).
_FOREIGN_LETTER = re.compile(r"[^\W\d_A-Za-z\u00c0-\u024f\u1e00-\u1eff]")


@dataclass(frozen=True)
class Language:
    code: str  # "en", "fr", …, or FOREIGN_SCRIPT
    read: bool  # whether the corpus covers it


def detect(text: str, profiles_file: Path | None = None) -> Language:
    """The language of `text` by the share of each language's function words among its words."""
    profiles = _profiles(profiles_file or _default_profiles())
    sample = text[:3000]
    found = _WORD.findall(sample)
    letters = sum(map(len, found))
    if letters and len(_FOREIGN_LETTER.findall(sample)) / letters > MAX_FOREIGN_SCRIPT:
        return Language(FOREIGN_SCRIPT, False)
    words = [w.lower() for w in found]
    if len(words) < MIN_WORDS:
        return Language(DEFAULT, True)
    counts = Counter(words)
    shares = {
        code: sum(counts[w] for w in vocabulary) / len(words)
        for code, (vocabulary, _) in profiles.items()
    }
    best = max(shares, key=lambda code: shares[code])
    if shares[best] >= MIN_SHARE:
        return Language(best, profiles[best][1])
    return Language(UNKNOWN, False) if len(words) >= NAMEABLE_WORDS else Language(DEFAULT, True)


def _default_profiles() -> Path:
    return Path(__file__).resolve().parent / "lexicons" / "languages.toml"


@cache
def _profiles(path: Path) -> dict[str, tuple[frozenset[str], bool]]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {code: (frozenset(entry["words"]), bool(entry["read"])) for code, entry in data.items()}
