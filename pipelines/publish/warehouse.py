"""Build the DuckDB warehouse and its Parquet exports, then swap them in atomically.

Everything is first written to temporary files beside the targets (same filesystem); only when all
writes have succeeded are they renamed over the old files with os.replace. A reader holding the old
warehouse open keeps reading the old file and never blocks a build; a build that fails at any point
leaves the previous warehouse and exports untouched. One build at a time (a lock file).

Touches: writes warehouse/ (a new file beside the old, then renamed over it). Imports: publish,
common."""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from pipelines.common.errors import WarehouseError
from pipelines.common.paths import ProjectPaths
from pipelines.publish.exports import export_files
from pipelines.publish.schema import ANALYSIS_TABLES, MART_VIEWS, View

TMP_PREFIX = ".build-"


@dataclass(frozen=True)
class BuildInfo:
    build_id: str
    built_at: str  # ISO 8601, UTC
    inputs_sha256: str  # fingerprint.build_fingerprint: raw/, the package, library versions

    def as_row(self, counts: dict[str, int]) -> dict:
        return {
            "build_id": self.build_id,
            "built_at": self.built_at,
            "inputs_sha256": self.inputs_sha256,
            "row_counts": json.dumps(counts, sort_keys=True),
        }


@contextmanager
def build_lock(directory: Path) -> Iterator[None]:
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / ".build.lock").open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise WarehouseError(
                f"another build is writing {directory} now; try again when it ends"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def remove_stale_temporaries(directory: Path) -> list[Path]:
    """Temporary files of builds that died (their process is gone)."""
    removed = []
    for path in directory.glob(f"{TMP_PREFIX}*"):
        pid = path.name[len(TMP_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _create_table(
    con: duckdb.DuckDBPyConnection, schema: str, view: View, frame: pd.DataFrame | None
) -> int:
    """Table `schema.<view>` with the view's columns and `frame`'s rows (inserted by name)."""
    columns = ", ".join(f'"{c.name}" {c.sql_type}' for c in view.columns)
    con.execute(f"CREATE TABLE {schema}.{view.name} ({columns})")
    if frame is None or not len(frame):
        return 0
    missing = set(view.column_names) - set(frame.columns)
    if missing:
        raise WarehouseError(f"{view.name}: the data lacks columns {sorted(missing)}")
    con.register("incoming", frame[view.column_names])
    con.execute(f"INSERT INTO {schema}.{view.name} BY NAME SELECT * FROM incoming")
    con.unregister("incoming")
    return len(frame)


def _comment(con: duckdb.DuckDBPyConnection, kind: str, relation: str, view: View) -> None:
    con.execute(f"COMMENT ON {kind} {relation} IS {_quote(view.comment)}")
    for column in view.columns:
        con.execute(f'COMMENT ON COLUMN {relation}."{column.name}" IS {_quote(column.comment)}')


def _create_view(con: duckdb.DuckDBPyConnection, view: View, frame: pd.DataFrame | None) -> int:
    rows = _create_table(con, "core", view, frame)
    select = ", ".join(f'"{c}"' for c in view.column_names)
    con.execute(f"CREATE VIEW mart.{view.name} AS SELECT {select} FROM core.{view.name}")
    _comment(con, "VIEW", f"mart.{view.name}", view)
    return rows


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def publish(
    paths: ProjectPaths,
    tables: dict[str, pd.DataFrame],
    info: BuildInfo,
    analysis: dict[str, pd.DataFrame] | None = None,
) -> dict[str, int]:
    """Write the warehouse and its exports (Parquet, CSV, datapackage.json) for `tables` (by mart
    view name) and `analysis` (by analysis table name); returns row counts. Views and tables
    without data are created empty."""
    analysis = analysis or {}
    unknown = set(tables) - {v.name for v in MART_VIEWS}
    unknown |= {f"analysis.{n}" for n in set(analysis) - {t.name for t in ANALYSIS_TABLES}}
    if unknown:
        raise WarehouseError(f"no mart view or analysis table is called {sorted(unknown)}")
    directory = paths.warehouse_dir
    with build_lock(directory):
        remove_stale_temporaries(directory)
        stem = f"{TMP_PREFIX}{os.getpid()}-"
        tmp_db = directory / f"{stem}procstats.duckdb"
        written: list[tuple[Path, Path]] = []
        try:
            counts = _write_database(tmp_db, tables, analysis, info)
            written.append((tmp_db, paths.warehouse_db))
            written += export_files(tmp_db, directory, stem, info.build_id, counts)
        except BaseException:
            for tmp, _ in written:
                tmp.unlink(missing_ok=True)
            tmp_db.unlink(missing_ok=True)
            Path(f"{tmp_db}.wal").unlink(missing_ok=True)
            raise
        # All writes succeeded: swap them in. Renames on one filesystem do not fail halfway.
        for tmp, target in written:
            os.replace(tmp, target)
        return counts


def _write_database(
    path: Path, tables: dict[str, pd.DataFrame], analysis: dict[str, pd.DataFrame], info: BuildInfo
) -> dict[str, int]:
    con = duckdb.connect(str(path))
    try:
        con.execute("CREATE SCHEMA core; CREATE SCHEMA mart; CREATE SCHEMA meta")
        con.execute("CREATE SCHEMA analysis")
        counts = {view.name: _create_view(con, view, tables.get(view.name)) for view in MART_VIEWS}
        for table in ANALYSIS_TABLES:
            rows = _create_table(con, "analysis", table, analysis.get(table.name))
            _comment(con, "TABLE", f"analysis.{table.name}", table)
            counts[f"analysis.{table.name}"] = rows
        con.execute(
            "CREATE TABLE meta.build (build_id VARCHAR, built_at TIMESTAMPTZ, "
            "inputs_sha256 VARCHAR, row_counts JSON)"
        )
        con.execute(
            "INSERT INTO meta.build VALUES ($build_id, $built_at, $inputs_sha256, $row_counts)",
            info.as_row(counts),
        )
        con.execute(
            "COMMENT ON TABLE meta.build IS 'When and from which inputs this warehouse was built.'"
        )
        con.execute("CHECKPOINT")
        return counts
    finally:
        con.close()


def connect_readonly(path: Path) -> duckdb.DuckDBPyConnection:
    """A connection for analysts' queries: read-only, and no access to other files (no COPY TO,
    no ATTACH, no reading arbitrary paths)."""
    if not path.is_file():
        raise WarehouseError(f"no warehouse at {path}; run `procstats build` first")
    try:
        return duckdb.connect(
            str(path),
            read_only=True,
            config={"enable_external_access": False, "lock_configuration": True},
        )
    except duckdb.Error as exc:
        raise WarehouseError(f"cannot open {path}: {str(exc).splitlines()[0]}") from exc
