"""The coverage grid and the gap register (raw/gaps.yaml, checked against metadata/gaps.schema.json).

The register's grid names the metric-years that should each hold a national full-year value (China,
2013-2025, ten metrics). mart.coverage says for every cell of the grid what stands there: printed
figures, bounds only, derived values only, or nothing (figures raw/corrections.yaml excludes do not
count). mart.gaps gives every empty cell its register entry: a status, the reason the figure is
believed absent, the documents that show it and the searches made for it (query, where, when, outcome).
An empty cell without an entry, or an entry on a filled cell, is a coverage problem: the build warns
and the tests fail, so nobody repeats a search blind and a found figure is not left listed as a gap.

Touches: reads raw/gaps.yaml and metadata/gaps.schema.json. Imports: analyse, common."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pandas as pd
import yaml

from pipelines.analyse.tables import COVERAGE, GAPS
from pipelines.common.errors import ProcstatsError, summarise
from pipelines.common.paths import METADATA

SCHEMA_PATH = METADATA / "gaps.schema.json"
# Cell statuses in mart.coverage, best first.
PRINTED, BOUND_ONLY, DERIVED_ONLY, GAP = "printed", "bound only", "derived only", "gap"
BOUNDS = ("lower_bound", "upper_bound")


class _Cells:
    """Metric-years: every metric with every year."""

    metrics: tuple[str, ...]
    years: tuple[int, ...]

    def cells(self) -> list[tuple[str, int]]:
        return [(m, y) for m in self.metrics for y in self.years]


@dataclass(frozen=True)
class Grid(_Cells):
    country: str
    jurisdiction: str
    period: str
    scope: str
    years: tuple[int, ...]
    metrics: tuple[str, ...]


@dataclass(frozen=True)
class Search:
    id: str
    query: str
    where: str
    date: str
    outcome: str


@dataclass(frozen=True)
class Gap(_Cells):
    id: str
    metrics: tuple[str, ...]
    years: tuple[int, ...]
    status: str
    reason: str
    searches: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Register:
    grid: Grid
    gaps: tuple[Gap, ...]
    searches: dict[str, Search]

    def entry_by_cell(self) -> dict[tuple[str, int], Gap]:
        return {cell: gap for gap in self.gaps for cell in gap.cells()}


def load_register(raw: Path) -> Register | None:
    """raw/gaps.yaml, validated (schema, ids, references, cells); None when there is no register."""
    path = raw / "gaps.yaml"
    if not path.is_file():
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ProcstatsError(f"gaps.yaml: not valid YAML ({str(exc).splitlines()[0]})") from exc
    data = _dates_as_text(data)
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    problems = [
        f"{'.'.join(str(p) for p in e.path) or 'file'}: {e.message}"
        for e in sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    ]
    if problems:
        raise ProcstatsError(summarise(problems, "gaps.yaml"))
    register = _register(data)
    problems = structure_problems(register)
    if problems:
        raise ProcstatsError(summarise(problems, "gaps.yaml"))
    return register


def _dates_as_text(data: Any) -> Any:
    """An unquoted 2026-12-01 reads as a date; the register keeps dates as text."""
    if isinstance(data, dict):
        return {k: _dates_as_text(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_dates_as_text(v) for v in data]
    return data.isoformat() if isinstance(data, dt.date) else data


def _register(data: dict) -> Register:
    g = data["grid"]
    grid = Grid(
        g["country"],
        g["jurisdiction"],
        g["period"],
        g["scope"],
        tuple(range(g["first_year"], g["last_year"] + 1)),
        tuple(g["metrics"]),
    )
    gaps = tuple(
        Gap(
            e["id"],
            tuple(e["metrics"]),
            tuple(e["years"]),
            e["status"],
            " ".join(e["reason"].split()),
            tuple(e["searches"]),
            tuple(e.get("sources", ())),
        )
        for e in data["gaps"]
    )
    searches = {s["id"]: Search(**s) for s in data["searches"]}
    if len(searches) < len(data["searches"]):
        ids = [s["id"] for s in data["searches"]]
        raise ProcstatsError(
            f"gaps.yaml: search id {next(i for i in ids if ids.count(i) > 1)!r} is used twice"
        )
    return Register(grid, gaps, searches)


def structure_problems(register: Register) -> list[str]:
    """Problems within the register: ids used twice, unknown searches, cells off the grid or
    covered by two entries."""
    problems: list[str] = []
    if not register.grid.years:
        problems.append("grid: first_year is after last_year")
    ids = [g.id for g in register.gaps]
    problems += [
        f"gap id {i!r} is used twice" for i in sorted({i for i in ids if ids.count(i) > 1})
    ]
    seen: dict[tuple[str, int], str] = {}
    for gap in register.gaps:
        problems += [
            f"{gap.id}: search {s!r} is not in searches"
            for s in gap.searches
            if s not in register.searches
        ]
        problems += [
            f"{gap.id}: metric {m!r} is not in the grid"
            for m in gap.metrics
            if m not in register.grid.metrics
        ]
        problems += [
            f"{gap.id}: year {y} is outside the grid"
            for y in gap.years
            if y not in register.grid.years
        ]
        for cell in gap.cells():
            if cell in seen:
                problems.append(f"{gap.id}: {cell[0]} {cell[1]} is also covered by {seen[cell]}")
            seen[cell] = gap.id
    return problems


def reference_problems(register: Register, metrics: set[str], source_ids: set[str]) -> list[str]:
    """Metrics the catalogue does not know and documents the registry does not hold."""
    problems = [
        f"grid: metric {m!r} is not in the metric catalogue"
        for m in register.grid.metrics
        if m not in metrics
    ]
    problems += [
        f"{gap.id}: source {s!r} is not in the registry"
        for gap in register.gaps
        for s in gap.sources
        if s not in source_ids
    ]
    return problems


def coverage_frame(
    register: Register | None, published: pd.DataFrame, excluded: set[str]
) -> pd.DataFrame:
    """mart.coverage: every cell of the grid with what stands in it and the entry covering it."""
    if register is None:
        return pd.DataFrame(columns=COVERAGE.column_names)
    grid = register.grid
    here = published[
        (published["country"] == grid.country)
        & (published["jurisdiction"] == grid.jurisdiction)
        & (published["period"] == grid.period)
        & (published["scope"] == grid.scope)
        # a value, or a derived interval whose readings disagree on the point (value NULL)
        & (
            published["value"].notna()
            | (
                published["is_derived"].astype(bool)
                & published["low"].notna()
                & published["high"].notna()
            )
        )
    ]
    entries = register.entry_by_cell()
    rows = []
    for metric, year in grid.cells():
        cell = here[(here["metric"] == metric) & (here["year"] == year)]
        out = cell["obs_id"].isin(excluded)
        used = cell[~out]
        derived = used["is_derived"].astype(bool)
        printed = used[~derived]
        if (~printed["qualifier"].isin(BOUNDS)).any():
            status = PRINTED
        elif len(printed):
            status = BOUND_ONLY
        elif derived.any():
            status = DERIVED_ONLY
        else:
            status = GAP
        gap = entries.get((metric, year))
        rows.append(
            {
                "country": grid.country,
                "jurisdiction": grid.jurisdiction,
                "period": grid.period,
                "scope": grid.scope,
                "metric": metric,
                "year": year,
                "status": status,
                "n_printed": len(printed),
                "n_derived": int(derived.sum()),
                "n_excluded": int(out.sum()),
                "obs_ids": sorted(used["obs_id"]),
                "gap_id": gap.id if gap else None,
            }
        )
    return pd.DataFrame(rows, columns=COVERAGE.column_names)


def gaps_frame(register: Register | None, coverage: pd.DataFrame) -> pd.DataFrame:
    """mart.gaps: one row per cell a register entry covers, with the searches made for it."""
    if register is None:
        return pd.DataFrame(columns=GAPS.column_names)
    grid = register.grid
    standing = {(r.metric, r.year): r.status for r in coverage.itertuples()}
    rows = []
    for gap in register.gaps:
        searches = [register.searches[s] for s in gap.searches]
        for metric, year in gap.cells():
            rows.append(
                {
                    "gap_id": gap.id,
                    "country": grid.country,
                    "jurisdiction": grid.jurisdiction,
                    "period": grid.period,
                    "scope": grid.scope,
                    "metric": metric,
                    "year": year,
                    "status": gap.status,
                    "reason": gap.reason,
                    "source_ids": list(gap.sources),
                    "searches": json.dumps(
                        [s.__dict__ for s in searches], ensure_ascii=False, sort_keys=True
                    ),
                    "n_searches": len(searches),
                    "last_searched": max(s.date for s in searches),
                    "cell_status": standing.get((metric, year), GAP),
                }
            )
    return pd.DataFrame(rows, columns=GAPS.column_names)


def coverage_problems(coverage: pd.DataFrame) -> list[str]:
    """Empty cells the register does not explain, and register entries on filled cells."""
    problems = [
        f"{r.country} {r.metric} {r.year}: empty, and no entry in raw/gaps.yaml explains it"
        for r in coverage.itertuples()
        if r.status == GAP and not isinstance(r.gap_id, str)
    ]
    problems += [
        f"{r.country} {r.metric} {r.year}: {r.status}, but gap entry {r.gap_id} still lists it"
        for r in coverage.itertuples()
        if r.status != GAP and isinstance(r.gap_id, str)
    ]
    return problems
