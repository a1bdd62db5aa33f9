"""The command line, run as a user runs it: readable output, one-line errors, nothing damaged."""

import csv
import io
import json

from tests.conftest import run_cli

CONTRACT_QUERY = (
    "select year, value, printed, source_id from mart.observations where country='CN' "
    "and metric='non_prosecution_rate' and period='FY' order by year"
)


def _one_line_error(result, status=2, after_progress=False):
    """The error is one line; a build may print progress lines (✓/✗ per step) before it."""
    assert result.returncode == status, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    if after_progress:
        assert all(line[0] in "✓✗–!" for line in lines[:-1]), result.stderr
        lines = lines[-1:]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def test_query_prints_a_table_with_sources(built):
    result = run_cli(built, "query", CONTRACT_QUERY)
    assert result.returncode == 0, result.stderr
    assert "cn-cdr-2019-fy-tellerreport" in result.stdout and "9.5%" in result.stdout
    assert result.stdout.rstrip().endswith("20 rows")


def test_query_as_csv_and_json(built):
    sql = (
        "select year, value, printed from mart.observations where source_id = "
        "'cn-cdr-2019-fy-tellerreport' and metric in ('prosecuted', 'not_prosecuted') order by value"
    )
    rows = list(csv.DictReader(io.StringIO(run_cli(built, "query", sql, "--format", "csv").stdout)))
    assert rows == [
        {"year": "2019", "value": "190258", "printed": "190258"},
        {"year": "2019", "value": "1818808", "printed": "1818808"},
    ]
    records = json.loads(run_cli(built, "query", sql, "--format", "json").stdout)
    assert records[1] == {"year": 2019, "value": 1818808, "printed": "1818808"}


def test_malformed_sql_is_one_line(built):
    line = _one_line_error(run_cli(built, "query", "selec year from mart.observations"))
    assert "syntax error" in line


def test_writes_are_refused_and_change_nothing(built):
    before = built.warehouse_db.read_bytes()
    line = _one_line_error(run_cli(built, "query", "delete from core.observations"))
    assert "read-only" in line
    _one_line_error(run_cli(built, "query", "copy mart.sources to '/tmp/procstats-leak.csv'"))
    assert built.warehouse_db.read_bytes() == before


def test_unknown_format_and_option_are_one_line(built):
    _one_line_error(run_cli(built, "query", "select 1", "--format", "xml"))
    _one_line_error(run_cli(built, "build", "--no-such-option"))


def test_query_without_a_warehouse(project):
    line = _one_line_error(run_cli(project, "query", "select 1"))
    assert "no warehouse at" in line and "procstats build" in line


def test_report_rebuilds_from_the_warehouse(built):
    result = run_cli(built, "report")
    assert result.returncode == 0, result.stderr
    assert "8 charts; 16 PNG/SVG files" in result.stdout

    html = built.report_html.read_text(encoding="utf-8")
    assert html.count("<script") == 2 and "cdn.jsdelivr" not in html.split("</head>")[1]
    assert 'id="src-cn-cdr-2019-fy-tellerreport"' in html
    # the reconciliation section: every claim with its verdict, the conflicts and corrections
    assert html.count('<tr id="claim-') == 26 and 'id="chart-claims"' in html
    claim = html.split('<tr id="claim-cn-2023-dnpr">')[1].split("</tr>")[0]
    assert 'class="verdict verdict-unverifiable"' in claim and "21.76%" in claim
    assert "uses 1710864 (jp-moj-prosecution-cube-era) (preferred by a correction:" in html
    assert "<code>cn-2020-h1-prosecuted-garbled</code>" in html


def test_a_bad_transcription_fails_the_build_and_keeps_the_last_warehouse(project):
    assert run_cli(project, "build").returncode == 0
    before = project.warehouse_db.read_bytes()
    path = project.raw / "transcriptions" / "china.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",168.8万人,1688000,", ",168.8万人,1698000,", 1), encoding="utf-8")
    result = run_cli(project, "build")
    line = _one_line_error(result, status=1, after_progress=True)
    assert "transcribed_figures" in line and "value 1698000 disagrees with the printed form" in line
    assert project.warehouse_db.read_bytes() == before


def test_a_selection_matching_nothing_is_refused(project):
    line = _one_line_error(run_cli(project, "build", "--select", "key:no_such_asset"))
    assert "matches no asset; assets are: analysis, claims, comparisons, conflicts," in line

    assert not project.warehouse_db.exists()
