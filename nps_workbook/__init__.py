"""NPS Workbook: load survey exports, compute Net Promoter statistics, build client workbooks.

The public API, in the order data flows through it::

    from nps_workbook import load_responses, summarize, nps_table

    result = load_responses("export.csv")          # accepted answers + rejected rows
    summarize(result.answers)                      # NPS with its confidence interval
    nps_table(result.answers, by="Afdeling", period="quarter")
"""

from .errors import AnalysisError, ConfigError, NpsWorkbookError, SurveyFileError
from .load import LoadResult, load_responses
from .score import (
    Comparison,
    NpsSummary,
    categorize,
    compare,
    interval,
    nps,
    nps_table,
    rolling_nps,
    sample_size,
    summarize,
)

__all__ = [
    "AnalysisError",
    "Comparison",
    "ConfigError",
    "LoadResult",
    "NpsSummary",
    "NpsWorkbookError",
    "SurveyFileError",
    "categorize",
    "compare",
    "interval",
    "load_responses",
    "nps",
    "nps_table",
    "rolling_nps",
    "sample_size",
    "summarize",
]
