"""What a claim is judged against: the resolved and derived figures, the excluded ones and the
sources, and how a figure is described in a verdict's explanation.

Touches: nothing (data frames). Imports: reconcile, normalise."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from pipelines.normalise.intervals import Interval, row_interval
from pipelines.reconcile.consistency import PARTS

MAIN_SCOPES = ("all", "penal code offences", "non-traffic offences", "felonies")


@dataclass
class Evidence:
    resolved: pd.DataFrame  # resolved printed observations
    derived: pd.DataFrame  # derived observations
    excluded: pd.DataFrame  # observations corrections exclude
    sources: pd.DataFrame

    def figures(self, country: str, metric: str, years: tuple[int, ...] | None) -> pd.DataFrame:
        """Full-year figures for the metric: printed ones, else derived, in the main scopes."""
        for frame in (self.resolved, self.derived):
            if frame.empty:
                continue
            hits = frame[
                (frame["country"] == country)
                & (frame["metric"] == metric)
                & (frame["period"] == "FY")
                & frame["scope"].isin(MAIN_SCOPES)
                & frame["value"].notna()
            ]
            if years is not None:
                hits = hits[hits["year"].isin(years)]
            if not hits.empty:
                return hits.sort_values(["year", "scope"])
        return self.resolved.iloc[0:0]

    def source(self, source_id: str) -> pd.Series | None:
        hit = self.sources[self.sources["source_id"] == source_id]
        return None if hit.empty else hit.iloc[0]


def span(interval: Interval, unit: str) -> str:
    if unit != "pct":
        return interval.shown(0)
    narrow = (
        interval.bounded and 0 < interval.high - interval.low < 0.05
    )  # 0.5038 → [50.375, 50.385]
    return interval.shown(3 if narrow else 2)


def describe(row: pd.Series) -> str:
    scope = "" if row["scope"] == "all" else row["scope"]
    where = row["jurisdiction"] if row["jurisdiction"] != "national" else ""
    extra = ", ".join(x for x in (where, scope) if x)
    if pd.notna(row["printed"]):
        shown = row["printed"]
        if row["unit"] == "pct" and not re.search(r"%|percent|Prozent", shown):
            shown = f"{row['value']:g}% (printed as the ratio {shown})"
        return (
            f"{int(row['year'])}: {shown} {span(row_interval(row), row['unit'])} "
            f"({row['source_id']}{', ' + extra if extra else ''})"
        )
    method = str(row["method"]).removeprefix("procstats: ")
    return (
        f"{int(row['year'])}: {row['value']:.2f} {span(row_interval(row), row['unit'])}"
        f"{' (' + extra + ')' if extra else ''}, derived as {method}"
    )


@dataclass
class Verdict:
    verdict: str
    explanation: str
    value: float | None = None
    interval: Interval | None = None
    obs_ids: tuple[str, ...] = ()


def printed_parts(claim: pd.Series, evidence: Evidence, years: tuple[int, ...] | None) -> str:
    """For a total nobody printed, the parts that were printed and what they add up to."""
    parts = PARTS.get(claim["metric"])
    if not parts or years is None:
        return ""
    found = [evidence.figures(claim["country"], p, years) for p in parts]
    found = [rows.iloc[0] for rows in found if not rows.empty]
    if not found:
        return ""
    low = sum(float(r["low"]) for r in found)
    high = sum(float(r["high"]) for r in found)
    listed = "; ".join(f"{r['metric']} {describe(r)}" for r in found)
    return f"its printed parts are {listed}, together {span(Interval(low, high), 'persons')}"
