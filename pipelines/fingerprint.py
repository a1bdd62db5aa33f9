"""What a build is made from, as one digest: every file in raw/, the package's code, metadata and
templates, and the versions of the libraries that shape the output. Two builds with the same digest
produce the same mart rows, so a rebuild with an unchanged digest has nothing to do."""

from __future__ import annotations

import hashlib
from importlib.metadata import version
from pathlib import Path

import duckdb

from .exports import EXPORTS
from .paths import PACKAGE_ROOT, ProjectPaths

# Libraries whose version can change a figure, a model or a chart.
LIBRARIES = (
    "dagster",
    "duckdb",
    "pandas",
    "statsmodels",
    "altair",
    "vl-convert-python",
    "pdfplumber",
)


def _files(base: Path) -> list[Path]:
    return sorted(
        p
        for p in base.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    )


def build_fingerprint(paths: ProjectPaths) -> str:
    digest = hashlib.sha256()
    for base, relative_to in ((paths.raw, paths.root), (PACKAGE_ROOT, PACKAGE_ROOT.parent)):
        for file in _files(base):
            digest.update(str(file.relative_to(relative_to)).encode())
            digest.update(hashlib.sha256(file.read_bytes()).digest())
    for library in LIBRARIES:
        digest.update(f"{library}=={version(library)}".encode())
    return digest.hexdigest()


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
