"""Japan's prosecution statistics cubes (raw/snapshots/jp-moj-prosecution-cube-*), read as figures.

A cube lists its dimensions in `dims`; each array in `measures` is row-major over them (first
dimension outermost); missing cells are null. Counts are exact persons. Rates are fractions printed to
the precision of their row (four decimals in era.json, three for some rows of type.json), so 0.4684 is
46.84% within [46.835, 46.845] and 0.328 is 32.8% within [32.75, 32.85].

Touches: reads the cube files in raw/snapshots/jp-moj-prosecution-cube-*. Imports: extract, common."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from pipelines.common.errors import ProcstatsError
from pipelines.extract.figures import figures_frame

MAX_RATE_DECIMALS = 4  # the finest precision the cubes print fractions to

ERA_SOURCE = "jp-moj-prosecution-cube-era"
TYPE_SOURCE = "jp-moj-prosecution-cube-type"
CUBE_NAMES = {ERA_SOURCE: "era.json", TYPE_SOURCE: "type.json"}  # names as published by the relay
# era.json metric code -> (metric id, scope)
ERA_METRICS = {
    "accepted": ("received", "all"),
    "indicted": ("prosecuted", "all"),
    "disposed": ("disposed", "all"),
    "indictment_rate": ("prosecution_rate", "all"),
    "indictment_rate_penal": ("prosecution_rate", "penal code offences"),
    "suspension_rate_penal": ("suspension_of_prosecution_rate", "penal code offences"),
    "trial": ("public_trial_requested", "all"),
    "trial_rate": ("public_trial_request_rate", "all"),
    "summary": ("summary_order_requested", "all"),
    "suspended": ("suspended_prosecution", "all"),
}
# type.json measure -> metric id; offence group code -> scope
TYPE_MEASURES = {"indicted": "prosecuted", "nolle": "not_prosecuted", "rate": "prosecution_rate"}
TYPE_SCOPES = {
    "all": "all",
    "penal": "penal code offences",
    "traffic": "road traffic offences",
    "special": "special-law offences excluding traffic",
    "theft": "theft",
    "fraud": "fraud",
    "injury": "bodily injury",
    "negligence": "negligent injury",
    "murder": "homicide",
    "rape": "non-consensual sexual intercourse",
    "indecent": "non-consensual indecent assault",
    "stimulant": "stimulants control act offences",
}
SCOPE_NOTE = {
    "all": "All offences including traffic (総数); dominated by traffic summary orders.",
    "penal code offences": "刑法犯: Penal Code offences excluding negligent driving causing death or injury.",
}


def _cells(cube: dict[str, Any], path: Path) -> list[tuple[tuple[str, ...], str, float]]:
    """(coordinates, measure, value) for every non-null cell."""
    try:
        dims = [d["codes"] for d in cube["dims"]]
        measures = cube["measures"]
    except (KeyError, TypeError) as exc:
        raise ProcstatsError(f"{path.name}: not a cube (dims/measures missing)") from exc
    size = 1
    for codes in dims:
        size *= len(codes)
    out = []
    for measure, values in measures.items():
        if len(values) != size:
            raise ProcstatsError(
                f"{path.name}: measure {measure} has {len(values)} cells, "
                f"the dimensions need {size}"
            )
        for index, value in enumerate(values):
            if value is None:
                continue
            coords, rest = [], index
            for codes in reversed(dims):
                rest, position = divmod(rest, len(codes))
                coords.append(codes[position])
            out.append((tuple(reversed(coords)), measure, float(value)))
    return out


def _decimals(value: float) -> int:
    text = format(value, ".10g")
    return len(text.split(".")[1]) if "." in text else 0


def _figure(
    source_id: str,
    path: Path,
    metric: str,
    scope: str,
    year: str,
    measure: str,
    raw_value: float,
    where: str,
    decimals: int,
) -> dict:
    if measure == "rate":
        if not 0 <= raw_value <= 1 or decimals > MAX_RATE_DECIMALS:
            raise ProcstatsError(
                f"{path.name}: {where} rate {raw_value!r} is not a fraction to at "
                f"most {MAX_RATE_DECIMALS} decimals"
            )
        value = round(raw_value * 100, 6)
        half_step = 0.5 * 10.0**-decimals * 100  # the row's printed precision, in percent
        low, high = value - half_step, value + half_step
        printed = f"{raw_value:g}"
    else:
        if raw_value != int(raw_value) or raw_value < 0:
            raise ProcstatsError(f"{path.name}: {where} count {raw_value!r} is not a whole number")
        value = low = high = raw_value
        printed = str(int(raw_value))
    return {
        "country": "JP",
        "jurisdiction": "national",
        "year": int(year),
        "period": "FY",
        "metric": metric,
        "scope": scope,
        "printed": printed,
        "value": value,
        "low": round(low, 9),
        "high": round(high, 9),
        "qualifier": "exact",
        "is_derived": False,
        "method": None,
        "change_printed": None,
        "change_pct": None,
        "change_pp": None,
        "change_base": None,
        "source_id": source_id,
        "seen_at": None,
        "locator": f"{CUBE_NAMES[source_id]}: {where}, measure {measure}",
        "note": SCOPE_NOTE.get(scope),
        "origin": f"raw/{path.relative_to(path.parents[2])}",
    }


def _load(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ProcstatsError(f"{path}: cannot read the cube ({exc.__class__.__name__})") from exc


def _cube_figures(source_id: str, path: Path, describe) -> list[dict]:
    """Figures of one cube; `describe(code, measure)` gives (metric, scope, label of the code)."""
    cells = _cells(_load(path), path)
    # a row of a cube (one code, one measure) is printed to one precision: read it off the row
    decimals: dict[tuple[str, str], int] = {}
    for (code, _), measure, value in cells:
        decimals[code, measure] = max(decimals.get((code, measure), 0), _decimals(value))
    rows = []
    for (code, year), measure, value in cells:
        metric, scope, label = describe(code, measure)
        rows.append(
            _figure(
                source_id,
                path,
                metric,
                scope,
                year,
                measure,
                value,
                f"{label}={code} year={year}",
                decimals[code, measure],
            )
        )
    return rows


def _era(code: str, measure: str) -> tuple[str, str, str]:
    if code not in ERA_METRICS:
        raise ProcstatsError(f"era cube: unknown metric code {code!r}")
    return (*ERA_METRICS[code], "metric")


def _type(code: str, measure: str) -> tuple[str, str, str]:
    if code not in TYPE_SCOPES or measure not in TYPE_MEASURES:
        raise ProcstatsError(f"type cube: unknown group {code!r} or measure {measure!r}")
    return TYPE_MEASURES[measure], TYPE_SCOPES[code], "code"


def read_cubes(raw: Path, sources: pd.DataFrame) -> pd.DataFrame:
    """Figures from both cubes; the registry gives each cube's stored file (already hash-checked)."""
    stored = dict(zip(sources["source_id"], sources["stored_file"], strict=True))
    rows = _cube_figures(ERA_SOURCE, raw / stored[ERA_SOURCE], _era)
    rows += _cube_figures(TYPE_SOURCE, raw / stored[TYPE_SOURCE], _type)
    return figures_frame(rows)
