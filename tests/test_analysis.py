"""Comparisons and analysis: the harmonised series with their definitions and gaps, and the fitted
models pinned against least squares computed here with numpy."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import pytest

from pipelines.analyse.compare import build_comparisons
from pipelines.analyse.models import analyse
from pipelines.analyse.series import SERIES_PATH, load_series_spec, series_values
from pipelines.common.errors import ProcstatsError
from pipelines.publish.warehouse import connect_readonly
from tests.committed import committed

Z95 = 1.959963984540054  # statsmodels uses the normal reference with robust (HC3) errors


@cache
def comparisons() -> pd.DataFrame:
    _, _, _, resolved, conflicts, derived, _ = committed()
    return build_comparisons(load_series_spec(), resolved, derived, conflicts)


@cache
def tables() -> dict[str, pd.DataFrame]:
    _, _, _, resolved, conflicts, derived, _ = committed()
    return analyse(load_series_spec(), resolved, derived, conflicts)


def _series(series_id: str) -> pd.DataFrame:
    frame = comparisons()
    return frame[frame["series_id"] == series_id].set_index("year")


# ------------------------------------------------------------------ comparisons


def test_every_country_has_rows_with_definitions_for_every_concept():
    frame = comparisons()
    assert len(frame) == 354
    assert frame["status"].value_counts().to_dict() == {
        "derived": 171,
        "published": 153,
        "gap": 23,
        "no series": 7,
    }
    concepts = {
        "non_prosecution",
        "discretionary_dismissal",
        "evidentiary_dismissal",
        "charged",
        "negotiated_resolution",
    }
    for country in ("CN", "JP", "DE", "US"):
        rows = frame[frame["country"] == country]
        assert set(rows["metric"]) == concepts, country
        assert rows["comparability"].notna().all()
    valued = frame[frame["value"].notna()]
    assert valued["definition"].notna().all() and valued["obs_id"].notna().all()
    assert set(valued["country"]) == {"CN", "JP", "DE", "US"}


def test_china_non_prosecution_series_keeps_printed_derived_and_the_2023_gap():
    cn = _series("cn-npr")
    assert list(cn.index) == list(range(2016, 2026))
    assert cn.loc[2019, ["value", "status", "printed"]].tolist() == [9.5, "published", "9.5%"]
    assert cn.loc[2023, "status"] == "gap" and pd.isna(cn.loc[2023, "value"])
    assert cn.loc[2024, "status"] == "derived" and cn.loc[2024, "value"] == pytest.approx(
        19.7737, abs=1e-4
    )
    assert cn.loc[2024, "note"].startswith("procstats: non_prosecution_rate = not_prosecuted")


def test_each_country_keeps_its_own_definition():
    jp = _series("jp-npr-penal")
    # 2015, Penal Code: 120 522 not prosecuted, 77 268 prosecuted (SOURCE.md's checked values)
    assert jp.loc[2015, "value"] == pytest.approx(100 * 120_522 / (120_522 + 77_268))
    suspension = _series("jp-suspension-penal")
    # the literature's "50.4%" for Japan is this rate, printed to two decimals
    assert suspension.loc[2015, ["value", "status"]].tolist() == [50.38, "published"]
    assert (
        "suspended ÷ (prosecuted + suspended)"
        in _series("jp-suspension-all")["series_label"].iloc[0]
    )
    de = _series("de-npr")
    assert set(de["counted"]) == {"proceedings"} and "§170(2)" in de["comparability"].iloc[0]
    us = _series("us-federal-declination")
    assert us.loc[2002, ["value", "printed"]].tolist() == [27.0, "27%"]
    assert list(us["status"]) == ["published", "gap", "gap", "gap", "derived"]
    frame = comparisons()
    missing = frame[frame["status"] == "no series"]
    assert set(zip(missing["country"], missing["metric"], strict=True)) == {
        ("US", "discretionary_dismissal"),
        ("CN", "evidentiary_dismissal"),
        ("JP", "evidentiary_dismissal"),
        ("US", "evidentiary_dismissal"),
        ("CN", "charged"),
        ("US", "charged"),
        ("JP", "negotiated_resolution"),
    }
    assert missing["year"].isna().all() and missing["note"].str.len().min() > 40


def test_an_unresolved_conflict_gets_no_value():
    _, _, _, resolved, conflicts, derived, _ = committed()
    spec = load_series_spec()
    detention = next(s for s in spec.series if s.id == "cn-pretrial-detention")
    values = series_values(detention, resolved, derived, conflicts).set_index("year")
    assert values.loc[2020, "status"] == "unresolved conflict"
    assert pd.isna(values.loc[2020, "value"])
    assert "59.3" in values.loc[2020, "note"] and "42.2" in values.loc[2020, "note"]


def test_a_concept_a_country_is_silent_about_is_refused():
    text = SERIES_PATH.read_text(encoding="utf-8")
    broken = text.replace(
        "  - concept: charged\n    country: US\n", "  - concept: charged\n    country: KR\n"
    )
    with pytest.raises(
        ProcstatsError, match="charged has neither a series nor a no_series note for US"
    ):
        load_series_spec(broken)
    with pytest.raises(ProcstatsError, match="unknown concept"):
        load_series_spec(
            text.replace(
                "concept: negotiated_resolution\n    country: DE", "concept: plea\n    country: DE"
            )
        )


# ------------------------------------------------------------------ analysis, pinned by numpy


def _hc3(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """OLS coefficients, HC3 covariance and residual variance, by hand."""
    beta, *_ = np.linalg.lstsq(x, y, rcond=None)
    resid = y - x @ beta
    bread = np.linalg.inv(x.T @ x)
    leverage = np.einsum("ij,jk,ik->i", x, bread, x)
    meat = x.T @ (x * (resid**2 / (1 - leverage) ** 2)[:, None])
    return beta, bread @ meat @ bread, float(resid @ resid / (len(y) - x.shape[1]))


def _params(series_id: str, model: str) -> pd.DataFrame:
    p = tables()["parameters"]
    return p[(p["series_id"] == series_id) & (p["model"] == model)].set_index("term")


CN_NPR = {2016: 5.9, 2017: 6.3, 2018: 7.7, 2019: 9.5, 2020: 13.7, 2021: 16.6, 2022: 26.3}


def _cn_npr() -> tuple[np.ndarray, np.ndarray]:
    cn = _series("cn-npr").dropna(subset=["value"])
    years = cn.index.to_numpy(dtype=float)
    assert dict(zip(cn.index[:7], cn["value"][:7], strict=True)) == CN_NPR
    return years, cn["value"].to_numpy(dtype=float)


def test_china_non_prosecution_trend_matches_least_squares_with_hc3_errors():
    years, y = _cn_npr()
    x = np.column_stack([np.ones_like(years), years - 2020])
    beta, cov, _ = _hc3(x, y)
    p = _params("cn-npr", "linear_trend")
    assert p.loc["trend", "estimate"] == pytest.approx(beta[1]) == pytest.approx(2.0127, abs=1e-4)
    assert p.loc["level", "estimate"] == pytest.approx(beta[0]) == pytest.approx(13.5073, abs=1e-4)
    assert p["std_error"].to_numpy() == pytest.approx(np.sqrt(np.diag(cov)))
    assert p.loc["trend", "ci_low"] == pytest.approx(beta[1] - Z95 * np.sqrt(cov[1, 1]))
    models = tables()["models"].set_index(["series_id", "model"])
    assert models.loc[("cn-npr", "linear_trend"), "n"] == 9
    assert models.loc[("cn-npr", "linear_trend"), "r_squared"] == pytest.approx(0.74628, abs=1e-5)


def test_forecast_intervals_match_the_formula():
    years, y = _cn_npr()
    x = np.column_stack([np.ones_like(years), years - 2020])
    beta, cov, scale = _hc3(x, y)
    f = tables()["forecasts"]
    f = f[f["series_id"] == "cn-npr"].set_index("year")
    assert list(f.index) == [2026, 2027, 2028]
    x0 = np.array([1.0, 6.0])
    mean, se_mean = x0 @ beta, np.sqrt(x0 @ cov @ x0)
    assert f.loc[2026, "mean"] == pytest.approx(mean) == pytest.approx(25.5836, abs=1e-4)
    assert f.loc[2026, "mean_ci_high"] == pytest.approx(mean + Z95 * se_mean)
    assert f.loc[2026, "pi_low"] == pytest.approx(mean - Z95 * np.sqrt(se_mean**2 + scale))


def test_segmented_regression_around_2021_matches_least_squares():
    years, y = _cn_npr()
    t = years - 2021
    after = (years >= 2021).astype(float)
    x = np.column_stack([np.ones_like(t), t, after, after * t])
    beta, cov, _ = _hc3(x, y)
    p = _params("cn-npr", "segmented_2021")
    terms = ["level_before_break", "trend_before_break", "level_change", "trend_change"]
    assert p.loc[terms, "estimate"].to_numpy() == pytest.approx(beta)
    assert p.loc[terms, "std_error"].to_numpy() == pytest.approx(np.sqrt(np.diag(cov)))
    # before 2021 the line through 2016-2020 rises 1.88 points a year
    assert p.loc["trend_before_break", "estimate"] == pytest.approx(1.88)


def test_japan_penal_code_trend_uses_the_last_fifteen_years():
    jp = _series("jp-npr-penal")
    window = jp.loc[2010:2024, "value"]
    x = np.column_stack([np.ones(15), window.index.to_numpy(dtype=float) - 2020])
    beta, _, _ = _hc3(x, window.to_numpy(dtype=float))
    assert _params("jp-npr-penal", "linear_trend").loc["trend", "estimate"] == pytest.approx(
        beta[1]
    )
    inputs = tables()["inputs"]
    jp_inputs = inputs[inputs["series_id"] == "jp-npr-penal"]
    assert (len(jp_inputs), int(jp_inputs["used"].sum())) == (43, 15)


def test_short_series_say_so_instead_of_fitting():
    models = tables()["models"].set_index(["series_id", "model"])
    dnpr = models.loc[("cn-dnpr", "linear_trend")]
    assert (
        dnpr["status"] == "too short"
        and dnpr["note"] == "usable years: 2; a trend needs at least 5"
    )
    plea = models.loc[("cn-plea", "linear_trend")]
    assert "printed only as a bound" in plea["note"] and "2020, 2021, 2023" in plea["note"]
    arrest = models.loc[("cn-non-arrest", "segmented_2019")]
    assert arrest["status"] == "too short" and "before 2019: 1, from it: 6" in arrest["note"]
    assert pd.isna(arrest["r_squared"])
    parameters = tables()["parameters"]
    assert not (parameters["series_id"] == "cn-dnpr").any()
    counts = tables()["models"]["status"].value_counts().to_dict()
    assert counts == {"fitted": 16, "too short": 16}


def test_the_warehouse_holds_the_analysis(built):
    con = connect_readonly(built.warehouse_db)
    row = con.execute(
        "SELECT estimate, ci_low, ci_high FROM analysis.parameters "
        "WHERE series_id = 'cn-npr' AND model = 'linear_trend' AND term = 'trend'"
    ).fetchone()
    tests = con.execute(
        "SELECT test FROM analysis.diagnostics WHERE series_id = 'cn-npr' AND model = 'linear_trend' "
        "ORDER BY test"
    ).fetchall()
    countries = con.execute(
        "SELECT country, count(*) FILTER (value IS NOT NULL) FROM mart.comparisons "
        "GROUP BY country ORDER BY country"
    ).fetchall()
    con.close()
    assert row[0] == pytest.approx(2.0127, abs=1e-4) and row[1] < row[0] < row[2]
    assert tests == [("breusch_pagan",), ("durbin_watson",), ("jarque_bera",)]
    # CN: 9 non-prosecution + 2 discretionary + 3 plea; US: 2 declination + 8 plea shares
    assert countries == [("CN", 14), ("DE", 38), ("JP", 262), ("US", 10)]
