"""Keep the message catalogs in step with the code, with Babel's own tooling.

    python scripts/catalog.py          extract the messages, update every .po, compile the .mo files
    python scripts/catalog.py --check  only say what is missing (a message with no translation), exit 1 if any

Messages are sorted by their English text and carry no line numbers, so that two branches that
each add messages seldom touch the same lines of a .po file. docs/translating.md says how to
translate a new message.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "vhuis" / "locale"
TEMPLATE = LOCALE / "vhuis.pot"
KEYWORDS = ["_", "N_", "ngettext:1,2", "pgettext:1c,2", "NP_:1c,2"]


def pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "--quiet", *args])


def extract(template: Path = TEMPLATE) -> None:
    """Every marked message of the code into ``template`` (the .pot file, not kept in git)."""
    keywords = [part for word in KEYWORDS for part in ("-k", word)]
    pybabel(
        "extract", "-F", str(ROOT / "babel.cfg"), "--no-default-keywords", *keywords, "--no-location",
        "--sort-output", "--no-wrap", "--project", "vhuis", "--copyright-holder", "vhuis",
        "-o", str(template), str(ROOT),
    )  # fmt: skip


def missing(language: str, template: Path = TEMPLATE) -> list[str]:
    """The messages of the template that the language's catalog does not translate (or only fuzzily)."""
    with template.open("rb") as file:
        wanted = read_po(file)
    with (LOCALE / language / "LC_MESSAGES" / "vhuis.po").open("rb") as file:
        have = read_po(file)
    gaps = []
    for message in wanted:
        if not message.id:
            continue
        found = have.get(message.id, message.context)
        strings = found.string if found is not None else None
        texts = list(strings) if isinstance(strings, tuple | list) else [strings]
        if found is None or found.fuzzy or not all(texts):
            gaps.append(message.id if isinstance(message.id, str) else message.id[0])
    return gaps


def main(argv: list[str]) -> int:
    extract()
    languages = sorted(p.name for p in LOCALE.iterdir() if (p / "LC_MESSAGES").is_dir())
    if "--check" not in argv:
        for language in languages:
            pybabel("update", "-i", str(TEMPLATE), "-d", str(LOCALE), "-D", "vhuis", "-l", language,
                    "--no-wrap", "--no-fuzzy-matching", "--ignore-obsolete", "--ignore-pot-creation-date")  # fmt: skip
            pybabel("compile", "-d", str(LOCALE), "-D", "vhuis", "-l", language, "--use-fuzzy")
    gaps = {language: missing(language) for language in languages}
    for language, messages in gaps.items():
        for message in messages:
            print(f"{language}: not translated: {message!r}")
    return 1 if any(gaps.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
