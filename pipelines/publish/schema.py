"""The analyst-facing warehouse: every `mart` view and `analysis` table, in the order analysts see
them. Views read from `core` tables of the same name; analysts should use only `mart` (and
`meta.build`). Each stage declares its own tables (`<stage>/tables.py`); this module only lists them.

Touches: nothing (lists the tables every stage declares). Imports: every stage's tables, common."""

from __future__ import annotations

from pipelines.analyse.tables import ANALYSIS_TABLES, COMPARISONS, COVERAGE, GAPS
from pipelines.common.schema import Column, View
from pipelines.extract.tables import QUARANTINE
from pipelines.normalise.tables import METRICS, OBSERVATIONS
from pipelines.reconcile.tables import CLAIMS, CONFLICTS, CONSISTENCY, CORRECTIONS
from pipelines.snapshot.tables import SOURCES

__all__ = ["ANALYSIS_TABLES", "MART_VIEWS", "VIEWS_BY_NAME", "Column", "View"]

MART_VIEWS: tuple[View, ...] = (
    SOURCES,
    METRICS,
    OBSERVATIONS,
    CLAIMS,
    CONFLICTS,
    COMPARISONS,
    COVERAGE,
    GAPS,
    CONSISTENCY,
    CORRECTIONS,
    QUARANTINE,
)


VIEWS_BY_NAME = {v.name: v for v in MART_VIEWS}
