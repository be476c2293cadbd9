"""Time vhuis's main commands on a large store, against the floor, in one run.

    python bench/run.py                    # 2,000 cases, 5 repeats
    python bench/run.py --cases 500 --repeat 3
    python bench/run.py --store /tmp/vhuis-bench   # reuse a generated store

The floor is "parse every case file once with PyYAML's C loader", run as its own
Python process like the commands are. Every figure is the median of the repeats,
wall-clock, each command a fresh process. Ratios are to the floor measured in the
same run, so a busier or quieter machine moves both sides alike.
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

from generate import generate

FLOOR = """
import glob, yaml
for name in glob.glob("cases/*.yaml"):
    with open(name, encoding="utf-8") as f:
        yaml.load(f, Loader=yaml.CSafeLoader)
"""


def timed(
    command: list[str], cwd: Path, before: Callable[[], None] | None = None, repeat: int = 5, status: int = 0
) -> float:
    env = {**os.environ, "NO_COLOR": "1", "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
           "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.org"}  # fmt: skip
    env.pop("VHUIS_STORE", None)
    times = []
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.perf_counter()
        done = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
        if done.returncode != status:
            raise SystemExit(f"{' '.join(command)} exited {done.returncode}, not {status}")
    return statistics.median(times)


def beyond_start(seconds: float, start: float, floor: float) -> str:
    ratio = (seconds - start) / floor
    return f"(this - start-up) = {ratio:.3f}x, < 0.1x: {'met' if ratio < 0.1 else 'NOT met'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--store", type=Path, help="a store made by bench/generate.py (default: a new one)")
    args = parser.parse_args()

    made = None
    if args.store is None:
        made = Path(tempfile.mkdtemp(prefix="vhuis-bench-"))
        print(f"generating {args.cases} cases in {made} ...", file=sys.stderr)
        store = generate(made / "store", args.cases)
    else:
        store = args.store
    count = len(list((store / "cases").glob("*.yaml")))
    index = store / ".git" / "vhuis" / "index.json"
    vhuis = [sys.executable, "-m", "vhuis"]
    first_case = sorted(p.stem for p in (store / "cases").glob("*.yaml"))[0]
    r = args.repeat

    def drop_index() -> None:
        index.unlink(missing_ok=True)

    try:
        bare = timed([sys.executable, "-c", "pass"], store, repeat=r)
        floor = timed([sys.executable, "-c", FLOOR], store, repeat=r)
        version = timed([*vhuis, "--version"], store, repeat=r)
        # Start-up of a real command: parse its options, find the store, stop (there is no case 9999-999).
        start = timed([*vhuis, "case", "show", "9999-999", "--json"], store, repeat=r, status=4)
        helped = timed([*vhuis, "--help"], store, repeat=r)
        owes_first = timed([*vhuis, "owes", "--json"], store, before=drop_index, repeat=r)
        owes_later = timed([*vhuis, "owes", "--json"], store, repeat=r)
        owes_people = timed([*vhuis, "owes"], store, repeat=r)
        listed = timed([*vhuis, "case", "list", "--json"], store, repeat=r)
        checked_first = timed([*vhuis, "check", "--json"], store, before=drop_index, repeat=1)
        checked = timed([*vhuis, "check", "--json"], store, repeat=r)
        reported = timed([*vhuis, "report", "--json"], store, repeat=r)
        shown = timed([*vhuis, "case", "show", first_case, "--json"], store, repeat=r)
        added = timed(
            [*vhuis, "signal", "add", first_case, "--source", "citizen", "--summary", "Benchmark"], store, repeat=r
        )
    finally:
        if made is not None:
            shutil.rmtree(made, ignore_errors=True)

    rows = [
        ("python -c pass (bare start)", bare, None, ""),
        ("floor: parse every case file (C loader)", floor, 1.0, ""),
        ("vhuis --version", version, version / floor, ""),
        ("start-up: a command that parses options, finds the store, stops", start, start / floor, ""),
        ("vhuis --help", helped, helped / floor, f"<= bare + 0.25 s: {'met' if helped - bare <= 0.25 else 'NOT met'}"),
        ("vhuis owes --json, first run (no index)", owes_first, owes_first / floor,
         f"<= 1.2x: {'met' if owes_first / floor <= 1.2 else 'NOT met'}"),
        ("vhuis owes --json, later runs", owes_later, owes_later / floor,
         f"<= 0.25x: {'met' if owes_later / floor <= 0.25 else 'NOT met'}"),
        ("vhuis owes (table), later runs", owes_people, owes_people / floor, ""),
        ("vhuis case list --json, later runs", listed, listed / floor, ""),
        ("vhuis check --json, first run (once; privacy scan of all text)", checked_first, checked_first / floor, ""),
        ("vhuis check --json, later runs", checked, checked / floor, ""),
        ("vhuis report --json, later runs", reported, reported / floor, ""),
        ("vhuis case show --json", shown, shown / floor, beyond_start(shown, start, floor)),
        ("vhuis signal add (one commit)", added, added / floor, beyond_start(added, start, floor)),
    ]  # fmt: skip
    print(f"\n{count} cases, median of {r} runs each, Python {sys.version.split()[0]}\n")
    print("| what | median (s) | ratio to floor | target |")
    print("| --- | ---: | ---: | --- |")
    for name, seconds, ratio, target in rows:
        print(f"| {name} | {seconds:.3f} | {'' if ratio is None else f'{ratio:.2f}x'} | {target} |")


if __name__ == "__main__":
    main()
