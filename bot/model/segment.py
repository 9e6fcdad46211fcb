"""Split a posting or message into duty-sized segments, each tagged with the section it sits in.

Real ads arrive hard-wrapped (e-mailed postings), in markdown (`### Responsibilities`, `**bold**`,
`\\-` escapes) or as `Responsibilities:` fields. The model scores segments, so the layout is undone
first: escapes and emphasis dropped, wrapped lines joined, headings read into section kinds.
Every pattern here is linear in the input: no nested or adjacent overlapping quantifiers.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# A posting of 40k characters has a few hundred lines; beyond this the rest is rarely duties
# and scoring it would only cost time.
MAX_SEGMENTS = 400
# Segments longer than this are sentences run together; they are split further or cut.
MAX_SEGMENT_CHARS = 400
# A heading is short: "Key responsibilities", "Was du mitbringst", "JOB DESCRIPTION:".
MAX_HEADING_WORDS = 8
# Lines of a hard-wrapped paste end near one width; a line this close to it continues.
WRAPPED_SHARE = 0.75
SECTION_KINDS = ("duties", "requirements", "preferred", "company", "benefits", "apply", "legal")
INTRO = "intro"  # text before the first heading

_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_ODD_SPACES = re.compile(r"[\t\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_EMPHASIS = re.compile(r"\*\*|__|~~|`")
_BULLET = re.compile(r"^(?:[-*+•·▪◦●○■□➢➤►▶✓✔→–—>]+|\(?\d{1,2}[.)]|\(?[a-zA-Z][.)](?= ))")
_INLINE_BULLETS = re.compile(r"[•▪◦●■➢➤►]| [-*] ")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[\"'(\[]?[A-Z0-9])")
_WORD = re.compile(r"\w+", re.UNICODE)
_NOT_LETTER = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Segment:
    text: str
    section: str  # one of SECTION_KINDS, or INTRO before the first heading


def segments(text: str) -> list[str]:
    """The text of each segment, in order."""
    return [s.text for s in sections(text)]


def sections(text: str, headings_file: Path | None = None) -> list[Segment]:
    """Lines, bullets and sentences of `text` with the kind of section each one is in."""
    lexicon = _lexicon(headings_file or _default_headings())
    out: list[Segment] = []
    kind = INTRO
    for line, is_bullet in _paragraphs(text):
        heading, rest = _split_heading(line, is_bullet, lexicon)
        if heading is not None:
            kind = heading
            if not rest:
                continue
            line = rest
        for piece in _INLINE_BULLETS.split(line):
            piece = _BULLET.sub("", piece.strip()).strip()
            if not piece:
                continue
            for sentence in _SENTENCE_END.split(piece):
                sentence = sentence.strip()
                if _WORD.search(sentence):
                    out.append(Segment(sentence[:MAX_SEGMENT_CHARS], kind))
                if len(out) >= MAX_SEGMENTS:
                    return out
    return out


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def words(text: str) -> list[str]:
    """The words of `text`, lowercased."""
    return _WORD.findall(text.lower())


def normalise_layout(text: str) -> str:
    """One kind of line break and space; markdown escapes and emphasis removed."""
    text = _LINE_BREAKS.sub("\n", text)
    text = _ODD_SPACES.sub(" ", text)
    text = _ESCAPED.sub(r"\1", text)
    return _EMPHASIS.sub("", text)


def _paragraphs(text: str):
    """(line, starts_with_a_bullet) with hard-wrapped lines joined back into one."""
    lines = [line.strip() for line in normalise_layout(text).split("\n")]
    width = _wrap_width(lines)
    current, current_bullet = "", False
    for raw in lines:
        line = raw.lstrip("#").strip() if raw.startswith("#") else raw
        if not line:
            if current:
                yield current, current_bullet
            current, current_bullet = "", False
            continue
        bullet = bool(_BULLET.match(line))
        if current and not bullet and not raw.startswith("#") and _continues(current, line, width):
            current = f"{current} {line}"
            continue
        if current:
            yield current, current_bullet
        current, current_bullet = line, bullet
    if current:
        yield current, current_bullet


def _wrap_width(lines: list[str]) -> int | None:
    """The column a hard-wrapped paste breaks at, or None when lines are not wrapped."""
    lengths = sorted(len(line) for line in lines if line)
    if len(lengths) < 8:
        return None
    width = lengths[int(len(lengths) * 0.9)]
    near = [line for line in lines if WRAPPED_SHARE * width <= len(line) <= width]
    # Wrapped lines end mid-sentence; a list of full sentences of similar length is not wrapped.
    unfinished = sum(1 for line in near if line[-1] not in ".!?:;")
    wrapped = len(near) >= 0.4 * len(lengths) and unfinished >= 0.6 * len(near)
    return width if 50 <= width <= 100 and wrapped else None


def _continues(previous: str, line: str, width: int | None) -> bool:
    """Whether `line` carries on the sentence that `previous` left unfinished."""
    if previous[-1] in ".!?:;" or (len(line.split()) == 1 and line[-1] == ":"):
        return False
    if line[0].islower() or previous[-1] in ",-/&(" or previous.endswith((" and", " or")):
        return True
    return width is not None and len(previous) >= WRAPPED_SHARE * width


def _split_heading(line: str, is_bullet: bool, lexicon: dict[str, str]) -> tuple[str | None, str]:
    """(section kind, text after the heading) when `line` is or starts with a heading."""
    if is_bullet:
        return None, line
    head, colon, rest = line.partition(":")
    if colon and len(head.split()) <= MAX_HEADING_WORDS:
        kind = _heading_kind(head, lexicon, exact=False)
        if kind:
            return kind, rest.strip()
    if len(line.split()) <= MAX_HEADING_WORDS and line[-1] not in ".;,":
        shouting = line.isupper()
        kind = _heading_kind(line, lexicon, exact=not shouting)
        if kind:
            return kind, ""
    return None, line


def _heading_kind(text: str, lexicon: dict[str, str], *, exact: bool) -> str | None:
    """The kind of the longest lexicon phrase in `text`, or of the phrase it equals when `exact`.
    A heading has a few words, so every run of its words is looked up: no scan of the lexicon."""
    words = _key(text).split()
    if not words or len(words) > MAX_HEADING_WORDS:
        return None
    if exact:
        return lexicon.get(" ".join(words))
    best, best_len = None, 0
    for start in range(len(words)):
        for end in range(start + 1, len(words) + 1):
            phrase = " ".join(words[start:end])
            kind = lexicon.get(phrase)
            if kind and len(phrase) > best_len:
                best, best_len = kind, len(phrase)
    return best


def _key(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return _NOT_LETTER.sub(" ", folded.replace("'", "")).strip()


def _default_headings() -> Path:
    return Path(__file__).resolve().parent / "lexicons" / "sections.toml"


@cache
def _lexicon(path: Path) -> dict[str, str]:
    """Heading phrase (as `_key` folds it) to section kind, from `path`."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    phrases: dict[str, str] = {}
    for kind in SECTION_KINDS:
        for listed in data.get(kind, {}).values():
            for phrase in listed:
                phrases.setdefault(_key(phrase), kind)
    return phrases
