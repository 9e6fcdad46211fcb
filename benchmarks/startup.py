"""Benchmark start-up: `tpm-bot ask` as a whole process, and the web process until /healthz.

Run: uv run python benchmarks/startup.py [--runs 7]
Printed: medians of whole-process wall time for `tpm-bot ask` and for `python -c "import numpy"`
run alternately in the same session, their ratio (target <= 2.5), and the median seconds from
starting the Procfile's web process to its first 200 from /healthz (target <= 3 s), with the
resident memory of its master and workers then. Both run with Python's bytecode cache, as an
installed service does.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.core.brain import load_models
from bot.settings import ROOT
from tests.fakes.slack_api import FakeSlack
from tests.server import running_server, server_env

QUESTION = "Own the schedule, budget and vendors for our office move"


def _wall(command: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def _rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, shared pages counted in each."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for p in pids:
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return round(total / 1024, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    data_dir = Path(tempfile.mkdtemp(prefix="tpm-startup-"))
    load_models(ROOT / "corpus", data_dir / "model")
    env = {"PATH": str(bin_dir), "TPM_DATA_DIR": str(data_dir), "HOME": str(data_dir)}
    ask, numpy = [], []
    for _ in range(args.runs):
        ask.append(_wall([str(bin_dir / "tpm-bot"), "ask", QUESTION], env))
        numpy.append(_wall([sys.executable, "-c", "import numpy"], env))
    fake = FakeSlack().start()
    healthy, memory = [], []
    for _ in range(max(1, args.runs // 2)):
        database = f"sqlite:///{data_dir / f'startup-{len(healthy)}.sqlite3'}"
        web_env = server_env(data_dir, database, fake.url)
        # Measured as deployed: Python's bytecode cache on (as for `ask` above). A shell with
        # PYTHONDONTWRITEBYTECODE set would otherwise recompile every module at each start.
        web_env.pop("PYTHONDONTWRITEBYTECODE", None)
        subprocess.run(
            [str(bin_dir / "tpm-bot"), "db", "upgrade"],
            env=web_env,
            check=True,
            capture_output=True,
        )
        started = time.perf_counter()
        with running_server(web_env, release=False) as (base, pid):
            healthy.append(time.perf_counter() - started)
            urllib.request.urlopen(base + "/healthz").read()
            memory.append(_rss_mb(pid))
    results = {
        "ask_s": round(statistics.median(ask), 3),
        "import_numpy_s": round(statistics.median(numpy), 3),
        "ask_vs_import_numpy": round(statistics.median(ask) / statistics.median(numpy), 2),
        "healthz_after_start_s": round(statistics.median(healthy), 2),
        "web_rss_mb_at_start": statistics.median(memory),
    }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
