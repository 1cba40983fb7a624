"""Charts: what a chart shows, then the renderers that draw it.

- :mod:`.style`: colours, the order of the categories, the number formats (plain Python).
- :mod:`.content`: what each chart shows (title, bars, points, marks, limits, legend) as plain
  frozen dataclasses, no matplotlib and no SVG.
- :mod:`.figures`: the reports' figures (matplotlib, seaborn), drawn from the content.
- :mod:`.svg`: the explorers' charts as SVG text, drawn from the same content, so a report and
  an explorer cannot state different findings, limits or flags.

Importing this package imports none of the renderers: an explorer that draws SVG never loads
matplotlib's pyplot, and a report that draws figures never builds SVG.
"""
