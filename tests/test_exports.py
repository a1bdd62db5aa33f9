"""The analysts' exports: CSV and Parquet of every mart view and analysis table, and a Frictionless
Data Package that validates against them."""

from __future__ import annotations

import csv
import json

import duckdb
from frictionless import validate

from pipelines.publish.exports import EXPORTS
from pipelines.publish.warehouse import connect_readonly


def test_the_data_package_validates_against_every_csv(built):
    report = validate(str(built.warehouse_dir / "datapackage.json"))
    assert report.valid, [e.message for t in report.tasks for e in t.errors][:5]
    rows = {t.name: t.stats.get("rows", 0) for t in report.tasks}  # no rows: no "rows" stat
    assert rows["observations"] == 1854 and rows["comparisons"] == 354
    assert rows["analysis-parameters"] == 38 and len(rows) == len(EXPORTS) == 16
    assert rows["quarantine"] == 0


def test_the_descriptor_names_licences_sources_units_and_descriptions(built):
    package = json.loads((built.warehouse_dir / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert len(package["sources"]) == 136  # every document with a figure in mart.observations
    assert any("cn-cdr-2019-fy-tellerreport" in s["title"] for s in package["sources"])
    comparisons = next(r for r in package["resources"] if r["name"] == "comparisons")
    fields = {f["name"]: f for f in comparisons["schema"]["fields"]}
    assert fields["value"]["unit"].startswith("percent") and fields["year"]["type"] == "integer"
    assert all(f["description"] for r in package["resources"] for f in r["schema"]["fields"])
    assert comparisons["parquet"] == "comparisons.parquet"


def test_csv_and_parquet_hold_the_same_rows_as_the_warehouse(built):
    con = connect_readonly(built.warehouse_db)
    in_db = con.execute(
        "SELECT value, status FROM mart.comparisons WHERE series_id = 'cn-npr' AND year = 2019"
    ).fetchone()
    evidence = con.execute(
        "SELECT evidence_obs_ids FROM mart.claims WHERE claim_id = 'us-plea-90'"
    ).fetchone()[0]
    con.close()
    with (built.warehouse_dir / "comparisons.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    row = next(r for r in rows if r["series_id"] == "cn-npr" and r["year"] == "2019")
    assert (float(row["value"]), row["status"]) == in_db == (9.5, "published")
    gap = next(r for r in rows if r["series_id"] == "cn-npr" and r["year"] == "2023")
    assert gap["value"] == "" and gap["status"] == "gap"  # NULL is an empty cell
    with (built.warehouse_dir / "claims.csv").open(encoding="utf-8", newline="") as f:
        claim = next(r for r in csv.DictReader(f) if r["claim_id"] == "us-plea-90")
    assert json.loads(claim["evidence_obs_ids"]) == list(evidence)  # lists are JSON arrays
    n = (
        duckdb.connect()
        .execute(
            f"SELECT count(*) FROM read_parquet('{built.warehouse_dir}/analysis_forecasts.parquet')"
        )
        .fetchone()[0]
    )
    assert (len(rows), n) == (354, 21)
