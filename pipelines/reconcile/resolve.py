"""Which printed value procstats uses when sources disagree, and why.

Source priority, from the issue the project was built on: an SPP primary release > a work report > a
white paper > a press conference > a news copy > academic work. Within the same standing, a copy
nearer the original wins (the producer's own page, then a verbatim mirror, then a translation) and
then the more precise printing. Corrections (corrections.py) exclude figures known to be wrong,
prefer one value where the rule cannot choose, or explain. Sources of equal standing that disagree
are left unresolved, and said so.

Touches: nothing (data frames in, the value used per slot and conflicts out). Imports: reconcile,
normalise."""

from __future__ import annotations

import pandas as pd

from pipelines.normalise.intervals import row_interval
from pipelines.reconcile.corrections import Correction, excluded_ids
from pipelines.reconcile.tables import CONFLICTS

GROUP = ["country", "jurisdiction", "metric", "scope", "year", "period"]
CONFLICT_COLUMNS = CONFLICTS.column_names
_KIND_STANDING = {
    "case_data_release": 1,
    "statistical_table": 1,
    "press_release": 1,
    "work_report": 2,
    "statistical_report": 2,
    "white_paper": 3,
    "press_conference": 4,
    "news": 5,
    "academic": 6,
    "court_decision": 6,
}
STANDING_NAMES = {
    1: "primary release or statistical table",
    2: "work report or statistical report",
    3: "white paper",
    4: "press conference",
    5: "news copy",
    6: "academic or cited work",
}
_ACCESS_RANK = {"primary": 0, "mirror": 1, "relay": 1, "translation": 2, "report": 3, "not_seen": 4}


def standing(kind: str, access: str) -> int:
    """1 (best) to 6: the issue's priority order; anything read in a news account is a news copy."""
    if kind in ("academic", "court_decision"):
        return 6
    if access == "report":
        return 5
    return _KIND_STANDING.get(kind, 5)


def ranked(observations: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Observations with the standing of their source (lower is better) and a precision width."""
    kinds = dict(zip(sources["source_id"], sources["kind"], strict=True))
    access = dict(zip(sources["source_id"], sources["access"], strict=True))
    out = observations.copy()
    out["standing"] = [standing(kinds[s], access[s]) for s in out["source_id"]]
    out["access_rank"] = [_ACCESS_RANK.get(access[s], 4) for s in out["source_id"]]
    out["width"] = (
        out["high"].astype("Float64").fillna(float("inf")) - out["low"].astype("Float64").fillna(0)
    ).astype(float)
    return out


def _shown(row: pd.Series) -> str:
    return f"{row['printed']} ({row['source_id']})"


def resolve(
    observations: pd.DataFrame, sources: pd.DataFrame, corrections: list[Correction]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(resolved, conflicts): one chosen printed observation per group, and every group whose
    sources disagree beyond rounding (or holds an excluded figure), with how it was resolved."""
    printed = observations[~observations["is_derived"].astype(bool) & observations["value"].notna()]
    printed = ranked(printed, sources)
    masks = {id(c): c.mask(printed) for c in corrections}
    excluded = _matching(printed, corrections, masks, "exclude")
    touched = _matching(printed, corrections, masks, "exclude", "prefer", "note")
    size = printed.groupby(GROUP, dropna=False)["obs_id"].transform("size")
    alone = (size == 1) & ~printed.index.isin(touched)  # nothing to resolve
    chosen_rows, conflicts = [printed[alone]], []
    for key, group in printed[~alone].groupby(GROUP, dropna=False, sort=True):
        usable = group.drop(index=group.index.intersection(list(excluded)))
        if usable.empty:  # every figure excluded: a conflict only if several sources disagree
            if len(group) > 1:
                conflicts.append(_conflict(key, group, None, False, excluded, corrections, masks))
            continue
        preferred = [
            i for c in corrections if c.action == "prefer" for i in usable.index if masks[id(c)][i]
        ]
        order = usable.sort_values(["standing", "access_rank", "width", "source_id"])
        best = usable.loc[[preferred[0]]] if preferred else order.iloc[[0]]
        top = order[order["standing"] == order.iloc[0]["standing"]]
        unresolved = not preferred and not _agree(top) and top["source_id"].nunique() > 1
        if not unresolved:
            chosen_rows.append(best)
        if _agree(group) and not group.index.isin(list(touched)).any():
            continue
        conflicts.append(
            _conflict(
                key,
                group,
                None if unresolved else best.iloc[0],
                bool(preferred),
                excluded,
                corrections,
                masks,
            )
        )
    resolved = pd.concat(chosen_rows).sort_index().reset_index(drop=True)
    return resolved, pd.DataFrame(conflicts, columns=CONFLICT_COLUMNS)


def _matching(
    frame: pd.DataFrame, corrections: list[Correction], masks: dict, *actions: str
) -> set:
    """Index labels of rows a correction with one of `actions` applies to."""
    hit: set = set()
    for c in corrections:
        if c.action in actions:
            hit |= set(frame.index[masks[id(c)]])
    return hit


def _agree(group: pd.DataFrame) -> bool:
    """Do all the figures' intervals overlap (the printed values agree up to their rounding)?"""
    intervals = [row_interval(r) for _, r in group.iterrows()]
    return all(a.overlaps(b) for a in intervals for b in intervals)


_READ_AS = {
    0: "read on the producer's site",
    1: "read in a verbatim copy",
    2: "read in a translation",
    3: "read in a news account",
    4: "not read",
}


def _conflict(
    key: tuple,
    group: pd.DataFrame,
    best: pd.Series | None,
    preferred: bool,
    excluded: set,
    corrections: list[Correction],
    masks: dict,
) -> dict:
    """One mart.conflicts row; `best` is None when nothing could be chosen."""
    country, jurisdiction, metric, scope, year, period = key

    def reasons(action: str, index: object) -> list[str]:
        return [c.reason for c in corrections if c.action == action and masks[id(c)][index]]

    values = "; ".join(
        _shown(r) for _, r in group.sort_values(["standing", "source_id"]).iterrows()
    )
    parts = [
        f"{_shown(group.loc[i])} excluded by a correction: {reason}"
        for i in group.index
        if i in excluded
        for reason in reasons("exclude", i)
    ]
    if best is None and len(parts) == len(group):
        parts.insert(0, "no value used: every figure is excluded")
    elif best is None:
        standing_name = STANDING_NAMES[
            int(group.drop(index=group.index.intersection(list(excluded)))["standing"].min())
        ]
        parts.insert(
            0,
            f"unresolved: sources of equal standing ({standing_name}) disagree; "
            "all values are kept",
        )
    else:
        rule = (
            "preferred by a correction: " + reasons("prefer", best.name)[0]
            if preferred
            else f"source priority: {STANDING_NAMES[int(best['standing'])]}, "
            f"{_READ_AS[int(best['access_rank'])]}"
        )
        parts.insert(0, f"uses {_shown(best)} ({rule})")
    notes = {reason for i in group.index for reason in reasons("note", i)}
    parts += [f"note: {reason}" for reason in sorted(notes)]
    return {
        "country": country,
        "year": None if pd.isna(year) else int(year),
        "period": period,
        "metric": metric,
        "values": values,
        "source_ids": sorted(set(group["source_id"])),
        "resolution": "; ".join(parts),
        "jurisdiction": jurisdiction,
        "scope": scope,
        "chosen_obs_id": None if best is None else best["obs_id"],
    }


def checkable(
    observations: pd.DataFrame, resolved: pd.DataFrame, corrections: list[Correction]
) -> pd.DataFrame:
    """The resolved observations, plus every excluded figure whose slot nothing else fills, so that
    consistency checks keep showing known errors."""
    excluded = observations[observations["obs_id"].isin(excluded_ids(observations, corrections))]
    taken = {tuple(r) for r in resolved[GROUP].itertuples(index=False)}
    alone = excluded[[tuple(r) not in taken for r in excluded[GROUP].itertuples(index=False)]]
    return pd.concat([resolved, alone], ignore_index=True)
