"""Hostile texts of the size Slack allows, for tests and benchmarks/hostile.py.

Each is 40,000 characters shaped to trip a regular expression or a cache: long runs of one kind
of space, floods of line breaks and bullets, markup, one endless word, binary junk.
"""

from __future__ import annotations

import random

SIZE = 40_000


def _fill(unit: str) -> str:
    return (unit * (SIZE // len(unit) + 1))[:SIZE]


def hostile_texts() -> dict[str, str]:
    rng = random.Random(0)
    junk = "".join(chr(rng.randrange(0x20, 0x3000)) for _ in range(SIZE))
    words = " ".join(
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randrange(3, 40)))
        for _ in range(SIZE // 20)
    )[:SIZE]
    return {
        "spaces": _fill(" "),
        "newlines": _fill("\n"),
        "crlf": _fill("\r\n"),
        "newlines then a word": "\n" * (SIZE - 10) + "Own a plan",
        "spaced newlines then a word": " \n" * (SIZE // 2 - 5) + "Own a plan",
        "tabbed lines then a word": "\t\n" * (SIZE // 2 - 5) + "Own a plan",
        "ideographic spaces": _fill("\u3000"),
        "tabs and spaces": _fill(" \t"),
        "no-break spaces": _fill("\xa0"),
        "line separators": _fill("\u2028"),
        "bullets": _fill("• "),
        "dash bullets": _fill("- "),
        "star bullets": _fill("* \n"),
        "spaces between words": _fill("plan" + " " * 997),
        "spaces after a period": "Own the plan." + " " * (SIZE - 20) + "again",
        "one endless word": _fill("a"),
        "colons": _fill(": "),
        "hashes": _fill("#"),
        "escapes": _fill("\\-"),
        "open brackets": _fill("("),
        "slack markup": _fill("<@U123|"),
        "open angle brackets": _fill("<"),
        "entities": _fill("&amp;"),
        "headings": _fill("Responsibilities:\n"),
        "title words": _fill("Senior Project Manager "),
        "title words on lines": _fill("Senior Project Manager\n"),
        "hiring phrases": _fill("hiring a "),
        "random words": words,
        "binary junk": junk,
        "emoji": _fill("🚀"),
    }
