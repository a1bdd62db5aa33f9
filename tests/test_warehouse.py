"""The warehouse: figures round-trip with their sources, every view is documented, and builds are
swapped in atomically (a reader keeps the old file; a failed build leaves the old one)."""

import subprocess
import sys
import textwrap

import duckdb
import pandas as pd
import pytest

from pipelines.common.errors import WarehouseError
from pipelines.normalise.catalogue import load_catalogue
from pipelines.publish.schema import MART_VIEWS
from pipelines.publish.warehouse import BuildInfo, build_lock, connect_readonly, publish
from pipelines.snapshot.registry import load_registry


def _one(con, sql, *params):
    return con.execute(sql, list(params)).fetchone()


@pytest.mark.parametrize(
    ("country", "metric", "scope", "year", "source", "printed", "value", "low", "high"),
    [
        (
            "CN",
            "prosecuted",
            "all",
            2019,
            "cn-cdr-2019-fy-tellerreport",
            "1818808",
            1_818_808,
            1_818_808,
            1_818_808,
        ),
        (
            "CN",
            "arrests_approved",
            "all",
            2023,
            "cn-wr2024-abstract",
            "72.6万人",
            726_000,
            725_500,
            726_500,
        ),
        (
            "JP",
            "suspension_of_prosecution_rate",
            "penal code offences",
            2015,
            "jp-moj-prosecution-cube-era",
            "0.5038",
            50.38,
            50.375,
            50.385,
        ),
        (
            "DE",
            "conditional_dismissal_share",
            "all",
            2021,
            "de-destatis-2022-release-finanznachrichten",
            "3,1 %",
            3.1,
            3.05,
            3.15,
        ),
        (
            "US",
            "guilty_plea_share_of_convictions",
            "all",
            2013,
            "us-ussc-overview-fy2013",
            "96.9 percent",
            96.9,
            96.85,
            96.95,
        ),
    ],
)
def test_a_figure_from_each_country_round_trips(
    built, country, metric, scope, year, source, printed, value, low, high
):
    con = connect_readonly(built.warehouse_db)
    row = _one(
        con,
        "SELECT o.printed, o.value, o.low, o.high, o.is_derived, s.producer "
        "FROM mart.observations o JOIN mart.sources s USING (source_id) "
        "WHERE o.country = ? AND o.metric = ? AND o.scope = ? AND o.year = ? AND o.source_id = ?",
        country,
        metric,
        scope,
        year,
        source,
    )
    con.close()
    assert row[:5] == (
        printed,
        pytest.approx(value),
        pytest.approx(low),
        pytest.approx(high),
        False,
    )
    assert row[5]  # the source is registered, with its producer


def test_contract_query_lists_2016_to_2025_with_computed_rows_flagged(built):
    con = connect_readonly(built.warehouse_db)
    rows = con.execute(
        "select year, value, printed, source_id, is_derived from mart.observations "
        "where country='CN' and metric='non_prosecution_rate' and period='FY' "
        "and scope='all' order by year, source_id"
    ).fetchall()
    con.close()
    years = sorted({r[0] for r in rows})
    assert years == [
        2016,
        2017,
        2018,
        2019,
        2020,
        2021,
        2022,
        2024,
        2025,
    ]  # 2023: no full-year rate found
    # rates procstats computes from the printed counts, beside the printed rate where there is one
    computed = {(r[0], round(r[1], 2)) for r in rows if r[4]}
    assert computed == {(2019, 9.47), (2020, 13.68), (2021, 16.6), (2024, 19.77), (2025, 19.82)}
    assert all(r[2] is None for r in rows if r[4])  # computed values have no printed form

    assert (2019, 9.5, "9.5%", "cn-cdr-2019-fy-tellerreport", False) in rows


def test_every_view_and_column_is_commented(built):
    con = connect_readonly(built.warehouse_db)
    views = dict(
        con.execute(
            "SELECT view_name, comment FROM duckdb_views() WHERE schema_name = 'mart'"
        ).fetchall()
    )
    uncommented = con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() "
        "WHERE schema_name = 'mart' AND (comment IS NULL OR comment = '')"
    ).fetchall()
    counts = {v.name: _one(con, f"SELECT count(*) FROM mart.{v.name}")[0] for v in MART_VIEWS}
    con.close()
    assert set(views) == {
        "sources",
        "metrics",
        "observations",
        "claims",
        "conflicts",
        "comparisons",
        "consistency",
        "corrections",
        "quarantine",
        "coverage",
        "gaps",
    }
    assert all(views.values()) and uncommented == []
    assert counts == {
        "sources": 186,
        "metrics": 80,
        "observations": 1854,  # 1495 printed + 359 derived
        "claims": 26,
        "conflicts": 2,
        "comparisons": 354,  # 153 published + 171 derived + 23 gaps + 7 'no series'
        "consistency": 458,
        "corrections": 7,
        "quarantine": 0,  # every committed document reads
        "coverage": 130,  # 10 core metrics x 2013-2025
        "gaps": 72,  # every empty cell of that grid
    }


def test_every_analysis_table_and_column_is_commented(built):
    con = connect_readonly(built.warehouse_db)
    tables = dict(
        con.execute(
            "SELECT table_name, comment FROM duckdb_tables() WHERE schema_name = 'analysis'"
        ).fetchall()
    )
    uncommented = con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() "
        "WHERE schema_name = 'analysis' AND (comment IS NULL OR comment = '')"
    ).fetchall()
    counts = {t: _one(con, f"SELECT count(*) FROM analysis.{t}")[0] for t in tables}
    con.close()
    assert all(tables.values()) and uncommented == []
    assert counts == {
        "inputs": 337,
        "models": 32,
        "parameters": 38,
        "forecasts": 21,  # 7 series x 3 years
        "diagnostics": 48,  # 16 fitted models x 3 tests
    }


def test_parquet_exports_match_the_views(built):
    con = duckdb.connect()
    n = _one(
        con, f"SELECT count(*) FROM read_parquet('{built.warehouse_dir}/observations.parquet')"
    )[0]
    value = _one(
        con,
        f"SELECT value FROM read_parquet('{built.warehouse_dir}/observations.parquet') "
        "WHERE source_id = 'cn-cdr-2019-fy-tellerreport' AND metric = 'not_prosecuted'",
    )[0]
    con.close()
    assert (n, value) == (1854, 190_258)


def _tables():
    from tests.conftest import REPO

    return {"sources": load_registry(REPO / "raw"), "metrics": load_catalogue()}


def _build_id(path):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return _one(con, "SELECT build_id FROM meta.build")[0]
    finally:
        con.close()


def test_a_reader_holding_the_old_file_neither_blocks_nor_sees_the_swap(project):
    publish(project, _tables(), BuildInfo("old", "2026-01-01T00:00:00Z", "a"))
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import duckdb, sys
            con = duckdb.connect({str(project.warehouse_db)!r}, read_only=True)
            print(con.execute("select build_id from meta.build").fetchone()[0], flush=True)
            sys.stdin.readline()
            print(con.execute("select build_id from meta.build").fetchone()[0], flush=True)
        """),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert reader.stdout.readline().strip() == "old"
    publish(
        project, _tables(), BuildInfo("new", "2026-01-02T00:00:00Z", "b")
    )  # while the reader holds it
    out, _ = reader.communicate("go\n", timeout=30)
    assert out.strip() == "old"
    assert _build_id(project.warehouse_db) == "new"


def test_a_build_failing_midway_leaves_the_previous_warehouse(project):
    publish(project, _tables(), BuildInfo("good", "2026-01-01T00:00:00Z", "a"))
    before = {p.name: p.read_bytes() for p in project.warehouse_dir.glob("[!.]*")}
    assert len(before) == 1 + 16 * 2 + 1  # database, Parquet and CSV per export, datapackage
    broken = _tables() | {"observations": pd.DataFrame({"country": ["CN"]})}  # columns missing
    with pytest.raises(WarehouseError, match="observations: the data lacks columns"):
        publish(project, broken, BuildInfo("bad", "2026-01-02T00:00:00Z", "b"))
    assert _build_id(project.warehouse_db) == "good"
    after = {p.name: p.read_bytes() for p in project.warehouse_dir.glob("[!.]*")}
    assert after == before

    assert list(project.warehouse_dir.glob(".build-*")) == []


def test_one_build_at_a_time(project):
    with build_lock(project.warehouse_dir), pytest.raises(WarehouseError, match="another build"):
        publish(project, _tables(), BuildInfo("second", "2026-01-01T00:00:00Z", "a"))


def test_leftovers_of_a_killed_build_are_removed(project):
    project.warehouse_dir.mkdir()
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    leftover = project.warehouse_dir / f".build-{dead}-procstats.duckdb"
    leftover.write_bytes(b"half a database")
    publish(project, _tables(), BuildInfo("next", "2026-01-01T00:00:00Z", "a"))
    assert not leftover.exists()
    assert _build_id(project.warehouse_db) == "next"


def test_queries_cannot_write_or_reach_other_files(built, tmp_path):
    con = connect_readonly(built.warehouse_db)
    with pytest.raises(duckdb.Error, match="read-only"):
        con.execute("DELETE FROM core.observations")
    with pytest.raises(duckdb.Error, match="disabled by configuration"):
        con.execute(f"COPY mart.sources TO '{tmp_path / 'out.csv'}'")
    with pytest.raises(duckdb.Error, match="disabled by configuration"):
        con.execute(f"ATTACH '{tmp_path / 'other.duckdb'}'")
    con.close()
    assert not (tmp_path / "out.csv").exists()
