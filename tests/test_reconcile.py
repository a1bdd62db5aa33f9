"""Reconciliation: interval arithmetic on real figures, derived rows, consistency checks, conflicts
and corrections, and the verdict on every kind of claim."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from pipelines.common.errors import ProcstatsError
from pipelines.extract.numbers import parse_quantity
from pipelines.normalise.intervals import Interval, bounds, ratio_of_sum
from pipelines.normalise.tables import OBSERVATIONS
from pipelines.publish.warehouse import connect_readonly
from pipelines.reconcile.claims import Evidence, judge_claims, load_claims
from pipelines.reconcile.consistency import check_consistency
from pipelines.reconcile.corrections import corrections_frame, load_corrections
from pipelines.reconcile.derive import derive
from pipelines.reconcile.resolve import resolve
from tests.committed import committed
from tests.conftest import REPO, run_cli

# ------------------------------------------------------------------ helpers


def figure(
    metric: str,
    printed: str,
    *,
    year: int = 2019,
    source_id: str = "s-release",
    period: str = "FY",
    scope: str = "all",
    country: str = "CN",
    **extra,
) -> dict:
    """One printed observation, its value and interval read from `printed` as the pipeline does."""
    q = parse_quantity(printed)
    unit = "pct" if q.unit == "pct" else "persons"
    row = {c: None for c in OBSERVATIONS.column_names}
    row.update(
        country=country,
        jurisdiction="national",
        year=year,
        period=period,
        metric=metric,
        scope=scope,
        value=q.value,
        low=q.low,
        high=q.high,
        unit=unit,
        qualifier=q.qualifier,
        printed=printed,
        source_id=source_id,
        locator="test",
        is_derived=False,
        obs_id=f"o-{metric}-{year}-{period}-{source_id}-{printed}",
    )
    row.update(extra)
    return row


def frame(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=OBSERVATIONS.column_names)


SOURCES = pd.DataFrame(
    [
        ("s-release", "case_data_release", "primary"),
        ("s-report", "work_report", "mirror"),
        ("s-news", "work_report", "report"),
        ("s-paper", "academic", "primary"),
        ("s-other-release", "case_data_release", "primary"),
    ],
    columns=["source_id", "kind", "access"],
)


def evidence() -> Evidence:
    sources, _, _, resolved, _, derived, excluded = committed()
    return Evidence(resolved=resolved, derived=derived, excluded=excluded, sources=sources)


# ------------------------------------------------------------------ interval arithmetic


def test_2019_rate_from_counts_is_consistent_with_the_printed_9_5_percent():
    """190 258 / (1 818 808 + 190 258) = 9.47%, inside the [9.45, 9.55] that 9.5% allows."""
    rows = frame(
        figure("prosecuted", "1818808人"),
        figure("not_prosecuted", "190258人"),
        figure("non_prosecution_rate", "9.5%"),
    )
    derived = derive(rows)
    rate = derived[derived["metric"] == "non_prosecution_rate"].iloc[0]
    assert round(rate["value"], 4) == 9.4700
    assert rate["low"] == rate["high"] == rate["value"]  # exact counts, exact rate
    assert bool(rate["is_derived"]) and rate["printed"] is None and rate["qualifier"] is None
    assert rate["method"].startswith(
        "procstats: non_prosecution_rate = not_prosecuted / (prosecuted + not_prosecuted); inputs: "
        "not_prosecuted 190258人 (o-not_prosecuted-2019-FY-s-release-190258人, s-release)"
    )
    findings = check_consistency(rows, derived)
    assert findings[["check_name", "verdict"]].values.tolist() == [
        ["printed rate vs its counts", "consistent"]
    ]


def test_rounded_counts_carry_their_interval_into_the_rate():
    """2024: 40.2万 / (163.1万 + 40.2万); each count is ±500, so the rate is [19.75, 19.80]."""
    rows = frame(
        figure("prosecuted", "163.1万人", year=2024),
        figure("not_prosecuted", "40.2万人", year=2024),
    )
    rate = derive(rows).iloc[0]
    assert (round(rate["low"], 3), round(rate["value"], 3), round(rate["high"], 3)) == (
        19.749,
        19.774,
        19.798,
    )
    low = 401_500 / (1_631_500 + 401_500) * 100
    high = 402_500 / (1_630_500 + 402_500) * 100
    assert math.isclose(rate["low"], low, abs_tol=1e-6)
    assert math.isclose(rate["high"], high, abs_tol=1e-6)


def test_168_8_wan_is_the_interval_1_687_500_to_1_688_500():
    q = parse_quantity("168.8万人")
    assert (q.value, q.low, q.high) == (1_688_000, 1_687_500, 1_688_500)


def test_interval_edges_touching_is_agreement_beyond_is_not():
    printed = Interval(9.45, 9.55)  # 9.5%
    assert printed.overlaps(Interval(9.55, 9.60))  # touching at the edge
    assert not printed.overlaps(Interval(9.5501, 9.60))
    assert Interval.of(90, None).overlaps(Interval(99, 99.5))  # 超过90% is unbounded above
    assert not Interval.of(None, 5).overlaps(Interval(5.01, 6))
    with pytest.raises(ValueError, match="empty interval"):
        Interval(2, 1)


def test_bounds_reaches_the_corners_of_the_box():
    found = bounds(ratio_of_sum, Interval(1, 2), Interval(8, 9))
    assert (round(found.low, 4), round(found.high, 4)) == (10.0, 20.0)  # 1/(1+9), 2/(2+8)


def test_a_one_sided_bound_cannot_bound_a_rate():
    rows = frame(
        figure("prosecuted", "1818808人"),
        figure("not_prosecuted", "19万余人"),  # [190 000, 200 000]: usable
    )
    assert len(derive(rows)) == 1
    rows = frame(figure("prosecuted", "1818808人"), figure("not_prosecuted", "超过19万人"))
    assert derive(rows).empty  # "more than" has no upper edge


# ------------------------------------------------------------------ consistency


def test_a_deliberately_inconsistent_rate_is_flagged_with_its_numbers():
    rows = frame(
        figure("prosecuted", "1818808人"),
        figure("not_prosecuted", "190258人"),
        figure("non_prosecution_rate", "9.9%"),
    )
    found = check_consistency(rows, derive(rows)).iloc[0]
    assert (found["check_name"], found["verdict"]) == ("printed rate vs its counts", "inconsistent")
    assert found["expected"] == "[9.47%, 9.47%]"
    assert "printed 9.9% allows [9.85%, 9.95%]" in found["explanation"]


def test_a_change_implies_last_year():
    """同比上升17.3% ⇒ last year in this year / [1.1735, 1.1725]; 增加1.8个百分点 ⇒ 1.8 points less."""
    rows = frame(
        figure(
            "prosecuted",
            "168.8万人",
            year=2023,
            change_pct=17.3,
            change_printed="上升17.3%",
            change_base="previous year",
        ),
        figure("prosecuted", "143.9万人", year=2022),
        figure(
            "non_prosecution_rate",
            "26.3%",
            year=2022,
            change_pp=1.8,
            change_printed="增加1.8个百分点",
            change_base="previous year",
        ),
        figure("non_prosecution_rate", "23.0%", year=2021),
    )
    found = check_consistency(rows, derive(rows)).set_index("metric")
    count = found.loc["prosecuted"]
    assert (count["year"], count["verdict"], count["expected"]) == (
        2022,
        "consistent",
        "[1,438,006, 1,440,085]",
    )
    rate = found.loc["non_prosecution_rate"]
    assert (rate["verdict"], rate["expected"]) == ("inconsistent", "[24.40%, 24.60%]")


def test_parts_over_the_total_and_partial_periods_beyond_the_year_are_flagged():
    rows = frame(
        figure("not_prosecuted", "5.0万人", year=2023),
        figure("discretionary_not_prosecuted", "4.98万人", year=2023),
        figure("conditional_not_prosecuted", "3.1万人", year=2023),
        figure("prosecuted", "71.3万人", year=2023, period="H1"),
        figure("prosecuted", "30.8万人", year=2023, period="Q1"),
        figure("prosecuted", "70.0万人", year=2023, period="Jan-Sep"),
    )
    found = check_consistency(rows, derive(rows))
    verdicts = {(r.check_name, r.period): r.verdict for r in found.itertuples()}
    assert verdicts == {
        ("parts vs total", "FY"): "inconsistent",
        ("cumulative periods", "H1"): "consistent",
        ("cumulative periods", "Jan-Sep"): "inconsistent",
    }
    parts = found[found["check_name"] == "parts vs total"].iloc[0]
    assert parts["expected"] == "≥ 80,250"  # 49 750 + 30 500 (lower edges)


def test_the_committed_record_has_its_known_inconsistencies():
    _, observations, corrections, resolved, _, derived, _ = committed()
    from pipelines.reconcile.resolve import checkable

    findings = check_consistency(checkable(observations, resolved, corrections), derived)
    bad = findings[findings["verdict"] == "inconsistent"]
    assert len(findings) == 458 and len(bad) == 26
    # the SPP's printed non-arrest rates run above its own counts from 2021 to 2023
    arrests = bad[bad["metric"] == "non_arrest_rate"]
    assert sorted(zip(arrests["year"], arrests["period"], strict=True)) == [
        (2021, "FY"),
        (2021, "Jan-Sep"),
        (2022, "H1"),
        (2022, "Jan-Sep"),
        (2022, "Q1"),
        (2023, "H1"),
        (2023, "Q1"),
    ]
    # the garbled 67,310 (excluded) still shows: H1 cannot be below Q1's 275,450
    garbled = bad[(bad["metric"] == "prosecuted") & (bad["period"] == "H1")].iloc[0]
    assert garbled["printed"] == "67,310 (cn-cdr-2020-h1-tellerreport)"
    assert garbled["expected"] == "≥ 275,450"


# ------------------------------------------------------------------ conflicts and corrections


def test_source_priority_prefers_the_release_over_the_work_report_and_the_paper():
    rows = frame(
        figure("prosecuted", "181.9万人", source_id="s-report"),
        figure("prosecuted", "1818808人", source_id="s-release"),
        figure("prosecuted", "175万人", source_id="s-paper"),
    )
    resolved, conflicts = resolve(rows, SOURCES, [])
    assert resolved["source_id"].tolist() == ["s-release"]
    row = conflicts.iloc[0]
    assert row["values"] == "1818808人 (s-release); 181.9万人 (s-report); 175万人 (s-paper)"
    assert row["resolution"].startswith(
        "uses 1818808人 (s-release) (source priority: primary release or statistical table, "
        "read on the producer's site)"
    )
    assert row["source_ids"] == ["s-paper", "s-release", "s-report"]


def test_agreeing_sources_are_no_conflict_and_equal_sources_that_disagree_stay_unresolved():
    agree = frame(
        figure("prosecuted", "181.9万人", source_id="s-report"),
        figure("prosecuted", "1818808人", source_id="s-release"),
    )
    resolved, conflicts = resolve(agree, SOURCES, [])
    assert conflicts.empty and resolved["source_id"].tolist() == ["s-release"]
    split = frame(
        figure("prosecuted", "1818808人", source_id="s-release"),
        figure("prosecuted", "1818000人", source_id="s-other-release"),
    )
    resolved, conflicts = resolve(split, SOURCES, [])
    assert resolved.empty  # neither is used for derivation or claims
    assert conflicts.iloc[0]["resolution"].startswith(
        "unresolved: sources of equal standing (primary release or statistical table) disagree"
    )
    assert pd.isna(conflicts.iloc[0]["chosen_obs_id"])


def test_committed_conflicts_and_corrections():
    _, observations, corrections, resolved, conflicts, derived, _ = committed()
    shown = {(r.country, r.year, r.metric): r for r in conflicts.itertuples()}
    assert set(shown) == {("CN", 2020, "pretrial_detention_rate"), ("JP", 2008, "disposed")}
    japan = shown[("JP", 2008, "disposed")]
    assert japan.resolution.startswith(
        "uses 1710864 (jp-moj-prosecution-cube-era) (preferred by a correction:"
    )
    china = shown[("CN", 2020, "pretrial_detention_rate")]
    assert (
        china.resolution.startswith("unresolved:") and "note: The February 2023" in china.resolution
    )
    # the excluded 67,310 is in the observations but not resolved, so nothing is derived from it
    table = corrections_frame(corrections, observations).set_index("correction_id")
    garbled = table.loc["cn-2020-h1-prosecuted-garbled", "obs_ids"]
    assert len(garbled) == 1 and garbled[0] in set(observations["obs_id"])
    assert garbled[0] not in set(resolved["obs_id"])
    assert not derived["method"].str.contains(garbled[0]).any()
    assert (table["obs_ids"].apply(len) > 0).all()  # no stale correction


def test_a_bad_corrections_file_is_one_clear_error(tmp_path: Path):
    (tmp_path / "corrections.yaml").write_text(
        "- id: x-1\n  match: {metric: prosecuted, year: 2020}\n  action: replace\n"
        "  reason: a reason long enough to pass the length rule\n  status: open\n"
    )
    with pytest.raises(ProcstatsError, match=r"corrections\.yaml.*'replace' is not one of"):
        load_corrections(tmp_path)
    (tmp_path / "corrections.yaml").write_text("- id: [unclosed\n")
    with pytest.raises(ProcstatsError, match=r"corrections\.yaml: not valid YAML"):
        load_corrections(tmp_path)


# ------------------------------------------------------------------ claims


def test_every_committed_claim_gets_its_verdict():
    judged = judge_claims(load_claims(REPO / "raw"), evidence()).set_index("claim_id")
    assert judged["verdict"].value_counts().to_dict() == {
        "unverifiable": 13,
        "consistent": 7,
        "definition_mismatch": 2,
        "inconsistent": 2,
        "misattributed": 2,
    }
    expected = {
        "cn-2018-npr": "consistent",
        "cn-2020-npr": "inconsistent",
        "cn-2020-dnpr": "inconsistent",
        "cn-2023-npr": "misattributed",
        "cn-2023-dnpr": "unverifiable",
        "cn-2014-2018-light": "misattributed",
        "jp-2015-npr": "definition_mismatch",
        "de-npr-over-20": "definition_mismatch",
        "us-plea-94": "consistent",
        "us-caseload-2017": "unverifiable",
        "cn-2023-npr-xu": "unverifiable",  # no 2023 rate is printed or derived yet
    }
    assert judged.loc[list(expected), "verdict"].to_dict() == expected


def test_the_21_8_percent_is_recomputed_from_the_claimed_inputs_and_from_the_spp_counts():
    claim = (
        judge_claims(load_claims(REPO / "raw"), evidence())
        .set_index("claim_id")
        .loc["cn-2023-dnpr"]
    )
    # (578 000 - 31 000 - 54 000) / (1 688 000 + 578 000), each input with its printed rounding
    assert round(claim["recomputed_value"], 2) == 21.76
    assert (round(claim["recomputed_low"], 2), round(claim["recomputed_high"], 2)) == (21.69, 21.82)
    text = claim["explanation"]
    assert "Unsupported: not_prosecuted 578000 (no document procstats holds gives it)" in text
    assert "its printed parts come to at least 581,500, so the rate is at most 21.97%" in text
    assert "the SPP's own discretionary count gives [21.95, 22.01]" in text


def test_a_rate_quoted_from_a_report_on_other_years_is_misattributed():
    claim = (
        judge_claims(load_claims(REPO / "raw"), evidence()).set_index("claim_id").loc["cn-2023-npr"]
    )
    assert claim["explanation"].startswith(
        "The cited “SPP Work Report to the 1st Session of the 14th NPC (five-year report)” "
        "reports 2018-2022, not 2023; for its own years it gives 2018: 7.7%"
    )
    assert "2022: 26.3% [26.25, 26.35]" in claim["explanation"]


def test_japans_50_4_percent_is_the_suspension_rate():
    claim = (
        judge_claims(load_claims(REPO / "raw"), evidence()).set_index("claim_id").loc["jp-2015-npr"]
    )
    assert claim["verdict"] == "definition_mismatch"
    assert claim["explanation"].startswith(
        "The claimed 50.4% is not the non_prosecution_rate but the suspension_of_prosecution_rate: "
        "2015: 50.38% (printed as the ratio 0.5038) [50.375, 50.385]"
    )
    assert round(claim["recomputed_value"], 2) == 60.93  # the penal-code non-prosecution rate


def test_an_analysts_own_claims_file_gets_each_verdict(tmp_path: Path):
    (tmp_path / "claims").mkdir()
    header = (
        "claim_id,paper_id,paper,country,metric,year,claimed_value,unit,claimed_as,cited_source,"
        "cited_source_id,formula,other_readings,notes\n"
    )
    rows = [
        "a-ok,,Mine,CN,non_prosecution_rate,2019,9.5,pct,rate,,,,,",
        "a-off,,Mine,CN,non_prosecution_rate,2019,9.0,pct,rate,,,,,",
        "a-count,,Mine,CN,prosecuted,2019,1830000,persons,about 1.83 million,,,,,",
        "a-jp,,Mine,JP,non_prosecution_rate,2015,50.4,pct,rate,,,,suspension_of_prosecution_rate,",
        "a-wr,,Mine,CN,non_prosecution_rate,2023,26.3,pct,rate,WR 2023,cn-spp-wr-2023,,,",
        "a-none,,Mine,CN,non_prosecution_rate,2013,3.1,pct,rate,,,,,",
    ]
    (tmp_path / "claims" / "mine.csv").write_text(header + "\n".join(rows) + "\n")
    judged = judge_claims(load_claims(tmp_path), evidence()).set_index("claim_id")
    assert judged["verdict"].to_dict() == {
        "a-ok": "consistent",
        "a-off": "inconsistent",
        "a-count": "inconsistent",  # 1 830 000 means [1 825 000, 1 835 000]; printed 1 818 808
        "a-jp": "definition_mismatch",
        "a-wr": "misattributed",
        "a-none": "unverifiable",
    }
    assert (
        "does not meet the figures for 2019: 2019: 9.5% [9.45, 9.55]"
        in judged.loc["a-off", "explanation"]
    )
    assert judged.loc["a-none", "explanation"].startswith(
        "No document procstats holds gives the non_prosecution_rate for CN 2013; "
        "the claim cites no source."
    )


def test_a_claims_file_without_required_columns_is_refused(tmp_path: Path):
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "bad.csv").write_text("claim_id,country\nx,CN\n")
    with pytest.raises(ProcstatsError, match=r"bad\.csv: missing columns metric, year"):
        load_claims(tmp_path)


# ------------------------------------------------------------------ the pipeline


def test_warehouse_holds_claims_conflicts_and_derived_rows(built):
    con = connect_readonly(built.warehouse_db)
    try:
        claims = con.execute(
            "select claim_id, verdict, recomputed_low, recomputed_high, explanation "
            "from mart.claims order by claim_id"
        ).fetchall()
        derived_2019 = con.execute(
            "select round(value, 2), method from mart.observations where country = 'CN' and "
            "metric = 'non_prosecution_rate' and year = 2019 and period = 'FY' and is_derived"
        ).fetchall()
        conflicts = con.execute("select count(*) from mart.conflicts").fetchone()[0]
    finally:
        con.close()
    assert len(claims) == 26 and all(len(c[4]) > 60 for c in claims)
    assert {c[1] for c in claims} == {
        "consistent",
        "inconsistent",
        "definition_mismatch",
        "misattributed",
        "unverifiable",
    }
    assert derived_2019[0][0] == 9.47 and "cn-cdr-2019-fy-tellerreport" in derived_2019[0][1]
    assert conflicts == 2


def test_a_derived_rate_above_100_blocks_the_warehouse(project):
    """Shares that add up to more than 100 pass the printed-figure check (each is a valid share)
    but give an impossible derived share: the blocking check stops publication."""
    path = project.raw / "transcriptions" / "peers.csv"
    text = path.read_text(encoding="utf-8")
    old = ',"3,5 %",3.5,exact,false,,,,,,de-destatis-2016-release-presseportal,'
    assert old in text
    path.write_text(text.replace(old, old.replace('"3,5 %",3.5', '"93,5 %",93.5')), "utf-8")
    result = run_cli(project, "build")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert "✓ check observations_are_sound passed: problems 0" in lines
    # the derived 2015 share (93.5 + 25.x) is above 100, and so is its interval
    assert "✗ check derived_observations_are_sound check failed: problems 2" in lines
    assert lines[-1] == "error: build failed at check derived_observations_are_sound: problems 2"
    blocked = {line.split(" not run")[0] for line in lines if "not run" in line}
    assert {"– warehouse", "– report", "– claims", "– consistency_findings"} <= blocked
    assert not project.warehouse_db.exists() and not project.report_html.exists()
