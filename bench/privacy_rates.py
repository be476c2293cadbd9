"""How well the privacy guard does on the corpus in tests/data/privacy/.

Prints the false-negative rate (texts with personal data that pass, or are
reported as another kind) and the false-positive rate (ordinary texts that are
refused), per group and overall, and exits non-zero if a target is missed:
no false negatives, under 1% false positives.

    python bench/privacy_rates.py [--verbose]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from vhuis.domain.privacy import findings

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "privacy"
MAX_FALSE_NEGATIVE = 0.0
MAX_FALSE_POSITIVE = 0.01


def load(name: str) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = yaml.safe_load((CORPUS / name).read_text(encoding="utf-8"))
    return groups


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="also show what was found in every text")
    verbose = parser.parse_args().verbose
    context = yaml.safe_load((CORPUS / "context.yaml").read_text(encoding="utf-8"))
    allowed = frozenset(e.lower() for e in context["allowed_emails"])
    domains = frozenset(d.lower() for d in context["organisation_domains"])
    started = time.perf_counter()

    print("With personal data (a miss is a false negative):")
    personal = missed = 0
    for kind, texts in load("personal.yaml").items():
        misses = [t for t in texts if kind not in {f.kind for f in findings(t, allowed, domains)}]
        personal += len(texts)
        missed += len(misses)
        print(f"  {kind:<28} {len(texts) - len(misses):>3}/{len(texts):<3} caught")
        for text in misses:
            print(f"    MISSED: {text}  -> {[(f.kind, f.found) for f in findings(text, allowed, domains)]}")

    print("Without personal data (a refusal is a false positive):")
    ordinary = refused = 0
    for group, texts in load("ordinary.yaml").items():
        wrong = [(t, findings(t, allowed, domains)) for t in texts]
        wrong = [(t, found) for t, found in wrong if found]
        ordinary += len(texts)
        refused += len(wrong)
        print(f"  {group:<44} {len(texts) - len(wrong):>3}/{len(texts):<3} passed")
        for text, found in wrong:
            print(f"    REFUSED: {text}  -> {[(f.kind, f.found) for f in found]}")
        if verbose:
            for text in texts:
                print(f"    ok: {text}")

    elapsed = time.perf_counter() - started
    false_negative = missed / personal
    false_positive = refused / ordinary
    print(f"False negatives: {missed}/{personal} = {false_negative:.1%} (target {MAX_FALSE_NEGATIVE:.0%})")
    print(f"False positives: {refused}/{ordinary} = {false_positive:.1%} (target under {MAX_FALSE_POSITIVE:.0%})")
    print(f"{personal + ordinary} texts in {elapsed:.2f} s")
    return 0 if false_negative <= MAX_FALSE_NEGATIVE and false_positive < MAX_FALSE_POSITIVE else 1


if __name__ == "__main__":
    sys.exit(main())
