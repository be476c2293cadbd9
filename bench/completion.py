"""Time shell completion on a large store, as the shell calls it: one vhuis process per <TAB>.

    python bench/completion.py                      # a new 2,000-case store, 9 repeats
    python bench/completion.py --store /tmp/vhuis-bench --repeat 15

Each figure is the median wall-clock time of a fresh ``vhuis`` process (the console script)
with bash's (``COMP_WORDS``/``COMP_CWORD``) or zsh's (``_TYPER_COMPLETE_ARGS``) protocol.
"Warm" runs follow each other; "cold" runs first drop the page cache of the store's files,
the index and every Python file vhuis loads (``posix_fadvise(DONTNEED)``, this user's files
only), so the disk is read again as after a reboot, as far as the machine lets go of them.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

from generate import generate

import vhuis


def evict(*folders: Path) -> None:
    """Ask the kernel to drop the cached pages of every file under ``folders``."""
    for folder in folders:
        for path in folder.rglob("*"):
            try:
                with path.open("rb") as handle:
                    os.posix_fadvise(handle.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
            except OSError:
                continue


def timed(env: dict[str, str], cwd: Path, repeat: int, cold: list[Path] | None = None) -> tuple[float, float, str]:
    """Median wall-clock and CPU (user + system) seconds of the completion, and what it printed."""
    script = shutil.which("vhuis") or str(Path(sys.executable).with_name("vhuis"))
    times, cpu, shown = [], [], ""
    for _ in range(repeat):
        if cold is not None:
            evict(*cold)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run([script], cwd=cwd, env={**os.environ, **env}, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        if done.returncode != 0 or done.stderr:
            raise SystemExit(f"completion failed: {done.returncode} {done.stderr}")
        shown = done.stdout
    return statistics.median(times), statistics.median(cpu), shown


def bare_python(repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bash(words: str) -> dict[str, str]:
    cword = len(words.split()) - (0 if words.endswith(" ") else 1)
    return {"_VHUIS_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)}


def zsh(words: str) -> dict[str, str]:
    return {"_VHUIS_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": words}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--store", type=Path, help="a store made by bench/generate.py (default: a new one)")
    args = parser.parse_args()
    made = None
    if args.store is None:
        made = Path(tempfile.mkdtemp(prefix="vhuis-bench-"))
        store = generate(made / "store", args.cases)
    else:
        store = args.store
    env = {"NO_COLOR": "1"}
    os.environ.pop("VHUIS_STORE", None)
    index = store / ".git" / "vhuis" / "index.json"
    code = [Path(vhuis.__file__).parent, Path(sysconfig.get_paths()["purelib"])]
    cases = sorted(p.stem for p in (store / "cases").glob("*.yaml"))
    prefix = cases[-1][:6].rstrip("0123456789") + "0"  # e.g. 2022-0: the first 99 cases of the last year
    r = args.repeat
    rows = []
    try:
        subprocess.run([sys.executable, "-m", "vhuis", "case", "list", "--json"], cwd=store, capture_output=True)
        for label, words, protocol in [
            ("commands: `vhuis ca<TAB>`", "vhuis ca", bash),
            (f"case ids: `vhuis case show {prefix}<TAB>`", f"vhuis case show {prefix}", bash),
            ("partner ids: `vhuis owes <TAB>`", "vhuis owes ", bash),
            ("statuses: `vhuis case list --status <TAB>`", "vhuis case list --status ", bash),
            (
                f"case ids with titles (zsh, from the index): `vhuis case show {prefix}`",
                f"vhuis case show {prefix}",
                zsh,
            ),
        ]:
            warm, warm_cpu, shown = timed({**env, **protocol(words)}, store, r)
            cold, cold_cpu, _ = timed({**env, **protocol(words)}, store, r, cold=[store, index.parent, *code])
            rows.append((label, len(shown.splitlines()), cold, cold_cpu, warm, warm_cpu))
        bare, bare_cpu, _ = timed({**env, **bash("vhuis --versio")}, Path(tempfile.gettempdir()), r)
        rows.append(("outside a store: `vhuis --versio<TAB>` (start-up and the app)", 1, None, None, bare, bare_cpu))
        floor = bare_python(r)
    finally:
        if made is not None:
            shutil.rmtree(made, ignore_errors=True)
    print(f"\n{len(cases)} cases, median of {r} runs each, Python {sys.version.split()[0]}")
    print(f"python -c pass: {floor:.3f} s\n")
    print("| completion | lines | cold wall (s) | cold CPU (s) | warm wall (s) | warm CPU (s) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for label, lines, *figures in rows:
        shown = " | ".join("-" if figure is None else f"{figure:.3f}" for figure in figures)
        print(f"| {label} | {lines} | {shown} |")


if __name__ == "__main__":
    main()
