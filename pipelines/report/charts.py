"""Altair charts for the report. Every chart separates printed figures from computed ones and
draws the interval each printed figure allows."""

from __future__ import annotations

import altair as alt
import pandas as pd

PRINTED, COMPUTED = "printed", "computed by procstats"

STATUS_SCALE = alt.Scale(domain=[PRINTED, COMPUTED], range=["circle", "diamond"])
YEARS = list(range(2013, 2026))
_TOOLTIP = [
    alt.Tooltip("year:O", title="Year 年份"),
    alt.Tooltip("label:N", title="Series 指标"),
    alt.Tooltip("value:Q", title="Value 数值", format=",.4~f"),
    alt.Tooltip("shown:N", title="Printed as 原文"),
    alt.Tooltip("low:Q", title="Low 下限", format=",.4~f"),
    alt.Tooltip("high:Q", title="High 上限", format=",.4~f"),
    alt.Tooltip("source_id:N", title="Source 来源"),
]


def _prepare(frame: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    data = frame[frame["value"].notna()].copy()
    data["label"] = data["metric"].map(labels)
    data["status"] = data["is_derived"].map({True: COMPUTED, False: PRINTED})
    data["shown"] = data["printed"].fillna(data["method"])
    return data[["year", "metric", "label", "value", "low", "high", "status", "shown", "source_id"]]


def _series(data: pd.DataFrame, y_title: str, y_format: str) -> alt.LayerChart:
    x = alt.X(
        "year:O", title="Year 年份", scale=alt.Scale(domain=YEARS), axis=alt.Axis(labelAngle=0)
    )
    colour = alt.Color("label:N", title=None, legend=alt.Legend(orient="top", labelLimit=320))
    base = alt.Chart(data)
    intervals = (
        base.transform_filter("isValid(datum.low) && isValid(datum.high)")
        .mark_rule(strokeWidth=3, opacity=0.35)
        .encode(x=x, y="low:Q", y2="high:Q", color=colour)
    )
    points = base.mark_point(size=70, filled=True, opacity=0.9).encode(
        x=x,
        y=alt.Y("value:Q", title=y_title, axis=alt.Axis(format=y_format)),
        color=colour,
        shape=alt.Shape(
            "status:N", title=None, scale=STATUS_SCALE, legend=alt.Legend(orient="top")
        ),
        tooltip=_TOOLTIP,
    )
    return alt.layer(intervals, points).properties(width="container", height=300)


def china_rates(observations: pd.DataFrame, labels: dict[str, str]) -> alt.LayerChart:
    """Full-year non-prosecution and non-arrest rates, one mark per source."""
    data = _prepare(observations, labels)
    return _series(data, "Percent 百分比", ".0f").properties(
        title="China: non-prosecution and non-arrest rates, full years 全年不起诉率与不捕率"
    )


def china_counts(observations: pd.DataFrame, labels: dict[str, str]) -> alt.LayerChart:
    """Full-year persons prosecuted and not prosecuted, one mark per source."""
    data = _prepare(observations, labels)
    return _series(data, "Persons 人数", "~s").properties(
        title="China: persons prosecuted and not prosecuted, full years 全年起诉与不起诉人数"
    )


VERDICT_SCALE = alt.Scale(
    domain=["consistent", "inconsistent", "definition_mismatch", "misattributed", "unverifiable"],
    range=["#1a7f37", "#cf222e", "#bf8700", "#8250df", "#6e7781"],
)


def claims_vs_recomputed(claims: pd.DataFrame) -> alt.LayerChart:
    """Each rate claimed in the literature (a point, coloured by verdict) against the interval
    procstats recomputes from the sources (a bar, with its central value as a tick)."""
    data = claims[(claims["unit"] == "pct") & claims["claimed_value"].notna()].copy()
    data["label"] = data["claim_id"] + " (" + data["year"].astype("string").fillna("n.d.") + ")"
    y = alt.Y("label:N", title=None, sort=None, axis=alt.Axis(labelLimit=260))
    tooltip = [
        alt.Tooltip("claim_id:N", title="Claim 论断"),
        alt.Tooltip("paper:N", title="Paper 文献"),
        alt.Tooltip("claimed_value:Q", title="Claimed 所称", format=".4~f"),
        alt.Tooltip("verdict:N", title="Verdict 结论"),
        alt.Tooltip("recomputed_low:Q", title="Recomputed low 重算下限", format=".3~f"),
        alt.Tooltip("recomputed_high:Q", title="Recomputed high 重算上限", format=".3~f"),
    ]
    base = alt.Chart(data)
    recomputed = (
        base.transform_filter("isValid(datum.recomputed_low)")
        .mark_bar(height=10, opacity=0.35, color="#57606a")
        .encode(y=y, x="recomputed_low:Q", x2="recomputed_high:Q", tooltip=tooltip)
    )
    central = (
        base.transform_filter("isValid(datum.recomputed_value)")
        .mark_tick(thickness=2, size=16, color="#24292f")
        .encode(y=y, x="recomputed_value:Q", tooltip=tooltip)
    )
    claimed = base.mark_point(size=90, filled=True, shape="circle").encode(
        y=y,
        x=alt.X("claimed_value:Q", title="Percent 百分比"),
        color=alt.Color(
            "verdict:N", title="Verdict 结论", scale=VERDICT_SCALE, legend=alt.Legend(orient="top")
        ),
        tooltip=tooltip,
    )
    return alt.layer(recomputed, central, claimed).properties(
        width="container",
        height=alt.Step(26),
        title="Claimed rates vs what the sources give 文献所称比率与来源重算区间",
    )
