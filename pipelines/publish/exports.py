"""Exports for analysts who do not use DuckDB: Parquet and CSV of every `mart` view and `analysis`
table, described by a Frictionless Data Package (datapackage.json: schema, units, licences, sources).

Files are written from a finished warehouse file to temporary names; warehouse.publish renames them
into place together with the database, so the exports always describe the same build.
CSV conventions: UTF-8, header row, empty cell = NULL, lists as JSON arrays, booleans true/false.

Touches: reads a finished warehouse file; writes export files under temporary names in warehouse/.
Imports: publish."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.publish.schema import ANALYSIS_TABLES, MART_VIEWS, Column, View

COMPILATION_LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "procstats compilation, metadata and derived values: Creative Commons Attribution 4.0",
}
# Frictionless field types for the warehouse's SQL types.
_FIELD_TYPES = {
    "VARCHAR": "string",
    "DOUBLE": "number",
    "INTEGER": "integer",
    "BOOLEAN": "boolean",
    "DATE": "date",
    "VARCHAR[]": "array",
}
_PERCENT = "percent (25.5 means 25.5%)"
# Units of numeric fields, by export; elsewhere a unit is in the row (observations.unit) or none.
_FIELD_UNITS = {
    "observations": dict.fromkeys(("value", "low", "high"), "given by the row's unit column"),
    "claims": dict.fromkeys(
        ("claimed_value", "recomputed_value", "recomputed_low", "recomputed_high"),
        "given by the row's unit column",
    ),
    "comparisons": dict.fromkeys(("value", "low", "high"), _PERCENT),
    "analysis_inputs": dict.fromkeys(("value", "low", "high"), _PERCENT),
    "analysis_forecasts": dict.fromkeys(
        ("mean", "mean_ci_low", "mean_ci_high", "pi_low", "pi_high"), _PERCENT
    ),
    "analysis_parameters": dict.fromkeys(
        ("estimate", "std_error", "ci_low", "ci_high"), "given by the row's meaning column"
    ),
}


@dataclass(frozen=True)
class Export:
    schema: str  # mart or analysis
    view: View

    @property
    def name(self) -> str:
        """File stem: mart views keep their name (the contract's Parquet files), analysis tables
        are prefixed."""
        return self.view.name if self.schema == "mart" else f"analysis_{self.view.name}"

    @property
    def relation(self) -> str:
        return f"{self.schema}.{self.view.name}"

    @property
    def count_key(self) -> str:
        """Its key in the build's row counts (meta.build.row_counts)."""
        return self.view.name if self.schema == "mart" else self.relation


EXPORTS: tuple[Export, ...] = tuple(Export("mart", v) for v in MART_VIEWS) + tuple(
    Export("analysis", t) for t in ANALYSIS_TABLES
)


def export_files(
    db: Path, directory: Path, stem: str, build_id: str, counts: dict[str, int]
) -> list[tuple[Path, Path]]:
    """Write every export to `directory/<stem><file>`; returns (temporary, final) pairs.
    `counts` are the row counts the database was written with (by Export.count_key)."""
    pairs: list[tuple[Path, Path]] = []
    con = duckdb.connect(str(db), read_only=True)
    try:
        for export in EXPORTS:
            parquet = directory / f"{stem}{export.name}.parquet"
            con.execute(
                f"COPY (SELECT * FROM {export.relation}) TO '{parquet}' "
                f"(FORMAT parquet, KV_METADATA {{build_id: '{build_id}'}})"
            )
            pairs.append((parquet, directory / f"{export.name}.parquet"))
            csv = directory / f"{stem}{export.name}.csv"
            con.execute(
                f"COPY (SELECT {_csv_columns(export.view)} FROM {export.relation}) TO '{csv}' (FORMAT csv, HEADER)"
            )
            pairs.append((csv, directory / f"{export.name}.csv"))
        package = directory / f"{stem}datapackage.json"
        sources = con.execute(
            "SELECT DISTINCT s.source_id, s.title, s.url FROM mart.sources s "
            "JOIN mart.observations o USING (source_id) ORDER BY s.source_id"
        ).fetchall()
    finally:
        con.close()
    package.write_text(
        json.dumps(datapackage(build_id, sources, counts), ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
    pairs.append((package, directory / "datapackage.json"))
    return pairs


def _csv_columns(view: View) -> str:
    return ", ".join(
        f'to_json("{c.name}")::VARCHAR AS "{c.name}"'
        if c.sql_type.endswith("[]")
        else f'"{c.name}"'
        for c in view.columns
    )


def datapackage(build_id: str, sources: list[tuple], counts: dict[str, int]) -> dict:
    """The Data Package descriptor: one CSV resource per export, the Parquet twin named beside it."""
    return {
        "profile": "tabular-data-package",
        "name": "procstats",
        "title": "procstats: published prosecution statistics (China, Japan, Germany, US)",
        "description": (
            "Figures printed in prosecution services' documents, each with its source and the "
            "interval its printing allows; values procstats computed are marked is_derived. "
            "Each resource is one view of warehouse/procstats.duckdb; the same rows are in the "
            "Parquet file named in its 'parquet' property."
        ),
        "version": build_id,
        "licenses": [COMPILATION_LICENSE],
        "sources": [
            {"title": f"{title} [{source_id}]", **({"path": url} if url else {})}
            for source_id, title, url in sources
        ],
        "resources": [_resource(e, counts[e.count_key]) for e in EXPORTS],
    }


def _resource(export: Export, rows: int) -> dict:
    description = export.view.comment
    if export.schema == "mart" and export.view.name in ("observations", "sources"):
        description += " Each source's own licence or legal basis is in mart.sources.license."
    return {
        "name": export.name.replace("_", "-"),
        "path": f"{export.name}.csv",
        "parquet": f"{export.name}.parquet",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "title": export.relation,
        "description": description,
        "rows": rows,
        "dialect": {"delimiter": ",", "header": True},
        "schema": {
            "fields": [_field(c, _FIELD_UNITS.get(export.name, {})) for c in export.view.columns],
            "missingValues": [""],
        },
    }


def _field(column: Column, units: dict[str, str]) -> dict:
    field = {
        "name": column.name,
        "type": _FIELD_TYPES[column.sql_type],
        "description": column.comment,
    }
    if column.name in units:
        field["unit"] = units[column.name]
    return field
