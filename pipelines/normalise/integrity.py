"""Structural integrity of the observations: errors that must stop publication.

These are not disagreements between sources (those are reported, not blocked) but states that would
make a figure uncitable: no source, a computed value dressed as printed, an impossible value.

Touches: nothing (data frames in, problems out). Imports: extract."""

from __future__ import annotations

import pandas as pd

from pipelines.extract.numbers import QUALIFIERS


def structural_problems(observations: pd.DataFrame, sources: pd.DataFrame) -> list[str]:
    """One line per problem, naming the observation and where it was loaded from."""
    problems: list[str] = []
    access = dict(zip(sources["source_id"], sources["access"], strict=True))

    def where(row: pd.Series) -> str:
        return f"{row['obs_id']} ({row['origin']})"

    for _, row in observations.iterrows():
        source = row["source_id"]
        if pd.isna(source) or source not in access:
            problems.append(f"{where(row)}: source {source!r} is not registered")
        elif access[source] == "not_seen" and not row["is_derived"]:
            problems.append(f"{where(row)}: printed figure from {source}, a document never read")
        if row["is_derived"]:
            if pd.notna(row["printed"]) or pd.isna(row["method"]) or pd.notna(row["qualifier"]):
                problems.append(
                    f"{where(row)}: a derived value must have a method and no printed "
                    "form or qualifier"
                )
        else:
            if pd.notna(row["method"]):
                problems.append(f"{where(row)}: a printed figure carries a method")
            if pd.isna(row["printed"]) and (
                pd.notna(row["value"]) or pd.isna(row["change_printed"])
            ):
                problems.append(f"{where(row)}: a value that is neither printed nor derived")
        if pd.notna(row["qualifier"]) and row["qualifier"] not in QUALIFIERS:
            problems.append(f"{where(row)}: unknown qualifier {row['qualifier']!r}")
        problems.extend(f"{where(row)}: {p}" for p in value_problems(row))
    duplicated = observations["obs_id"][observations["obs_id"].duplicated()]
    problems.extend(f"{o}: obs_id used twice" for o in duplicated)
    return problems


def value_problems(row: pd.Series) -> list[str]:
    """An impossible value or interval: outside its interval, negative, a rate beyond 100%."""
    value, low, high = row["value"], row["low"], row["high"]
    out = []
    if pd.notna(value):
        if (pd.notna(low) and low > value) or (pd.notna(high) and value > high):
            out.append(f"value {value} lies outside its interval [{low}, {high}]")
        if value < 0:
            out.append(f"negative value {value}")
        if row["unit"] == "pct" and value > 100:
            out.append(f"a rate of {value}% is impossible")
    if pd.notna(low) and pd.notna(high) and low > high:
        out.append(f"interval [{low}, {high}] is empty")
    if row["unit"] == "pct" and pd.notna(high) and high > 100:
        out.append(f"interval reaches {high}%")
    return out
