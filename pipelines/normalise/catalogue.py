"""The metric catalogue (metadata/metrics.yaml): labels, unit, formula and comparability per metric id.

Touches: reads metadata/metrics.yaml. Imports: normalise, common."""

from __future__ import annotations

import pandas as pd
import yaml

from pipelines.common.errors import ProcstatsError, summarise
from pipelines.common.paths import METADATA
from pipelines.normalise.tables import METRICS

METRIC_COLUMNS = METRICS.column_names

CATALOGUE_PATH = METADATA / "metrics.yaml"
UNITS = {"persons", "cases", "proceedings", "pct"}
# The contract's China metric ids: each must be in the catalogue.
CONTRACT_METRICS = (
    "arrests_approved",
    "arrests_not_approved",
    "non_arrest_rate",
    "prosecuted",
    "not_prosecuted",
    "non_prosecution_rate",
    "discretionary_not_prosecuted",
    "discretionary_non_prosecution_rate",
    "evidentiary_or_statutory_not_prosecuted",
    "conditional_not_prosecuted",
    "plea_leniency_persons",
    "plea_leniency_rate",
    "sentencing_recommendations",
    "determinate_recommendation_share",
    "recommendation_adoption_rate",
    "first_instance_acceptance_rate",
    "pretrial_detention_rate",
)


def load_catalogue() -> pd.DataFrame:
    entries = yaml.safe_load(CATALOGUE_PATH.read_text(encoding="utf-8"))
    problems: list[str] = []
    seen: set[str] = set()
    for i, entry in enumerate(entries, 1):
        name = entry.get("metric", f"entry {i}")
        missing = [c for c in METRIC_COLUMNS if c not in entry]
        extra = [c for c in entry if c not in METRIC_COLUMNS]
        if missing or extra:
            problems.append(f"{name}: missing {missing} / unknown {extra}")
        if entry.get("unit") not in UNITS:
            problems.append(f"{name}: unit {entry.get('unit')!r} is not one of {sorted(UNITS)}")
        for field in ("label_en", "label_zh", "definition"):
            if not entry.get(field):
                problems.append(f"{name}: {field} is empty")
        if name in seen:
            problems.append(f"{name}: listed twice")
        seen.add(name)
    problems += [f"{m}: contract metric missing" for m in CONTRACT_METRICS if m not in seen]
    if problems:
        raise ProcstatsError(summarise(problems, "metric catalogue"))
    return pd.DataFrame(entries, columns=METRIC_COLUMNS)
