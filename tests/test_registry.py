"""The source registry: every committed record is valid; broken records are named, file and id."""

import hashlib

import pytest
import yaml

from pipelines.common.errors import RegistryError
from pipelines.snapshot.registry import load_registry, read_records, validate
from tests.conftest import REPO


def test_every_committed_record_validates():
    frame = load_registry(REPO / "raw")
    assert len(frame) == 186
    assert frame["source_id"].is_unique
    # every document behind a transcribed figure, a cube or a cited paper is registered
    assert {
        "cn-cdr-2019-fy-tellerreport",
        "jp-moj-prosecution-cube-era",
        "de-destatis-2017-release-378",
        "us-ussc-overview-fy2013",
        "cn-spp-wr-2023",
        "lit-qian-discretionary-non-prosecution",
    } <= set(frame["source_id"])
    assert set(frame["kind"]) <= {
        "work_report",
        "case_data_release",
        "white_paper",
        "press_conference",
        "press_release",
        "statistical_table",
        "statistical_report",
        "academic",
        "court_decision",
        "news",
    }


def test_papers_cited_spp_documents_keep_their_addresses():
    frame = load_registry(REPO / "raw").set_index("source_id")
    assert (
        frame.loc["cn-spp-wr-2023", "url"]
        == "https://www.spp.gov.cn/spp/gzbg/202303/t20230317_608767.shtml"
    )
    assert frame.loc["cn-spp-wr-2023", "covers"] == "2018-2022"
    assert frame.loc["cn-spp-cdr-2023-fy", "access"] == "not_seen"


def test_stored_cubes_have_their_recorded_hashes():
    frame = load_registry(REPO / "raw").set_index("source_id")
    for source in ("jp-moj-prosecution-cube-era", "jp-moj-prosecution-cube-type"):
        stored = REPO / "raw" / frame.loc[source, "stored_file"]
        assert hashlib.sha256(stored.read_bytes()).hexdigest() == frame.loc[source, "sha256"]


def _edit(project, name, change):
    path = project.raw / "sources" / name
    records = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(records)
    path.write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_bad_kind_is_reported_with_file_and_id(project):
    _edit(project, "germany.yaml", lambda r: r[0].update(kind="blog post"))
    problems = validate(project.raw, read_records(project.raw))
    assert len(problems) == 1
    assert problems[0].startswith(
        "germany.yaml: de-destatis-2015-release-mittelstandcafe: kind: "
        "'blog post' is not one of ['work_report'"
    )


def test_duplicates_dangling_links_and_missing_fields_are_all_found(project):
    def break_records(records):
        records[1]["source_id"] = records[0]["source_id"]
        records[2]["reports_on"] = "cn-spp-wr-1999"
        del records[3]["license"]

    _edit(project, "china.yaml", break_records)
    problems = validate(project.raw, read_records(project.raw))
    assert len(problems) == 3
    assert any("duplicate source_id" in p for p in problems)
    assert any("reports_on 'cn-spp-wr-1999' is not registered" in p for p in problems)
    assert any("'license' is a required property" in p for p in problems)
    with pytest.raises(RegistryError, match=r"^source registry: .* \(and 2 more\)$"):
        load_registry(project.raw)


def test_a_changed_stored_file_fails_its_hash(project):
    cube = next((project.raw / "snapshots" / "jp-moj-prosecution-cube-era").glob("*.json"))
    cube.write_bytes(cube.read_bytes().replace(b"239070", b"239071"))
    with pytest.raises(RegistryError, match=r"jp-moj-prosecution-cube-era: .* has sha256"):
        load_registry(project.raw)


def test_invalid_yaml_names_the_file_and_line(project):
    (project.raw / "sources" / "broken.yaml").write_text("- source_id: x\n  title: [unclosed\n")
    with pytest.raises(RegistryError, match=r"^broken\.yaml:\d+: not valid YAML$"):
        load_registry(project.raw)
