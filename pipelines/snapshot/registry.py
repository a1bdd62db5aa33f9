"""The source registry: one record per document behind a figure, in raw/sources/*.yaml.

Every record is checked against metadata/source.schema.json, ids are unique, `reports_on` points at a
registered document, and every stored file exists and still has the sha256 the record gives.

Touches: reads raw/sources/*.yaml, metadata/source.schema.json and the stored files it names.
Imports: snapshot, common."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import jsonschema
import pandas as pd
import yaml

from pipelines.common.errors import RegistryError, summarise
from pipelines.common.paths import METADATA
from pipelines.snapshot.tables import SOURCES

SCHEMA_PATH = METADATA / "source.schema.json"


def load_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def read_records(raw: Path) -> list[tuple[Path, dict[str, Any]]]:
    """Every record with the file it came from, in file-name order."""
    directory = raw / "sources"
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise RegistryError(f"no source registry files in {directory}")
    out: list[tuple[Path, dict[str, Any]]] = []
    for path in files:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            line = getattr(getattr(exc, "problem_mark", None), "line", None)
            where = f"{path.name}:{line + 1}" if line is not None else path.name
            raise RegistryError(f"{where}: not valid YAML") from exc
        if data is None:
            continue
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise RegistryError(f"{path.name}: expected a YAML list of records")
        out.extend((path, record) for record in data)
    return out


def validate(raw: Path, records: list[tuple[Path, dict[str, Any]]]) -> list[str]:
    """All problems found, one readable line each; empty when the registry is sound."""
    validator = jsonschema.Draft202012Validator(load_schema())
    problems: list[str] = []
    seen: dict[str, str] = {}
    for path, record in records:
        sid = record.get("source_id", "?")
        for err in sorted(validator.iter_errors(record), key=lambda e: list(e.path)):
            field = ".".join(str(p) for p in err.path) or "record"
            problems.append(f"{path.name}: {sid}: {field}: {err.message}")
        if sid in seen:
            problems.append(f"{path.name}: {sid}: duplicate source_id (also in {seen[sid]})")
        seen[sid] = path.name
    ids = set(seen)
    for path, record in records:
        target = record.get("reports_on")
        if target and target not in ids:
            problems.append(
                f"{path.name}: {record.get('source_id')}: reports_on {target!r} is not registered"
            )
        problems.extend(_check_stored_file(raw, path, record))
    return problems


def _check_stored_file(raw: Path, path: Path, record: dict[str, Any]) -> list[str]:
    stored = record.get("stored_file")
    if not stored:
        return []
    sid = record.get("source_id")
    file = raw / stored
    if not file.is_file():
        return [f"{path.name}: {sid}: stored file {stored} is missing"]
    digest = hashlib.sha256(file.read_bytes()).hexdigest()
    problems = []
    if digest != record.get("sha256"):
        problems.append(
            f"{path.name}: {sid}: {stored} has sha256 {digest[:12]}…, the record says "
            f"{str(record.get('sha256'))[:12]}…"
        )
    if not file.name.startswith(digest):
        problems.append(f"{path.name}: {sid}: {stored} is not named by its content hash")
    return problems


def load_registry(raw: Path) -> pd.DataFrame:
    """The validated registry as a frame (one row per source), or a RegistryError."""
    records = read_records(raw)
    problems = validate(raw, records)
    if problems:
        raise RegistryError(summarise(problems, "source registry"))
    frame = pd.DataFrame([{c: r.get(c) for c in SOURCES.column_names} for _, r in records])
    return frame.sort_values("source_id", ignore_index=True)
