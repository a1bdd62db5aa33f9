"""The documents in raw/ that can be parsed: fetched snapshots (with their sidecars) and fixtures.

Fixtures are documents procstats wrote itself in the style of real ones, to test the parser; they are
parsed and cross-checked, never published as observations.

Touches: reads raw/snapshots and raw/fixtures (files and sidecars). Imports: common."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd

from pipelines.common.errors import ProcstatsError
from pipelines.common.paths import sidecar_path

PARSEABLE = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
    "text/plain": "text",
}
INVENTORY_COLUMNS = ["doc", "source_ids", "is_fixture", "sha256", "format"]


def inventory(raw: Path) -> pd.DataFrame:
    """One row per parseable document; `doc` is its path relative to raw/."""
    rows = []
    for document in sorted((raw / "fixtures").glob("*")):
        if document.name.endswith(".meta.json") or not document.is_file():
            continue
        sidecar = sidecar_path(document)
        if not sidecar.is_file():
            raise ProcstatsError(f"fixture {document.name} has no {sidecar.name}")
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
        if meta.get("fixture") is not True:
            raise ProcstatsError(
                f'{sidecar.name}: a document in raw/fixtures must say "fixture": true'
            )
        rows.append(_row(raw, document, meta.get("fixture_of", []), True))
    for sidecar in sorted((raw / "snapshots").glob("*/*.meta.json")):
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
        content_type = (meta.get("content_type") or "").split(";")[0].strip().lower()
        if content_type not in PARSEABLE:
            continue  # statistics cubes and other data files have their own readers
        extension = str(meta.get("extension", ""))
        if not extension.isalnum():  # a file name is never built from untrusted text
            raise ProcstatsError(
                f"{sidecar}: extension {extension!r} is not a plain file extension"
            )
        document = sidecar.with_name(sidecar.name.replace(".meta.json", "") + "." + extension)
        rows.append(_row(raw, document, [meta["source_id"]], False))
    return pd.DataFrame(rows, columns=INVENTORY_COLUMNS)


def _row(raw: Path, document: Path, source_ids: list[str], is_fixture: bool) -> dict:
    digest = hashlib.sha256()
    with document.open("rb") as handle:  # in blocks: a huge file is hashed, not loaded
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return {
        "doc": str(document.relative_to(raw)),
        "source_ids": list(source_ids),
        "is_fixture": is_fixture,
        "sha256": digest.hexdigest(),
        "format": document.suffix.lstrip("."),
    }
