"""A figure as read from one document, before normalisation: the common output of every reader
(hand transcriptions, statistics cubes, and later the document extractors).

Touches: nothing. Imports: nothing."""

from __future__ import annotations

import pandas as pd

FIGURE_COLUMNS = [
    "country",
    "jurisdiction",
    "year",
    "period",
    "metric",
    "scope",
    "printed",
    "value",
    "low",
    "high",
    "qualifier",
    "is_derived",
    "method",
    "change_printed",
    "change_pct",
    "change_pp",
    "change_base",
    "source_id",
    "seen_at",
    "locator",
    "note",
    "origin",
]
FIGURE_DTYPES = {
    "year": "Int64",
    "value": "Float64",
    "low": "Float64",
    "high": "Float64",
    "is_derived": "boolean",
    "change_pct": "Float64",
    "change_pp": "Float64",
}


def figures_frame(rows: list[dict]) -> pd.DataFrame:
    """Rows to a frame with the figure columns in order and explicit types."""
    frame = pd.DataFrame(rows, columns=FIGURE_COLUMNS)
    for column in FIGURE_COLUMNS:
        dtype = FIGURE_DTYPES.get(column, "string")
        frame[column] = frame[column].astype(dtype)
    return frame


# `period`: FY (full year); a cumulative span from January (Q1, H1, Jan-Sep, Jan-Nov, ...); one month;
# a multi-year span (2013-2017, whose `year` is its last year); a span of months (2019-01..2020-08);
# a point in time ("as of 2022-06"); or unclear/unknown when the source does not say.
PERIOD_PATTERN = (
    r"FY|Q1|H1|Jan-(?:Feb|Apr|May|Jul|Aug|Sep|Oct|Nov)|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
    r"|\d{4}-\d{4}|\d{4}-\d{2}\.\.\d{4}-\d{2}|as of \d{4}(?:-\d{2})?|unclear|unknown"
)
COUNTRIES = ("CN", "JP", "DE", "US", "KR")
