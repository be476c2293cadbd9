"""Time ``vhuis sync`` between two clones of a large store, each command a fresh process.

    python bench/sync.py                       # 2,000 cases, 5 repeats
    python bench/sync.py --cases 500 --repeat 9
    PYTHONPATH=/path/to/other/vhuis python bench/sync.py   # the same figures for another vhuis

Two rows, each the median of the repeats, wall-clock and CPU (user + sys of vhuis and every git it
started: steadier than wall-clock on a busy machine); the setup before each run is not timed:

- "plain": a colleague has sent one change (a signal on one case) and this clone made one (a signal on
  another case): the sync fetches, merges both, checks what it sends and pushes.
- "nothing to do": a sync right after a sync.

The remote is a bare repository in a folder, so the figures are vhuis's and git's, not a network's.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from generate import generate

GIT_ENV = {"GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
           "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.org"}  # fmt: skip


def run(*command: str | Path, cwd: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1", **GIT_ENV}
    env.pop("VHUIS_STORE", None)
    subprocess.run([str(part) for part in command], cwd=cwd, env=env, check=True, capture_output=True)


def timed(command: list[str], cwd: Path, before: Callable[[], None] | None, repeat: int) -> tuple[float, float]:
    """The median wall-clock and CPU seconds of ``command`` (with every program it started)."""
    env = {**os.environ, "NO_COLOR": "1", **GIT_ENV}
    env.pop("VHUIS_STORE", None)
    walls, cpus = [], []
    for _ in range(repeat):
        if before is not None:
            before()
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - used.ru_utime + after.ru_stime - used.ru_stime)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(command)} exited {done.returncode}")
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    made = Path(tempfile.mkdtemp(prefix="vhuis-bench-sync-"))
    vhuis = [sys.executable, "-m", "vhuis"]
    try:
        print(f"generating {args.cases} cases in {made} ...", file=sys.stderr)
        ours = generate(made / "ours", args.cases)
        remote, colleague = made / "remote.git", made / "colleague"
        run("git", "init", "-q", "--bare", "-b", "main", remote, cwd=made)
        run("git", "remote", "add", "origin", remote, cwd=ours)
        run(*vhuis, "sync", cwd=ours)
        run("git", "clone", "-q", remote, colleague, cwd=made)
        run(*vhuis, "case", "list", cwd=colleague)  # teaches it the merge driver, as any first command does
        cases = sorted(path.stem for path in (ours / "cases").glob("*.yaml"))
        turn = iter(range(10_000))

        def one_change_each() -> None:
            n = next(turn)
            summary = f"Benchmark {n}"
            run(*vhuis, "signal", "add", cases[0], "--source", "citizen", "--summary", summary, cwd=colleague)
            run(*vhuis, "sync", cwd=colleague)
            run(*vhuis, "signal", "add", cases[-1], "--source", "police", "--summary", summary, cwd=ours)

        plain = timed([*vhuis, "sync"], ours, before=one_change_each, repeat=args.repeat)
        idle = timed([*vhuis, "sync"], ours, None, repeat=args.repeat)
    finally:
        shutil.rmtree(made, ignore_errors=True)

    print(f"\n{args.cases} cases, median of {args.repeat} runs each, Python {sys.version.split()[0]}\n")
    print("| what | wall (s) | CPU (s) |")
    print("| --- | ---: | ---: |")
    print(f"| vhuis sync, plain (one commit each side, merged, sent) | {plain[0]:.3f} | {plain[1]:.3f} |")
    print(f"| vhuis sync, nothing to do | {idle[0]:.3f} | {idle[1]:.3f} |")


if __name__ == "__main__":
    main()
