"""Score the models: roles on whole postings (held out, or any JSONL of real ones), intents on
messages. Every postings report carries the baseline of trusting the title, the title-mismatch
check, accuracy per language, a calibration table and the misses."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import classification_report, confusion_matrix, f1_score

from bot.errors import CorpusError
from bot.model import INTENTS, MANAGEMENT_ROLES, ROLES, kinds
from bot.model.corpus import (
    Posting,
    load_test_experience,
    load_test_fits,
    load_test_intents,
    load_test_postings,
    load_test_questions,
)
from bot.model.fit import fit
from bot.model.verdict import Brain

CALIBRATION_BINS = 10
CONFIDENT = 0.9  # "wrong at >= 90% confidence" is the count a user would feel most


@dataclass(frozen=True)
class Case:
    """One posting with its labels, as in the real-postings JSONL format."""

    id: str
    text: str  # as a user pastes it: title line, blank line, the ad
    role: str
    title_role: str | None = None  # None: the title claims no role for sure
    title_mismatch: bool = False
    language: str = "en"
    label_confidence: str = "high"


@dataclass(frozen=True)
class Miss:
    task: str
    source: str
    text: str
    expected: str
    predicted: str
    confidence: float


def read_cases(path: Path) -> list[Case]:
    """Postings from a JSONL file with `id, title, text, role, title_role, title_mismatch,
    language[, label_confidence]` per line (the real-dev format)."""
    cases = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{path}: cannot read ({exc})") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            title = row.get("title") or ""
            cases.append(
                Case(
                    id=str(row["id"]),
                    text=f"{title}\n\n{row['text']}" if title else row["text"],
                    role=row["role"],
                    title_role=row.get("title_role") if row.get("title_role") in ROLES else None,
                    title_mismatch=bool(row.get("title_mismatch")),
                    language=row.get("language", "en"),
                    label_confidence=row.get("label_confidence", "high"),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
            raise CorpusError(f"{path}:{number}: not a labelled posting ({exc})") from None
        if cases[-1].role not in ROLES:
            raise CorpusError(f"{path}:{number}: role {cases[-1].role!r} is not one of {ROLES}")
    if not cases:
        raise CorpusError(f"{path}: no postings")
    return cases


def held_out_cases(postings: Iterable[Posting]) -> list[Case]:
    return [
        Case(
            id=Path(p.source).name,
            text=p.text,
            role=p.label,
            title_role=p.title_role,
            title_mismatch=p.title_role in MANAGEMENT_ROLES and p.title_role != p.label,
            language=p.language,
        )
        for p in postings
    ]


def _f1s(expected: list[str], predicted: list[str]) -> tuple[float, dict[str, dict[str, float]]]:
    per = _per_label(expected, predicted, ROLES)
    return float(np.mean([per[r]["f1-score"] for r in ROLES])), per


def _per_label(expected, predicted, labels) -> dict[str, dict[str, float]]:
    """Precision, recall, F1 and support per label, rounded for the report."""
    report = classification_report(
        expected, predicted, labels=list(labels), output_dict=True, zero_division=0
    )
    return {
        label: {
            k: round(report[label][k], 3) for k in ("precision", "recall", "f1-score", "support")
        }
        for label in labels
    }


def _label_row(label: str, row: dict[str, float], *extra: str) -> str:
    """One markdown table row of `_per_label` figures, with any extra cells after them."""
    cells = [
        label,
        f"{row['precision']:.3f}",
        f"{row['recall']:.3f}",
        f"{row['f1-score']:.3f}",
        str(int(row["support"])),
        *extra,
    ]
    return "| " + " | ".join(cells) + " |"


def _binary_f1(expected: list[bool], predicted: list[bool]) -> dict[str, float]:
    tp = sum(e and p for e, p in zip(expected, predicted, strict=True))
    fp = sum(p and not e for e, p in zip(expected, predicted, strict=True))
    fn = sum(e and not p for e, p in zip(expected, predicted, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"f1": round(f1, 3), "precision": round(precision, 3), "recall": round(recall, 3)}


def calibration_table(confidences: list[float], correct: list[bool]) -> tuple[list[dict], float]:
    """Rows of (bin, n, mean confidence, accuracy) and the expected calibration error."""
    conf, hit = np.array(confidences), np.array(correct, dtype=float)
    rows, ece = [], 0.0
    edges = np.linspace(0, 1, CALIBRATION_BINS + 1)
    for lo, hi in itertools.pairwise(edges):
        mask = (conf > lo) & (conf <= hi) if lo > 0 else (conf >= lo) & (conf <= hi)
        if not mask.any():
            continue
        mean_conf, accuracy = float(conf[mask].mean()), float(hit[mask].mean())
        ece += mask.mean() * abs(mean_conf - accuracy)
        rows.append(
            {
                "bin": f"{lo:.1f}-{hi:.1f}",
                "n": int(mask.sum()),
                "confidence": round(mean_conf, 3),
                "accuracy": round(accuracy, 3),
            }
        )
    return rows, round(float(ece), 3)


def score_postings(brain: Brain, cases: list[Case], task: str) -> tuple[dict[str, Any], list[Miss]]:
    """Every figure the real-postings issue asks for, on `cases`."""
    verdicts = [brain.classify(c.text) for c in cases]
    expected = [c.role for c in cases]
    predicted = [v.role or "other" for v in verdicts]
    confidences = [v.confidence for v in verdicts]
    correct = [e == p for e, p in zip(expected, predicted, strict=True)]
    macro, per_role = _f1s(expected, predicted)
    title_macro, title_per_role = _f1s(expected, [c.title_role or "other" for c in cases])
    confident = [i for i, c in enumerate(cases) if c.label_confidence != "low"]
    confident_macro, _ = _f1s([expected[i] for i in confident], [predicted[i] for i in confident])
    table, ece = calibration_table(confidences, correct)
    languages: dict[str, dict[str, float]] = {}
    for language in sorted({c.language for c in cases}):
        idx = [i for i, c in enumerate(cases) if c.language == language]
        languages[language] = {
            "n": len(idx),
            "accuracy": round(sum(correct[i] for i in idx) / len(idx), 3),
        }
    non_english = [i for i, c in enumerate(cases) if c.language != "en"]
    results = {
        "task": task,
        "n": len(cases),
        "macro_f1": round(macro, 3),
        "accuracy": round(float(np.mean(correct)), 3),
        "per_role": per_role,
        "title_baseline_macro_f1": round(title_macro, 3),
        "title_baseline_per_role": {r: title_per_role[r]["f1-score"] for r in ROLES},
        "macro_f1_without_low_confidence_labels": round(confident_macro, 3),
        "n_without_low_confidence_labels": len(confident),
        "title_mismatch": _binary_f1(
            [c.title_mismatch for c in cases], [v.title_mismatch for v in verdicts]
        ),
        "languages": languages,
        "non_english_accuracy": (
            round(sum(correct[i] for i in non_english) / len(non_english), 3)
            if non_english
            else None
        ),
        "calibration": table,
        "ece": ece,
        "wrong_at_90": sum(
            1 for c, ok in zip(confidences, correct, strict=True) if c >= CONFIDENT and not ok
        ),
        "confusion": confusion_matrix(expected, predicted, labels=list(ROLES)).tolist(),
        "labels": list(ROLES),
    }
    misses = [
        Miss("role", c.id, c.text[:300], c.role, p, v.confidence)
        for c, v, p, ok in zip(cases, verdicts, predicted, correct, strict=True)
        if not ok
    ]
    misses.sort(key=lambda m: -m.confidence)
    return results, misses


def _intent_table(expected, predicted) -> dict[str, Any]:
    return {
        "task": "intents on held-out messages",
        "n": len(expected),
        "macro_f1": round(
            float(f1_score(expected, predicted, labels=list(INTENTS), average="macro")), 3
        ),
        "accuracy": round(
            float(np.mean([e == p for e, p in zip(expected, predicted, strict=True)])), 3
        ),
        "per_label": _per_label(expected, predicted, INTENTS),
        "confusion": confusion_matrix(expected, predicted, labels=list(INTENTS)).tolist(),
        "labels": list(INTENTS),
    }


def _as_written(text: str) -> str:
    return text


def score_questions(
    brain: Brain, corpus_dir: Path, read: Callable[[str], str] = _as_written
) -> tuple[dict[str, Any], list[Miss]]:
    """Roles read out of held-out role-check questions (a question that gets no role counts as
    wrong), and for the `other` ones whether the answer named the kind of work they are."""
    questions = load_test_questions(corpus_dir, kinds.lexicon())
    verdicts = [brain.classify(read(q.text)) for q in questions]
    expected = [q.role for q in questions]
    predicted = [v.role or "none" for v in verdicts]
    macro, per_role = _f1s(expected, predicted)
    others = [(q, v) for q, v in zip(questions, verdicts, strict=True) if q.role == "other"]
    named = [v.closer_to.name if v.closer_to else None for _, v in others]
    table = {
        "task": "roles in held-out role-check questions",
        "n": len(questions),
        "macro_f1": round(macro, 3),
        "other_f1": per_role["other"]["f1-score"],
        "per_role": per_role,
        "closer_to_accuracy": round(
            float(np.mean([q.closer_to == n for (q, _), n in zip(others, named, strict=True)])), 3
        ),
        "n_other": len(others),
    }
    misses = [
        Miss("question", q.source, q.text, q.role, p, v.confidence)
        for q, v, p in zip(questions, verdicts, predicted, strict=True)
        if p != q.role
    ]
    return table, misses


def _rate(hits: list[bool]) -> float:
    return round(float(np.mean(hits)), 3) if hits else 0.0


def score_experience(
    brain: Brain, corpus_dir: Path, read: Callable[[str], str] = _as_written
) -> tuple[dict[str, Any], list[Miss]]:
    """What the sender's own work is, read from held-out messages about it; and "should I
    apply?" pairs: the posting's role, the experience's role and how well one covers the other."""
    cases = load_test_experience(corpus_dir)
    verdicts = [brain.classify(read(c.text)) for c in cases]
    predicted = [v.role or "none" for v in verdicts]
    macro, per_role = _f1s([c.role for c in cases], predicted)
    fits = [(c, fit(brain, c.me, c.posting)) for c in load_test_fits(corpus_dir)]
    table = {
        "task": "the sender's own work, and should I apply",
        "n": len(cases),
        "macro_f1": round(macro, 3),
        "per_role": per_role,
        "read_as_own_work": _rate([v.subject == "self" for v in verdicts]),
        "n_fit": len(fits),
        "fit_match_accuracy": _rate([f.match == c.match for c, f in fits]),
        "fit_posting_role_accuracy": _rate([f.posting.role == c.posting_role for c, f in fits]),
        "fit_experience_role_accuracy": _rate([f.me.role == c.me_role for c, f in fits]),
    }
    misses = [
        Miss("experience", c.source, c.text, c.role, p, v.confidence)
        for c, v, p in zip(cases, verdicts, predicted, strict=True)
        if p != c.role
    ] + [Miss("fit", c.source, c.me, c.match, f.match, 0.0) for c, f in fits if f.match != c.match]
    return table, misses


def experience_markdown(table: dict[str, Any]) -> list[str]:
    return _role_table(
        f"{table['task']} (n={table['n']}, pairs {table['n_fit']})",
        f"role of the sender's work macro-F1 **{table['macro_f1']:.3f}**; read as their own work "
        f"{table['read_as_own_work']:.3f}; should-I-apply match (yes, partly, no) accuracy "
        f"**{table['fit_match_accuracy']:.3f}**, posting role "
        f"{table['fit_posting_role_accuracy']:.3f}, experience role "
        f"{table['fit_experience_role_accuracy']:.3f}",
        table["per_role"],
    )


def questions_markdown(table: dict[str, Any]) -> list[str]:
    return _role_table(
        f"{table['task']} (n={table['n']})",
        f"role macro-F1 **{table['macro_f1']:.3f}**; other F1 **{table['other_f1']:.3f}**; "
        f"the kind of work named right for {table['closer_to_accuracy']:.3f} of the "
        f"{table['n_other']} other ones",
        table["per_role"],
    )


def _role_table(heading: str, summary: str, per_role: dict[str, dict[str, float]]) -> list[str]:
    """A short-message section of the report: heading, figures, per-role table."""
    lines = [f"## {heading}", "", summary, "", "| role | precision | recall | F1 | support |"]
    lines.append("|---|---|---|---|---|")
    lines += [_label_row(role, row) for role, row in per_role.items()]
    return [*lines, ""]


def evaluate(
    brain: Brain, corpus_dir: Path, *, read_message: Callable[[str], str] = _as_written
) -> tuple[dict[str, Any], list[Miss]]:
    """The held-out set: whole postings, role-check questions and messages, all written by a
    different hand. The messages are written as people type them in Slack (mentions, links,
    `&amp;`): `read_message` turns one into what the model reads, as the Slack edge does."""
    roles, misses = score_postings(
        brain, held_out_cases(load_test_postings(corpus_dir)), "roles on held-out postings"
    )
    messages = load_test_intents(corpus_dir)
    verdicts = [brain.classify(read_message(m.text)) for m in messages]
    expected = [m.label for m in messages]
    got = [v.intent for v in verdicts]
    intents = _intent_table(expected, got)
    _, intents["ece"] = calibration_table(
        [v.intent_confidence for v in verdicts],
        [e == g for e, g in zip(expected, got, strict=True)],
    )
    misses += [
        Miss("intent", m.source, m.text, m.label, v.intent, v.intent_confidence)
        for m, v in zip(messages, verdicts, strict=True)
        if v.intent != m.label
    ]
    questions, missed_questions = score_questions(brain, corpus_dir, read_message)
    experience, missed_experience = score_experience(brain, corpus_dir, read_message)
    misses += missed_questions + missed_experience
    misses.sort(key=lambda m: -m.confidence)
    return {
        "roles": roles,
        "questions": questions,
        "experience": experience,
        "intents": intents,
    }, misses


def postings_markdown(table: dict[str, Any]) -> list[str]:
    """The postings figures as markdown lines."""
    mismatch = table["title_mismatch"]
    lines = [
        f"## {table['task']} (n={table['n']})",
        "",
        f"role macro-F1 **{table['macro_f1']:.3f}** (trusting the title: "
        f"{table['title_baseline_macro_f1']:.3f}); accuracy {table['accuracy']:.3f}; "
        f"macro-F1 without low-confidence labels {table['macro_f1_without_low_confidence_labels']:.3f} "
        f"(n={table['n_without_low_confidence_labels']})",
        "",
        f"title mismatch F1 {mismatch['f1']:.3f} (precision {mismatch['precision']:.3f}, "
        f"recall {mismatch['recall']:.3f}); calibration error {table['ece']:.3f}; "
        f"wrong at >= 90% confidence: {table['wrong_at_90']}",
        "",
        "| role | precision | recall | F1 | support | F1 trusting the title |",
        "|---|---|---|---|---|---|",
    ]
    for role, row in table["per_role"].items():
        lines.append(_label_row(role, row, f"{table['title_baseline_per_role'][role]:.3f}"))
    lines += ["", "| language | n | accuracy |", "|---|---|---|"]
    for language, row in table["languages"].items():
        lines.append(f"| {language} | {row['n']} | {row['accuracy']:.3f} |")
    lines += ["", "| confidence | n | mean confidence | accuracy |", "|---|---|---|---|"]
    for row in table["calibration"]:
        lines.append(
            f"| {row['bin']} | {row['n']} | {row['confidence']:.3f} | {row['accuracy']:.3f} |"
        )
    lines += ["", "Confusion (rows expected, columns predicted)", ""]
    lines.append("| | " + " | ".join(table["labels"]) + " |")
    lines.append("|---" * (len(table["labels"]) + 1) + "|")
    for label, row in zip(table["labels"], table["confusion"], strict=True):
        lines.append(f"| {label} | " + " | ".join(str(x) for x in row) + " |")
    return [*lines, ""]


def to_markdown(results: dict[str, Any], misses: list[Miss]) -> str:
    lines = ["# Held-out evaluation", "", *postings_markdown(results["roles"])]
    lines += questions_markdown(results["questions"])
    lines += experience_markdown(results["experience"])
    table = results["intents"]
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
        lines.append(_label_row(label, row))
    lines += ["", "## Misses, most confident first", ""]
    lines += [miss_line(m) for m in misses]
    return "\n".join(lines) + "\n"


def miss_line(m: Miss) -> str:
    snippet = " ".join(m.text.split())[:120].replace("|", "/")
    return (
        f"- {m.task}: expected {m.expected}, got {m.predicted} ({m.confidence:.2f}) "
        f"`{Path(m.source.split(':')[0]).name}`: {snippet}"
    )


def write_report(results, misses, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "evaluation.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    with (out_dir / "misses.jsonl").open("w", encoding="utf-8") as handle:
        for m in misses:
            handle.write(json.dumps(asdict(m), ensure_ascii=False) + "\n")
    path = out_dir / "evaluation.md"
    path.write_text(to_markdown(results, misses), encoding="utf-8")
    return path
