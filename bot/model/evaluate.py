"""Score the models on the held-out set: roles on whole postings, intents on messages."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import classification_report, confusion_matrix, f1_score

from bot.model import INTENTS, ROLES
from bot.model.corpus import load_test_intents, load_test_postings
from bot.model.verdict import Brain


@dataclass(frozen=True)
class Miss:
    task: str
    source: str
    text: str
    expected: str
    predicted: str
    confidence: float


def _table(name: str, labels, expected, predicted) -> dict[str, Any]:
    report = classification_report(
        expected, predicted, labels=list(labels), output_dict=True, zero_division=0
    )
    return {
        "task": name,
        "n": len(expected),
        "macro_f1": float(f1_score(expected, predicted, labels=list(labels), average="macro")),
        "accuracy": float(np.mean([e == p for e, p in zip(expected, predicted, strict=True)])),
        "per_label": {
            label: {
                k: round(report[label][k], 3)
                for k in ("precision", "recall", "f1-score", "support")
            }
            for label in labels
        },
        "confusion": confusion_matrix(expected, predicted, labels=list(labels)).tolist(),
        "labels": list(labels),
    }


def _ece(confidences: list[float], correct: list[bool], bins: int = 5) -> float:
    """Expected calibration error: how far stated confidence is from the hit rate."""
    conf, hit = np.array(confidences), np.array(correct, dtype=float)
    edges = np.linspace(0, 1, bins + 1)
    total = 0.0
    for lo, hi in itertools.pairwise(edges):
        mask = (conf > lo) & (conf <= hi)
        if mask.any():
            total += mask.mean() * abs(conf[mask].mean() - hit[mask].mean())
    return float(total)


def evaluate(brain: Brain, corpus_dir: Path) -> tuple[dict[str, Any], list[Miss]]:
    misses: list[Miss] = []
    postings = load_test_postings(corpus_dir)
    exp_roles, got_roles, role_conf = [], [], []
    title_hits, title_total, mismatch_hits, mismatch_total = 0, 0, 0, 0
    for posting in postings:
        v = brain.classify(posting.text)
        predicted = v.role or "other"
        exp_roles.append(posting.label)
        got_roles.append(predicted)
        role_conf.append(v.confidence)
        if predicted != posting.label:
            misses.append(
                Miss(
                    "role",
                    posting.source,
                    posting.text[:300],
                    posting.label,
                    predicted,
                    v.confidence,
                )
            )
        if posting.title:
            title_total += 1
            title_hits += v.title_role == posting.title_role or (
                v.title_role is None and posting.title_role in ("project", "program", "product")
            )
            claimed_differs = posting.title_role in ("project", "program", "product") and (
                posting.title_role != posting.label and posting.label != "other"
            )
            if claimed_differs:
                mismatch_total += 1
                mismatch_hits += v.title_mismatch
    messages = load_test_intents(corpus_dir)
    exp_int, got_int, int_conf = [], [], []
    for message in messages:
        v = brain.classify(message.text)
        exp_int.append(message.label)
        got_int.append(v.intent)
        int_conf.append(v.intent_confidence)
        if v.intent != message.label:
            misses.append(
                Miss(
                    "intent",
                    message.source,
                    message.text,
                    message.label,
                    v.intent,
                    v.intent_confidence,
                )
            )
    roles = _table("roles on held-out postings", ROLES, exp_roles, got_roles)
    roles["ece"] = round(
        _ece(role_conf, [e == g for e, g in zip(exp_roles, got_roles, strict=True)]), 3
    )
    roles["title_role_accuracy"] = round(title_hits / title_total, 3) if title_total else None
    roles["mismatch_flagged"] = f"{mismatch_hits}/{mismatch_total}"
    intents = _table("intents on held-out messages", INTENTS, exp_int, got_int)
    intents["ece"] = round(
        _ece(int_conf, [e == g for e, g in zip(exp_int, got_int, strict=True)]), 3
    )
    misses.sort(key=lambda m: -m.confidence)
    return {"roles": roles, "intents": intents}, misses


def to_markdown(results: dict[str, Any], misses: list[Miss]) -> str:
    lines = ["# Held-out evaluation", ""]
    for table in results.values():
        lines += [
            f"## {table['task']} (n={table['n']})",
            "",
            f"macro-F1 **{table['macro_f1']:.3f}**, accuracy {table['accuracy']:.3f}, "
            f"expected calibration error {table['ece']:.3f}",
            "",
            "| label | precision | recall | F1 | support |",
            "|---|---|---|---|---|",
        ]
        for label, row in table["per_label"].items():
            lines.append(
                f"| {label} | {row['precision']:.3f} | {row['recall']:.3f} | {row['f1-score']:.3f} "
                f"| {int(row['support'])} |"
            )
        lines += ["", "Confusion matrix (rows: expected, columns: predicted)", ""]
        lines.append("| | " + " | ".join(table["labels"]) + " |")
        lines.append("|---" * (len(table["labels"]) + 1) + "|")
        for label, row in zip(table["labels"], table["confusion"], strict=True):
            lines.append(f"| {label} | " + " | ".join(str(x) for x in row) + " |")
        if "title_role_accuracy" in table:
            lines += [
                "",
                f"Title role read correctly: {table['title_role_accuracy']}; "
                f"title/duty mismatches flagged: {table['mismatch_flagged']}",
            ]
        lines.append("")
    lines += ["## Misses, most confident first", ""]
    for m in misses:
        snippet = " ".join(m.text.split())[:120].replace("|", "/")
        lines.append(
            f"- {m.task}: expected {m.expected}, got {m.predicted} ({m.confidence:.2f}) "
            f"`{Path(m.source.split(':')[0]).name}`: {snippet}"
        )
    return "\n".join(lines) + "\n"


def write_report(results, misses, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "evaluation.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    with (out_dir / "misses.jsonl").open("w", encoding="utf-8") as handle:
        for m in misses:
            handle.write(json.dumps(m.__dict__, ensure_ascii=False) + "\n")
    path = out_dir / "evaluation.md"
    path.write_text(to_markdown(results, misses), encoding="utf-8")
    return path
