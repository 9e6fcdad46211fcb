"""Benchmark reading shared files: hostile files against an ordinary posting's PDF, in one process.

Run: uv run python benchmarks/files.py [--runs 5]
Printed per file: its size, the median time of `documents.extract_text` (or of the refusal), and
its ratio to the ordinary one-page PDF posting measured in the same run; then the whole answer
(`Answerer.answer_document`) for the ordinary PDF and DOCX against the same posting pasted as text.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


from benchmarks.timing import SAMPLE, median_seconds, runs_option
from bot.core.brain import load_answerer
from bot.core.documents import MAX_FILE_BYTES, MAX_PAGES, extract_text
from bot.settings import Settings
from tests.documents import blank_pdf, encrypted, make_docx, make_pdf, zip_bomb_docx


def main() -> None:
    runs = runs_option(__doc__, 5)
    lines = [line for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    latin = [line.encode("latin-1", "replace").decode("latin-1") for line in lines]
    ordinary = make_pdf(latin[:45])
    files = {
        "ordinary posting, PDF": ordinary,
        "ordinary posting, DOCX": make_docx(lines),
        f"{MAX_PAGES} dense pages": make_pdf(["x" * 90] * 45, pages=MAX_PAGES),
        "over the page limit": make_pdf(latin[:10], pages=MAX_PAGES + 1),
        "encrypted": encrypted(ordinary),
        "scanned (no text layer)": blank_pdf(3),
        "truncated PDF": ordinary[: len(ordinary) // 2],
        "zip bomb .docx (1 GB unpacked)": zip_bomb_docx(2**30),
        "binary junk at the size limit": bytes(range(256)) * (MAX_FILE_BYTES // 256),
        "paragraph flood .docx": make_docx(["a"] * 20_000),
    }
    extract_text(ordinary)
    base = median_seconds(lambda: extract_text(ordinary), runs)
    rows = {}
    for name, data in files.items():
        seconds = median_seconds(lambda d=data: extract_text(d), runs)
        rows[name] = {
            "bytes": len(data),
            "median_ms": round(seconds * 1e3, 2),
            "ratio": round(seconds / base, 2),
        }
    answerer = load_answerer(Settings.from_env())
    text = "\n".join(lines)
    answerer.answer(text)
    pasted = median_seconds(lambda: answerer.answer(text), runs)
    answers = {
        "pasted text": {"median_ms": round(pasted * 1e3, 2), "ratio": 1.0},
        **{
            kind: {
                "median_ms": round(
                    (t := median_seconds(lambda d=data: answerer.answer_document(d), runs)) * 1e3,
                    2,
                ),
                "ratio": round(t / pasted, 2),
            }
            for kind, data in (("PDF", ordinary), ("DOCX", files["ordinary posting, DOCX"]))
        },
    }
    worst = max((r["ratio"], name) for name, r in rows.items())
    print(json.dumps({"extract": rows, "worst": worst, "answer": answers}, indent=2))


if __name__ == "__main__":
    main()
