"""First runs of ``vhuis check`` and ``vhuis owes`` on a store with one case full of problems.

Makes three copies of the example store whose case 2026-003 holds 1,000 or 1,500
signals with a day that does not exist, or 1,000 signals each with a phone number,
and times both commands on each with no index (issue 11, item 17).

    python bench/many_problems.py [--folder /tmp/vhuis-many]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

STORES = {"1,000 bad dates": (1000, "dates"), "1,500 bad dates": (1500, "dates"), "1,000 phones": (1000, "phone")}


def make(root: Path, count: int, kind: str) -> None:
    shutil.rmtree(root, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "vhuis", "init", "--example", str(root)], check=True, capture_output=True)
    path = root / "cases" / "2026-003.yaml"
    head, rest = path.read_text(encoding="utf-8").split("signals:\n", 1)
    signals = "".join(
        f"  - id: S{n}\n    date: {'2026-02-30' if kind == 'dates' else '2026-03-01'}\n    source: citizen\n"
        f"    partner: null\n    summary: {f'Melding {n}' if kind == 'dates' else f'Bel 0470 12 {n:04d}'}\n"
        for n in range(1, count + 1)
    )
    path.write_text(head + "signals:\n" + signals + rest[rest.index("analysis:") :], encoding="utf-8")
    subprocess.run(["git", "commit", "-qam", "a hand edit with many problems"], cwd=root, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=Path("/tmp/vhuis-many"))
    folder = parser.parse_args().folder
    for label, (count, kind) in STORES.items():
        root = folder / kind / str(count)
        make(root, count, kind)
        for command in ("check", "owes"):
            (root / ".git" / "vhuis" / "index.json").unlink(missing_ok=True)
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "vhuis", command], cwd=root, capture_output=True, check=False)
            print(f"{label:22} vhuis {command:6} {time.perf_counter() - started:6.2f} s")


if __name__ == "__main__":
    main()
