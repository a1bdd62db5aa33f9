"""Corrections as data (raw/corrections.yaml, checked against metadata/corrections.schema.json):
figures procstats excludes, the value it prefers where sources disagree, or a note explaining a
conflict, each with its id and reason. Printed figures themselves are never changed.

Touches: reads raw/corrections.yaml and metadata/corrections.schema.json. Imports: reconcile,
common."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pandas as pd
import yaml

from pipelines.common.errors import ProcstatsError, summarise
from pipelines.common.paths import METADATA
from pipelines.reconcile.tables import CORRECTIONS

CORRECTION_COLUMNS = CORRECTIONS.column_names


@dataclass(frozen=True)
class Correction:
    id: str
    match: dict
    action: str
    reason: str
    status: str

    def mask(self, frame: pd.DataFrame) -> pd.Series:
        """Which rows of `frame` the correction applies to."""
        hit = pd.Series(True, index=frame.index)
        for key, value in self.match.items():
            hit &= frame[key].astype("string").fillna("") == str(value)
        return hit


def load_corrections(raw: Path) -> list[Correction]:
    """raw/corrections.yaml, validated; no file means no corrections."""
    path = raw / "corrections.yaml"
    if not path.is_file():
        return []
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except yaml.YAMLError as exc:
        raise ProcstatsError(
            f"corrections.yaml: not valid YAML ({str(exc).splitlines()[0]})"
        ) from exc
    if not isinstance(entries, list):
        raise ProcstatsError("corrections.yaml: expected a list of corrections")
    schema = json.loads((METADATA / "corrections.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    problems = [
        f"entry {i}: {e.message}"
        for i, entry in enumerate(entries, 1)
        for e in validator.iter_errors(entry)
    ]
    if not problems:
        ids = [e["id"] for e in entries]
        problems = [f"id {i!r} is used twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
    if problems:
        raise ProcstatsError(summarise(problems, "corrections.yaml"))
    return [
        Correction(e["id"], e["match"], e["action"], " ".join(e["reason"].split()), e["status"])
        for e in entries
    ]


def corrections_frame(corrections: list[Correction], observations: pd.DataFrame) -> pd.DataFrame:
    """mart.corrections: each correction with the observations it applies to."""
    rows = [
        {
            "correction_id": c.id,
            "action": c.action,
            "match": json.dumps(c.match, ensure_ascii=False, sort_keys=True),
            "reason": c.reason,
            "status": c.status,
            "obs_ids": list(observations.loc[c.mask(observations), "obs_id"]),
        }
        for c in corrections
    ]
    return pd.DataFrame(rows, columns=CORRECTION_COLUMNS)


def corrections_from_frame(frame: pd.DataFrame) -> list[Correction]:
    return [
        Correction(
            r["correction_id"], json.loads(r["match"]), r["action"], r["reason"], r["status"]
        )
        for _, r in frame.iterrows()
    ]


def excluded_ids(observations: pd.DataFrame, corrections: list[Correction]) -> set[str]:
    """obs_ids of observations a correction excludes."""
    ids: set[str] = set()
    for c in corrections:
        if c.action == "exclude":
            ids |= set(observations.loc[c.mask(observations), "obs_id"])
    return ids
