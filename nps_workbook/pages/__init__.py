"""The notebooks' pages: one module per notebook, each what its report shows.

A page module has one ``build(...)`` that computes everything the notebook shows into a frozen
dataclass, and small pure functions that turn it into what a cell displays: Markdown text in
the client's language (``str``), tables (:class:`Table`: a plain DataFrame with how each column
is formatted and its header), guidance for the consultant (:class:`Note`: what to fill in,
which key to set; shown in the notebook, never in a report) and key figures (a dict for
``Workbook.record``). Pages hold no
widgets and do no I/O; the live widgets of the cells tagged ``explore`` are in
:mod:`nps_workbook.explorers` and call back into the pages.

=====================  ============================
notebook               page
=====================  ============================
00_maturity_selftest   :mod:`.maturity_selftest`
01_customer_journey    :mod:`.customer_journey`
02_nps                 :mod:`.nps`
03_loops               :mod:`.loops`
04_financial_impact    :mod:`.financial_impact`
05_enps                :mod:`.enps`
=====================  ============================
"""

from .note import Note
from .table import Table

__all__ = ["Note", "Table"]
