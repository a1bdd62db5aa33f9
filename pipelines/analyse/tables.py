"""The tables the analyse stage produces: mart.comparisons, mart.coverage, mart.gaps and the `analysis`
schema (models, parameters, forecasts, diagnostics and their inputs).

Touches: nothing (describes mart.comparisons, coverage, gaps and the analysis tables). Imports: common."""

from __future__ import annotations

from pipelines.common.schema import View, column

COMPARISONS = View(
    "comparisons",
    "Harmonised cross-country series behind the comparative charts (pipelines/metadata/series.yaml): "
    "per country and shared concept, the published series closest to it, with the definition the "
    "country uses. Series are never pooled; compare values only with their definitions in view. "
    "Gaps, unresolved conflicts and countries without a series are rows too (status).",
    (
        column("country", "VARCHAR", "ISO 3166 alpha-2."),
        column("year", "INTEGER", "Data year; NULL on 'no series' rows."),
        column(
            "metric",
            "VARCHAR",
            "Shared concept id: non_prosecution, discretionary_dismissal, evidentiary_dismissal, "
            "charged or negotiated_resolution.",
        ),
        column(
            "value", "DOUBLE", "Value in percent; NULL for gaps, conflicts and 'no series' rows."
        ),
        column("definition", "VARCHAR", "The country's own definition of the series."),
        column("comparability", "VARCHAR", "What limits comparison with other countries."),
        column("concept_label", "VARCHAR", "The shared concept, in English and Chinese."),
        column("series_id", "VARCHAR", "Id of the series (series.yaml); NULL on 'no series' rows."),
        column("series_label", "VARCHAR", "Label naming the country's formula and counting unit."),
        column("jurisdiction", "VARCHAR", "national, federal or state courts."),
        column("scope", "VARCHAR", "Offences covered: all, penal code offences, felonies."),
        column("source_metric", "VARCHAR", "Metric id in mart.observations behind the series."),
        column(
            "counted",
            "VARCHAR",
            "What the series counts: persons, proceedings, suspects, defendants.",
        ),
        column("unit", "VARCHAR", "pct (25.5 means 25.5%)."),
        column("low", "DOUBLE", "Lowest value the printing (or the inputs' printing) allows."),
        column("high", "DOUBLE", "Highest value it allows; NULL = unbounded."),
        column(
            "is_derived", "BOOLEAN", "True when procstats computed the value from printed figures."
        ),
        column(
            "status",
            "VARCHAR",
            "published (printed figure), derived (computed by procstats), gap (no figure for a "
            "year inside the series' span), unresolved conflict, or no series (the country "
            "publishes nothing close to the concept; comparability says why).",
        ),
        column("source_id", "VARCHAR", "Document the value comes from (mart.sources)."),
        column("obs_id", "VARCHAR", "The observation behind the value (mart.observations)."),
        column("printed", "VARCHAR", "The figure as printed; NULL for derived values."),
        column("note", "VARCHAR", "For derived values the formula; for gaps and conflicts why."),
    ),
)


# ------------------------------------------------------------------ schema `analysis` (tables)

_SERIES = column("series_id", "VARCHAR", "Series id (mart.comparisons.series_id, series.yaml).")
_MODEL = column(
    "model",
    "VARCHAR",
    "linear_trend, or segmented_<year> (interrupted series, break before <year>).",
)

ANALYSIS_INPUTS = View(
    "inputs",
    "Every value of every analysed series (printed, else derived), and whether a model used it.",
    (
        _SERIES,
        column("country", "VARCHAR", "ISO 3166 alpha-2."),
        column("metric", "VARCHAR", "Metric id (mart.metrics)."),
        column("scope", "VARCHAR", "Scope, as in mart.observations."),
        column("year", "INTEGER", "Data year."),
        column("value", "DOUBLE", "Value in percent."),
        column("low", "DOUBLE", "Lowest value the printing allows."),
        column("high", "DOUBLE", "Highest value the printing allows; NULL = unbounded."),
        column("is_derived", "BOOLEAN", "True when procstats computed the value."),
        column(
            "used",
            "BOOLEAN",
            "False for values printed only as bounds (interval wider than 1 pp) or before the "
            "15-year window.",
        ),
        column("source_id", "VARCHAR", "Document (mart.sources)."),
        column("obs_id", "VARCHAR", "Observation (mart.observations)."),
    ),
)

ANALYSIS_MODELS = View(
    "models",
    "One row per series and model: fitted, or too short (and why). OLS with HC3 robust errors.",
    (
        _SERIES,
        _MODEL,
        column("status", "VARCHAR", "fitted or too short."),
        column("n", "INTEGER", "Years used."),
        column("first_year", "INTEGER", "First year used."),
        column("last_year", "INTEGER", "Last year used."),
        column("r_squared", "DOUBLE", "R²; NULL when not fitted."),
        column("adj_r_squared", "DOUBLE", "Adjusted R²."),
        column("aic", "DOUBLE", "Akaike information criterion."),
        column("cov_type", "VARCHAR", "Covariance estimator of the standard errors (HC3)."),
        column("note", "VARCHAR", "The break, values left out, why too short or why no forecast."),
    ),
)

ANALYSIS_PARAMETERS = View(
    "parameters",
    "Fitted coefficients with HC3 standard errors and 95% confidence intervals.",
    (
        _SERIES,
        _MODEL,
        column("term", "VARCHAR", "level, trend, level_before_break, trend_before_break, ..."),
        column("meaning", "VARCHAR", "What the coefficient measures, with its unit."),
        column("estimate", "DOUBLE", "Point estimate."),
        column("std_error", "DOUBLE", "HC3 standard error."),
        column("ci_low", "DOUBLE", "Lower edge of the 95% confidence interval."),
        column("ci_high", "DOUBLE", "Upper edge of the 95% confidence interval."),
        column(
            "p_value",
            "DOUBLE",
            "Two-sided p-value (normal reference, as statsmodels uses for HC3).",
        ),
    ),
)

ANALYSIS_FORECASTS = View(
    "forecasts",
    "Linear-trend extrapolation past the last data year, for series with at least 8 usable years: "
    "a statistical extrapolation, not a prediction of policy. Intervals may leave 0-100.",
    (
        _SERIES,
        _MODEL,
        column("year", "INTEGER", "Forecast year."),
        column("mean", "DOUBLE", "Fitted trend value, percent."),
        column("mean_ci_low", "DOUBLE", "95% confidence interval of the trend value, lower edge."),
        column("mean_ci_high", "DOUBLE", "Its upper edge."),
        column("pi_low", "DOUBLE", "95% prediction interval for the year's value, lower edge."),
        column("pi_high", "DOUBLE", "Its upper edge."),
    ),
)

ANALYSIS_DIAGNOSTICS = View(
    "diagnostics",
    "Residual diagnostics of every fitted model.",
    (
        _SERIES,
        _MODEL,
        column("test", "VARCHAR", "durbin_watson, breusch_pagan or jarque_bera."),
        column("statistic", "DOUBLE", "Test statistic."),
        column("p_value", "DOUBLE", "p-value; NULL for Durbin-Watson."),
        column(
            "note", "VARCHAR", "How to read it, and whether the sample is too small to say much."
        ),
    ),
)

ANALYSIS_TABLES: tuple[View, ...] = (
    ANALYSIS_INPUTS,
    ANALYSIS_MODELS,
    ANALYSIS_PARAMETERS,
    ANALYSIS_FORECASTS,
    ANALYSIS_DIAGNOSTICS,
)

COVERAGE = View(
    "coverage",
    "The coverage grid of raw/gaps.yaml (China, national, full year, 2013-2025, ten core metrics): one "
    "row per metric and year saying what stands in the cell — printed figures, printed bounds only, "
    "values procstats derived, or nothing — and the gap-register entry that explains an empty cell. "
    "Figures raw/corrections.yaml excludes do not fill a cell.",
    (
        column("country", "VARCHAR", "ISO 3166 alpha-2 country of the grid."),
        column("jurisdiction", "VARCHAR", "Jurisdiction of the grid (national)."),
        column("period", "VARCHAR", "Period of the grid (FY: full year)."),
        column("scope", "VARCHAR", "Scope of the grid (all: every criminal case)."),
        column("metric", "VARCHAR", "Metric id (mart.metrics)."),
        column("year", "INTEGER", "Data year."),
        column(
            "status",
            "VARCHAR",
            "printed (a printed figure that is not only a bound), bound only (printed only as "
            "'more than' / 'nearly'), derived only (computed by procstats, nothing printed: a value, "
            "or an interval where readings of the parts differ) or gap.",
        ),
        column("n_printed", "INTEGER", "Printed observations in the cell, excluded ones left out."),
        column("n_derived", "INTEGER", "Derived observations in the cell."),
        column(
            "n_excluded", "INTEGER", "Printed observations in the cell that a correction excludes."
        ),
        column("obs_ids", "VARCHAR[]", "obs_id of every observation filling the cell."),
        column(
            "gap_id",
            "VARCHAR",
            "Id of the raw/gaps.yaml entry covering the cell (mart.gaps); NULL for a filled cell.",
        ),
    ),
)

GAPS = View(
    "gaps",
    "The gap register (raw/gaps.yaml): one row per empty cell of the coverage grid, with why the figure "
    "is believed absent, the documents that show it and every search made for it, so that a gap reads "
    "as a researched gap and nobody repeats a search blind.",
    (
        column(
            "gap_id", "VARCHAR", "Id of the register entry (one entry may cover several cells)."
        ),
        column("country", "VARCHAR", "ISO 3166 alpha-2 country of the grid."),
        column("jurisdiction", "VARCHAR", "Jurisdiction of the grid (national)."),
        column("period", "VARCHAR", "Period of the grid (FY: full year)."),
        column("scope", "VARCHAR", "Scope of the grid (all)."),
        column("metric", "VARCHAR", "Metric id of the empty cell."),
        column("year", "INTEGER", "Data year of the empty cell."),
        column(
            "status",
            "VARCHAR",
            "not_applicable (the measure did not exist), not_published (believed never printed), "
            "not_found (most likely printed, no copy found), parts_only (only partial periods or "
            "components), excluded_only (the only figure is excluded by a correction), year_unclear "
            "(printed without a clear year).",
        ),
        column(
            "reason", "VARCHAR", "Why the figure is believed absent, with the figures that show it."
        ),
        column(
            "source_ids",
            "VARCHAR[]",
            "Registry ids (mart.sources) of the documents the reason rests on.",
        ),
        column(
            "searches",
            "VARCHAR",
            "JSON array of the searches made for the cell: id, query (as sent), where, date, outcome.",
        ),
        column("n_searches", "INTEGER", "Number of searches made for the cell."),
        column("last_searched", "VARCHAR", "Date (YYYY-MM-DD) of the latest search for the cell."),
        column(
            "cell_status",
            "VARCHAR",
            "What mart.coverage finds in the cell: gap, or a filled status when the entry is stale.",
        ),
    ),
)
