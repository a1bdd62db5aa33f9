"""Interval arithmetic for figures known only to their printed precision.

Every formula procstats derives (a/(a+b), a/t, a+b, 100-a, (n-c-e)/(p+n), ...) is monotone in each
input separately, so its exact range over a box of input intervals is reached at the box's corners:
evaluate every corner, keep the least and the greatest. 168.8万 is [1 687 500, 1 688 500], and a rate
computed from it carries that uncertainty.

Touches: nothing (arithmetic). Imports: extract."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from pipelines.extract.numbers import NumberFormatError, parse_quantity

INFINITY = math.inf


@dataclass(frozen=True)
class Interval:
    low: float
    high: float  # math.inf when unbounded above

    def __post_init__(self) -> None:
        if self.low > self.high:
            raise ValueError(f"empty interval [{self.low}, {self.high}]")

    @classmethod
    def of(cls, low: float | None, high: float | None) -> Interval:
        return cls(0.0 if low is None else float(low), INFINITY if high is None else float(high))

    @property
    def bounded(self) -> bool:
        return math.isfinite(self.high)

    def overlaps(self, other: Interval, tolerance: float = 1e-9) -> bool:
        return self.low <= other.high + tolerance and other.low <= self.high + tolerance

    def contains(self, value: float, tolerance: float = 1e-9) -> bool:
        return self.low - tolerance <= value <= self.high + tolerance

    def shown(self, digits: int = 2) -> str:
        high = "∞" if not self.bounded else f"{self.high:,.{digits}f}"
        return f"[{self.low:,.{digits}f}, {high}]"


def bounds(formula: Callable[..., float], *inputs: Interval) -> Interval:
    """The range of `formula` over the box of `inputs`, for formulas monotone in each input."""
    values = []
    for corner in itertools.product(*((i.low, i.high) for i in inputs)):
        try:
            values.append(formula(*corner))
        except ZeroDivisionError:
            continue
    finite = [v for v in values if not math.isnan(v)]
    if not finite:
        raise ValueError("the formula has no value anywhere on these intervals")
    return Interval(min(finite), max(finite))


def ratio_of_sum(part: float, other: float) -> float:
    """part / (part + other), in percent: 不起诉率 = 不起诉 / (起诉 + 不起诉)."""
    return 100 * part / (part + other)


def share(part: float, total: float) -> float:
    """part / total, in percent."""
    return 100 * part / total


def row_interval(row: pd.Series) -> Interval:
    """The interval of an observation row (`low`/`high`; a missing `high` is unbounded)."""
    return Interval.of(
        None if pd.isna(row["low"]) else row["low"], None if pd.isna(row["high"]) else row["high"]
    )


def change_interval(printed: str | None, value: float) -> Interval:
    """A printed change with its rounding: +1.8 points printed as 增加1.8个百分点 is [1.75, 1.85]."""
    try:
        quantity = parse_quantity(printed or "")
        half = quantity.step / 2 if quantity.step else 0.05
    except NumberFormatError:
        half = 0.05
    return Interval(value - half, value + half)
