"""vhuis partner: the partner registry (partners.yaml)."""

from __future__ import annotations

from typing import Annotated

import typer

from vhuis.cli import complete, output
from vhuis.cli.common import JsonOption, StoreOption, group, store_of
from vhuis.cli.helptext import examples
from vhuis.cli.params import Choice, PartnerId, listed
from vhuis.i18n import NP_, _, pgettext
from vhuis.vocab import PartnerKind, term

partner_app = group("The partner registry (partners.yaml).")

PARTNER_COLUMNS = [
    NP_("table column", "id"),
    NP_("table column", "name"),
    NP_("table column", "kind"),
    NP_("table column", "email"),
]


@partner_app.command(
    "add",
    epilog=examples(
        "vhuis partner add de-lijn --name 'De Lijn Limburg' --kind transport --email limburg@delijn.example",
    ),
)
def partner_add(
    ctx: typer.Context,
    partner_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", parser=PartnerId(), help="Short id: lowercase letters, digits, '-' (e.g. de-lijn)."
        ),
    ],
    name: Annotated[str, typer.Option("--name", help="Full name, e.g. 'Lokale Politie CARMA'.")],
    kind: Annotated[
        PartnerKind,
        typer.Option(
            "--kind",
            parser=Choice(PartnerKind),
            autocompletion=complete.values(PartnerKind),
            help=f"{listed(PartnerKind)}.",
        ),
    ],
    email: Annotated[str | None, typer.Option("--email", help="The partner's functional address.")] = None,
    store: StoreOption = None,
) -> None:
    """Add a partner to the registry."""
    from vhuis.domain.partners import add_partner

    partner = add_partner(store_of(ctx, store), partner_id, name, kind, email)
    output.result(partner.id)
    output.done(_("partner {partner} ({name}) added").format(partner=partner.id, name=partner.name))


@partner_app.command(
    "edit",
    epilog=examples(
        "vhuis partner edit de-lijn --email info@delijn.example",
        "vhuis partner edit politie --name 'Politiezone CARMA' --kind police",
    ),
)
def partner_edit(
    ctx: typer.Context,
    partner_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", parser=PartnerId(), autocompletion=complete.partners, help="The partner's id (it stays)."
        ),
    ],
    name: Annotated[str | None, typer.Option("--name", help="Full name, e.g. 'Lokale Politie CARMA'.")] = None,
    kind: Annotated[
        PartnerKind | None,
        typer.Option(
            "--kind",
            parser=Choice(PartnerKind),
            autocompletion=complete.values(PartnerKind),
            help=f"{listed(PartnerKind)}.",
        ),
    ] = None,
    email: Annotated[
        str | None, typer.Option("--email", help="The partner's functional address; '' for no address.")
    ] = None,
    store: StoreOption = None,
) -> None:
    """Change a partner's name, kind or address; what is not given stays."""
    from vhuis.domain.partners import edit_partner

    partner, changed = edit_partner(store_of(ctx, store), partner_id, name, kind, email)
    output.done(_("partner {partner} changed ({fields})").format(partner=partner.id, fields=", ".join(changed)))


@partner_app.command("remove", epilog=examples("vhuis partner remove de-lijn"))
def partner_remove(
    ctx: typer.Context,
    partner_id: Annotated[
        str,
        typer.Argument(metavar="ID", parser=PartnerId(), autocompletion=complete.partners, help="The partner's id."),
    ],
    store: StoreOption = None,
) -> None:
    """Take a partner out of the registry; refused while a case, meeting or inbox signal names it."""
    from vhuis.domain.partners import remove_partner

    partner = remove_partner(store_of(ctx, store), partner_id)
    output.done(_("partner {partner} ({name}) removed").format(partner=partner.id, name=partner.name))


@partner_app.command("list", epilog=examples("vhuis partner list", "vhuis partner list --json"))
def partner_list(ctx: typer.Context, json: JsonOption = False, store: StoreOption = None) -> None:
    """List the partners."""
    partners = list(store_of(ctx, store).partners.values())
    if json:
        output.emit_json([p.model_dump(mode="json") for p in partners])
        return
    output.table(
        [pgettext(*column) for column in PARTNER_COLUMNS], [[p.id, p.name, term(p.kind), p.email] for p in partners]
    )
