"""Reminders: one e-mail per partner that owes something, listing what it owes.

The messages are RFC 5322 files (``.eml``, UTF-8) that any mail program opens,
checks and sends; vhuis sends them itself only when asked (``--smtp``), through
a relay that needs no login. They are in the store's language, overdue
commitments first and marked as such.

babel and smtplib are imported inside the functions, so the CLI starts without them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from vhuis.documents.words import LOCALES
from vhuis.domain.owes import Owed, by_partner, owed, owed_for
from vhuis.errors import GitError, InvalidInput, Problem, SendFailed
from vhuis.i18n import N_, _, catalog, ngettext
from vhuis.vocab import Language

if TYPE_CHECKING:
    from vhuis.storage.store import Store

SMTP_TIMEOUT = 10.0
ADDRESS = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")


class Mail(Protocol):
    """An e-mail for one partner: a reminder or a convocation."""

    @property
    def partner(self) -> str: ...
    @property
    def message(self) -> EmailMessage: ...


@dataclass(frozen=True)
class Reminder:
    partner: str
    message: EmailMessage
    commitments: int
    overdue: int


@dataclass(frozen=True)
class Reminders:
    reminders: list[Reminder]
    skipped: list[str]  # sentences: who owes something but has no address
    problems: list[Problem]


def long_date(day: date, language: Language) -> str:
    """'10 december 2026': a day as the store's language writes it in a letter."""
    from babel.dates import format_date

    return str(format_date(day, format="long", locale=LOCALES[language]))


def owed_lines(items: list[Owed], titles: dict[str, str], language: Language) -> list[str]:
    """The commitments in ``items``, overdue first under their own heading, each with its case and due day."""
    words = catalog(language)
    lines: list[str] = []
    for heading, group in (
        (words.gettext(N_("Overdue")), [o for o in items if o.days_overdue > 0]),
        (words.gettext(N_("Still to do")), [o for o in items if o.days_overdue == 0]),
    ):
        if not group:
            continue
        lines += ["", f"{heading}:"]
        for item in group:
            due = words.gettext(N_("due {day}")).format(day=long_date(item.due, language))
            if item.days_overdue:
                late = words.ngettext("OVERDUE: {days} day", "OVERDUE: {days} days", item.days_overdue)
                due += f" ({late.format(days=item.days_overdue)})"
            case = words.pgettext("e-mail", "Case")
            lines += [
                "",
                f"- {' '.join(item.action.split())}",
                f"  {case} {item.case} {item.commitment}: {' '.join(titles.get(item.case, '').split())}",
                f"  {due}",
            ]
    return lines


def confidential_lines(name: str, language: Language) -> list[str]:
    """The lines that open an e-mail holding something not every partner may see (docs/privacy.md)."""
    words = catalog(language)
    return [
        words.gettext(N_("Confidential: this message is meant for {name} only; do not pass it on.")).format(name=name),
        "",
    ]


def confidential_subject(subject: str, language: Language) -> str:
    """``subject`` marked confidential, as the minutes are."""
    return catalog(language).gettext(N_("Confidential: {subject}")).format(subject=subject)


def _body(
    name: str,
    items: list[Owed],
    titles: dict[str, str],
    on: date,
    office: str,
    language: Language,
    confidential: bool = False,
) -> str:
    words = catalog(language)
    lines = confidential_lines(name, language) if confidential else []
    lines += [words.gettext(N_("Dear {name},")).format(name=name), ""]
    lines += [
        words.gettext(N_("On {day}, these commitments of {name} are still open:")).format(
            day=long_date(on, language), name=name
        )
    ]
    lines += owed_lines(items, titles, language)
    closing = words.gettext(
        N_(
            "Has a commitment been carried out already, or can the date not be kept? Let us know, "
            "and we will update the case."
        )
    )
    lines += ["", closing, "", words.gettext(N_("Kind regards,")), office, ""]
    return "\n".join(lines)


def letter(sender: str, name: str, email: str, subject: str, body: str, on: date, language: Language) -> EmailMessage:
    """One plain-text UTF-8 e-mail from ``sender`` to a partner, dated as of ``on``."""
    from email.utils import make_msgid

    message = EmailMessage()
    message["From"] = sender
    message["To"] = Address(display_name=name, addr_spec=email)
    message["Subject"] = subject
    message["Date"] = _date_header(on)
    message["Message-ID"] = make_msgid(domain=sender.rstrip(">").rpartition("@")[2] or None)
    message.set_content(body, cte="quoted-printable")
    message["Content-Language"] = language.value  # after set_content, which drops every Content- header
    return message


def _message(
    sender: str,
    name: str,
    email: str,
    items: list[Owed],
    titles: dict[str, str],
    on: date,
    office: str,
    language: Language,
    confidential: bool = False,
) -> EmailMessage:
    words = catalog(language)
    late = sum(o.days_overdue > 0 for o in items)
    subject = words.ngettext("{office}: {count} open commitment", "{office}: {count} open commitments", len(items))
    subject = subject.format(office=office, count=len(items))
    if late:
        subject += words.gettext(N_(" ({late} overdue)")).format(late=late)
    if confidential:
        subject = confidential_subject(subject, language)
    body = _body(name, items, titles, on, office, language, confidential)
    return letter(sender, name, email, subject, body, on, language)


def _date_header(on: date) -> str:
    """Now, when the reminder is as of today; else 08:00 of the day it is as of."""
    from datetime import datetime, time
    from email.utils import format_datetime

    from vhuis.clock import today

    moment = datetime.now().astimezone() if on == today() else datetime.combine(on, time(8)).astimezone()
    return format_datetime(moment)


def sender_of(store: Store, given: str | None) -> str:
    """``--from``, else the git identity of the person at the keyboard."""
    if given is None:
        try:
            return store.repo.identity()
        except GitError:
            raise InvalidInput(
                _(
                    "--from: git does not know who you are, so give the sender: --from 'Naam <naam@genk.be>' "
                    "(or set it once with git config --global user.name / user.email)"
                )
            ) from None
    bare = given.rsplit("<", 1)[-1].rstrip(">").strip()
    if not ADDRESS.match(bare):
        raise InvalidInput(
            _(
                "--from: {given} is not an e-mail address (e.g. veiligheidshuis@genk.be or 'Naam <naam@genk.be>')"
            ).format(given=repr(given))
        )
    return given


def reminders(store: Store, on: date, sender: str) -> Reminders:
    """One message per partner that owes something on ``on``; partners without an address are skipped.

    A partner is reminded only of what it may see (domain/audience.py): a commitment of a
    confidential case outside its audience, or restricted to other partners, is left out of its
    message (the office is told how many). A partner outside the charter's participants gets none.
    """
    from vhuis.domain.audience import outside_charter, secret_commitments

    digests, problems = store.digests()
    titles = {c.id: c.title for c in digests}
    secret = secret_commitments(digests)
    office = store.settings.name
    language = store.settings.language
    made: list[Reminder] = []
    skipped: list[str] = []
    for partner_id, owing in sorted(by_partner(owed(digests, on)).items()):
        if outside_charter(store.settings, [partner_id]):
            skipped.append(
                ngettext(
                    "{partner} owes {count} but is not a participant of the charter in vhuis.yaml; no reminder",
                    "{partner} owes {count} but is not a participant of the charter in vhuis.yaml; no reminder",
                    len(owing),
                ).format(partner=partner_id, count=len(owing))
            )
            continue
        items = owed_for(digests, on, partner_id, partner_id)
        if hidden := len(owing) - len(items):
            skipped.append(
                ngettext(
                    "{partner} owes {count} it may not see (a confidential case or a restricted entry); "
                    "its reminder leaves it out",
                    "{partner} owes {count} it may not see (a confidential case or a restricted entry); "
                    "its reminder leaves them out",
                    hidden,
                ).format(partner=partner_id, count=hidden)
            )
        if not items:
            continue
        partner = store.partners.get(partner_id)
        if partner is None:
            skipped.append(
                ngettext(
                    "{partner} owes {count} but is not in partners.yaml; no reminder",
                    "{partner} owes {count} but is not in partners.yaml; no reminder",
                    len(items),
                ).format(partner=partner_id, count=len(items))
            )
            continue
        if not partner.email:
            skipped.append(
                ngettext(
                    "{partner} owes {count} but has no e-mail address in partners.yaml; no reminder "
                    "(add one with 'email:' there)",
                    "{partner} owes {count} but has no e-mail address in partners.yaml; no reminder "
                    "(add one with 'email:' there)",
                    len(items),
                ).format(partner=partner_id, count=len(items))
            )
            continue
        confidential = any((o.case, o.commitment) in secret for o in items)
        message = _message(sender, partner.name, partner.email, items, titles, on, office, language, confidential)
        made.append(Reminder(partner_id, message, len(items), sum(o.days_overdue > 0 for o in items)))
    return Reminders(made, skipped, problems)


def write_mail(reminders: Iterable[Mail], out: Path) -> list[Path]:
    """``out/PARTNER.eml`` for each message (CRLF line ends, as RFC 5322 has them)."""
    from email import policy

    from vhuis.storage.outfile import write_output

    if out.exists() and not out.is_dir():
        raise InvalidInput(_("--out: {out} is a file; give a folder for the .eml files").format(out=out))
    written = []
    for reminder in reminders:
        path = out / f"{reminder.partner}.eml"
        write_output(path, reminder.message.as_bytes(policy=policy.SMTP).decode("ascii"), "--out")
        written.append(path)
    return written


def parse_server(text: str) -> tuple[str, int]:
    """``HOST:PORT`` (``[::1]:25`` for IPv6)."""
    host, _colon, port = text.rpartition(":")
    host = host.strip("[]")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise InvalidInput(
            _("--smtp: {text} is not HOST:PORT (e.g. smtp.genk.be:25 or 127.0.0.1:1025)").format(text=repr(text))
        )
    return host, int(port)


def send_mail(reminders: Iterable[Mail], server: str, failed: str | None = None) -> list[str]:
    """Hand every message to the SMTP relay at ``server``; the partners they went to.

    ``failed`` is the (translated) sentence that says what could not be sent, with
    ``{host}``, ``{port}``, ``{reason}`` and ``{done}`` to fill in; the reminders' by default.
    """
    import smtplib

    host, port = parse_server(server)
    sent: list[str] = []
    try:
        with smtplib.SMTP(host, port, timeout=SMTP_TIMEOUT) as smtp:
            for reminder in reminders:
                smtp.send_message(reminder.message)
                sent.append(reminder.partner)
    except (OSError, smtplib.SMTPException) as error:
        done = _("sent to {partners} before that").format(partners=", ".join(sent)) if sent else _("none was sent")
        reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
        if failed is None:
            failed = _("--smtp: could not send the reminders through {host}:{port} ({reason}); {done}")
        raise SendFailed(failed.format(host=host, port=port, reason=reason, done=done)) from None
    return sent
