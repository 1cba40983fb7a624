"""Rendering the consultant's templates (the kit's templates/ folder, kit.py) with Jinja2.

Templates are what a consultant edits: follow-up messages, agendas, the client.yml skeleton.
They render with the client's language and number formats through the filters registered here,
and fail on an undefined name instead of printing an empty gap into a client's text.
"""

from __future__ import annotations

import functools
from pathlib import Path

import jinja2

from . import kit, texts


def template_path(name: str) -> Path:
    """The path of a file in templates/, refusing names that leave the folder."""
    folder = kit.templates_dir().resolve()
    path = (folder / name).resolve()
    if not path.is_relative_to(folder):
        raise ValueError(f"template name {name!r} leaves the templates folder")
    return path


@functools.cache
def environment() -> jinja2.Environment:
    """One Jinja2 environment: strict about undefined names, HTML escaped in .html templates."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(kit.templates_dir()),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "htm", "html.j2", "htm.j2")
        ),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        number=texts.format_number,
        nps=texts.format_nps,
        percent=texts.format_percent,
        money=texts.format_money,
    )
    env.globals["label"] = texts.label
    return env


def render(name: str, **context: object) -> str:
    """Render templates/`name` with `context`.

    Filters take the language explicitly, e.g. ``{{ value | nps(language) }}``,
    ``{{ revenue | money(currency, language) }}``; ``label(key, language)`` gives a label.

    Examples
    --------
    >>> text = render("messages/detractor.da.txt.j2", client="Kvistholm Data", contact="Jens",
    ...               customer_name=None, owner="Ann", score=3, comment=None, date=None,
    ...               language="da")
    >>> text.splitlines()[0]
    'Kære Jens'
    """
    return environment().get_template(name).render(**context)
