"""The coverage grid and its gap register (raw/gaps.yaml): every empty cell of China's core grid,
computed here from the built warehouse, has a researched entry and no entry sits on a filled cell;
mart.coverage and mart.gaps say so cell by cell; a figure found for a gap warns until its entry goes;
a malformed register stops the build with one line; the report lists every entry."""

from __future__ import annotations

import json
import re

import duckdb
import pandas as pd
import pytest
import yaml

from pipelines.analyse.coverage import coverage_frame, load_register
from pipelines.common.errors import ProcstatsError
from tests.conftest import REPO, make_project, run_cli

REGISTER = yaml.safe_load((REPO / "raw" / "gaps.yaml").read_text(encoding="utf-8"))


def _grid() -> set[tuple[str, int]]:
    g = REGISTER["grid"]
    return {(m, y) for m in g["metrics"] for y in range(g["first_year"], g["last_year"] + 1)}


def _entry_cells() -> dict[tuple[str, int], str]:
    return {(m, y): e["id"] for e in REGISTER["gaps"] for m in e["metrics"] for y in e["years"]}


def _filled(db) -> set[tuple[str, int]]:
    """Cells of the grid holding a printed or derived value that no correction excludes."""
    g = REGISTER["grid"]
    con = duckdb.connect(str(db), read_only=True)
    try:
        excluded = {
            i
            for (ids,) in con.execute(
                "SELECT obs_ids FROM mart.corrections WHERE action = 'exclude'"
            ).fetchall()
            for i in ids
        }
        rows = con.execute(
            "SELECT metric, year, obs_id FROM mart.observations WHERE country = ? AND "
            "jurisdiction = ? AND period = ? AND scope = ? AND value IS NOT NULL",
            [g["country"], g["jurisdiction"], g["period"], g["scope"]],
        ).fetchall()
    finally:
        con.close()
    return {(m, y) for m, y, obs in rows if obs not in excluded} & _grid()


def test_every_gap_cell_has_an_entry_and_no_entry_covers_a_filled_cell(built):
    filled = _filled(built.warehouse_db)
    entries = _entry_cells()
    gaps = _grid() - filled
    assert sorted(gaps - set(entries)) == []  # an empty cell nobody explained
    assert sorted(set(entries) & filled) == []  # a gap entry on a cell that holds a value
    assert set(entries) == gaps
    assert (len(_grid()), len(filled), len(gaps)) == (130, 58, 72)


def test_every_entry_names_searches_and_documents_that_exist():
    searches = {s["id"]: s for s in REGISTER["searches"]}
    sources = {
        r["source_id"]
        for f in (REPO / "raw" / "sources").glob("*.yaml")
        for r in yaml.safe_load(f.read_text(encoding="utf-8"))
    }
    for entry in REGISTER["gaps"]:
        assert entry["searches"] and set(entry["searches"]) <= set(searches), entry["id"]
        assert set(entry.get("sources", [])) <= sources, entry["id"]
    assert all(s["query"] and s["where"] and s["outcome"] for s in searches.values())
    assert len(searches) == 114 and {s["date"] for s in searches.values()} == {"2026-12-01"}


def test_mart_coverage_and_gaps_say_what_stands_in_each_cell(built):
    con = duckdb.connect(str(built.warehouse_db), read_only=True)
    try:
        coverage = con.execute("SELECT * FROM mart.coverage").df().set_index(["metric", "year"])
        gaps = con.execute("SELECT * FROM mart.gaps").df().set_index(["metric", "year"])
        undocumented = con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = 'mart' "
            "AND table_name IN ('coverage', 'gaps') AND (comment IS NULL OR comment = '')"
        ).fetchall()
    finally:
        con.close()
    assert undocumented == []
    assert len(coverage) == 130 and len(gaps) == 72
    assert coverage["status"].value_counts().to_dict() == {
        "gap": 72,
        "printed": 45,
        "bound only": 8,
        "derived only": 5,
    }
    # 2018's totals are printed only as "more than" / "nearly"; 2020's non-arrest rate is implied
    # by the 2021 rate and its printed change; 2019's only detention rate is excluded.
    assert coverage.loc[("arrests_approved", 2018), "status"] == "bound only"
    assert coverage.loc[("non_arrest_rate", 2020), ["status", "n_printed"]].tolist() == [
        "derived only",
        0,
    ]
    cell = coverage.loc[("pretrial_detention_rate", 2019)]
    assert (cell["status"], cell["n_excluded"], cell["gap_id"]) == ("gap", 1, "cn-detention-2019")
    assert pd.isna(coverage.loc[("prosecuted", 2025), "gap_id"])
    plea = gaps.loc[("plea_leniency_rate", 2016)]
    assert (plea["gap_id"], plea["status"], plea["cell_status"]) == (
        "cn-plea-before-2019",
        "not_applicable",
        "gap",
    )
    assert gaps.loc[("pretrial_detention_rate", 2024), "status"] == "excluded_only"
    searched = json.loads(gaps.loc[("arrests_approved", 2014), "searches"])
    assert len(searched) == gaps.loc[("arrests_approved", 2014), "n_searches"] == 42
    assert set(searched[0]) == {"id", "query", "where", "date", "outcome"}
    assert "cn-spp-wr-2015" in list(gaps.loc[("arrests_approved", 2014), "source_ids"])
    assert (gaps["cell_status"] == "gap").all()


def test_a_derived_interval_without_a_point_value_fills_its_cell():
    """A total from parts under two readings is an interval with no single value; it is a value
    with a source all the same, so its cell is not a gap."""
    register = load_register(REPO / "raw")
    row = {
        "country": "CN",
        "jurisdiction": "national",
        "period": "FY",
        "scope": "all",
        "metric": "not_prosecuted",
        "year": 2023,
        "value": None,
        "low": 551_000.0,
        "high": 584_121.0,
        "qualifier": None,
        "is_derived": True,
        "obs_id": "o-test-interval",
    }
    change_only = {
        **row,
        "metric": "non_arrest_rate",
        "is_derived": False,
        "low": None,
        "high": None,
    }
    coverage = coverage_frame(register, pd.DataFrame([row, change_only]), set()).set_index(
        ["metric", "year"]
    )
    assert coverage.loc[("not_prosecuted", 2023), "status"] == "derived only"
    assert coverage.loc[("non_arrest_rate", 2023), "status"] == "gap"


def test_a_figure_found_for_a_gap_warns_until_its_entry_goes(project):
    """Moving the 2015 arrest total to 2016 fills a researched gap and empties a filled cell: the
    build still publishes, the check names both cells, and mart.gaps shows the entry is stale."""
    path = project.raw / "transcriptions" / "china.csv"
    text = path.read_text(encoding="utf-8")
    old = "CN,national,2015,FY,arrests_approved,all,"
    assert text.count(old) == 1
    path.write_text(text.replace(old, "CN,national,2016,FY,arrests_approved,all,"), "utf-8")
    result = run_cli(project, "build")
    assert result.returncode == 0, result.stderr
    assert "! check gap_register_matches_grid warning: problems 2, gap cells 72" in result.stderr
    con = duckdb.connect(str(project.warehouse_db), read_only=True)
    try:
        stale = con.execute(
            "SELECT gap_id, cell_status FROM mart.gaps WHERE metric = 'arrests_approved' "
            "AND year = 2016"
        ).fetchone()
        empty = con.execute(
            "SELECT status, gap_id FROM mart.coverage WHERE metric = 'arrests_approved' "
            "AND year = 2015"
        ).fetchone()
    finally:
        con.close()
    assert stale == ("cn-totals-2016", "printed")
    assert empty == ("gap", None)
    page = project.report_html.read_text(encoding="utf-8")
    assert "filled since: Persons whose arrest was approved or decided" in page


def _write(tmp_path, edit) -> None:
    data = yaml.safe_load((REPO / "raw" / "gaps.yaml").read_text(encoding="utf-8"))
    edit(data)
    (tmp_path / "gaps.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")


def _duplicate_cell(data) -> None:
    """A second entry on the first entry's first cell."""
    first = data["gaps"][0]
    data["gaps"].append(
        {**first, "id": "dup", "metrics": first["metrics"][:1], "years": first["years"][:1]}
    )


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda d: d["gaps"][0].update(status="lost"),
            "gaps.yaml: gaps.0.status: 'lost' is not one of",
        ),
        (
            lambda d: d["gaps"][0].update(searches=["p9-99"]),
            "gaps.yaml: cn-totals-2014: search 'p9-99' is not in searches",
        ),
        (
            lambda d: d["gaps"][0].update(years=[2030]),
            "gaps.yaml: cn-totals-2014: year 2030 is outside the grid",
        ),
        (
            lambda d: d["gaps"][0].update(metrics=["arrests"]),
            "gaps.yaml: cn-totals-2014: metric 'arrests' is not in the grid",
        ),
        (
            lambda d: d["gaps"][0].pop("reason"),
            "gaps.yaml: gaps.0: 'reason' is a required property",
        ),
        (
            _duplicate_cell,
            "gaps.yaml: dup: arrests_approved 2014 is also covered by cn-totals-2014",
        ),
        (
            lambda d: d["searches"].append(dict(d["searches"][0])),
            "gaps.yaml: search id 'p1-01' is used twice",
        ),
    ],
)
def test_a_malformed_register_is_refused_with_what_and_where(tmp_path, edit, message):
    _write(tmp_path, edit)
    with pytest.raises(ProcstatsError) as caught:
        load_register(tmp_path)
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_an_unquoted_date_and_a_missing_register_are_accepted(tmp_path):
    (tmp_path / "gaps.yaml").write_text(
        (REPO / "raw" / "gaps.yaml")
        .read_text(encoding="utf-8")
        .replace("date: '2026-12-01'", "date: 2026-12-01"),
        "utf-8",
    )
    register = load_register(tmp_path)
    assert register.searches["p2-43"].date == "2026-12-01"
    assert load_register(tmp_path / "elsewhere") is None


def test_a_register_citing_an_unknown_document_stops_the_build(tmp_path):
    project = make_project(tmp_path / "project")
    path = project.raw / "gaps.yaml"
    text = path.read_text(encoding="utf-8")
    assert "sources: [cn-spp-wr-2015, cn-wr2015-peopledaily-en-evidence]" in text
    path.write_text(
        text.replace("sources: [cn-spp-wr-2015, ", "sources: [cn-spp-wr-2015-nowhere, ", 1), "utf-8"
    )
    result = run_cli(project, "build")
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert re.match(
        r"error: build failed at gap_register: .*gaps\.yaml: cn-totals-2014: source "
        r"'cn-spp-wr-2015-nowhere' is not in the registry",
        last,
    ), last
    assert not project.warehouse_db.exists()


def test_the_report_lists_every_register_entry(built):
    page = built.report_html.read_text(encoding="utf-8")
    section = page[page.index('id="gap-register"') :]
    section = section[: section.index("</section>")]
    assert "Of the 130 cells of the core grid (10 metrics × 2013–2025" in section
    assert (
        "58 hold a value: 45 a printed" in section and "The other 72 are researched gaps" in section
    )
    ids = re.findall(r'<tr id="gap-([a-z0-9-]+)">', section)
    assert sorted(ids) == sorted(e["id"] for e in REGISTER["gaps"])
    assert "filled since" not in section
