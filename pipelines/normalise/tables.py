"""The tables the normalise stage produces: mart.metrics (the catalogue) and mart.observations.

Touches: nothing (describes mart.metrics and mart.observations). Imports: common."""

from __future__ import annotations

from pipelines.common.schema import View, column

METRICS = View(
    "metrics",
    "The metric catalogue: one row per metric id, with its formula and how far it compares across "
    "countries and documents.",
    (
        column("metric", "VARCHAR", "Metric id, as used in observations.metric."),
        column("label_en", "VARCHAR", "English label."),
        column(
            "label_zh", "VARCHAR", "Chinese label (with the national term for non-Chinese metrics)."
        ),
        column(
            "unit", "VARCHAR", "persons, cases, proceedings or pct (percent: 25.5 means 25.5%)."
        ),
        column("numerator", "VARCHAR", "What is counted (for rates: the numerator)."),
        column("denominator", "VARCHAR", "Denominator of a rate; NULL for counts."),
        column(
            "definition", "VARCHAR", "Definition, with the publisher's formula where one is known."
        ),
        column(
            "comparability", "VARCHAR", "Known differences between sources, years or countries."
        ),
    ),
)

OBSERVATIONS = View(
    "observations",
    "Tidy observations: one printed figure (or one value procstats computed) per row, with the "
    "interval its printing allows and the document it came from. Printed figures are never overwritten.",
    (
        column("country", "VARCHAR", "ISO 3166 alpha-2: CN, JP, DE, US (and KR)."),
        column(
            "jurisdiction",
            "VARCHAR",
            "national, or the level the figure covers (US: federal, state courts).",
        ),
        column(
            "year",
            "INTEGER",
            "Data year; for multi-year spans the last year of the span. NULL if unknown.",
        ),
        column(
            "period",
            "VARCHAR",
            "FY (full year); cumulative span from January (Q1, H1, Jan-Sep, Jan-Nov); "
            "a month (Dec); a multi-year span (2013-2017); a month span (2019-01..2020-08); a point "
            "(as of 2022-06); unclear or unknown.",
        ),
        column("metric", "VARCHAR", "Metric id; see mart.metrics."),
        column(
            "scope",
            "VARCHAR",
            "all, or the sub-population the figure is about (minors, serious violent "
            "crime, penal code offences, ...). A crime-type count is never the national total.",
        ),
        column(
            "value",
            "DOUBLE",
            "The figure as printed, in the metric's unit (万 converted: 72.6万 = 726000). "
            "NULL when only a change was printed.",
        ),
        column(
            "low",
            "DOUBLE",
            "Lowest value the printed form allows (rounding and bounds): 72.6万 → 725500.",
        ),
        column(
            "high",
            "DOUBLE",
            'Highest value the printed form allows; NULL = unbounded ("more than N").',
        ),
        column("unit", "VARCHAR", "Unit of value/low/high (from the metric)."),
        column(
            "qualifier",
            "VARCHAR",
            "exact, approx, lower_bound or upper_bound, from the printed words "
            "(超过, 以上, 余, 近, 约, more than, rund ...). NULL for computed values.",
        ),
        column(
            "printed",
            "VARCHAR",
            "The figure exactly as printed in the document. NULL for computed values.",
        ),
        column("source_id", "VARCHAR", "Document the figure was read in (mart.sources)."),
        column("locator", "VARCHAR", "Where in the document."),
        column("is_derived", "BOOLEAN", "True only for values procstats computed (never printed)."),
        column("method", "VARCHAR", "For computed values: the formula and its inputs."),
        column(
            "obs_id",
            "VARCHAR",
            "Stable id of this observation (hash of what identifies the statement).",
        ),
        column(
            "change_printed",
            "VARCHAR",
            "A change printed with the figure, as printed (同比上升17.3%).",
        ),
        column("change_pct", "DOUBLE", "That change in percent of the earlier value (+17.3)."),
        column("change_pp", "DOUBLE", "That change in percentage points, for rates (+1.8)."),
        column(
            "change_base",
            "VARCHAR",
            "What the change compares with: previous year, same period of "
            "previous year, previous five years, or a named year.",
        ),
        column(
            "note", "VARCHAR", "Caveats about this figure (garbled translation, definition, year)."
        ),
        column(
            "seen_at", "VARCHAR", "Address(es) at which this figure was read, separated by ' | '."
        ),
        column(
            "origin", "VARCHAR", "File and line (or cube cell) in raw/ this row was loaded from."
        ),
    ),
)
