"""Discovery: the sensor reads a listing page on loopback, registers the new documents once, and
requests an online run; unrelated links, foreign hosts and known documents are left alone."""

import dagster as dg
import yaml

from pipelines.common.resources import ProjectResource
from pipelines.snapshot.automation import spp_listing_sensor
from pipelines.snapshot.registry import load_registry
from tests.conftest import REPO

LISTING = """<html><head><meta charset="utf-8"></head><body><ul>
<li><a href="/spp/gzbg/202503/t20250315_690001.shtml">最高人民检察院工作报告（2025年3月8日）</a></li>
<li><a href="../xwfbh/wsfbt/202403/t20240310_648482.shtml">2023年全国检察机关主要办案数据</a></li>
<li><a href="/spp/xwfbh/202501/t20250101_1.shtml">检察机关开展普法宣传活动</a></li>
<li><a href="http://elsewhere.example/xwfbh/t20250101_2.shtml">主要办案数据（外站转载）</a></li>
<li><a href="/about/gzbg.html">工作报告汇编</a></li>
<li><a href="/spp/gzbg/202503/t20250315_690001.shtml#top">最高人民检察院工作报告（重复链接）</a></li>
</ul></body></html>"""


def _configure(tmp_path, monkeypatch, listing_url):
    config = yaml.safe_load((REPO / "pipelines" / "metadata" / "fetch.yaml").read_text())
    config.update(
        min_interval_seconds=0,
        backoff_seconds=0.05,
        retries=0,
        listing_pages=[{"url": listing_url, "kind": "press_conference"}],
    )
    path = tmp_path / "fetch.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True))
    monkeypatch.setenv("PROCSTATS_FETCH_CONFIG", str(path))


def test_sensor_registers_new_documents_once(httpserver, project, tmp_path, monkeypatch):
    # The 网上发布厅 column as public crawlers read it (/spp/wsfbt/); its documents sit under
    # /spp/xwfbh/wsfbt/ or /xwfbh/wsfbt/, here reached by a relative link.
    httpserver.expect_request("/spp/wsfbt/index.shtml").respond_with_data(
        LISTING, content_type="text/html"
    )
    _configure(tmp_path, monkeypatch, httpserver.url_for("/spp/wsfbt/index.shtml"))
    context = dg.build_sensor_context(
        resources={"project": ProjectResource(root=str(project.root))}
    )

    request = spp_listing_sensor(context)
    assert isinstance(request, dg.RunRequest)
    assert request.run_config == {"ops": {"fetched_snapshots": {"config": {"online": True}}}}
    registry = load_registry(project.raw)  # the written records pass the schema
    found = registry[registry["source_id"].str.startswith("cn-spp-discovered-")]
    assert sorted(zip(found["kind"], found["published_on"], found["url"], strict=True)) == [
        (
            "case_data_release",
            "2024-03-10",
            httpserver.url_for("/spp/xwfbh/wsfbt/202403/t20240310_648482.shtml"),
        ),
        (
            "work_report",
            "2025-03-15",
            httpserver.url_for("/spp/gzbg/202503/t20250315_690001.shtml"),
        ),
    ]
    assert request.run_key == "discovered:" + ",".join(sorted(found["source_id"]))

    again = spp_listing_sensor(context)
    assert isinstance(again, dg.SkipReason) and "no new documents" in again.skip_message
    assert len(load_registry(project.raw)) == len(registry)


def test_an_unreachable_listing_page_is_skipped(httpserver, project, tmp_path, monkeypatch):
    httpserver.expect_request("/missing").respond_with_data("", status=404)
    _configure(tmp_path, monkeypatch, httpserver.url_for("/missing"))
    context = dg.build_sensor_context(
        resources={"project": ProjectResource(root=str(project.root))}
    )
    result = spp_listing_sensor(context)
    assert isinstance(result, dg.SkipReason)
    assert not (project.raw / "sources" / "discovered.yaml").exists()
