"""Make a large, realistic store for the benchmark: deterministic for a given seed.

    python bench/generate.py /tmp/vhuis-bench --cases 2000

Each case has 10 signals, 5 commitments, an analysis, a plan of 3 measures and
2 decisions, written in vhuis's canonical form; the store is one git commit.
"""

from __future__ import annotations

import argparse
import random
import subprocess
from datetime import date, timedelta
from pathlib import Path

from vhuis.model import Case, Partner, Settings
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if args.folder.exists() and any(args.folder.iterdir()):
        parser.error(f"{args.folder} exists and is not empty")
    generate(args.folder, args.cases, args.seed)
    print(args.folder)


if __name__ == "__main__":
    main()
