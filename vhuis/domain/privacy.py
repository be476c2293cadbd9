"""The privacy guard: personal data never reaches a file or a commit.

The office works on areas and groups, never on persons, and git keeps every
version of every file forever. So free text that holds a national register or
BIS number, a phone number, a private e-mail address, a licence plate, an IBAN
or a date of birth is refused before it is written (``guard_record``), and
``vhuis check`` reports such data typed into a file by hand (``scan_document``).
Names of persons are not detected: see docs/privacy.md.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from stdnum import iban
from stdnum.be import bis, nn, vat

from vhuis.errors import PersonalData, Problem
from vhuis.i18n import N_, _
from vhuis.storage import yamlfile

if TYPE_CHECKING:
    from pydantic import BaseModel

NOT_TEXT = {  # ids, closed vocabularies and dates the models have already validated: no free text
    "id",
    "date",
    "opened",
    "made",
    "due",
    "done",
    "partner",
    "lead",
    "partners",
    "owner",
    "present",
    "excused",
    "absent",
    "cases",
    "measure",
    "status",
    "type",
    "phase",
    "source",
    "approach",
    "kind",
    "language",
    "remote",  # a git URL: git@host:office/store.git is no e-mail address
    "organisation_domains",  # domains, checked by ``settings_problems``
}

FieldPath = tuple[str | int, ...]
Locate = Callable[[FieldPath], int | None]

NATIONAL_NUMBER = N_("national register number")
BIS_NUMBER = N_("BIS number")
PHONE = N_("phone number")
EMAIL = N_("e-mail address")
PLATE = N_("licence plate")
IBAN = N_("IBAN")
BIRTH_DATE = N_("date of birth")

HINTS = {
    NATIONAL_NUMBER: N_("leave identity numbers out; describe the place or the group, not the person"),
    BIS_NUMBER: N_("leave identity numbers out; describe the place or the group, not the person"),
    PHONE: N_("leave contact details out of the store; name the partner who keeps them"),
    EMAIL: N_("leave private addresses out; name the partner, or use the address of a partner organisation"),
    PLATE: N_("describe the vehicle in general terms (e.g. 'a grey van, Dutch plates'), not its plate"),
    IBAN: N_("leave bank accounts out; describe the pattern (e.g. 'payments to one account'), not the account"),
    BIRTH_DATE: N_("give the age range of the group (e.g. 'jongeren van 16 tot 18 jaar'), not a date of birth"),
}


@dataclass(frozen=True)
class Finding:
    """One piece of personal data in a text: what kind, the text found, and how to write it instead."""

    kind: str
    found: str
    hint: str


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    kind: str


# Text pasted from Word or Outlook, or typed on a phone, writes the same number with other characters:
# no-break and thin spaces, en dashes and non-breaking hyphens, full-width digits, curly apostrophes,
# and invisible zero-width characters in the middle. Every detector sees one plain form of the text.
_BEFORE_NFKC = {  # curly apostrophes straight; º as ° (NFKC would make it an o)
    "\u2018": "'",
    "\u2019": "'",
    "\u02bc": "'",
    "\u2032": "'",
    "\u00ba": "\u00b0",
}


class _Plain:
    """A text in the one form the detectors match on, and the way back to the text as it was typed.

    Unicode NFKC; every space a plain space, every dash or minus a hyphen-minus, curly apostrophes
    straight; invisible format characters (zero-width spaces and joiners, word joiner, BOM, soft
    hyphen, direction marks) removed.
    """

    def __init__(self, typed: str) -> None:
        self.typed = typed
        self.starts: list[int] | None = None
        self.ends: list[int] = []
        if typed.isascii():  # nothing to change: the common case costs nothing
            self.text = typed
            return
        chars: list[str] = []
        starts: list[int] = []
        index = 0
        while index < len(typed):
            after = index + 1  # a character with its combining marks is normalised as one
            while after < len(typed) and unicodedata.combining(typed[after]):
                after += 1
            cluster = _BEFORE_NFKC.get(typed[index], typed[index]) + typed[index + 1 : after]
            for char in unicodedata.normalize("NFKC", cluster):
                category = unicodedata.category(char)
                if category == "Cf":
                    continue
                chars.append(" " if category == "Zs" else "-" if category == "Pd" or char == "\u2212" else char)
                starts.append(index)
                self.ends.append(after)
            index = after
        self.text = "".join(chars)
        self.starts = starts

    def typed_span(self, start: int, end: int) -> str:
        """What the user typed for ``text[start:end]``."""
        if self.starts is None:
            return self.typed[start:end]
        return self.typed[self.starts[start] : self.ends[end - 1]]


_SEP = r"[ .\-/]?"
_NATIONAL_CANDIDATE = re.compile(rf"(?<![\w+.,/-])\d\d{_SEP}\d\d{_SEP}\d\d{_SEP}\d{{3}}{_SEP}\d\d(?![\w-]|[.,/]\d)")
_ENTERPRISE_NUMBER = re.compile(r"[01]\d{3}\.\d{3}\.\d{3}")
_IBAN_CANDIDATE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}[ .-]?\d\d(?:[ .-]?[A-Za-z0-9]){11,30}")
_EMAIL = re.compile(
    r"(?<![\w.+-])([\w.+-]+)(?:\s?@\s?|\s?[(\[]\s?at\s?[)\]]\s?)([\w-]+(?:(?:\.|\s?[(\[]dot[)\]]\s?)[\w-]+)+)",
    re.IGNORECASE,
)
# A phone number glued to the word before it (gsm0470123456): phonenumbers wants no letter right before.
_GLUED_PHONE = re.compile(
    r"(?i)\b(?:gsm|tel|telefoon|telefoonnr|telnr|gsmnr|nr|nummer|mobiel|mob|fax|sms|whatsapp|phone)(?=[+0]\d)"
)
# Current Belgian plates (1-ABC-123): capitals with any separators; any case when written tight.
_PLATE_CURRENT = re.compile(
    r"(?<![\w-])[1-9](?:(?: *[-.] *| ?)[A-Z]{3}(?: *[-.] *| ?)|[-.]?[A-Za-z]{3}[-.]?)\d{3}(?![\w-])"
)
# Lower case with spaces (1 abc 123) reads like "1 van 250": only a plate when the text is about a vehicle.
_PLATE_LOOSE = re.compile(
    r"(?<![\w-])[1-9] *[-. ]? *"
    r"(?!(?i:van|met|een|per|tot|uit|dag|uur|min|bus|ton|man|der|den|het|nog|ook|als|dan|die|dat|was|bij|tel|"
    r"the|and|for|out|off|are|jan|feb|mrt|mar|apr|mei|jun|jul|aug|sep|okt|oct|nov|dec)\b)"
    r"[A-Za-z]{3} *[-. ]? *\d{3}(?![\w-])"
)
_PLATE_OLD = re.compile(r"(?<![\w-])(?:[A-Z]{3}-\d{3}|\d{3}-[A-Z]{3})(?![\w-])")
_VEHICLE = re.compile(
    r"\b(?:\w*wagens?|\w*auto(?:'s|s)?|voertuig\w*|\w*plaat|\w*platen|kenteken\w*|camionette\w*|busje\w*|moto\w*|"
    r"scooter\w*|brommer\w*|oldtimer\w*|jeep|suv|taxi\w*|quad\w*|cars?|vehicles?|trucks?|plates?|"
    r"bmw|audi|mercedes|golf|vw|volkswagen|opel|peugeot|renault|citro[eë]n|ford|toyota|fiat|volvo|skoda|seat|kia|"
    r"tesla|dacia|nissan|hyundai|geparkeerd|parkeer\w*|rijdt|reed|rijden|bestuurder\w*|chauffeur\w*)\b",
    re.IGNORECASE,
)
_PLATE_WORD = r"(?i:\b(?:nummerplaat|nrplaat|nummerplaten|kenteken|kentekenplaat|plaat|licen[cs]e plate|plate)\b)"
# After a plate word any separator will do; lowercase letters only with a dash ("plaat van 100" is no plate).
_PLATE_AFTER_WORD = re.compile(
    rf"{_PLATE_WORD}[\s:]*(?:nr\.?\s*)?"
    r"((?:[1-9][ .-]?)?(?:[A-Z]{3}[ .-]?|[a-z]{3}-)\d{3}|\d{3}(?:[ .-]?[A-Z]{3}|-[a-z]{3}))(?![\w-])"
)

_MONTHS = (
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
    "january|february|march|may|june|july|august|october|"
    r"jan|feb|mrt|mar|apr|jun|jul|aug|sept|sep|okt|oct|nov|dec"
)
_DATE = (
    r"(?:\d{1,2}\s*[./-]\s*\d{1,2}\s*[./-]\s*(?:\d{4}|'?\d\d)(?!\d)"
    r"|\d{4}-\d\d-\d\d"
    rf"|\d{{1,2}}(?:e|ste|de|st|nd|rd|th)?\s+(?:{_MONTHS})\.?,?\s+(?:\d{{4}}|'\d\d)"
    rf"|\d{{1,2}}\s*[./-]\s*(?:{_MONTHS})\.?\s*[./-]\s*(?:\d{{4}}|'?\d\d)(?!\d)"
    rf"|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
)
_PLACE = r"(?:(?:te|in|at)\s+[A-ZÀ-Ý][\w'-]+(?:[ -][A-ZÀ-Ý][\w'-]+)?,?\s+)?"
_BIRTH = (
    r"(?:"
    rf"(?:\bgeboren|\bgeb\.?(?:\s?datum)?|\bgeboortedatum|\bgeboorte\s+datum)[\s:=,(]*{_PLACE}(?:(?:op|de|den)\s+){{0,2}}({_DATE})"
    rf"|(?<!\bin )(?<!\bte )(?<!\bvan )(?<!\buit )\bborn[\s:,(]*{_PLACE}(?:on\s+|the\s+)?({_DATE})"
    rf"|(?:\bdate\s+of\s+birth|\bbirth\s?date|\bD\.?O\.?B\b\.?)[\s:=,(]*(?:is\s+)?({_DATE})"
    rf"|(?:\bop\s+)?(?<![\w./-])({_DATE})\s+{_PLACE}(?:(?:is|werd|was)\s+)?geboren\b"
    rf"|(?<![\d\w])°\s?({_DATE}|(?:19|20)\d\d\b)"
    rf"|\bgeb\.\s?((?:19|20)\d\d\b)"
    r")"
)
# Every form above holds one of these; the long pattern is compiled only for a text that does.
_BIRTH_WORD = re.compile(r"\bgeb(?:\b|oren|oorte|datum)|born|birth|\bd\.?o\.?b\b|°", re.IGNORECASE)
# "Een buurtinitiatief geboren op 3 maart 2025", "Het idee voor het buurtfeest is geboren op ...": something
# started, not someone born. Only when the clause starts with it as its subject, with no "die", "waar..."
# before the birth word ("het project waarin de jongen geboren op ..." is a date of birth).
_STARTED = re.compile(
    r"\s*(?:(?:het|de|een|dit|deze|ons|onze|the|a|an|this|our)\s+)?(?:[\w'-]+\s+)?"
    r"\w*(?:initiatief|idee|project|plan|actie|werking|netwerk|overleg|platform|comit[eé]|vereniging|vzw|feest|"
    r"concept|voorstel|traject|campagne|werkgroep|beweging|initiative|idea|partnership|network|campaign)\b"
    r"(?:(?!\b(?:die|dat|waar\w*|wie|wiens|wier|who|whose|where|which)\b).)*$",
    re.IGNORECASE,
)


def findings(
    text: str, allowed_emails: frozenset[str] = frozenset(), organisation_domains: frozenset[str] = frozenset()
) -> list[Finding]:
    """The personal data in ``text``, in the order it appears, each quoted as it was typed.

    ``allowed_emails`` are the partners' own addresses and ``organisation_domains``
    the domains (with their subdomains) of the organisations that work with the
    office; addresses there are not a private person's.
    """
    allowed_emails = frozenset(e.lower() for e in allowed_emails)
    organisation_domains = frozenset(d.lower().strip(".") for d in organisation_domains)
    plain = _Plain(text)
    matches: list[_Match] = []
    for detect in (_ibans, _national_numbers, _emails, _phones, _plates, _birth_dates):
        for match in detect(plain.text, allowed_emails, organisation_domains):
            if not any(match.start < other.end and other.start < match.end for other in matches):
                matches.append(match)
    matches.sort(key=lambda m: m.start)
    return [Finding(m.kind, plain.typed_span(m.start, m.end), HINTS[m.kind]) for m in matches]


def _national_numbers(text: str, allowed: frozenset[str], domains: frozenset[str]) -> Iterator[_Match]:
    for candidate in _NATIONAL_CANDIDATE.finditer(text):
        number = re.sub(r"\D", "", candidate.group())
        kind = NATIONAL_NUMBER if nn.is_valid(number) else BIS_NUMBER if bis.is_valid(number) else None
        if kind:
            yield _Match(candidate.start(), candidate.end(), kind)


def _ibans(text: str, allowed: frozenset[str], domains: frozenset[str]) -> Iterator[_Match]:
    for candidate in _IBAN_CANDIDATE.finditer(text):
        raw = candidate.group()
        # The pattern is greedy; the IBAN is the longest prefix that checks out.
        # The IBAN checksum and the country's layout are checked; the bank code is not, so that an account
        # at a bank that merged or is missing from python-stdnum's list is still caught.
        for end in range(len(raw), 14, -1):
            if raw[end - 1] not in " .-" and iban.is_valid(raw[:end].replace(".", ""), check_country=False):
                yield _Match(candidate.start(), candidate.start() + end, IBAN)
                break


def _emails(text: str, allowed: frozenset[str], domains: frozenset[str]) -> Iterator[_Match]:
    for candidate in _EMAIL.finditer(text):
        domain = re.sub(r"\s?[(\[]dot[)\]]\s?", ".", candidate.group(2)).lower()
        if not re.search(r"\.[a-z]{2,}$", domain):
            continue
        address = f"{candidate.group(1).lower()}@{domain}"
        if address in allowed or any(domain == d or domain.endswith("." + d) for d in domains):
            continue
        yield _Match(candidate.start(), candidate.end(), EMAIL)


# The shortest numbers anywhere (+290 1234, Saint Helena) have seven digits with their country code.
MIN_PHONE_DIGITS = 7


def _phones(text: str, allowed: frozenset[str], domains: frozenset[str]) -> Iterator[_Match]:
    if sum(char.isdigit() for char in text) < MIN_PHONE_DIGITS:
        return  # no phone number fits; spares the matcher, the slowest part of the guard
    import phonenumbers  # slow to import; only when a text could hold a number
    from phonenumbers import PhoneNumberType

    # Free, premium, shared-cost and "universal" numbers (0800, 0900, 070, 078) belong to organisations.
    office_lines = {
        PhoneNumberType.TOLL_FREE,
        PhoneNumberType.PREMIUM_RATE,
        PhoneNumberType.SHARED_COST,
        PhoneNumberType.UAN,
    }
    # "gsm0470123456" is read as "gs 0470123456": the same length, so the positions hold.
    text = _GLUED_PHONE.sub(lambda word: word.group()[:-1] + " ", text)
    # VALID finds national (0470 12 34 56, 089/12.34.56) and international (+32, 0032) forms of numbers
    # that exist, and leaves dates, times and amounts alone (POSSIBLE takes 12.03.2026 for a number).
    for match in phonenumbers.PhoneNumberMatcher(text, "BE", leniency=phonenumbers.Leniency.VALID):
        if phonenumbers.number_type(match.number) in office_lines:
            continue
        if _ENTERPRISE_NUMBER.fullmatch(match.raw_string) and vat.is_valid(match.raw_string):
            continue  # an enterprise number (KBO), written 0123.456.789
        yield _Match(match.start, match.end, PHONE)


def _plates(text: str, allowed: frozenset[str], domains: frozenset[str]) -> Iterator[_Match]:
    for candidate in _PLATE_CURRENT.finditer(text):
        yield _Match(candidate.start(), candidate.end(), PLATE)
    # ABC-123 and 123-ABC also look like codes (CAM-012, INC-123), and 1 abc 123 like "1 van 250":
    # only a plate when the text is about a vehicle.
    if _VEHICLE.search(text):
        for pattern in (_PLATE_LOOSE, _PLATE_OLD):
            for candidate in pattern.finditer(text):
                yield _Match(candidate.start(), candidate.end(), PLATE)
    for candidate in _PLATE_AFTER_WORD.finditer(text):
        yield _Match(candidate.start(1), candidate.end(1), PLATE)


@cache
def _birth_pattern() -> re.Pattern[str]:
    return re.compile(_BIRTH, re.IGNORECASE)  # the slowest pattern to compile: not at import


def _birth_dates(text: str, allowed: frozenset[str], domains: frozenset[str]) -> Iterator[_Match]:
    if not _BIRTH_WORD.search(text):
        return
    for candidate in _birth_pattern().finditer(text):
        if candidate.group().lower().startswith(("geboren", "born")):
            clause = max(text.rfind(mark, 0, candidate.start()) for mark in ".;:!?,()\n") + 1
            if _STARTED.match(text, clause, candidate.start()):
                continue
        yield _Match(candidate.start(), candidate.end(), BIRTH_DATE)


def text_fields(document: Any) -> list[tuple[FieldPath, str]]:
    """The free text in a document, with its path; ids, references and closed vocabularies are left out."""
    return [
        (path, text)
        for path, text in yamlfile.walk_text(document)
        if not (path and path[-1] in NOT_TEXT) and not (len(path) >= 2 and path[-2] in NOT_TEXT)
    ]


def explain_finding(finding: Finding) -> str:
    """``phone number '0470 12 34 56': leave contact details out ...``"""
    return _("{kind} {found}: {hint}").format(kind=_(finding.kind), found=repr(finding.found), hint=_(finding.hint))


# Where people have their own mailbox. An address there is one person's unless it is a function address.
_PRIVATE_MAIL = frozenset(
    {
        f"{name}.{tld}"
        for name in ("gmail", "googlemail", "hotmail", "outlook", "live", "msn", "yahoo", "ymail", "icloud", "gmx")
        for tld in ("com", "be", "nl", "fr", "de", "co.uk", "net")
    }
    | {
        *("telenet.be", "skynet.be", "proximus.be", "belgacom.net", "scarlet.be", "base.be", "edpnet.be", "voo.be"),
        *("orange.be", "orange.fr", "free.fr", "wanadoo.fr", "laposte.net", "web.de", "t-online.de", "ziggo.nl"),
        *("kpnmail.nl", "planet.nl", "hetnet.nl", "home.nl", "xs4all.nl", "me.com", "mac.com", "aol.com"),
        *("mail.com", "protonmail.com", "proton.me", "pm.me", "tutanota.com", "zoho.com", "yandex.com", "wp.pl"),
    }
)
# A word in the part before the @ that names a function, not a person: bewonersgroep.kolderbos@gmail.com.
# The first group also starts a compound (jeugdwerking, buurtcomite); the second must stand alone
# (kerk and school start surnames: Kerkhofs, Schoolmeesters).
_FUNCTION_PREFIXES = (
    "info|contact|secretariaat|secretariat|onthaal|accueil|preventie|prevention|jeugd|buurt|bewoners|wijk|"
    "vzw|asbl|comite|overleg|straathoek|opbouwwerk|vrijwilliger|meldpunt|administratie|werkgroep|werking|"
    "noreply|reservatie|inschrijving|coordinatie|ocmw|cpas"
)
_FUNCTION_WORDS = (
    "admin|team|dienst|service|bureau|office|centrum|project|platform|netwerk|vereniging|club|school|kerk|"
    "parochie|moskee|stad|gemeente|politie|caw|algemeen|hallo|hello|welkom|redactie|planning|boekhouding|"
    "post|postbus|bestuur"
)
_FUNCTION_PART = re.compile(rf"(?:{_FUNCTION_PREFIXES})[a-z]*|(?:{_FUNCTION_WORDS})")


def private_mail_provider(domain: str) -> bool:
    """``gmail.com``, ``telenet.be`` and their like (and their subdomains): where persons have a mailbox."""
    domain = domain.lower().strip(".")
    return any(domain == p or domain.endswith("." + p) for p in _PRIVATE_MAIL)


def function_address(email: str) -> bool:
    """Whether the part before the @ names a function (info@, bewonersgroep.kolderbos@), not a person."""
    local = email.rpartition("@")[0].lower()
    return any(_FUNCTION_PART.fullmatch(part) for part in re.split(r"[^a-z]+", local) if part)


def private_partner_email(email: str) -> str | None:
    """Why a partner's address is a private person's, or None: a partner's address is never one person's own.

    A partner's address is allowed in every text, so it must be the organisation's: on its own
    domain, or at a private mail provider only as a function address.
    """
    domain = email.rpartition("@")[2].strip().lower()
    if not private_mail_provider(domain) or function_address(email):
        return None
    return _(
        "{email} is at a private mail provider ({domain}) and reads as one person's address; give the "
        "partner's function address (info@, secretariaat@, or at a mail provider one like "
        "bewonersgroep.kolderbos@gmail.com), or no address"
    ).format(email=repr(email), domain=domain)


def settings_problems(settings: Any, name: str, locate: Locate) -> list[Problem]:
    """``organisation_domains`` that are private mail providers: they would let every private address pass."""
    return [
        Problem(
            name,
            locate(("organisation_domains", index)),
            f"organisation_domains[{index}]",
            _(
                "{domain} is a private mail provider, not an organisation's domain: every private address there "
                "would pass the privacy guard; list the partners' own domains, or give the partner's address in "
                "partners.yaml"
            ).format(domain=repr(domain)),
        )
        for index, domain in enumerate(settings.organisation_domains)
        if private_mail_provider(domain)
    ]


def partner_email_problems(partners: Iterable[Any], name: str, locate: Locate) -> list[Problem]:
    """Partners' addresses that are a private person's, for ``vhuis check``."""
    return [
        Problem(name, locate((index, "email")), f"[{index}].email", reason)
        for index, partner in enumerate(partners)
        if partner.email and (reason := private_partner_email(partner.email))
    ]


Allowed = tuple[frozenset[str], frozenset[str]]


def allowed_from(partners: Iterable[Any], organisation_domains: Iterable[str]) -> Allowed:
    """The partners' own e-mail addresses and the organisational domains that the guard lets through.

    A private person's address (``private_partner_email``) and a private mail provider's domain are
    left out, whatever partners.yaml or vhuis.yaml say: they would let that address, or every one at
    that provider, pass in every text.
    """
    emails = frozenset(p.email.strip().lower() for p in partners if p.email and private_partner_email(p.email) is None)
    domains = frozenset(d.lower().strip(".") for d in organisation_domains if not private_mail_provider(d))
    return emails, domains


def allowed(store: Any) -> Allowed:
    """The partners' own e-mail addresses and the store's organisational domains: never personal data."""
    return allowed_from(store.partners.values(), store.settings.organisation_domains)


def _new_text_problems(
    document: Any, old: set[str], allowed_: Allowed, label: Callable[[FieldPath], str] = yamlfile.field_name
) -> list[str]:
    return [
        f"{label(path)}: {explain_finding(finding)}"
        for path, text in text_fields(document)
        if text not in old
        for finding in findings(text, *allowed_)
    ]


def _refuse(lead: str, problems: list[str]) -> None:
    if problems:
        heading = _("{lead}: the new text holds personal data, and git keeps every version forever.").format(lead=lead)
        advice = _("Write about the place or the group, not the person, and try again.")
        raise PersonalData("\n  ".join([heading, *problems]) + "\n" + advice)


def _option(path: FieldPath) -> str:
    return "--" + str(path[-1]).replace("_", "-")


def guard_record(record: BaseModel, before: BaseModel | None, store: Any, name: str) -> None:
    """Refuse the record if text that is new compared with ``before`` holds personal data.

    Text that was already there is not scanned again, so an old record does not
    block every later change; ``vhuis check`` reports it instead.
    """
    old = {text for _, text in text_fields(before.model_dump(mode="json"))} if before is not None else set()
    _refuse(
        _("{file} was not changed").format(file=name),
        _new_text_problems(record.model_dump(mode="json"), old, allowed(store)),
    )


def guard_partner(partner: Any, store: Any, name: str) -> None:
    """Refuse a new partner whose name holds personal data or whose address is a private person's.

    The partner's name goes into partners.yaml and the commit message, and its address is let
    through in every text from then on.
    """
    problems = []
    emails, domains = allowed(store)
    if partner.email:
        if reason := private_partner_email(partner.email):
            problems.append(f"--email: {reason}")
        emails |= {partner.email.strip().lower()}  # said once, above
    problems += _new_text_problems(partner.model_dump(mode="json"), set(), (emails, domains), _option)
    _refuse(_("{file} was not changed").format(file=name), problems)


def guard_settings(settings: BaseModel) -> None:
    """Refuse a new store's settings (``init --name/--city``) that hold personal data."""
    nothing_allowed: Allowed = (frozenset(), frozenset())
    _refuse(
        _("the store was not made"),
        _new_text_problems(settings.model_dump(mode="json"), set(), nothing_allowed, _option),
    )


def scan_document(
    document: Any,
    name: str,
    locate: Locate,
    allowed_emails: frozenset[str] = frozenset(),
    organisation_domains: frozenset[str] = frozenset(),
) -> list[Problem]:
    """Personal data in a file as loaded (e.g. typed in by hand), one Problem per finding, for ``vhuis check``."""
    return [
        Problem(name, locate(path), yamlfile.field_name(path), explain_finding(finding), "error")
        for path, text in text_fields(document)
        for finding in findings(text, allowed_emails, organisation_domains)
    ]
