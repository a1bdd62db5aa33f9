"""Named series (metadata/series.yaml): one metric, scope and jurisdiction of one country, one value
per data year, each value traceable to an observation.

Per full data year a series takes the printed figure procstats resolved (resolve.py), else the figure
it derived from printed counts (derive.py). A year inside the series' span with neither is a gap; a
year whose sources disagree with nothing to decide between them is an unresolved conflict, and has
no value rather than a guessed one.

Touches: reads metadata/series.yaml. Imports: common."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import yaml

from pipelines.common.errors import ProcstatsError, summarise
from pipelines.common.paths import METADATA

SERIES_PATH = METADATA / "series.yaml"
COUNTRIES = ("CN", "JP", "DE", "US")

PUBLISHED, DERIVED, GAP, CONFLICT, NO_SERIES = (
    "published",
    "derived",
    "gap",
    "unresolved conflict",
    "no series",
)

# Columns of one series' values, one row per year of its span.
VALUE_COLUMNS = [
    "series_id",
    "year",
    "value",
    "low",
    "high",
    "is_derived",
    "status",
    "source_id",
    "obs_id",
    "printed",
    "note",
]


@dataclass(frozen=True)
class Concept:
    id: str
    label_en: str
    label_zh: str
    question: str

    @property
    def label(self) -> str:
        return f"{self.label_en} {self.label_zh}"


@dataclass(frozen=True)
class Series:
    id: str
    country: str
    jurisdiction: str
    metric: str
    scope: str
    counted: str
    label: str
    definition: str
    comparability: str
    concept: str | None = None


@dataclass(frozen=True)
class NoSeries:
    concept: str
    country: str
    reason: str


@dataclass(frozen=True)
class SeriesSpec:
    concepts: tuple[Concept, ...]
    series: tuple[Series, ...]
    no_series: tuple[NoSeries, ...]

    def concept(self, concept_id: str) -> Concept:
        return next(c for c in self.concepts if c.id == concept_id)

    @property
    def compared(self) -> tuple[Series, ...]:
        return tuple(s for s in self.series if s.concept)


def load_series_spec(text: str | None = None) -> SeriesSpec:
    """Read and check metadata/series.yaml (or `text`); a malformed spec is one clear error."""
    raw = yaml.safe_load(text if text is not None else SERIES_PATH.read_text(encoding="utf-8"))
    problems: list[str] = []
    try:
        concepts = tuple(Concept(**c) for c in raw["concepts"])
        series = tuple(Series(**s) for s in raw["series"])
        no_series = tuple(NoSeries(**n) for n in raw.get("no_series") or [])
    except (KeyError, TypeError) as exc:
        raise ProcstatsError(f"series spec {SERIES_PATH.name}: {exc}") from None
    concept_ids = {c.id for c in concepts}
    ids = [s.id for s in series]
    problems += [f"series {i} listed twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
    for s in series:
        if s.concept is not None and s.concept not in concept_ids:
            problems.append(f"series {s.id}: unknown concept {s.concept}")
        if s.country not in COUNTRIES:
            problems.append(f"series {s.id}: country {s.country} is not one of {COUNTRIES}")
        if not s.definition.strip() or not s.comparability.strip():
            problems.append(f"series {s.id}: definition and comparability must be given")
    covered = {(s.concept, s.country) for s in series if s.concept}
    for n in no_series:
        if n.concept not in concept_ids:
            problems.append(f"no_series {n.country}: unknown concept {n.concept}")
        if (n.concept, n.country) in covered:
            problems.append(f"no_series {n.country} {n.concept}: a series exists")
    declared = covered | {(n.concept, n.country) for n in no_series}
    problems += [
        f"concept {c} has neither a series nor a no_series note for {country}"
        for c in sorted(concept_ids)
        for country in COUNTRIES
        if (c, country) not in declared
    ]
    if problems:
        raise ProcstatsError(summarise(problems, f"series spec {SERIES_PATH.name}"))
    return SeriesSpec(concepts, series, no_series)


def _slot(frame: pd.DataFrame, series: Series) -> pd.DataFrame:
    """The series' full-year rows of `frame` (observations or conflicts)."""
    return frame[
        (frame["country"] == series.country)
        & (frame["jurisdiction"] == series.jurisdiction)
        & (frame["metric"] == series.metric)
        & (frame["scope"] == series.scope)
        & (frame["period"] == "FY")
        & frame["year"].notna()
    ]


def series_values(
    series: Series, resolved: pd.DataFrame, derived: pd.DataFrame, conflicts: pd.DataFrame
) -> pd.DataFrame:
    """One row per year from the series' first to its last known year (VALUE_COLUMNS)."""
    printed = _slot(resolved[resolved["value"].notna()], series)
    computed = _slot(derived[derived["value"].notna()], series)
    unresolved = _slot(conflicts[conflicts["chosen_obs_id"].isna()], series).set_index("year")

    years = sorted(
        {int(y) for y in printed["year"]}
        | {int(y) for y in computed["year"]}
        | {int(y) for y in unresolved.index}
    )
    rows = []
    for year in range(years[0], years[-1] + 1) if years else []:
        rows.append(_year_row(series, year, printed, computed, unresolved))
    return pd.DataFrame(rows, columns=VALUE_COLUMNS)


def _year_row(
    series: Series,
    year: int,
    printed: pd.DataFrame,
    computed: pd.DataFrame,
    unresolved: pd.DataFrame,
) -> dict:
    row = dict.fromkeys(VALUE_COLUMNS)
    row.update(series_id=series.id, year=year)
    hit = printed[printed["year"] == year]
    derived = False
    if hit.empty:
        # Narrowest interval first: a rate from exact counts beats one implied by a rounded change.
        hit = computed[computed["year"] == year].assign(width=lambda f: f["high"] - f["low"])
        hit = hit.sort_values(["width", "obs_id"])
        derived = True
    if not hit.empty:
        best = hit.iloc[0]
        row.update(
            value=float(best["value"]),
            low=_float(best["low"]),
            high=_float(best["high"]),
            is_derived=derived,
            status=DERIVED if derived else PUBLISHED,
            source_id=best["source_id"],
            obs_id=best["obs_id"],
            printed=None if derived else best["printed"],
            note=best["method"] if derived else None,
        )
    elif year in unresolved.index:
        row.update(
            status=CONFLICT,
            note=f"sources disagree and nothing decides: {unresolved.loc[[year], 'values'].iloc[0]}",
        )
    else:
        row.update(status=GAP, note="no full-year figure in the documents held")
    return row


def _float(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)
