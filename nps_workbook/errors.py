"""Exceptions for the mistakes a user can make, one type per kind.

Each message names the file, the row or key, what was found and what was expected, so the CLI can
print it on one line and a notebook can show it without a traceback.
"""


class NpsWorkbookError(Exception):
    """Base class for every error the user can fix by changing an input."""


class SurveyFileError(NpsWorkbookError):
    """A survey export cannot be used at all (missing, empty, unreadable, no score column)."""


class ScaleError(SurveyFileError):
    """The answers look like another scale than 0-10 (1-5, 1-10): scored as NPS they would lie."""


class ConfigError(NpsWorkbookError):
    """A configuration file (column mapping, client.yml) is missing, malformed or inconsistent."""


class AnalysisError(NpsWorkbookError):
    """A statistics request the data cannot answer (unknown column, impossible level)."""
