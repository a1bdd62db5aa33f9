"""What the report says besides the charts: the groups of Chinese metrics, the coverage grid and its
gap register, the comparison tables, the trend layers and the headline findings, each sentence built from warehouse
rows so that every number in it can be traced to a source or a model.

Touches: nothing (data frames in, tables and sentences out). Imports: publish, analyse, reconcile,
normalise."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pipelines.analyse.models import REFERENCE_YEAR
from pipelines.analyse.series import DERIVED, GAP, PUBLISHED, load_series_spec
from pipelines.normalise.catalogue import CONTRACT_METRICS
from pipelines.publish.report.charts import COMPUTED_ONLY, status
from pipelines.reconcile.resolve import STANDING_NAMES, standing


@dataclass(frozen=True)
class ChinaGroup:
    title: str
    metrics: tuple[str, ...]
    axis: tuple[str, str] = ("Percent 百分比", ".0f")


CHINA_GROUPS = {
    "china-non-prosecution": ChinaGroup(
        "China: non-prosecution, overall and discretionary 不起诉率与相对不起诉率",
        ("non_prosecution_rate", "discretionary_non_prosecution_rate"),
    ),
    "china-detention": ChinaGroup(
        "China: non-arrest and pre-trial detention 不捕率与诉前羁押率",
        ("non_arrest_rate", "pretrial_detention_rate"),
    ),
    "china-plea": ChinaGroup(
        "China: plea leniency and sentencing recommendations 认罪认罚与量刑建议",
        (
            "plea_leniency_rate",
            "recommendation_adoption_rate",
            "determinate_recommendation_share",
            "first_instance_acceptance_rate",
        ),
    ),
    "china-counts": ChinaGroup(
        "China: persons prosecuted and not prosecuted 起诉与不起诉人数",
        ("prosecuted", "not_prosecuted"),
        ("Persons 人数", "~s"),
    ),
}


def coverage_cells(china: pd.DataFrame, sources: pd.DataFrame, labels: dict) -> pd.DataFrame:
    """Per contract metric and year with a full-year national figure: the best kind of source."""
    kinds = sources.set_index("source_id")[["kind", "access"]]
    known = china[china["metric"].isin(CONTRACT_METRICS) & china["value"].notna()]
    rows = []
    for (metric, year), group in known.groupby(["metric", "year"]):
        printed = group[~group["is_derived"].astype(bool)]
        if len(printed):
            best = min(standing(*kinds.loc[s]) for s in printed["source_id"])
            category = STANDING_NAMES[best]
        else:
            category = COMPUTED_ONLY
        rows.append(
            {
                "metric": metric,
                "label": labels[metric],
                "year": int(year),
                "best": category,
                "sources": ", ".join(sorted(set(group["source_id"]))),
                "source_ids": sorted(set(group["source_id"])),
            }
        )
    return pd.DataFrame(rows)


def gap_register(coverage: pd.DataFrame, gaps: pd.DataFrame, labels: dict) -> dict:
    """The coverage grid in numbers and its gap register, one entry per row: which cells, the
    status, the reason, the searches made and the documents behind the reason."""
    order = {m: i for i, m in enumerate(CONTRACT_METRICS)}
    entries = []
    for gap_id, group in gaps.groupby("gap_id", sort=False):
        first = group.iloc[0]
        entries.append(
            {
                "order": (
                    min(order.get(m, len(order)) for m in group["metric"]),
                    group["year"].min(),
                ),
                "id": gap_id,
                "metrics": [labels.get(m, m) for m in dict.fromkeys(group["metric"])],
                "years": year_spans(sorted(set(group["year"].astype(int)))),
                "status": first["status"].replace("_", " "),
                "reason": first["reason"],
                "n_searches": int(first["n_searches"]),
                "last_searched": first["last_searched"],
                "source_ids": list(first["source_ids"]),
                "stale": sorted(
                    f"{labels.get(r.metric, r.metric)} {r.year}"
                    for r in group[group["cell_status"] != "gap"].itertuples()
                ),
            }
        )
    entries.sort(key=lambda e: e["order"])
    counts = coverage["status"].value_counts()
    return {
        "cells": len(coverage),
        "filled": int(len(coverage) - counts.get("gap", 0)),
        "by_status": {k: int(v) for k, v in counts.items()},
        "metrics": len(set(coverage["metric"])),
        "years": year_spans(sorted(set(coverage["year"].astype(int)))),
        "entries": entries,
    }


def year_spans(years: list[int]) -> str:
    """2013, 2014, 2015, 2017 → '2013–2015, 2017'."""
    spans: list[list[int]] = []
    for year in years:
        if spans and year == spans[-1][-1] + 1:
            spans[-1].append(year)
        else:
            spans.append([year])
    return ", ".join(f"{s[0]}–{s[-1]}" if len(s) > 2 else ", ".join(map(str, s)) for s in spans)


TREND_SERIES = ("cn-npr", "cn-non-arrest", "jp-npr-penal", "jp-suspension-penal")


def trend_layers(
    analysis: dict[str, pd.DataFrame],
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Values, fitted linear-trend points and forecasts of the series the trend chart shows."""
    labels = _series_labels()
    inputs = analysis["inputs"]
    inputs = inputs[inputs["series_id"].isin(TREND_SERIES)].copy()
    inputs["status"] = status(inputs["is_derived"])
    params = analysis["parameters"]
    linear = params[params["model"] == "linear_trend"].pivot(
        index="series_id", columns="term", values="estimate"
    )
    fitted = []
    for series_id, group in inputs[inputs["used"]].groupby("series_id"):
        if series_id in linear.index:
            level, trend = linear.loc[series_id, "level"], linear.loc[series_id, "trend"]
            fitted += [
                {
                    "series_id": series_id,
                    "year": int(y),
                    "fitted": level + trend * (y - REFERENCE_YEAR),
                }
                for y in group["year"]
            ]
    forecasts = analysis["forecasts"]
    forecasts = forecasts[forecasts["series_id"].isin(TREND_SERIES)]
    fitted_frame = pd.DataFrame(fitted, columns=["series_id", "year", "fitted"])
    return tuple(
        f.assign(title=f["series_id"].map(labels).fillna(f["series_id"]))
        for f in (inputs, fitted_frame, forecasts.copy())
    )


def _series_labels() -> dict[str, str]:
    return {s.id: s.label for s in load_series_spec().series}


def comparison_tables(comparisons: pd.DataFrame) -> list[dict]:
    """Per concept, per series: definition, comparability, span, latest value and gap years."""
    out = []
    for concept, rows in comparisons.groupby("metric", sort=False):
        series = []
        for series_id, s in rows.groupby("series_id", sort=False, dropna=False):
            if pd.isna(series_id):
                for r in s.itertuples():
                    series.append({"country": r.country, "missing": r.comparability})
                continue
            known = s[s["value"].notna()]
            last = known.iloc[-1] if len(known) else None
            series.append(
                {
                    "country": s["country"].iloc[0],
                    "missing": None,
                    "series_id": series_id,
                    "label": s["series_label"].iloc[0],
                    "definition": s["definition"].iloc[0],
                    "comparability": s["comparability"].iloc[0],
                    "span": f"{int(s['year'].min())}–{int(s['year'].max())}",
                    "published": int((s["status"] == PUBLISHED).sum()),
                    "derived": int((s["status"] == DERIVED).sum()),
                    "gaps": [int(y) for y in s.loc[s["value"].isna(), "year"]],
                    "last": None
                    if last is None
                    else {
                        "year": int(last["year"]),
                        "value": float(last["value"]),
                        "derived": bool(last["is_derived"]),
                        "printed": None if pd.isna(last["printed"]) else last["printed"],
                        "source_id": last["source_id"],
                    },
                }
            )
        out.append({"id": concept, "label": rows["concept_label"].iloc[0], "series": series})
    return out


def headlines(
    comparisons: pd.DataFrame,
    analysis: dict[str, pd.DataFrame],
    claims: pd.DataFrame,
    conflicts: pd.DataFrame,
    findings: pd.DataFrame,
    checked: pd.DataFrame,
) -> list[list[dict]]:
    """Sentences as lists of parts: {"text"} or {"text", "source_id"} (a link to the source)."""
    out: list[list[dict]] = []
    cn = comparisons[(comparisons["series_id"] == "cn-npr")].set_index("year")
    printed = cn[cn["status"] == PUBLISHED]
    if len(printed):
        first, peak = printed.iloc[0], printed.loc[printed["value"].idxmax()]
        sentence = [
            _t(
                f"China's non-prosecution rate (不起诉率) was printed as {first['printed']} for {first.name} "
            ),
            _s(first),
            _t(f"; its highest printed value is {peak['printed']} for {peak.name} "),
            _s(peak),
        ]
        after = cn[(cn.index > peak.name) & cn["value"].notna()]
        for year, r in after.iterrows():
            how = (
                "printed"
                if r["status"] == PUBLISHED
                else "computed by procstats from printed counts"
            )
            sentence += [_t(f"; {year}: {r['value']:.1f}% ({how}) "), _s(r)]
        gaps = [str(y) for y in cn.index[cn["status"] == GAP]]
        if gaps:
            sentence.append(_t(f"; no full-year figure found for {', '.join(gaps)}"))
        out.append([*sentence, _t(".")])
    params = analysis["parameters"]
    trend = params[(params["series_id"] == "cn-npr") & (params["model"] == "linear_trend")]
    trend = trend[trend["term"] == "trend"]
    models = analysis["models"].set_index(["series_id", "model"])
    if len(trend):
        t = trend.iloc[0]
        m = models.loc[("cn-npr", "linear_trend")]
        out.append(
            [
                _t(
                    f"Its linear trend over {m['first_year']}–{m['last_year']} ({m['n']} years) is "
                    f"{t['estimate']:+.2f} points a year (95% CI {t['ci_low']:.2f} to {t['ci_high']:.2f}, "
                    f"HC3 errors); segmented models around 2018 and 2021 and the series too short "
                    f"to model are in the analysis section."
                )
            ]
        )
    latest = []
    np_rows = comparisons[
        (comparisons["metric"] == "non_prosecution") & comparisons["value"].notna()
    ]
    for _, s in np_rows.groupby("series_id", sort=False):
        r = s.iloc[-1]
        how = "" if r["status"] == PUBLISHED else ", computed"
        latest += [
            _t(f"{r['series_label']}: {r['value']:.1f}% ({int(r['year'])}{how}) "),
            _s(r),
            _t("; "),
        ]
    if latest:
        latest[-1] = _t(".")
        out.append(
            [
                _t(
                    "Latest non-prosecution figures, each on its own definition and not comparable as levels: "
                ),
                *latest,
            ]
        )
    verdicts = claims["verdict"].value_counts()
    out.append(
        [
            _t(
                f"Of {len(claims)} figures quoted in the literature, "
                + ", ".join(f"{n} {v.replace('_', ' ')}" for v, n in verdicts.items())
                + "."
            )
        ]
    )
    dnpr = claims[claims["claim_id"] == "cn-2023-dnpr"]
    if len(dnpr):
        c = dnpr.iloc[0]
        out.append(
            [
                _t(
                    f"The much-quoted {c['claimed_value']:g}% discretionary non-prosecution rate for 2023 is {c['verdict'].replace('_', ' ')}: {c['explanation']}"
                )
            ]
        )
    unresolved = int(conflicts["chosen_obs_id"].isna().sum())
    out.append(
        [
            _t(
                f"{len(conflicts)} figures are printed differently by different documents ({unresolved} "
                f"left unresolved); {len(findings)} of {int(checked['n'].sum())} checks of printed "
                "figures against each other fail. Both are listed under Reconciliation, not corrected."
            )
        ]
    )
    return out


def _t(text: str) -> dict:
    return {"text": text, "source_id": None}


def _s(row: pd.Series) -> dict:
    return {"text": f"[{row['source_id']}]", "source_id": row["source_id"]}
