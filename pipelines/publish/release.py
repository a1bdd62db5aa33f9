"""Whether the published build is current: made from the same inputs, with every output in place.

Touches: reads warehouse/ and reports/ (never writes). Imports: publish, common."""

from __future__ import annotations

import duckdb

from pipelines.common.paths import ProjectPaths
from pipelines.publish.exports import EXPORTS


def current_build(paths: ProjectPaths, fingerprint: str) -> str | None:
    """The id of the build in warehouse/ if it was made from `fingerprint` and all its outputs
    (exports, report, chart images) are in place; None when a rebuild is needed."""
    expected = [paths.warehouse_db, paths.warehouse_dir / "datapackage.json", paths.report_html]
    expected += [paths.warehouse_dir / f"{e.name}.{s}" for e in EXPORTS for s in ("parquet", "csv")]
    if not all(p.is_file() for p in expected) or not (paths.reports_dir / "charts").is_dir():
        return None
    try:
        con = duckdb.connect(str(paths.warehouse_db), read_only=True)
    except duckdb.Error:
        return None
    try:
        row = con.execute("SELECT build_id, inputs_sha256 FROM meta.build").fetchone()
    except duckdb.Error:
        return None
    finally:
        con.close()
    if row is None or row[1] != fingerprint:
        return None
    if paths.report_html.stat().st_mtime < paths.warehouse_db.stat().st_mtime:
        return None  # the report is older than the warehouse: it was not rebuilt after it
    return row[0]
