"""Benchmarks of NPS Workbook against named peers; run them with ``python benchmarks/run.py``.

One module per benchmark (``scoring``, ``loading``), each with a ``run`` function that measures
our function and its peers on the same data; ``measure`` holds the timing and memory harness.
"""
