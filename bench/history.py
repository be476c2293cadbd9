"""Time ``vhuis history`` on a store with a long history, each command a fresh process.

    python bench/history.py                        # a new store: 200 cases, 2,000 commits
    python bench/history.py --repeat 9
    python bench/generate.py /tmp/h --cases 200 --commits 2000 && python bench/history.py --store /tmp/h

Figures are wall-clock medians of the repeats. "first run" removes the history
cache (.git/vhuis/history.json) before each run; "later runs" keep it. "first
line" is the time until the first line of the text output arrives on the pipe;
"| head -5" is the whole shell pipeline, which ends as soon as head has its lines.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from generate import add_history, generate

ENV = {**os.environ, "NO_COLOR": "1"}
ENV.pop("VHUIS_STORE", None)


def median(run: Callable[[], float], repeat: int, before: Callable[[], None] | None = None) -> float:
    times = []
    for _ in range(repeat):
        if before is not None:
            before()
        times.append(run())
    return statistics.median(times)


def whole(command: list[str], cwd: Path) -> Callable[[], float]:
    def run() -> float:
        start = time.perf_counter()
        done = subprocess.run(command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(command)} exited {done.returncode}")
        return time.perf_counter() - start

    return run


def first_line(command: list[str], cwd: Path) -> Callable[[], float]:
    def run() -> float:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        assert process.stdout is not None
        process.stdout.readline()
        seconds = time.perf_counter() - start
        process.stdout.read()
        process.wait()
        return seconds

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--commits", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--store", type=Path, help="a store made by bench/generate.py --commits (default: a new one)")
    args = parser.parse_args()

    made = None
    if args.store is None:
        made = Path(tempfile.mkdtemp(prefix="vhuis-history-"))
        print(f"generating {args.cases} cases and {args.commits} commits in {made} ...", file=sys.stderr)
        store = generate(made / "store", args.cases)
        add_history(store, args.commits)
    else:
        store = args.store
    cache = store / ".git" / "vhuis" / "history.json"
    vhuis = [sys.executable, "-m", "vhuis", "history"]
    commits = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=store, capture_output=True, text=True)
    busiest = subprocess.run(
        "git log --format= --name-only -- cases | sort | uniq -c | sort -rn | head -1",
        shell=True, cwd=store, capture_output=True, text=True,
    ).stdout.split()[-1]  # fmt: skip
    case_id = Path(busiest).stem
    r = args.repeat

    def drop_cache() -> None:
        cache.unlink(missing_ok=True)

    pipeline = f"{' '.join(vhuis)} | head -5"
    try:
        rows = [
            ("history --json, first run (no cache)", median(whole([*vhuis, "--json"], store), r, drop_cache)),
            ("history --json, later runs", median(whole([*vhuis, "--json"], store), r)),
            ("history (text), later runs", median(whole(vhuis, store), r)),
            ("history: first line, first run", median(first_line(vhuis, store), r, drop_cache)),
            ("history: first line, later runs", median(first_line(vhuis, store), r)),
            ("history | head -5, first run", median(whole(["sh", "-c", pipeline], store), r, drop_cache)),
            ("history | head -5, later runs", median(whole(["sh", "-c", pipeline], store), r)),
            (f"history {case_id} --json, first run", median(whole([*vhuis, case_id, "--json"], store), r, drop_cache)),
            (f"history {case_id} --json, later runs", median(whole([*vhuis, case_id, "--json"], store), r)),
        ]
    finally:
        if made is not None:
            shutil.rmtree(made, ignore_errors=True)
    print(f"\n{commits.stdout.strip()} commits, median of {r} runs each, Python {sys.version.split()[0]}\n")
    print("| what | median (s) |")
    print("| --- | ---: |")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.3f} |")


if __name__ == "__main__":
    main()
