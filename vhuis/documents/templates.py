"""The templates: where they are looked up, the Jinja environment they run in, and their errors.

Templates come from the store's own ``templates/`` first, then vhuis's defaults.
They run sandboxed and bounded (sandbox.py), without HTML escaping: Markdown
escaping is the filters' (markdown.py). Any failure of a template names its
file and line (docs/templates.md).

jinja2 and babel are imported inside the functions, so the CLI starts without them.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from vhuis.documents.markdown import block, cell, md
from vhuis.documents.words import LOCALES
from vhuis.errors import InvalidData, InvalidInput, NotFound, Problem
from vhuis.i18n import _
from vhuis.storage.resources import resource

if TYPE_CHECKING:
    from vhuis.documents.sandbox import BoundedEnvironment
    from vhuis.storage.store import Store

DEFAULT_TEMPLATE = "minutes.md.j2"
TEMPLATE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def template_file(name: str | None) -> str:
    """``kort`` -> ``kort.md.j2``; only a plain file name, never a path."""
    if name is None:
        return DEFAULT_TEMPLATE
    if not TEMPLATE_NAME.match(name) or ".." in name:
        raise InvalidInput(
            _(
                "--template: {name} is not a template name; give the name of a file in the store's "
                "templates/ folder, without a path (e.g. 'kort' for templates/kort.md.j2)"
            ).format(name=repr(name))
        )
    if name.endswith(".j2"):
        return name
    return f"{name}.j2" if name.endswith(".md") else f"{name}.md.j2"


def template_folders(store: Store) -> list[Path]:
    """Where templates are looked up: the store's own templates/ first, then the defaults."""
    folders = [store.root / "templates"]
    with contextlib.suppress(FileNotFoundError):
        folders.append(resource("templates"))
    return [f for f in folders if f.is_dir()]


def _date_filter(locale: str, form: str) -> Callable[[date | None], str]:
    def format_day(value: date | None) -> str:
        from babel.dates import format_date

        return "" if value is None else format_date(value, format=form, locale=locale)

    return format_day


def environment(store: Store) -> BoundedEnvironment:
    """A sandboxed, bounded environment (sandbox.py) without HTML escaping: Markdown escaping is the filters'."""
    import jinja2

    from vhuis.documents.sandbox import BoundedEnvironment, StoreTemplates

    locale = LOCALES[store.settings.language]
    places = [(store.root if f.is_relative_to(store.root) else f, f) for f in template_folders(store)]
    env = BoundedEnvironment(
        loader=StoreTemplates(places),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        md=md,
        cell=cell,
        block=block,
        long_date=_date_filter(locale, "long"),
        short_date=_date_filter(locale, "medium"),
    )
    return env


def _shown(store: Store, filename: str | None, fallback: str) -> str:
    if not filename:
        return fallback
    path = Path(filename)
    try:
        return store.rel(path.resolve())
    except ValueError:
        return str(path)


def _template_line(traceback: TracebackType | None, folders: list[Path]) -> tuple[str | None, int | None]:
    """The template file and line that were running when the error happened (the innermost one)."""
    prefixes = tuple(str(f.resolve()) for f in folders)
    found: tuple[str | None, int | None] = (None, None)
    while traceback is not None:
        filename = traceback.tb_frame.f_code.co_filename
        if filename.startswith(prefixes):
            found = (filename, traceback.tb_lineno)
        traceback = traceback.tb_next
    return found


def render_template(store: Store, name: str, context: dict[str, Any]) -> str:
    """The template ``name`` rendered with ``context``; nothing is written.

    A template that is missing, does not parse, or fails while rendering (an
    unknown variable, say) is an error naming the template file and line.
    """
    import jinja2

    from vhuis.documents.sandbox import TemplateLimit

    folders = template_folders(store)
    try:
        return environment(store).render(name, context)
    except InvalidData:  # a template file that is a link, or not a regular file (vhuis/storage/storefile.py)
        raise
    except jinja2.TemplateNotFound as error:
        looked = _("templates/ in the store, then the defaults")
        with contextlib.suppress(FileNotFoundError):
            looked = _("templates/ in the store, then the defaults in {folder}").format(folder=resource("templates"))
        if error.name == name:
            raise NotFound(
                _("there is no template {name} (looked in {looked}); {available}").format(
                    name=name, looked=looked, available=_available(folders)
                )
            ) from None
        raise NotFound(
            _("the template {name} uses {other}, which does not exist (looked in {looked})").format(
                name=name, other=error.name, looked=looked
            )
        ) from None
    except jinja2.TemplateSyntaxError as error:
        where = _shown(store, error.filename, name)
        raise InvalidData(
            _("the template {template} does not parse; nothing was written").format(template=where),
            [Problem(where, error.lineno, "", error.message or _("syntax error"))],
        ) from None
    except Exception as error:  # anything else a template can do wrong: unknown names, unsafe access, bad filters
        filename, line = _template_line(error.__traceback__, folders)
        where = _shown(store, filename, name)
        if isinstance(error, jinja2.UndefinedError):
            message = _("{error}; docs/templates.md lists what a template receives").format(error=error.message)
        elif isinstance(error, TemplateLimit):
            message = str(error)
        else:
            message = f"{type(error).__name__}: {error}"
        problem = Problem(where, line, "", message)
        raise InvalidData(
            _("the template {template} failed; nothing was written").format(template=where), [problem]
        ) from None


def _available(folders: list[Path]) -> str:
    names = sorted({p.name.removesuffix(".md.j2") for f in folders for p in f.glob("*.md.j2")})
    return _("templates there: {names}").format(names=", ".join(names)) if names else _("there are no templates")
