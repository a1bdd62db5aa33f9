"""Parsed against transcribed: the fixtures agree with the hand transcriptions, and a changed figure
is reported as a disagreement (a warning that does not stop the build)."""

from pipelines.extract.crosscheck import AGREE, DISAGREE, crosscheck
from pipelines.extract.pipeline import parse_documents, parsed_figures
from pipelines.extract.transcriptions import load_transcriptions
from pipelines.snapshot.inventory import inventory
from pipelines.snapshot.registry import load_registry
from tests.conftest import REPO, run_cli


def _findings(raw):
    parsed = parse_documents(raw, inventory(raw))
    return parsed, crosscheck(parsed, load_transcriptions(raw, load_registry(raw)))


def test_fixtures_agree_with_the_transcriptions():
    parsed, findings = _findings(REPO / "raw")
    assert parsed["doc"].nunique() == 15 and parsed["problem"].isna().all()
    counts = findings["finding"].value_counts().to_dict()
    assert counts.get(DISAGREE, 0) == 0
    assert counts[AGREE] == 117
    row = findings[
        (findings["doc"] == "fixtures/cn-fixture-cdr-2020-jan-sep.html")
        & (findings["metric"] == "non_prosecution_rate")
    ].iloc[0]
    assert (row["parsed"], row["transcribed"], row["finding"]) == ("13.5%", "13.5%", AGREE)


def test_a_changed_figure_is_a_disagreement(project):
    path = project.raw / "fixtures" / "cn-fixture-wr-2024.txt"
    path.write_text(
        path.read_text(encoding="utf-8").replace("72.6万人", "73.6万人"), encoding="utf-8"
    )
    _, findings = _findings(project.raw)
    bad = findings[findings["finding"] == DISAGREE]
    assert bad[["metric", "year", "parsed", "transcribed"]].values.tolist() == [
        ["arrests_approved", 2023, "73.6万人", "72.6万人"]
    ]
    result = run_cli(project, "build")
    assert result.returncode == 0, result.stderr  # a warning, not a failed build
    assert (
        "! check parsed_agrees_with_transcribed warning: agreements 116, disagreements 1"
        in result.stderr
    )


def test_fixtures_never_become_observations_but_real_documents_do():
    parsed = parse_documents(REPO / "raw", inventory(REPO / "raw"))
    assert parsed_figures(parsed, set()).empty  # every parsed document here is a fixture
    real = parsed.assign(is_fixture=False, source_ids=[["cn-doc-not-transcribed"]] * len(parsed))
    figures = parsed_figures(real, {"cn-cdr-2019-fy-tellerreport"})
    assert len(figures) == len(parsed)
    one = figures[(figures["metric"] == "non_prosecution_rate") & (figures["year"] == 2019)].iloc[0]
    assert (one["value"], one["scope"], one["source_id"]) == (9.5, "all", "cn-doc-not-transcribed")
