"""Benchmark hostile text against an ordinary posting of the same size, in one process.

Run: uv run python benchmarks/hostile.py [--runs 5]
Each hostile text (tests/hostile.py) is 40,000 characters, as is the ordinary posting (the sample
posting repeated). Printed per text: the median time to classify it and its ratio to the ordinary
posting's median, measured in the same run; the target is at most 2x. Then the audit of every
regular expression in bot/: each one searched, matched in full and substituted over every hostile
text, against the same over the ordinary posting; printed, the worst pairs.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


from benchmarks.timing import SAMPLE, median_seconds, runs_option
from bot.core.brain import load_brain
from bot.settings import Settings
from tests.hostile import SIZE, hostile_texts


def main() -> None:
    runs = runs_option(__doc__, 5)
    brain = load_brain(Settings.from_env())
    sample = SAMPLE.read_text(encoding="utf-8")
    ordinary = (sample * (SIZE // len(sample) + 1))[:SIZE]
    for _ in range(3):
        brain.classify(ordinary)
    base = median_seconds(lambda t=ordinary: brain.classify(t), runs)
    rows = {"ordinary posting": {"median_ms": round(base * 1e3, 2), "ratio": 1.0}}
    for name, text in hostile_texts().items():
        seconds = median_seconds(lambda t=text: brain.classify(t), runs)
        rows[name] = {"median_ms": round(seconds * 1e3, 2), "ratio": round(seconds / base, 2)}
    worst = max((r["ratio"], name) for name, r in rows.items())
    print(
        json.dumps(
            {
                "texts": rows,
                "worst": {"name": worst[1], "ratio": worst[0]},
                "patterns": _pattern_audit(ordinary),
            },
            indent=2,
        )
    )


def _pattern_audit(ordinary: str) -> list[dict]:
    """Every compiled pattern in bot/, over every hostile text, against the ordinary posting."""
    import importlib
    import pkgutil
    import re

    import bot

    patterns = {}
    for module in pkgutil.walk_packages(bot.__path__, "bot."):
        if "migrations" in module.name or module.name.endswith("__main__"):
            continue
        for attr, value in vars(importlib.import_module(module.name)).items():
            if isinstance(value, re.Pattern):
                patterns[f"{module.name}.{attr}"] = value

    def cost(pattern, text: str) -> float:
        start = time.perf_counter()
        pattern.search(text)
        pattern.findall(text)
        pattern.sub(" ", text)
        return time.perf_counter() - start

    rows = []
    for name, pattern in patterns.items():
        base = max(cost(pattern, ordinary), 1e-5)
        for text_name, text in hostile_texts().items():
            seconds = cost(pattern, text)
            rows.append(
                {
                    "pattern": name,
                    "text": text_name,
                    "ms": round(seconds * 1e3, 2),
                    "vs_ordinary": round(seconds / base, 2),
                }
            )
    rows.sort(key=lambda row: -row["ms"])
    return [{"patterns": len(patterns)}, *rows[:5]]


if __name__ == "__main__":
    main()
