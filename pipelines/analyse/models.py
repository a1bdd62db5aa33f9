"""Trend analysis of the named series with statsmodels, stored in the `analysis` schema.

Models, per series (values as series.py picks them: printed, else derived):
- linear_trend: OLS of the rate on the year over the last WINDOW data years, heteroscedasticity-
  robust (HC3) standard errors; needs MIN_TREND points.
- segmented_<year>: for Chinese series, an interrupted time series around a policy break, with a
  level change and a trend change at the break (HC3); needs MIN_SEGMENT points on each side and
  MIN_RESIDUAL_DF residual degrees of freedom.
- forecasts: from linear_trend, FORECAST_YEARS years past the last data year, with 95% confidence
  intervals of the mean and 95% prediction intervals, only when the series has MIN_FORECAST points.
- diagnostics: Durbin-Watson, Breusch-Pagan and Jarque-Bera on each fitted model's residuals.

A value printed only as a bound ("more than 85%") says too little for a trend and is left out, and
the model's note says so. When a series is too short, the model row says "too short" and why; there
are then no parameters, rather than parameters nobody should read.

Touches: nothing (data frames in, model tables out). Imports: analyse, common."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm
from statsmodels.regression.linear_model import RegressionResultsWrapper
from statsmodels.stats.diagnostic import het_breuschpagan
from statsmodels.stats.stattools import durbin_watson, jarque_bera

from pipelines.analyse.series import DERIVED, PUBLISHED, SeriesSpec, series_values
from pipelines.analyse.tables import ANALYSIS_TABLES
from pipelines.common.schema import View

WINDOW = 15
MIN_TREND = 5
MIN_SEGMENT = 3
MIN_RESIDUAL_DF = 3
MIN_FORECAST = 8
FORECAST_YEARS = 3
MAX_WIDTH = 1.0  # percentage points: wider intervals are bounds or coarse roundings, not data
REFERENCE_YEAR = 2020  # linear_trend's level is the fitted value in this year
COV_TYPE = "HC3"
FITTED, TOO_SHORT = "fitted", "too short"


@dataclass(frozen=True)
class Break:
    first_year: int  # first data year after the break
    label: str


# Policy breaks for Chinese series. The plea-leniency system entered the Criminal Procedure Law on
# 26 October 2018, so 2019 is its first full year; "fewer arrests, careful prosecution, careful
# detention" (少捕慎诉慎押) became national criminal-justice policy in 2021.
CHINA_BREAKS = (
    Break(2019, "after the 2018 Criminal Procedure Law amendment (plea leniency in law)"),
    Break(2021, "from the 2021 policy of fewer arrests, careful prosecution (少捕慎诉慎押)"),
)

SEGMENT_TERMS = ("level_before_break", "trend_before_break", "level_change", "trend_change")
TERM_MEANING = {
    "level": f"fitted value in {REFERENCE_YEAR}, percent",
    "trend": "change per year, percentage points",
    "level_before_break": "pre-break line's value in the break year, percent",
    "trend_before_break": "change per year before the break, percentage points",
    "level_change": "jump at the break year, percentage points",
    "trend_change": "change of the yearly trend after the break, percentage points",
}


def analyse(
    spec: SeriesSpec, resolved: pd.DataFrame, derived: pd.DataFrame, conflicts: pd.DataFrame
) -> dict[str, pd.DataFrame]:
    """The analysis tables (by name, as in warehouse_schema.ANALYSIS_TABLES)."""
    out: dict[str, list[dict]] = {t.name: [] for t in ANALYSIS_TABLES}
    for series in spec.series:
        values = series_values(series, resolved, derived, conflicts)
        known = values[values["status"].isin([PUBLISHED, DERIVED])]
        usable = known[(known["high"] - known["low"]).fillna(np.inf) <= MAX_WIDTH]
        window = usable[usable["year"] > usable["year"].max() - WINDOW] if len(usable) else usable
        for r in known.itertuples():
            out["inputs"].append(
                {
                    "series_id": series.id,
                    "country": series.country,
                    "metric": series.metric,
                    "scope": series.scope,
                    "year": r.year,
                    "value": r.value,
                    "low": r.low,
                    "high": r.high,
                    "is_derived": r.is_derived,
                    "used": r.Index in window.index,
                    "source_id": r.source_id,
                    "obs_id": r.obs_id,
                }
            )
        left_out = _left_out_note(known, usable, window)
        _linear(series.id, window, left_out, out)
        if series.country == "CN":
            for brk in CHINA_BREAKS:
                _segmented(series.id, window, brk, left_out, out)
    return {
        t.name: pd.DataFrame(out[t.name], columns=t.column_names).astype(_dtypes(t))
        for t in ANALYSIS_TABLES
    }


def _dtypes(table: View) -> dict[str, str]:
    kinds = {"DOUBLE": "Float64", "INTEGER": "Int64", "BOOLEAN": "boolean", "VARCHAR": "object"}
    return {c.name: kinds[c.sql_type] for c in table.columns}


def _left_out_note(known: pd.DataFrame, usable: pd.DataFrame, window: pd.DataFrame) -> str:
    notes = []
    bounds = known.drop(usable.index)
    if len(bounds):
        years = ", ".join(str(y) for y in bounds["year"])
        notes.append(f"left out as printed only as a bound or wider than {MAX_WIDTH} pp: {years}")
    early = usable.drop(window.index)
    if len(early):
        notes.append(
            f"window: the {WINDOW} years to the last data year ({len(early)} earlier values "
            f"left out, {int(early['year'].min())}-{int(early['year'].max())})"
        )
    return "; ".join(notes)


def _model_row(series_id: str, model: str, data: pd.DataFrame, status: str, note: str) -> dict:
    return {
        "series_id": series_id,
        "model": model,
        "status": status,
        "n": len(data),
        "first_year": int(data["year"].min()) if len(data) else None,
        "last_year": int(data["year"].max()) if len(data) else None,
        "cov_type": COV_TYPE if status == FITTED else None,
        "note": note or None,
    }


def _joined(*notes: str | None) -> str:
    return "; ".join(n for n in notes if n)


def _too_short(series_id: str, model: str, data: pd.DataFrame, why: str, left_out: str) -> dict:
    return _model_row(series_id, model, data, TOO_SHORT, _joined(why, left_out))


def _linear(series_id: str, data: pd.DataFrame, left_out: str, out: dict) -> None:
    model = "linear_trend"
    if len(data) < MIN_TREND:
        why = f"usable years: {len(data)}; a trend needs at least {MIN_TREND}"
        out["models"].append(_too_short(series_id, model, data, why, left_out))
        return
    years = data["year"].astype(int).to_numpy()
    exog = pd.DataFrame({"level": 1.0, "trend": years - REFERENCE_YEAR}, index=data.index)
    short = len(data) < MIN_FORECAST
    no_forecast = f"no forecast: fewer than {MIN_FORECAST} years" if short else None
    fit = _fit(series_id, model, data, exog, _joined(left_out, no_forecast), out)
    if short:
        return
    ahead = np.arange(years.max() + 1, years.max() + 1 + FORECAST_YEARS)
    future = pd.DataFrame({"level": 1.0, "trend": ahead - REFERENCE_YEAR})
    frame = fit.get_prediction(future).summary_frame(alpha=0.05)
    for year, p in zip(ahead, frame.itertuples(), strict=True):
        out["forecasts"].append(
            {
                "series_id": series_id,
                "model": model,
                "year": int(year),
                "mean": p.mean,
                "mean_ci_low": p.mean_ci_lower,
                "mean_ci_high": p.mean_ci_upper,
                "pi_low": p.obs_ci_lower,
                "pi_high": p.obs_ci_upper,
            }
        )


def _segmented(series_id: str, data: pd.DataFrame, brk: Break, left_out: str, out: dict) -> None:
    model = f"segmented_{brk.first_year}"
    after = data["year"] >= brk.first_year
    before_n, after_n = int((~after).sum()), int(after.sum())
    residual_df = len(data) - len(SEGMENT_TERMS)
    if min(before_n, after_n) < MIN_SEGMENT or residual_df < MIN_RESIDUAL_DF:
        why = (
            f"usable years before {brk.first_year}: {before_n}, from it: {after_n}; a break needs "
            f"{MIN_SEGMENT} on each side and {len(SEGMENT_TERMS) + MIN_RESIDUAL_DF} in all"
        )
        out["models"].append(_too_short(series_id, model, data, why, left_out))
        return
    t = data["year"].astype(int) - brk.first_year
    d = after.astype(float)
    columns = (1.0, t, d, d * t)
    exog = pd.DataFrame(dict(zip(SEGMENT_TERMS, columns, strict=True)), index=data.index)
    _fit(series_id, model, data, exog, _joined(brk.label, left_out), out)


def _fit(
    series_id: str, model: str, data: pd.DataFrame, exog: pd.DataFrame, note: str, out: dict
) -> RegressionResultsWrapper:
    y = data["value"].astype(float)
    fit = sm.OLS(y, exog).fit(cov_type=COV_TYPE)
    row = _model_row(series_id, model, data, FITTED, note)
    row.update(r_squared=fit.rsquared, adj_r_squared=fit.rsquared_adj, aic=fit.aic)
    out["models"].append(row)
    ci = fit.conf_int(alpha=0.05)
    for term in exog.columns:
        out["parameters"].append(
            {
                "series_id": series_id,
                "model": model,
                "term": term,
                "meaning": TERM_MEANING[term],
                "estimate": fit.params[term],
                "std_error": fit.bse[term],
                "ci_low": ci.loc[term, 0],
                "ci_high": ci.loc[term, 1],
                "p_value": fit.pvalues[term],
            }
        )
    out["diagnostics"] += _diagnostics(series_id, model, fit, exog)
    return fit


def _diagnostics(
    series_id: str, model: str, fit: RegressionResultsWrapper, exog: pd.DataFrame
) -> list[dict]:
    resid = fit.resid.to_numpy()
    small = "n < 20: the test has little power" if len(resid) < 20 else None
    bp_lm, bp_p, _, _ = het_breuschpagan(resid, exog.to_numpy())
    jb, jb_p, _, _ = jarque_bera(resid)
    rows = [
        ("durbin_watson", durbin_watson(resid), None, "near 2: no first-order autocorrelation"),
        ("breusch_pagan", bp_lm, bp_p, "small p: residual variance changes with the regressors"),
        ("jarque_bera", jb, jb_p, "small p: residuals not normal"),
    ]
    return [
        {
            "series_id": series_id,
            "model": model,
            "test": test,
            "statistic": float(stat),
            "p_value": None if p is None else float(p),
            "note": _joined(reading, small),
        }
        for test, stat, p, reading in rows
    ]
