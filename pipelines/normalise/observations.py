"""Normalisation: figures from every reader → tidy observations (mart.observations).

Each observation gets the unit of its metric from the catalogue and a stable id (`obs_id`) made from
what identifies the statement, so derived rows and reconciliation can cite their inputs across builds.

Touches: nothing (data frames in and out). Imports: normalise, extract, common."""

from __future__ import annotations

import hashlib

import pandas as pd

from pipelines.common.errors import ProcstatsError, summarise
from pipelines.extract.figures import FIGURE_COLUMNS
from pipelines.normalise.tables import OBSERVATIONS

_IDENTITY = [
    "source_id",
    "country",
    "jurisdiction",
    "metric",
    "scope",
    "year",
    "period",
    "printed",
    "method",
    "change_printed",
]


def observation_id(row: pd.Series) -> str:
    key = "|".join("" if pd.isna(row[c]) else str(row[c]) for c in _IDENTITY)
    return "o" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def normalise(figures: list[pd.DataFrame], catalogue: pd.DataFrame) -> pd.DataFrame:
    """One frame of observations; unknown metrics or duplicated statements are errors."""
    frame = pd.concat([f[FIGURE_COLUMNS] for f in figures], ignore_index=True)
    units = dict(zip(catalogue["metric"], catalogue["unit"], strict=True))
    unknown = sorted(set(frame["metric"]) - set(units))
    if unknown:
        raise ProcstatsError(
            summarise([f"metric {m!r} is not in the catalogue" for m in unknown], "normalisation")
        )
    frame["unit"] = frame["metric"].map(units).astype("string")
    frame["obs_id"] = frame.apply(observation_id, axis=1).astype("string")
    duplicated = frame[frame["obs_id"].duplicated(keep=False)]
    if not duplicated.empty:
        origins = duplicated.groupby("obs_id")["origin"].apply(lambda s: " and ".join(s))
        raise ProcstatsError(
            summarise([f"the same statement twice: {o}" for o in origins], "normalisation")
        )
    return _sorted(frame[OBSERVATIONS.column_names])


def with_derived(printed: pd.DataFrame, derived: pd.DataFrame) -> pd.DataFrame:
    """The published observations: printed figures and, after them in each slot, computed ones."""
    frame = pd.concat([printed, derived[OBSERVATIONS.column_names]], ignore_index=True)
    return _sorted(frame)


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    order = [
        "country",
        "metric",
        "scope",
        "jurisdiction",
        "year",
        "period",
        "is_derived",
        "source_id",
        "obs_id",
    ]
    return frame.sort_values(order, ignore_index=True, na_position="last")
