"""Altair charts for the report. Every chart separates printed figures from computed ones, draws the
interval each printed figure allows, and carries its sources and definitions in a footnote, so a
PNG or SVG taken out of the page still says where its numbers come from.

Touches: nothing (data frames in, Altair charts out). Imports: analyse, reconcile."""

from __future__ import annotations

import textwrap

import altair as alt
import pandas as pd

from pipelines.analyse.series import NO_SERIES
from pipelines.reconcile.resolve import STANDING_NAMES

PRINTED, COMPUTED = "printed", "computed by procstats"


def status(is_derived: pd.Series) -> pd.Series:
    """The legend's word for each value: printed, or computed by procstats."""
    return is_derived.astype(bool).map({True: COMPUTED, False: PRINTED})


STATUS_SCALE = alt.Scale(domain=[PRINTED, COMPUTED], range=["circle", "diamond"])
YEARS = list(range(2013, 2026))
WIDTH = 860
FOOTNOTE_WIDTH = 150  # characters per footnote line
_TOOLTIP = [
    alt.Tooltip("year:O", title="Year 年份"),
    alt.Tooltip("label:N", title="Series 指标"),
    alt.Tooltip("value:Q", title="Value 数值", format=",.4~f"),
    alt.Tooltip("shown:N", title="Printed as 原文"),
    alt.Tooltip("low:Q", title="Low 下限", format=",.4~f"),
    alt.Tooltip("high:Q", title="High 上限", format=",.4~f"),
    alt.Tooltip("source_id:N", title="Source 来源"),
]


def footnote(chart: alt.TopLevelMixin, notes: list[str]) -> alt.VConcatChart:
    """`chart` with `notes` (sources, definitions) printed beneath it, wrapped to fit."""
    lines = [
        line
        for note in notes
        for line in textwrap.wrap(note, FOOTNOTE_WIDTH, break_on_hyphens=False)
    ]
    return alt.vconcat(chart).properties(
        title=alt.TitleParams(
            lines,
            orient="bottom",
            anchor="start",
            fontSize=10,
            fontWeight="normal",
            color="#57606a",
            offset=14,
        )
    )


def sources_note(frame: pd.DataFrame) -> str:
    ids = sorted({s for s in frame["source_id"].dropna()})
    return "Sources 来源: " + ", ".join(ids) + " (mart.sources; report section Sources)."


def _prepare(frame: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Observations as chart rows: label, printed or computed, and what was printed."""
    data = frame[frame["value"].notna()].copy()
    data["label"] = data["metric"].map(labels)
    data["status"] = status(data["is_derived"])
    data["shown"] = data["printed"].fillna(data["method"])
    return data[["year", "metric", "label", "value", "low", "high", "status", "shown", "source_id"]]


def _series(data: pd.DataFrame, y_title: str, y_format: str, title: str) -> alt.LayerChart:
    x = alt.X(
        "year:O", title="Year 年份", scale=alt.Scale(domain=YEARS), axis=alt.Axis(labelAngle=0)
    )
    colour = alt.Color(
        "label:N", title=None, legend=alt.Legend(orient="top", labelLimit=420, columns=2)
    )
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
    return alt.layer(intervals, points).properties(width=WIDTH, height=300, title=title)


_READING = (
    "Circles: printed figures, one per source; diamonds: computed by procstats from printed counts "
    "(or implied by a printed change). Bars: the interval the printing allows (超过85% = [85, 100])."
)


def china_series(
    observations: pd.DataFrame,
    labels: dict[str, str],
    definitions: list[str],
    title: str,
    y_title: str = "Percent 百分比",
    y_format: str = ".0f",
) -> alt.VConcatChart:
    """Full-year national figures of some Chinese metrics, one mark per source."""
    data = _prepare(observations, labels)
    chart = _series(data, y_title, y_format, title)
    return footnote(chart, [_READING, *definitions, sources_note(data)])


# ------------------------------------------------------------------ four-country comparison

FIRST_COMPARED_YEAR = 2000


def comparison(frame: pd.DataFrame) -> alt.VConcatChart:
    """One panel per shared concept; within a panel one colour per national series, each labelled
    with its own formula and counting unit. Lines join consecutive known years only."""
    data = frame[frame["value"].notna() & (frame["year"] >= FIRST_COMPARED_YEAR)].copy()
    data["status"] = status(data["is_derived"])
    data["shown"] = data["printed"].fillna("computed: " + data["note"].fillna(""))
    data["is_last"] = data["year"] == data.groupby("series_id")["year"].transform("max")
    data["legend"] = _legend(data)
    order = list(dict.fromkeys(frame["concept_label"]))
    tooltip = [
        alt.Tooltip("year:O", title="Year 年份"),
        alt.Tooltip("series_label:N", title="Series 指标"),
        alt.Tooltip("value:Q", title="Percent 百分比", format=".2f"),
        alt.Tooltip("shown:N", title="Printed as 原文"),
        alt.Tooltip("source_id:N", title="Source 来源"),
    ]
    x = alt.X(
        "year:Q",
        title="Year 年份",
        axis=alt.Axis(format="d", values=list(range(FIRST_COMPARED_YEAR, 2026, 5))),
        scale=alt.Scale(domain=[FIRST_COMPARED_YEAR, 2026]),
    )

    domain, colours = _series_colours(frame)
    colour = alt.Color(
        "legend:N",
        title="Series (each country's own definition) 各国口径",
        scale=alt.Scale(domain=domain, range=colours),
        legend=alt.Legend(orient="bottom", columns=1, labelLimit=640, titleLimit=640),
    )
    base = alt.Chart().encode(x=x, color=colour)
    lines = base.mark_line(opacity=0.6).encode(
        y=alt.Y("value:Q", title="Percent 百分比"), detail="series_id:N"
    )
    # Each line ends in its series id, so no reader has to match colours alone.
    tags = (
        base.transform_filter("datum.is_last")
        .mark_text(align="left", dx=6, fontSize=10)
        .encode(y="value:Q", text="series_id:N")
    )
    points = base.mark_point(filled=True, size=45).encode(
        y="value:Q",
        shape=alt.Shape(
            "status:N", title=None, scale=STATUS_SCALE, legend=alt.Legend(orient="top")
        ),
        tooltip=tooltip,
    )
    chart = (
        alt.layer(lines, points, tags, data=data)
        .properties(width=WIDTH, height=170)
        .facet(
            row=alt.Row(
                "concept_label:N",
                title=None,
                sort=order,
                header=alt.Header(
                    labelAngle=0,
                    labelAlign="left",
                    labelAnchor="start",
                    labelOrient="top",
                    labelFontWeight="bold",
                ),
            )
        )
        .resolve_scale(y="independent")
        .properties(title="Four countries, each on its own definition 四国比较（各按本国口径）")
    )
    missing = frame[frame["status"] == NO_SERIES]
    notes = [
        "Series are never pooled: each colour is one country's published series with its own formula and counting unit (persons, proceedings, defendants). "
        "Germany counts proceedings and includes cases without a known suspect; Japan's all-offence figures are dominated by traffic summary orders.",
        f"Japan's series go back to 1955 and are in mart.comparisons; the chart starts in {FIRST_COMPARED_YEAR}.",
        "No series: "
        + "; ".join(f"{r.country} {r.metric}" for r in missing.itertuples())
        + " (reasons in mart.comparisons).",
        sources_note(data),
    ]
    return footnote(chart, notes)


# Shades of one hue per country, so a country's series read as a family and never as another's.
COUNTRY_SHADES = {
    "CN": ["#cf222e", "#fa7970", "#82071e"],
    "JP": ["#0969da", "#54aeff", "#0a3069", "#218bff", "#80ccff"],
    "DE": ["#bf8700", "#fb8f44", "#7d4e00", "#d4a72c", "#953800"],
    "US": ["#1a7f37", "#4ac26b", "#116329", "#2da44e"],
}


def _legend(frame: pd.DataFrame) -> pd.Series:
    return frame["series_id"] + " · " + frame["series_label"]


def _series_colours(frame: pd.DataFrame) -> tuple[list[str], list[str]]:
    named = frame.dropna(subset=["series_id"]).drop_duplicates("series_id")
    domain, colours = [], []
    for country, group in named.groupby("country", sort=False):
        shades = COUNTRY_SHADES[country]
        for i, label in enumerate(_legend(group)):
            domain.append(label)
            colours.append(shades[i % len(shades)])
    return domain, colours


# ------------------------------------------------------------------ coverage


# The best kind of document that prints a figure (resolve.py's source priority), or none at all.
COMPUTED_ONLY = "computed only"
COVERAGE_ORDER = [*STANDING_NAMES.values(), COMPUTED_ONLY]
COVERAGE_COLOURS = ["#0a3069", "#0969da", "#54aeff", "#8c959f", "#bf8700", "#d4a72c", "#8250df"]


def coverage(cells: pd.DataFrame, rows: list[str]) -> alt.VConcatChart:
    """Which Chinese metric-years are known, and from what kind of source at best; blank = gap.
    `rows` lists every metric label, so a metric with no figure at all is an empty row."""
    chart = (
        alt.Chart(cells)
        .mark_rect(stroke="white")
        .encode(
            x=alt.X(
                "year:O",
                title="Year 年份",
                scale=alt.Scale(domain=YEARS),
                axis=alt.Axis(labelAngle=0),
            ),
            y=alt.Y(
                "label:N", title=None, scale=alt.Scale(domain=rows), axis=alt.Axis(labelLimit=360)
            ),
            color=alt.Color(
                "best:N",
                title="Best source 最佳来源",
                scale=alt.Scale(domain=COVERAGE_ORDER, range=COVERAGE_COLOURS),
                legend=alt.Legend(orient="bottom", columns=4, labelLimit=300),
            ),
            tooltip=[
                alt.Tooltip("label:N", title="Metric 指标"),
                alt.Tooltip("year:O", title="Year 年份"),
                alt.Tooltip("best:N", title="Best source 最佳来源"),
                alt.Tooltip("sources:N", title="Sources 来源"),
            ],
        )
        .properties(
            width=WIDTH - 300,
            height=alt.Step(18),
            title="China: which full-year national figures are known 中国全年全国数据覆盖",
        )
    )
    notes = [
        "A cell is coloured when at least one document prints the figure for that full year (national, all offences), by the best kind of document that does; "
        "'computed only' means procstats derived it from printed counts. An empty cell is a gap: no document held gives it.",
        sources_note(cells.explode("source_ids").rename(columns={"source_ids": "source_id"})),
    ]
    return footnote(chart, notes)


# ------------------------------------------------------------------ analysis


def trends(inputs: pd.DataFrame, fitted: pd.DataFrame, forecasts: pd.DataFrame) -> alt.VConcatChart:
    """Values, the fitted linear trend and its forecast with 95% prediction intervals, one panel
    per series (each frame has a `title` column naming the series). A panel has only the layers
    its series has: no empty layer, so no empty scale."""
    x = alt.X("year:Q", title="Year 年份", axis=alt.Axis(format="d"))
    panels = []
    for title, values in inputs.groupby("title", sort=True):
        layers = []
        ahead = forecasts[forecasts["title"] == title]
        if len(ahead):
            layers.append(
                alt.Chart(ahead)
                .mark_area(opacity=0.2, color="#cf222e")
                .encode(x=x, y="pi_low:Q", y2="pi_high:Q")
            )
            layers.append(
                alt.Chart(ahead)
                .mark_line(color="#cf222e", strokeDash=[4, 3])
                .encode(
                    x=x,
                    y="mean:Q",
                    tooltip=[
                        alt.Tooltip("year:O", title="Year 年份"),
                        alt.Tooltip("mean:Q", title="Trend 趋势值", format=".2f"),
                        alt.Tooltip("pi_low:Q", title="95% PI low 预测区间下限", format=".2f"),
                        alt.Tooltip("pi_high:Q", title="95% PI high 预测区间上限", format=".2f"),
                    ],
                )
            )
        line = fitted[fitted["title"] == title]
        if len(line):
            layers.append(alt.Chart(line).mark_line(color="#24292f").encode(x=x, y="fitted:Q"))
        layers.append(
            alt.Chart(values)
            .mark_point(filled=True, size=50)
            .encode(
                x=x,
                y=alt.Y("value:Q", title="Percent 百分比", scale=alt.Scale(zero=False)),
                shape=alt.Shape(
                    "status:N", title=None, scale=STATUS_SCALE, legend=alt.Legend(orient="top")
                ),
                opacity=alt.condition("datum.used", alt.value(0.95), alt.value(0.3)),
                tooltip=[
                    alt.Tooltip("year:O", title="Year 年份"),
                    alt.Tooltip("value:Q", title="Percent 百分比", format=".2f"),
                    alt.Tooltip("source_id:N", title="Source 来源"),
                ],
            )
        )
        panels.append(
            alt.layer(*layers).properties(
                width=WIDTH // 2 - 50, height=220, title=alt.TitleParams(title, fontSize=12)
            )
        )
    rows = [alt.hconcat(*panels[i : i + 2]) for i in range(0, len(panels), 2)]
    chart = alt.vconcat(*rows).properties(title="Trends and forecasts 趋势与预测")
    notes = [
        "Black: OLS linear trend over the years used (HC3 robust errors). Red dashes and band: the trend carried three years on, with its 95% prediction interval; "
        "an extrapolation of the past, not a forecast of policy. Faint points were not used (printed only as bounds, or before the 15-year window).",
        sources_note(inputs),
    ]
    return footnote(chart, notes)


# ------------------------------------------------------------------ claims

VERDICT_SCALE = alt.Scale(
    domain=["consistent", "inconsistent", "definition_mismatch", "misattributed", "unverifiable"],
    range=["#1a7f37", "#cf222e", "#bf8700", "#8250df", "#6e7781"],
)


def claims_vs_recomputed(claims: pd.DataFrame) -> alt.VConcatChart:
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
    chart = alt.layer(recomputed, central, claimed).properties(
        width=WIDTH - 260,
        height=alt.Step(26),
        title="Claimed rates vs what the sources give 文献所称比率与来源重算区间",
    )
    notes = [
        "Points: the rate a paper claims. Grey bars: the interval procstats recomputes from the documents it cites or from the SPP's own figures; ticks: the central value. "
        "Verdicts and explanations are in mart.claims.",
        "Papers: " + "; ".join(sorted(set(data["paper"].dropna()))) + ".",
        sources_note(data.assign(source_id=data["cited_source_id"])),
    ]
    return footnote(chart, notes)
