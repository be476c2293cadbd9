"""Make a large, realistic store for the benchmark: deterministic for a given seed.

    python bench/generate.py /tmp/vhuis-bench --cases 2000

Each case has 10 signals, 5 commitments, an analysis, a plan of 3 measures and
2 decisions, written in vhuis's canonical form; the store is one git commit.

    python bench/generate.py /tmp/vhuis-history --cases 200 --commits 2000

With ``--commits``, that many commits follow, each changing one case as a vhuis
command would (a signal, a status, a commitment added or done, a due date moved),
with that command's message. They come in rounds of 20: 10 on the branch and 10
on a side branch started at the round's start (other cases), then a merge of the
two, as a sync of two colleagues makes; 2,000 commits give 100 merges. Written with
``git fast-import``, so a large history takes seconds, not minutes.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from vhuis.model import Case, Partner, Settings
from vhuis.storage import yamlfile
from vhuis.storage.store import dump_model, dump_partners

PARTNERS = [
    ("preventiedienst", "city-service"),
    ("jeugddienst", "city-service"),
    ("wijkontwikkeling", "city-service"),
    ("politie", "police"),
    ("justitiehuis", "justice"),
    ("drugshulp", "welfare"),
    ("straathoekwerk", "welfare"),
    ("de-lijn", "transport"),
    ("nmbs", "transport"),
    ("zol", "health"),
]
AREAS = [
    "Stationsomgeving",
    "Winterslag",
    "Waterschei",
    "Zwartberg",
    "Bret-Gelieren",
    "Centrum",
    "Sledderlo",
    "Kolderbos",
]
GROUPS = ["Jongeren 14-18 jaar", "Jongvolwassenen met brommers", "Dak- en thuislozen", "Rondtrekkende bendes"]
THEMES = ["overlast", "inbraak", "winkeldiefstal", "drugs", "vandalisme", "rondhangende-jongeren", "sluikstort"]
SIGNALS = [
    "Bewoners melden overlast door een groep jongeren na 22u00 aan het pleintje.",
    "Gemeenschapswachten zien vernielingen aan de bushalte en de fietsenstalling.",
    "De politie noteert meer inbraken in garages in de wijk sinds vorige maand.",
    "Winkeliers klagen over diefstal op zaterdagnamiddag in de winkelstraat.",
    "Achtergelaten spuiten gevonden aan de speeltuin; ouders zijn ongerust.",
    "Chauffeurs van De Lijn melden scheldpartijen bij het instappen aan het station.",
]
ACTIONS = [
    "Extra patrouilles op vrijdag- en zaterdagavond",
    "Verslag van de contacten met de groep bezorgen",
    "Offerte voor betere verlichting voorleggen",
    "Infoavond voor bewoners organiseren",
    "Cijfers van het afgelopen kwartaal vergelijken met vorig jaar",
]


def make_case(rng: random.Random, year: int, number: int) -> Case:
    opened = date(year, 1, 1) + timedelta(days=rng.randrange(300))
    partners = rng.sample([p for p, _ in PARTNERS], 4)
    area_case = rng.random() < 0.7
    return Case.model_validate(
        {
            "id": f"{year}-{number:03d}",
            "title": f"{rng.choice(THEMES).capitalize()} in {rng.choice(AREAS)} ({number})",
            "approach": "area" if area_case else "group",
            "area": rng.choice(AREAS) if area_case else None,
            "group": None if area_case else rng.choice(GROUPS),
            "themes": rng.sample(THEMES, 2),
            "status": rng.choice(["reported", "analysis", "planned", "active", "monitoring", "closed"]),
            "opened": opened,
            "lead": partners[0],
            "partners": partners,
            "signals": [
                {
                    "id": f"S{i}",
                    "date": opened + timedelta(days=7 * i),
                    "source": rng.choice(["citizen", "police", "community-guard"]),
                    "partner": None,
                    "summary": rng.choice(SIGNALS),
                }
                for i in range(1, 11)
            ],
            "analysis": {
                "problem": "Een wisselende groep veroorzaakt overlast op vaste momenten in de week.",
                "factors": {
                    "environment": "Slecht verlicht plein zonder sociale controle.",
                    "victims": "Bewoners en reizigers.",
                },
            },
            "plan": {
                "goals": ["Minder meldingen tegen het einde van het jaar"],
                "measures": [
                    {
                        "id": f"M{i}",
                        "title": f"Maatregel {i}",
                        "type": rng.choice(["preventive", "repressive"]),
                        "phase": rng.choice(["proaction", "prevention", "reaction", "aftercare"]),
                        "owner": rng.choice(partners),
                        "status": "running",
                    }
                    for i in range(1, 4)
                ],
            },
            "commitments": [
                {
                    "id": f"C{i}",
                    "partner": rng.choice(partners),
                    "action": rng.choice(ACTIONS),
                    "made": opened + timedelta(days=14),
                    "due": opened + timedelta(days=14 + rng.randrange(20, 120)),
                    "measure": f"M{rng.randrange(1, 4)}",
                    "status": "open" if rng.random() < 0.6 else "done",
                    "done": None,
                }
                for i in range(1, 6)
            ],
            "decisions": [
                {"date": opened + timedelta(days=14), "text": "Het dossier wordt opgevolgd op het volgende overleg."}
            ]
            * 2,
        }
    )


def generate(root: Path, cases: int, seed: int = 2026) -> Path:
    rng = random.Random(seed)
    (root / "cases").mkdir(parents=True, exist_ok=True)
    settings = Settings(name="Veiligheidshuis Benchmark", city="Genk")
    (root / "vhuis.yaml").write_text(dump_model(settings), encoding="utf-8")
    partners = [Partner(id=p, name=p.replace("-", " ").title(), kind=kind, email=None) for p, kind in PARTNERS]
    (root / "partners.yaml").write_text(dump_partners(partners), encoding="utf-8")
    for n in range(cases):
        case = make_case(rng, 2020 + n // 900, n % 900 + 1)
        for commitment in case.commitments:
            if commitment.status.value == "done":
                commitment.done = commitment.due
        (root / "cases" / f"{case.id}.yaml").write_text(dump_model(case), encoding="utf-8")
    env = {
        "GIT_AUTHOR_NAME": "Bench",
        "GIT_AUTHOR_EMAIL": "bench@example.org",
        "GIT_COMMITTER_NAME": "Bench",
        "GIT_COMMITTER_EMAIL": "bench@example.org",
        "PATH": "/usr/bin:/bin:/usr/local/bin",
    }
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "commit", "-qm", f"benchmark store of {cases} cases"], cwd=root, check=True, env=env)
    return root


PEOPLE = ["Sarah Peeters <sarah.peeters@genk.example>", "Jan Claes <jan.claes@politie.example>"]
STATUSES = ["reported", "analysis", "planned", "active", "monitoring", "closed"]


def _change(rng: random.Random, case: dict[str, Any], day: date) -> str:
    """Change one case as a vhuis command would; the commit message that command would write."""
    case_id = case["id"]
    kind = rng.randrange(5)
    open_ones = [c for c in case["commitments"] if c["status"] == "open"]
    if kind == 0 or (kind >= 3 and not open_ones):
        number = len(case["signals"]) + 1
        source = rng.choice(["citizen", "police", "community-guard"])
        case["signals"].append(
            {"id": f"S{number}", "date": day, "source": source, "partner": None, "summary": rng.choice(SIGNALS)}
        )
        return f"{case_id}: add signal S{number} from {source} ({day})"
    if kind == 1:
        old = case["status"]
        case["status"] = STATUSES[(STATUSES.index(old) + 1) % len(STATUSES)]
        return f"{case_id}: status {old} -> {case['status']}"
    if kind == 2:
        number = len(case["commitments"]) + 1
        partner = rng.choice(case["partners"])
        due = day + timedelta(days=rng.randrange(14, 90))
        case["commitments"].append(
            {"id": f"C{number}", "partner": partner, "action": rng.choice(ACTIONS), "made": day, "due": due,
             "measure": None, "status": "open", "done": None}
        )  # fmt: skip
        return f"{case_id}: add commitment C{number} for {partner} (due {due})"
    commitment = rng.choice(open_ones)
    if kind == 3:
        commitment.update(status="done", done=day)
        return f"{case_id}: commitment {commitment['id']} done ({day})"
    commitment["due"] = commitment["due"] + timedelta(days=14)
    return f"{case_id}: commitment {commitment['id']} due {commitment['due']}"


def _blob(text: str) -> bytes:
    data = text.encode("utf-8")
    return b"data %d\n%s\n" % (len(data), data)


def add_history(root: Path, commits: int, seed: int = 2026) -> None:
    """``commits`` commits that change the store's cases, in rounds of two branches and a merge."""
    rng = random.Random(seed + 1)
    cases = {
        path.stem: Case.model_validate(yamlfile.load(path.read_text(encoding="utf-8"), path.name)).model_dump()
        for path in sorted((root / "cases").glob("*.yaml"))
    }
    ids = sorted(cases)
    start = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True)
    tip = start.stdout.strip()
    stream: list[bytes] = []
    stamp = 1767225600  # 2026-01-01
    mark = 0

    def commit(message: str, parents: list[str], files: dict[str, str]) -> str:
        nonlocal mark, stamp
        mark += 1
        stamp += 3600
        who = PEOPLE[mark % len(PEOPLE)]
        stream.append(f"commit refs/heads/main\nmark :{mark}\n".encode())
        stream.append(f"author {who} {stamp} +0100\ncommitter {who} {stamp} +0100\n".encode())
        stream.append(_blob(message))
        stream.append(f"from {parents[0]}\n".encode())
        stream.extend(f"merge {parent}\n".encode() for parent in parents[1:])
        for case_id, text in files.items():
            stream.append(f"M 100644 inline cases/{case_id}.yaml\n".encode() + _blob(text))
        return f":{mark}"

    made = 0
    while made < commits:
        fork = tip
        side = fork
        side_files: dict[str, str] = {}
        for step in range(min(20, commits - made)):
            on_side = step % 2 == 1
            pool = ids[1::2] if on_side else ids[0::2]
            case = cases[rng.choice(pool)]
            day = date(2026, 1, 1) + timedelta(days=made // 8)
            message = _change(rng, case, day)
            text = dump_model(Case.model_validate(case))
            if on_side:
                side = commit(message, [side], {case["id"]: text})
                side_files[case["id"]] = text
            else:
                tip = commit(message, [tip], {case["id"]: text})
            made += 1
        if side != fork:
            tip = commit("sync: merge 10 commits from origin", [tip, side], side_files)
    env = {**os.environ, "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.org"}
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(stream), check=True, env=env)
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=root, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--commits", type=int, default=0, help="that many commits changing cases after the first")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if args.folder.exists() and any(args.folder.iterdir()):
        parser.error(f"{args.folder} exists and is not empty")
    generate(args.folder, args.cases, args.seed)
    if args.commits:
        add_history(args.folder, args.commits, args.seed)
    print(args.folder)


if __name__ == "__main__":
    main()
