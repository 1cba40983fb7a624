"""The live widgets of the notebooks' cells tagged ``explore``: one module per notebook that has
them. A widget only wires controls to a callback; the callback is a pure function of the
notebook's page (:mod:`nps_workbook.pages`), so tests call it without a browser, and a report
never needs an explorer (papermill and HTML reports show nothing useful of a widget).
"""

from __future__ import annotations

from html import escape
from typing import Any

from IPython.display import HTML, Markdown


# Widgets show their results in an HTML widget, never an Output widget: nbclient answers an
# Output widget's updates on the kernel's shell channel while it reads that channel, which can
# hang a papermill or nbval run (jupyter/nbclient#312).
def as_html(*parts: Any) -> str:
    """HTML for an HTML widget from Markdown text, HTML (an SVG chart), tables
    (Styler/DataFrame) or str (shown as text).

    Charts in widgets are SVG, not matplotlib figures: a widget redraws on every change, and a
    figure costs a fifth of a second or more to draw and encode (issue #8).
    """
    import mistune

    html = []
    for part in parts:
        if isinstance(part, Markdown):
            html.append(mistune.html(part.data))
        elif isinstance(part, HTML):
            html.append(part.data)
        elif hasattr(part, "to_html"):
            html.append(part.to_html())
        else:
            html.append(f"<p>{escape(str(part))}</p>")
    return "".join(html)
