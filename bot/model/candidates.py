"""Turn shared feedback into corpus candidates for a person to review; training never reads them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.model import BOILERPLATE, LINE_LABELS, ROLES
from bot.model.segment import segments, word_count
from bot.model.verdict import Brain


def candidate_lines(brain: Brain, text: str, label: str) -> list[str]:
    lines = [s for s in segments(text) if word_count(s) >= 3]
    if not lines:
        return lines
    boilerplate = brain.line_probs(lines)[:, LINE_LABELS.index(BOILERPLATE)]
    return [
        line
        for line, p in zip(lines, boilerplate, strict=True)
        if p < brain.thresholds.obvious_boilerplate
    ]


def export(brain: Brain, rows: list[dict[str, Any]], out_dir: Path) -> dict[str, int]:
    """Write `<out_dir>/<label>.txt` in the corpus's format, most informative first."""
    out_dir.mkdir(parents=True, exist_ok=True)
    blocks: dict[str, list[str]] = {label: [] for label in ROLES}
    for row in rows:
        lines = candidate_lines(brain, row["text"], row["label"])
        if not lines:
            continue
        verdict = "agreed" if row["agreed"] else "corrected"
        blocks[row["label"]] += [
            f"# feedback {row['id']} ({verdict}): model said {row['predicted_role']} "
            f"({row['confidence']:.2f}, margin {row['margin']:.2f}), user said {row['label']}",
            *lines,
            "",
        ]
    counts = {}
    for label, lines in blocks.items():
        path = out_dir / f"{label}.txt"
        header = [
            f"# Candidates for corpus/roles/<language>/{label}.txt from users' feedback. Review",
            "# each line (a boilerplate line belongs in boilerplate.txt, whatever the posting was)",
            "# against corpus/README.md, then move the good ones by hand. Training never reads this.",
            "",
        ]
        path.write_text("\n".join(header + lines) + "\n", encoding="utf-8")
        counts[label] = sum(1 for line in lines if line and not line.startswith("#"))
    return counts
