"""The analyst-facing warehouse: every `mart` view, its columns, their SQL types and their COMMENTs.

Views read from `core` tables of the same name; analysts should use only `mart` (and `meta.build`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    sql_type: str
    comment: str


@dataclass(frozen=True)
class View:
    name: str
    comment: str
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _c(name: str, sql_type: str, comment: str) -> Column:
    return Column(name, sql_type, comment)


SOURCES = View(
    "sources",
    "Every document behind a figure (the source registry in raw/sources). kind = what the document is; "
    "access = how procstats read it. Copies and reports point at the primary document in reports_on.",
    (
        _c("source_id", "VARCHAR", "Registry id; observations.source_id refers to it."),
        _c("title", "VARCHAR", "Title of the document as read (original language)."),
        _c(
            "producer",
            "VARCHAR",
            "Who produced the statistics (e.g. the SPP), not who carried the text.",
        ),
        _c(
            "kind",
            "VARCHAR",
            "work_report, case_data_release, white_paper, press_conference, press_release, "
            "statistical_table, statistical_report, academic, court_decision or news.",
        ),
        _c(
            "url",
            "VARCHAR",
            "Address of the document (the canonical one where known); NULL if unknown.",
        ),
        _c(
            "mirror_urls",
            "VARCHAR[]",
            "Addresses where figures from this document were actually read.",
        ),
        _c(
            "published_on",
            "VARCHAR",
            "Publication date as precise as known: YYYY, YYYY-MM or YYYY-MM-DD.",
        ),
        _c(
            "accessed_on",
            "DATE",
            "Day procstats read or copied it; NULL when not recorded (see access_note).",
        ),
        _c("format", "VARCHAR", "html, pdf, json, csv, xlsx or text."),
        _c("language", "VARCHAR", "BCP 47 tag: zh-Hans, zh-Hant, en, ja, de, ko, fil."),
        _c("sha256", "VARCHAR", "SHA-256 of the stored copy in raw/, NULL when no file is stored."),
        _c("license", "VARCHAR", "Licence or legal basis for reusing the figures."),
        _c("title_en", "VARCHAR", "English title where the original is not English (may be NULL)."),
        _c(
            "publisher",
            "VARCHAR",
            "Who published the text that was read (a mirror, news outlet, translator).",
        ),
        _c(
            "access",
            "VARCHAR",
            "primary (producer's site), mirror, translation, report (a news account), relay "
            "(data re-published by a third party) or not_seen (registered because cited, never read).",
        ),
        _c(
            "country",
            "VARCHAR",
            "ISO 3166 alpha-2 country the figures are about; NULL for general works.",
        ),
        _c(
            "reports_on",
            "VARCHAR",
            "source_id of the primary document this copy reproduces or reports.",
        ),
        _c(
            "covers",
            "VARCHAR",
            "Data years the document reports (for primary documents), e.g. 2018-2022.",
        ),
        _c("access_note", "VARCHAR", "How and when the document was read, or why it was not."),
        _c(
            "stored_file",
            "VARCHAR",
            "Path of the stored copy under raw/, content-addressed by sha256.",
        ),
        _c("notes", "VARCHAR", "Anything else a reader of the source should know."),
    ),
)

METRICS = View(
    "metrics",
    "The metric catalogue: one row per metric id, with its formula and how far it compares across "
    "countries and documents.",
    (
        _c("metric", "VARCHAR", "Metric id, as used in observations.metric."),
        _c("label_en", "VARCHAR", "English label."),
        _c(
            "label_zh", "VARCHAR", "Chinese label (with the national term for non-Chinese metrics)."
        ),
        _c("unit", "VARCHAR", "persons, cases, proceedings or pct (percent: 25.5 means 25.5%)."),
        _c("numerator", "VARCHAR", "What is counted (for rates: the numerator)."),
        _c("denominator", "VARCHAR", "Denominator of a rate; NULL for counts."),
        _c("definition", "VARCHAR", "Definition, with the publisher's formula where one is known."),
        _c("comparability", "VARCHAR", "Known differences between sources, years or countries."),
    ),
)

OBSERVATIONS = View(
    "observations",
    "Tidy observations: one printed figure (or one value procstats computed) per row, with the "
    "interval its printing allows and the document it came from. Printed figures are never overwritten.",
    (
        _c("country", "VARCHAR", "ISO 3166 alpha-2: CN, JP, DE, US (and KR)."),
        _c(
            "jurisdiction",
            "VARCHAR",
            "national, or the level the figure covers (US: federal, state courts).",
        ),
        _c(
            "year",
            "INTEGER",
            "Data year; for multi-year spans the last year of the span. NULL if unknown.",
        ),
        _c(
            "period",
            "VARCHAR",
            "FY (full year); cumulative span from January (Q1, H1, Jan-Sep, Jan-Nov); "
            "a month (Dec); a multi-year span (2013-2017); a month span (2019-01..2020-08); a point "
            "(as of 2022-06); unclear or unknown.",
        ),
        _c("metric", "VARCHAR", "Metric id; see mart.metrics."),
        _c(
            "scope",
            "VARCHAR",
            "all, or the sub-population the figure is about (minors, serious violent "
            "crime, penal code offences, ...). A crime-type count is never the national total.",
        ),
        _c(
            "value",
            "DOUBLE",
            "The figure as printed, in the metric's unit (万 converted: 72.6万 = 726000). "
            "NULL when only a change was printed.",
        ),
        _c(
            "low",
            "DOUBLE",
            "Lowest value the printed form allows (rounding and bounds): 72.6万 → 725500.",
        ),
        _c(
            "high",
            "DOUBLE",
            'Highest value the printed form allows; NULL = unbounded ("more than N").',
        ),
        _c("unit", "VARCHAR", "Unit of value/low/high (from the metric)."),
        _c(
            "qualifier",
            "VARCHAR",
            "exact, approx, lower_bound or upper_bound, from the printed words "
            "(超过, 以上, 余, 近, 约, more than, rund ...). NULL for computed values.",
        ),
        _c(
            "printed",
            "VARCHAR",
            "The figure exactly as printed in the document. NULL for computed values.",
        ),
        _c("source_id", "VARCHAR", "Document the figure was read in (mart.sources)."),
        _c("locator", "VARCHAR", "Where in the document."),
        _c("is_derived", "BOOLEAN", "True only for values procstats computed (never printed)."),
        _c("method", "VARCHAR", "For computed values: the formula and its inputs."),
        _c(
            "obs_id",
            "VARCHAR",
            "Stable id of this observation (hash of what identifies the statement).",
        ),
        _c(
            "change_printed",
            "VARCHAR",
            "A change printed with the figure, as printed (同比上升17.3%).",
        ),
        _c("change_pct", "DOUBLE", "That change in percent of the earlier value (+17.3)."),
        _c("change_pp", "DOUBLE", "That change in percentage points, for rates (+1.8)."),
        _c(
            "change_base",
            "VARCHAR",
            "What the change compares with: previous year, same period of "
            "previous year, previous five years, or a named year.",
        ),
        _c("note", "VARCHAR", "Caveats about this figure (garbled translation, definition, year)."),
        _c("seen_at", "VARCHAR", "Address(es) at which this figure was read, separated by ' | '."),
        _c("origin", "VARCHAR", "File and line (or cube cell) in raw/ this row was loaded from."),
    ),
)

CLAIMS = View(
    "claims",
    "Figures claimed in the literature (raw/claims/*.csv), each with a verdict against what the "
    "sources print and what procstats recomputes from them, and an explanation with the numbers.",
    (
        _c(
            "claim_id",
            "VARCHAR",
            "Id of the claim (literature_claims.csv or an analyst's claims file).",
        ),
        _c("paper", "VARCHAR", "The paper making the claim."),
        _c("country", "VARCHAR", "ISO 3166 alpha-2 country the claim is about."),
        _c("metric", "VARCHAR", "Metric id the claim is about."),
        _c("year", "INTEGER", "Data year claimed."),
        _c("claimed_value", "DOUBLE", "The value claimed."),
        _c("unit", "VARCHAR", "Unit of claimed_value."),
        _c("cited_source", "VARCHAR", "What the paper cites for it."),
        _c(
            "verdict",
            "VARCHAR",
            "consistent, inconsistent, definition_mismatch, misattributed or unverifiable.",
        ),
        _c("recomputed_value", "DOUBLE", "Value procstats recomputes from the sources."),
        _c("recomputed_low", "DOUBLE", "Lower edge of the recomputed interval."),
        _c("recomputed_high", "DOUBLE", "Upper edge of the recomputed interval."),
        _c("explanation", "VARCHAR", "Why the verdict, with the numbers a reader can check."),
        _c(
            "cited_source_id",
            "VARCHAR",
            "Registry id of the cited document (mart.sources), if any.",
        ),
        _c("claimed_as", "VARCHAR", "The claim as stated: value, year and the work's wording."),
        _c(
            "evidence_obs_ids",
            "VARCHAR[]",
            "obs_id of every observation (printed or derived) the verdict rests on.",
        ),
    ),
)

CONFLICTS = View(
    "conflicts",
    "The same metric, year, period and scope with different values in different sources (beyond the "
    "rounding of their printing), or a figure a correction excludes, and how procstats resolves it: "
    "source priority (primary release > work report > white paper > press conference > news copy > "
    "academic), then raw/corrections.yaml.",
    (
        _c("country", "VARCHAR", "ISO 3166 alpha-2."),
        _c("year", "INTEGER", "Data year."),
        _c("period", "VARCHAR", "Period, as in observations."),
        _c("metric", "VARCHAR", "Metric id."),
        _c("values", "VARCHAR", "The differing values, as printed, with their sources."),
        _c("source_ids", "VARCHAR[]", "The sources involved."),
        _c(
            "resolution",
            "VARCHAR",
            "Which value procstats prefers and why (source priority or a correction); "
            "'unresolved' when sources of equal standing disagree and nothing decides.",
        ),
        _c("jurisdiction", "VARCHAR", "Jurisdiction, as in observations."),
        _c("scope", "VARCHAR", "Scope, as in observations."),
        _c(
            "chosen_obs_id",
            "VARCHAR",
            "obs_id of the value used for derivation and claims; NULL when unresolved.",
        ),
    ),
)

CONSISTENCY = View(
    "consistency",
    "Checks of the printed record against itself: a printed rate against the rate its printed counts "
    "give, a printed change against last year's figure, parts against totals, a sub-population "
    "against everyone, partial periods against later ones. Two figures agree when the intervals "
    "their printing allows overlap.",
    (
        _c(
            "check_name",
            "VARCHAR",
            "printed rate vs its counts, change vs last year, parts vs total, "
            "sub-population vs everyone or cumulative periods.",
        ),
        _c("country", "VARCHAR", "ISO 3166 alpha-2."),
        _c("jurisdiction", "VARCHAR", "Jurisdiction, as in observations."),
        _c("metric", "VARCHAR", "Metric id of the figure checked."),
        _c("scope", "VARCHAR", "Scope of the figure checked."),
        _c("year", "INTEGER", "Data year of the figure checked (for changes: the earlier year)."),
        _c("period", "VARCHAR", "Period, as in observations."),
        _c("verdict", "VARCHAR", "consistent or inconsistent."),
        _c("printed", "VARCHAR", "The printed figure checked, with its source."),
        _c("expected", "VARCHAR", "What the other figures imply for it (an interval or a bound)."),
        _c("explanation", "VARCHAR", "The arithmetic, with every figure and source used."),
        _c("obs_ids", "VARCHAR[]", "obs_id of every observation the check used."),
    ),
)

CORRECTIONS = View(
    "corrections",
    "raw/corrections.yaml: figures procstats excludes, prefers or explains when it resolves "
    "conflicts, derives values and judges claims. Printed observations themselves are never changed.",
    (
        _c("correction_id", "VARCHAR", "Id of the correction."),
        _c(
            "action",
            "VARCHAR",
            "exclude (not used), prefer (used where sources disagree) or note (explained only).",
        ),
        _c("match", "VARCHAR", "JSON object of observation fields the correction applies to."),
        _c("reason", "VARCHAR", "Why, with the figures that show it."),
        _c(
            "status",
            "VARCHAR",
            "open (not yet checked against the original), reported or resolved.",
        ),
        _c("obs_ids", "VARCHAR[]", "obs_id of every observation the correction applies to."),
    ),
)

COMPARISONS = View(
    "comparisons",
    "Harmonised cross-country series behind the comparative charts (pipelines/metadata/series.yaml): "
    "per country and shared concept, the published series closest to it, with the definition the "
    "country uses. Series are never pooled; compare values only with their definitions in view. "
    "Gaps, unresolved conflicts and countries without a series are rows too (status).",
    (
        _c("country", "VARCHAR", "ISO 3166 alpha-2."),
        _c("year", "INTEGER", "Data year; NULL on 'no series' rows."),
        _c(
            "metric",
            "VARCHAR",
            "Shared concept id: non_prosecution, discretionary_dismissal, evidentiary_dismissal, "
            "charged or negotiated_resolution.",
        ),
        _c("value", "DOUBLE", "Value in percent; NULL for gaps, conflicts and 'no series' rows."),
        _c("definition", "VARCHAR", "The country's own definition of the series."),
        _c("comparability", "VARCHAR", "What limits comparison with other countries."),
        _c("concept_label", "VARCHAR", "The shared concept, in English and Chinese."),
        _c("series_id", "VARCHAR", "Id of the series (series.yaml); NULL on 'no series' rows."),
        _c("series_label", "VARCHAR", "Label naming the country's formula and counting unit."),
        _c("jurisdiction", "VARCHAR", "national, federal or state courts."),
        _c("scope", "VARCHAR", "Offences covered: all, penal code offences, felonies."),
        _c("source_metric", "VARCHAR", "Metric id in mart.observations behind the series."),
        _c(
            "counted",
            "VARCHAR",
            "What the series counts: persons, proceedings, suspects, defendants.",
        ),
        _c("unit", "VARCHAR", "pct (25.5 means 25.5%)."),
        _c("low", "DOUBLE", "Lowest value the printing (or the inputs' printing) allows."),
        _c("high", "DOUBLE", "Highest value it allows; NULL = unbounded."),
        _c("is_derived", "BOOLEAN", "True when procstats computed the value from printed figures."),
        _c(
            "status",
            "VARCHAR",
            "published (printed figure), derived (computed by procstats), gap (no figure for a "
            "year inside the series' span), unresolved conflict, or no series (the country "
            "publishes nothing close to the concept; comparability says why).",
        ),
        _c("source_id", "VARCHAR", "Document the value comes from (mart.sources)."),
        _c("obs_id", "VARCHAR", "The observation behind the value (mart.observations)."),
        _c("printed", "VARCHAR", "The figure as printed; NULL for derived values."),
        _c("note", "VARCHAR", "For derived values the formula; for gaps and conflicts why."),
    ),
)

QUARANTINE = View(
    "quarantine",
    "Documents in raw/ that could not be read (malformed, encrypted, empty, too large, no character "
    "map, unknown format), each with the reason. The build goes on without them; nothing of theirs "
    "is in the other views.",
    (
        _c("doc", "VARCHAR", "Path of the document under raw/."),
        _c("source_ids", "VARCHAR[]", "Registry ids the document belongs to."),
        _c("sha256", "VARCHAR", "SHA-256 of the document's bytes."),
        _c("reason", "VARCHAR", "Why it could not be read, in one line."),
    ),
)

MART_VIEWS: tuple[View, ...] = (
    SOURCES,
    METRICS,
    OBSERVATIONS,
    CLAIMS,
    CONFLICTS,
    COMPARISONS,
    CONSISTENCY,
    CORRECTIONS,
    QUARANTINE,
)


VIEWS_BY_NAME = {v.name: v for v in MART_VIEWS}

# ------------------------------------------------------------------ schema `analysis` (tables)

_SERIES = _c("series_id", "VARCHAR", "Series id (mart.comparisons.series_id, series.yaml).")
_MODEL = _c(
    "model",
    "VARCHAR",
    "linear_trend, or segmented_<year> (interrupted series, break before <year>).",
)

ANALYSIS_INPUTS = View(
    "inputs",
    "Every value of every analysed series (printed, else derived), and whether a model used it.",
    (
        _SERIES,
        _c("country", "VARCHAR", "ISO 3166 alpha-2."),
        _c("metric", "VARCHAR", "Metric id (mart.metrics)."),
        _c("scope", "VARCHAR", "Scope, as in mart.observations."),
        _c("year", "INTEGER", "Data year."),
        _c("value", "DOUBLE", "Value in percent."),
        _c("low", "DOUBLE", "Lowest value the printing allows."),
        _c("high", "DOUBLE", "Highest value the printing allows; NULL = unbounded."),
        _c("is_derived", "BOOLEAN", "True when procstats computed the value."),
        _c(
            "used",
            "BOOLEAN",
            "False for values printed only as bounds (interval wider than 1 pp) or before the "
            "15-year window.",
        ),
        _c("source_id", "VARCHAR", "Document (mart.sources)."),
        _c("obs_id", "VARCHAR", "Observation (mart.observations)."),
    ),
)

ANALYSIS_MODELS = View(
    "models",
    "One row per series and model: fitted, or too short (and why). OLS with HC3 robust errors.",
    (
        _SERIES,
        _MODEL,
        _c("status", "VARCHAR", "fitted or too short."),
        _c("n", "INTEGER", "Years used."),
        _c("first_year", "INTEGER", "First year used."),
        _c("last_year", "INTEGER", "Last year used."),
        _c("r_squared", "DOUBLE", "R²; NULL when not fitted."),
        _c("adj_r_squared", "DOUBLE", "Adjusted R²."),
        _c("aic", "DOUBLE", "Akaike information criterion."),
        _c("cov_type", "VARCHAR", "Covariance estimator of the standard errors (HC3)."),
        _c("note", "VARCHAR", "The break, values left out, why too short or why no forecast."),
    ),
)

ANALYSIS_PARAMETERS = View(
    "parameters",
    "Fitted coefficients with HC3 standard errors and 95% confidence intervals.",
    (
        _SERIES,
        _MODEL,
        _c("term", "VARCHAR", "level, trend, level_before_break, trend_before_break, ..."),
        _c("meaning", "VARCHAR", "What the coefficient measures, with its unit."),
        _c("estimate", "DOUBLE", "Point estimate."),
        _c("std_error", "DOUBLE", "HC3 standard error."),
        _c("ci_low", "DOUBLE", "Lower edge of the 95% confidence interval."),
        _c("ci_high", "DOUBLE", "Upper edge of the 95% confidence interval."),
        _c(
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
        _c("year", "INTEGER", "Forecast year."),
        _c("mean", "DOUBLE", "Fitted trend value, percent."),
        _c("mean_ci_low", "DOUBLE", "95% confidence interval of the trend value, lower edge."),
        _c("mean_ci_high", "DOUBLE", "Its upper edge."),
        _c("pi_low", "DOUBLE", "95% prediction interval for the year's value, lower edge."),
        _c("pi_high", "DOUBLE", "Its upper edge."),
    ),
)

ANALYSIS_DIAGNOSTICS = View(
    "diagnostics",
    "Residual diagnostics of every fitted model.",
    (
        _SERIES,
        _MODEL,
        _c("test", "VARCHAR", "durbin_watson, breusch_pagan or jarque_bera."),
        _c("statistic", "DOUBLE", "Test statistic."),
        _c("p_value", "DOUBLE", "p-value; NULL for Durbin-Watson."),
        _c("note", "VARCHAR", "How to read it, and whether the sample is too small to say much."),
    ),
)

ANALYSIS_TABLES: tuple[View, ...] = (
    ANALYSIS_INPUTS,
    ANALYSIS_MODELS,
    ANALYSIS_PARAMETERS,
    ANALYSIS_FORECASTS,
    ANALYSIS_DIAGNOSTICS,
)
