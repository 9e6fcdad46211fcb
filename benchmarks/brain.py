"""Benchmark the brain: verdict latency, training time, CLI start-up, artifact size, memory.

Run: uv run python benchmarks/brain.py [--runs 300]
Every figure is a median (p99 where named) and is also given as a ratio to a fixed pure-Python
baseline timed in the same process, so runs on noisy machines can be compared.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.timing import SAMPLE, runs_option
from bot.core.brain import load_brain
from bot.model import artifact
from bot.model.train import train
from bot.settings import Settings

QUESTION = "is this project or program: keep the RAID log and the plan for our office move"


def _baseline() -> None:
    sum(i * i for i in range(20_000))


def _times(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    runs = runs_option(__doc__, 300)
    settings = Settings.from_env()
    brain = load_brain(settings)
    posting = (SAMPLE.read_text() * 3)[:4000]
    for _ in range(20):  # warm caches
        brain.classify(posting)
        _baseline()

    base = statistics.median(_times(_baseline, runs))
    results: dict[str, object] = {"baseline_ms": round(base * 1e3, 3)}
    for name, text in (("question", QUESTION), ("posting_4000", posting)):
        times = _times(lambda t=text: brain.classify(t), runs)
        p50, p99 = statistics.median(times), _pct(times, 0.99)
        results[name] = {
            "p50_ms": round(p50 * 1e3, 3),
            "p99_ms": round(p99 * 1e3, 3),
            "p50_vs_baseline": round(p50 / base, 2),
        }

    with tempfile.TemporaryDirectory():
        fits = _times(lambda: train(settings.corpus_dir, with_cv=False), 3)
    results["train_s"] = {
        "median": round(statistics.median(fits), 2),
        "vs_baseline": round(statistics.median(fits) / base),
    }

    cli = _times(
        lambda: subprocess.run(
            [sys.executable, "-m", "bot", "classify", "--json", str(SAMPLE)],
            check=True,
            capture_output=True,
        ),
        5,
    )
    results["cli_classify_s"] = round(statistics.median(cli), 2)
    model_path, _ = artifact.paths(settings.model_dir)
    results["artifact_bytes"] = model_path.stat().st_size
    results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    results["cli_peak_rss_mb"] = round(
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1
    )
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
