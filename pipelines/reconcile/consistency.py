"""Internal consistency of the printed record, each check with its numbers:

- a printed rate against the rate its printed counts give (mart.observations' derived rows);
- a printed change against last year's printed value (同比上升17.3% ⇒ last year ≈ this year / 1.173;
  增加1.8个百分点 ⇒ last year's rate is 1.8 points lower);
- parts against totals (discretionary + evidentiary + conditional ≤ all not prosecuted; a
  sub-population ≤ everyone);
- cumulative periods of one year (Q1 ≤ H1 ≤ Jan-Sep ≤ Jan-Nov ≤ FY for counts).

Two figures agree when the intervals their printing allows overlap. Inputs are the resolved printed
observations; a figure a correction excludes is still checked where nothing else covers its slot,
so known errors keep showing.

Touches: nothing (data frames in, findings out). Imports: reconcile, normalise."""

from __future__ import annotations

import itertools

import pandas as pd

from pipelines.normalise.intervals import Interval, bounds, change_interval, row_interval
from pipelines.reconcile.resolve import GROUP
from pipelines.reconcile.tables import CONSISTENCY

FINDING_COLUMNS = CONSISTENCY.column_names
CUMULATIVE = ["Q1", "H1", "Jan-Jul", "Jan-Aug", "Jan-Sep", "Jan-Oct", "Jan-Nov", "FY"]
PARTS = {
    "not_prosecuted": (
        "discretionary_not_prosecuted",
        "evidentiary_or_statutory_not_prosecuted",
        "conditional_not_prosecuted",
    ),
    "arrests_not_approved": (
        "evidentiary_or_statutory_not_arrested",
        "not_arrested_no_necessity",
        "not_arrested_minor_offence",
    ),
}


def _finding(
    check: str,
    row: pd.Series,
    ok: bool,
    printed: str,
    expected: str,
    explanation: str,
    obs_ids: list[str],
    **changes: object,
) -> dict:
    base = {k: row[k] for k in ("country", "jurisdiction", "metric", "scope", "year", "period")}
    return {
        "check_name": check,
        **base,
        **changes,
        "verdict": "consistent" if ok else "inconsistent",
        "printed": printed,
        "expected": expected,
        "explanation": explanation,
        "obs_ids": obs_ids,
    }


def _fmt(value: float, unit: str) -> str:
    return f"{value:.2f}%" if unit == "pct" else f"{value:,.0f}"


def _span(interval: Interval, unit: str) -> str:
    high = "∞" if not interval.bounded else _fmt(interval.high, unit)
    return f"[{_fmt(interval.low, unit)}, {high}]"


def rates_against_counts(printed: pd.DataFrame, derived: pd.DataFrame) -> list[dict]:
    out = []
    from_counts = derived[~derived["method"].str.contains("implied by", na=False)]
    index = {tuple(r[k] for k in GROUP): r for _, r in from_counts.iterrows()}
    for _, row in printed[printed["unit"] == "pct"].iterrows():
        computed = index.get(tuple(row[k] for k in GROUP))
        if computed is None:
            continue
        ok = row_interval(row).overlaps(row_interval(computed))
        formula = computed["method"].split(";")[0].removeprefix("procstats: ")
        out.append(
            _finding(
                "printed rate vs its counts",
                row,
                ok,
                f"{row['printed']} ({row['source_id']})",
                _span(row_interval(computed), "pct"),
                f"printed {row['printed']} allows {_span(row_interval(row), 'pct')}; {formula} gives "
                f"{computed['value']:.2f}% {_span(row_interval(computed), 'pct')} from "
                + computed["method"].split("inputs: ")[1],
                [row["obs_id"], computed["obs_id"]],
            )
        )
    return out


def changes_against_last_year(printed: pd.DataFrame) -> list[dict]:
    out = []
    index = {tuple(r[k] for k in GROUP): r for _, r in printed.iterrows()}
    for _, row in printed.iterrows():
        base = row["change_base"]
        if pd.isna(base) or base not in ("previous year", "same period of previous year"):
            continue
        prior = index.get(
            (
                row["country"],
                row["jurisdiction"],
                row["metric"],
                row["scope"],
                int(row["year"]) - 1,
                row["period"],
            )
        )
        if prior is None or pd.isna(row["high"]) or pd.isna(prior["high"]):
            continue
        now = row_interval(row)
        if pd.notna(row["change_pp"]):
            pp = change_interval(row["change_printed"], float(row["change_pp"]))
            expected = Interval(now.low - pp.high, now.high - pp.low)
            how = f"{row['printed']} with a change of {row['change_pp']:+g} points"
        elif pd.notna(row["change_pct"]):
            pct = change_interval(row["change_printed"], float(row["change_pct"]))
            expected = bounds(lambda v, c: v / (1 + c / 100), now, pct)
            how = f"{row['printed']} with a change of {row['change_pct']:+g}%"
        else:
            continue
        ok = expected.overlaps(row_interval(prior))
        unit = row["unit"]
        out.append(
            _finding(
                "change vs last year",
                row,
                ok,
                f"{prior['printed']} ({prior['source_id']})",
                _span(expected, unit),
                f"{int(row['year'])}: {how} ({row['source_id']}) implies {int(row['year']) - 1} in "
                f"{_span(expected, unit)}; {int(row['year']) - 1} is printed as {prior['printed']} "
                f"{_span(row_interval(prior), unit)} ({prior['source_id']})",
                [row["obs_id"], prior["obs_id"]],
                year=int(row["year"]) - 1,
            )
        )
    return out


def parts_against_totals(printed: pd.DataFrame) -> list[dict]:
    out = []
    keys = ["country", "jurisdiction", "year", "period"]
    for _, group in printed[printed["unit"] != "pct"].groupby(keys, dropna=False):
        everyone = {r["metric"]: r for _, r in group[group["scope"] == "all"].iterrows()}
        for total, parts in PARTS.items():
            found = [everyone[p] for p in parts if p in everyone]
            if total not in everyone or not found:
                continue
            top = everyone[total]
            low = sum(float(p["low"]) for p in found if pd.notna(p["low"]))
            ok = pd.isna(top["high"]) or low <= float(top["high"])
            listed = " + ".join(f"{p['metric']} {p['printed']}" for p in found)
            out.append(
                _finding(
                    "parts vs total",
                    top,
                    ok,
                    f"{top['printed']} ({top['source_id']})",
                    f"≥ {low:,.0f}",
                    f"{listed} {'together ' if len(found) > 1 else ''}come to at least {low:,.0f}; "
                    f"the total {total} is printed as {top['printed']} "
                    f"{_span(row_interval(top), 'persons')}",
                    [top["obs_id"], *(p["obs_id"] for p in found)],
                )
            )
        for _, sub in group[group["scope"] != "all"].iterrows():
            top = everyone.get(sub["metric"])
            if top is None or pd.isna(sub["low"]):
                continue
            ok = pd.isna(top["high"]) or float(sub["low"]) <= float(top["high"])
            out.append(
                _finding(
                    "sub-population vs everyone",
                    sub,
                    ok,
                    f"{sub['printed']} ({sub['source_id']})",
                    f"≤ {top['printed']}",
                    f"{sub['metric']} for {sub['scope']} ({sub['printed']}) against "
                    f"everyone ({top['printed']}, {top['source_id']})",
                    [sub["obs_id"], top["obs_id"]],
                )
            )
    return out


def cumulative_periods(printed: pd.DataFrame) -> list[dict]:
    out = []
    counts = printed[(printed["unit"] != "pct") & printed["period"].isin(CUMULATIVE)]
    for _, group in counts.groupby(
        ["country", "jurisdiction", "metric", "scope", "year"], dropna=False
    ):
        ordered = sorted((CUMULATIVE.index(r["period"]), i) for i, r in group.iterrows())
        for (_, earlier_i), (_, later_i) in itertools.pairwise(ordered):
            earlier, later = group.loc[earlier_i], group.loc[later_i]
            if pd.isna(earlier["low"]):
                continue
            ok = pd.isna(later["high"]) or float(earlier["low"]) <= float(later["high"])
            out.append(
                _finding(
                    "cumulative periods",
                    later,
                    ok,
                    f"{later['printed']} ({later['source_id']})",
                    f"≥ {earlier['printed']}",
                    f"{later['period']} ({later['printed']}, {later['source_id']}) "
                    f"must be at least {earlier['period']} ({earlier['printed']}, {earlier['source_id']})",
                    [earlier["obs_id"], later["obs_id"]],
                )
            )
    return out


def check_consistency(printed: pd.DataFrame, derived: pd.DataFrame) -> pd.DataFrame:
    rows = (
        rates_against_counts(printed, derived)
        + changes_against_last_year(printed)
        + parts_against_totals(printed)
        + cumulative_periods(printed)
    )
    return pd.DataFrame(rows, columns=FINDING_COLUMNS)
