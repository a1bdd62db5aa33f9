"""mart.comparisons: for each country, the series closest to each shared concept, with the
definition that country uses and what limits the comparison (metadata/series.yaml).

Series of one concept are never merged: each row names its series, the metric behind it and what it
counts. Gaps inside a series' span, unresolved conflicts and countries with no series at all are
rows too, so a chart or a query shows what is missing as plainly as what is there.

Touches: nothing (data frames). Imports: analyse."""

from __future__ import annotations

import pandas as pd

from pipelines.analyse.series import COUNTRIES, NO_SERIES, SeriesSpec, series_values
from pipelines.analyse.tables import COMPARISONS


def build_comparisons(
    spec: SeriesSpec, resolved: pd.DataFrame, derived: pd.DataFrame, conflicts: pd.DataFrame
) -> pd.DataFrame:
    """Rows of mart.comparisons, ordered by concept, country, series and year."""
    frames = []
    for series in spec.compared:
        concept = spec.concept(series.concept)
        values = series_values(series, resolved, derived, conflicts)
        frames.append(
            values.assign(
                country=series.country,
                metric=concept.id,
                concept_label=concept.label,
                definition=series.definition,
                comparability=series.comparability,
                series_label=series.label,
                jurisdiction=series.jurisdiction,
                scope=series.scope,
                source_metric=series.metric,
                counted=series.counted,
                unit="pct",
            )
        )
    missing = [
        {
            "country": n.country,
            "metric": n.concept,
            "concept_label": spec.concept(n.concept).label,
            "status": NO_SERIES,
            "definition": None,
            "comparability": n.reason,
            "note": n.reason,
        }
        for n in spec.no_series
    ]
    frame = pd.concat([*frames, pd.DataFrame(missing)], ignore_index=True)
    order = {c.id: i for i, c in enumerate(spec.concepts)}
    countries = {c: i for i, c in enumerate(COUNTRIES)}
    frame = frame.assign(
        _concept=frame["metric"].map(order), _country=frame["country"].map(countries)
    ).sort_values(["_concept", "_country", "series_id", "year"], na_position="first")
    frame["year"] = frame["year"].astype("Int64")
    frame["is_derived"] = frame["is_derived"].astype("boolean")
    return frame[COMPARISONS.column_names].reset_index(drop=True)
