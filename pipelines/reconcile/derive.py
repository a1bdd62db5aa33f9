"""Derived observations: rates computed from printed counts (and shares from printed shares), with the
interval the inputs' printing allows, and rates a printed change implies for the year before.

Inputs are the resolved printed observations (one per metric, year, period and scope, see
resolve.py). Every derived row is `is_derived`, has no printed form, and names in `method` its
formula, the figures it used and their observation ids. An input printed only as a one-sided bound
("more than", "nearly") cannot bound a rate, so it is not used.

Touches: nothing (data frames in, derived rows out). Imports: reconcile, normalise."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from pipelines.normalise.intervals import Interval, bounds, change_interval, ratio_of_sum, share
from pipelines.normalise.observations import observation_id
from pipelines.normalise.tables import OBSERVATIONS
from pipelines.reconcile.resolve import GROUP


@dataclass(frozen=True)
class Formula:
    metric: str
    inputs: tuple[str, ...]
    function: Callable[..., float]
    text: str  # with {0}, {1}, ... for the inputs
    countries: tuple[str, ...]
    unless: tuple[str, ...] = ()  # used only when none of these metrics is printed for the group


def _sum(*parts: float) -> float:
    return sum(parts)


def _complement(rate: float) -> float:
    return 100 - rate


def _ratio_of_three(part: float, other_a: float, other_b: float) -> float:
    return 100 * part / (part + other_a + other_b)


def _times_rate(part: float, whole: float, rate: float) -> float:
    return part / whole * rate


# In order of preference: for one output metric and group, the first formula that applies is used.
FORMULAS: tuple[Formula, ...] = (
    Formula(
        "non_prosecution_rate",
        ("not_prosecuted", "prosecuted"),
        ratio_of_sum,
        "{0} / ({1} + {0})",
        ("CN", "JP"),
    ),
    Formula("non_prosecution_rate", ("prosecution_rate",), _complement, "100 - {0}", ("JP",)),
    Formula(
        "non_arrest_rate",
        ("arrests_not_approved", "arrests_approved"),
        ratio_of_sum,
        "{0} / ({1} + {0})",
        ("CN",),
    ),
    Formula(
        "discretionary_non_prosecution_rate",
        ("discretionary_not_prosecuted", "prosecuted", "not_prosecuted"),
        lambda d, p, n: 100 * d / (p + n),
        "{0} / ({1} + {2})",
        ("CN",),
    ),
    Formula(
        "discretionary_non_prosecution_rate",
        ("discretionary_not_prosecuted", "not_prosecuted", "non_prosecution_rate"),
        _times_rate,
        "{0} / {1} × {2}  (= discretionary / (prosecuted + not prosecuted))",
        ("CN",),
        unless=("prosecuted",),
    ),
    Formula(
        "determinate_recommendation_share",
        ("determinate_recommendations", "sentencing_recommendations"),
        share,
        "{0} / {1}",
        ("CN",),
    ),
    Formula(
        "recommendation_adoption_rate",
        ("recommendations_adopted", "sentencing_recommendations"),
        share,
        "{0} / {1}",
        ("CN",),
    ),
    Formula(
        "suspension_of_prosecution_rate",
        ("suspended_prosecution", "prosecuted"),
        ratio_of_sum,
        "{0} / ({1} + {0})",
        ("JP",),
    ),
    Formula(
        "non_prosecution_rate",
        ("dismissal_share", "indictment_or_penal_order_share"),
        ratio_of_sum,
        "{0} / ({0} + {1})  (shares of proceedings)",
        ("DE",),
    ),
    Formula(
        "non_prosecution_rate",
        ("dismissal_share", "indictment_share", "penal_order_share"),
        _ratio_of_three,
        "{0} / ({0} + {1} + {2})  (shares of proceedings)",
        ("DE",),
    ),
    Formula(
        "opportunity_dismissal_share",
        ("conditional_dismissal_share", "unconditional_dismissal_share"),
        _sum,
        "{0} + {1}",
        ("DE",),
    ),
    Formula(
        "declination_rate", ("referred_for_prosecution_share",), _complement, "100 - {0}", ("US",)
    ),
)


def _usable(row: pd.Series) -> Interval | None:
    """The input's interval, or None for a one-sided bound that cannot bound a result."""
    if row["qualifier"] in ("upper_bound",) or pd.isna(row["high"]):
        return None
    return Interval.of(row["low"], row["high"])


def _label(row: pd.Series) -> str:
    return f"{row['metric']} {row['printed']} ({row['obs_id']}, {row['source_id']})"


def _derived_row(
    template: pd.Series,
    metric: str,
    value: float,
    interval: Interval,
    method: str,
    **changes: object,
) -> dict:
    row = {
        **{k: template[k] for k in GROUP},
        "metric": metric,
        "value": round(value, 6),
        "low": round(interval.low, 6),
        "high": round(interval.high, 6),
        "unit": "pct",
        "qualifier": None,
        "printed": None,
        "source_id": template["source_id"],
        "locator": template["locator"],
        "is_derived": True,
        "method": method,
        "change_printed": None,
        "change_pct": None,
        "change_pp": None,
        "change_base": None,
        "note": None,
        "seen_at": None,
        "origin": "procstats derivation",
        **changes,
    }
    row["obs_id"] = observation_id(pd.Series(row))
    return row


def derive_from_counts(resolved: pd.DataFrame) -> list[dict]:
    out = []
    keys = [k for k in GROUP if k != "metric"]
    for _, group in resolved.groupby(keys, dropna=False, sort=True):
        by_metric = {row["metric"]: row for _, row in group.iterrows()}
        done: set[str] = set()
        for formula in FORMULAS:
            first = next(iter(by_metric.values()))
            if formula.metric in done or first["country"] not in formula.countries:
                continue
            if any(m in by_metric and _usable(by_metric[m]) for m in formula.unless):
                continue  # the direct formula applies

            rows = [by_metric.get(m) for m in formula.inputs]
            if any(r is None for r in rows):
                continue
            intervals = [_usable(r) for r in rows]
            if any(i is None for i in intervals):
                continue
            value = formula.function(*(float(r["value"]) for r in rows))
            interval = bounds(formula.function, *intervals)
            method = (
                f"procstats: {formula.metric} = {formula.text.format(*formula.inputs)}; inputs: "
                + "; ".join(_label(r) for r in rows)
            )
            out.append(_derived_row(rows[0], formula.metric, value, interval, method))
            done.add(formula.metric)
    return out


def implied_by_changes(resolved: pd.DataFrame, present: set[tuple]) -> list[dict]:
    """A rate printed with its change in percentage points implies last year's rate; used only where
    no document gives last year's figure (`present`: group keys already known)."""
    out = []
    for _, row in resolved.iterrows():
        if pd.isna(row["change_pp"]) or row["unit"] != "pct" or pd.isna(row["year"]):
            continue
        if row["change_base"] not in ("previous year", "same period of previous year"):
            continue
        key = (
            row["country"],
            row["jurisdiction"],
            row["metric"],
            row["scope"],
            int(row["year"]) - 1,
            row["period"],
        )
        if key in present:
            continue
        change = change_interval(row["change_printed"], float(row["change_pp"]))
        interval = Interval(row["low"] - change.high, row["high"] - change.low)
        method = (
            f"procstats: {int(row['year']) - 1} value implied by {_label(row)} "
            f"and its printed change {row['change_printed']} (= {row['change_pp']:+g} pp)"
        )
        out.append(
            _derived_row(
                row,
                row["metric"],
                float(row["value"]) - float(row["change_pp"]),
                interval,
                method,
                year=int(row["year"]) - 1,
            )
        )
        present.add(key)
    return out


def derive(resolved: pd.DataFrame) -> pd.DataFrame:
    """All derived observations, as rows of mart.observations."""
    rows = derive_from_counts(resolved)
    present = {tuple(r[k] for k in GROUP) for r in rows}
    present |= {tuple(r) for r in resolved[GROUP].itertuples(index=False)}
    rows += implied_by_changes(resolved, present)
    return pd.DataFrame(rows, columns=OBSERVATIONS.column_names)
