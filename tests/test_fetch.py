"""Fetching against real HTTP servers on loopback: success, conditional requests, errors, retries,
timeouts, truncated and oversize bodies, charsets, redirects and the allow-list; snapshots are
content-addressed and never overwritten."""

import json
import socket
import subprocess
import threading
import time

import pytest
import yaml
from werkzeug import Response

from pipelines.common.errors import ProcstatsError
from pipelines.extract.documents import read_document
from pipelines.extract.statements import extract_statements
from pipelines.snapshot.fetch.client import FetchError, PoliteClient
from pipelines.snapshot.fetch.policy import FetchPolicy
from pipelines.snapshot.fetch.run import Target, fetch_targets
from pipelines.snapshot.fetch.store import source_dir, store
from tests.conftest import PROCSTATS, REPO, cli_env, run_cli

GBK_PAGE = (REPO / "raw" / "fixtures" / "cn-fixture-cdr-2022-h1-gbk.html").read_bytes()


def _policy(**changes) -> FetchPolicy:
    values = {
        "user_agent": "procstats-test/1",
        "timeout_seconds": 2.0,
        "retries": 2,
        "backoff_seconds": 0.05,
        "min_interval_seconds": 0.0,
        "max_bytes": 100_000,
        "max_redirects": 3,
        "allowed_hosts": frozenset({"localhost", "127.0.0.1"}),
    }
    return FetchPolicy(**(values | changes))


def _get(url, policy=None, **kwargs):
    with PoliteClient(policy or _policy()) as client:
        return client.get(url, **kwargs)


def test_success_is_stored_by_content_with_a_sidecar(httpserver, tmp_path):
    httpserver.expect_request("/release.html").respond_with_data(
        GBK_PAGE, content_type="text/html; charset=gbk", headers={"ETag": '"v1"'}
    )
    outcomes = fetch_targets(
        tmp_path, [Target("cn-test-release", httpserver.url_for("/release.html"))], _policy()
    )
    assert outcomes["outcome"].tolist() == ["new"]
    stored = tmp_path / outcomes["snapshot"][0]
    assert stored.read_bytes() == GBK_PAGE and stored.suffix == ".html"
    sidecar = json.loads(stored.with_name(stored.stem + ".meta.json").read_text())
    assert sidecar["status"] == 200 and sidecar["etag"] == '"v1"'
    assert sidecar["url"] == httpserver.url_for("/release.html") and sidecar["bytes"] == len(
        GBK_PAGE
    )
    assert stored.stem == sidecar["sha256"]
    # fetched again, same content: nothing new is written
    again = fetch_targets(
        tmp_path, [Target("cn-test-release", httpserver.url_for("/release.html"))], _policy()
    )
    assert again["outcome"].tolist() == ["unchanged"]
    assert len(list(stored.parent.glob("*.html"))) == 1


def test_a_changed_page_is_a_new_snapshot_beside_the_old(httpserver, tmp_path):
    target = Target("cn-test-release", httpserver.url_for("/page"))
    httpserver.expect_oneshot_request("/page").respond_with_data(
        "第一版", content_type="text/plain"
    )
    first = fetch_targets(tmp_path, [target], _policy())
    httpserver.expect_request("/page").respond_with_data("第二版", content_type="text/plain")
    second = fetch_targets(tmp_path, [target], _policy())
    assert first["outcome"][0] == second["outcome"][0] == "new"
    assert (tmp_path / first["snapshot"][0]).read_text() == "第一版"
    assert (tmp_path / second["snapshot"][0]).read_text() == "第二版"


def test_conditional_request_gets_304(httpserver, tmp_path):
    def page(request):
        if request.headers.get("If-None-Match") == '"v7"':
            return Response(status=304)
        return Response(
            "主要办案数据", content_type="text/plain; charset=utf-8", headers={"ETag": '"v7"'}
        )

    httpserver.expect_request("/data").respond_with_handler(page)
    target = Target("cn-test-release", httpserver.url_for("/data"))
    assert fetch_targets(tmp_path, [target], _policy())["outcome"].tolist() == ["new"]
    assert fetch_targets(tmp_path, [target], _policy())["outcome"].tolist() == ["not modified"]
    state = json.loads((source_dir(tmp_path, "cn-test-release") / "fetch-state.json").read_text())
    assert state[target.url]["etag"] == '"v7"'


def test_404_fails_and_leaves_earlier_snapshots(httpserver, tmp_path):
    httpserver.expect_oneshot_request("/gone").respond_with_data(
        "old copy", content_type="text/plain"
    )
    target = Target("cn-test-release", httpserver.url_for("/gone"))
    first = fetch_targets(tmp_path, [target], _policy())
    httpserver.expect_request("/gone").respond_with_data("not here", status=404)
    second = fetch_targets(tmp_path, [target], _policy())
    assert second[["outcome", "detail"]].values.tolist() == [["failed", "http-404"]]
    assert (tmp_path / first["snapshot"][0]).read_text() == "old copy"


def test_500_then_success_is_retried(httpserver):
    httpserver.expect_oneshot_request("/flaky").respond_with_data("busy", status=503)
    httpserver.expect_oneshot_request("/flaky").respond_with_data("busy", status=500)
    httpserver.expect_request("/flaky").respond_with_data(
        "不起诉率为9.5%", content_type="text/plain"
    )
    fetched = _get(httpserver.url_for("/flaky"))
    assert fetched.status == 200 and fetched.content.decode() == "不起诉率为9.5%"
    assert len(httpserver.log) == 3


def test_persistent_500_fails_after_the_retries(httpserver):
    httpserver.expect_request("/down").respond_with_data("down", status=500)
    with pytest.raises(FetchError) as caught:
        _get(httpserver.url_for("/down"), _policy(retries=2))
    assert caught.value.reason == "http-500" and len(httpserver.log) == 3


def test_timeout(httpserver):
    def slow(_request):
        time.sleep(1.0)
        return Response("late")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        _get(httpserver.url_for("/slow"), _policy(timeout_seconds=0.3, retries=1))
    assert caught.value.reason == "timeout"
    assert time.monotonic() - started < 5


def _truncating_server(body: bytes, declared: int):
    """An HTTP server that promises `declared` bytes and hangs up after sending `body`."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    served = []

    def serve():
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            with connection:
                connection.recv(65536)
                connection.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                    + f"Content-Length: {declared}\r\n\r\n".encode()
                    + body
                )
                served.append(1)

    threading.Thread(target=serve, daemon=True).start()
    return listener, served


def test_truncated_body_is_retried_then_refused():
    listener, served = _truncating_server(b"only part of", 1000)
    try:
        with pytest.raises(FetchError) as caught:
            _get(f"http://127.0.0.1:{listener.getsockname()[1]}/cut", _policy(retries=1))
    finally:
        listener.close()
    assert caught.value.reason == "truncated" and len(served) == 2


def test_oversize_bodies_are_refused(httpserver):
    httpserver.expect_request("/big").respond_with_data("x" * 5000, content_type="text/plain")
    with pytest.raises(FetchError, match=r"too-large \(5000 bytes declared, 1000 allowed\)"):
        _get(httpserver.url_for("/big"), _policy(max_bytes=1000))

    def streamed(_request):  # no Content-Length: the cap must hold while reading
        return Response((b"y" * 500 for _ in range(10)), content_type="text/plain")

    httpserver.expect_request("/stream").respond_with_handler(streamed)
    with pytest.raises(FetchError, match="too-large"):
        _get(httpserver.url_for("/stream"), _policy(max_bytes=1000))


@pytest.mark.parametrize(
    "content_type", ["text/html; charset=utf-8", "text/html", "text/html; charset=iso-8859-1"]
)
def test_wrong_or_missing_charset_still_reads(httpserver, tmp_path, content_type):
    httpserver.expect_request("/gbk").respond_with_data(GBK_PAGE, content_type=content_type)
    outcomes = fetch_targets(
        tmp_path, [Target("cn-test-release", httpserver.url_for("/gbk"))], _policy()
    )
    document = read_document(tmp_path / outcomes["snapshot"][0])
    assert document.encoding == "gb18030"
    values = {(s.metric, s.scope, s.value) for s in extract_statements(document)}
    assert ("non_arrest_rate", "minors", 63.6) in values and ("prosecuted", "", 681_000) in values


def test_redirects_inside_the_allow_list_are_followed_and_others_refused(httpserver):
    httpserver.expect_request("/old").respond_with_data(
        "", status=301, headers={"Location": "/new"}
    )
    httpserver.expect_request("/new").respond_with_data("新址", content_type="text/plain")
    fetched = _get(httpserver.url_for("/old"))
    assert fetched.final_url == httpserver.url_for("/new") and fetched.content.decode() == "新址"

    httpserver.expect_request("/away").respond_with_data(
        "", status=302, headers={"Location": "http://elsewhere.example/steal"}
    )
    with pytest.raises(FetchError) as caught:
        _get(httpserver.url_for("/away"))
    assert caught.value.reason == "redirect-not-allowed"

    httpserver.expect_request("/loop").respond_with_data(
        "", status=302, headers={"Location": "/loop"}
    )
    with pytest.raises(FetchError, match="too-many-redirects"):
        _get(httpserver.url_for("/loop"))


def test_hosts_and_schemes_off_the_list_are_never_contacted(httpserver):
    with pytest.raises(FetchError) as caught:
        _get(httpserver.url_for("/x"), _policy(allowed_hosts=frozenset({"www.spp.gov.cn"})))
    assert caught.value.reason == "not-allowed" and len(httpserver.log) == 0
    with pytest.raises(FetchError, match="not-allowed"):
        _get("file:///etc/passwd")


def test_user_agent_and_pause_between_requests(httpserver):
    httpserver.expect_request("/ua", headers={"User-Agent": "procstats-test/1"}).respond_with_data(
        "ok"
    )
    started = time.monotonic()
    with PoliteClient(_policy(min_interval_seconds=0.4)) as client:
        client.get(httpserver.url_for("/ua"))
        client.get(httpserver.url_for("/ua"))
    assert time.monotonic() - started >= 0.4 and len(httpserver.log) == 2


def test_file_names_never_come_from_urls(httpserver, tmp_path):
    httpserver.expect_request("/download").respond_with_data("x", content_type="text/plain")
    with PoliteClient(_policy()) as client:
        fetched = client.get(
            httpserver.url_for("/download") + "?file=../../etc/passwd&name=report.pdf"
        )
    stored = store(tmp_path, "cn-test-release", fetched)
    assert stored.path.parent == (tmp_path / "snapshots" / "cn-test-release").resolve()
    assert stored.path.name == f"{stored.sha256}.txt"
    for unsafe in ("../escape", "cn/../../x", "CAPS", ".hidden"):
        with pytest.raises(ProcstatsError, match="not a safe directory name"):
            store(tmp_path, unsafe, fetched)


def test_offline_fetch_says_so_and_changes_nothing(project):
    before = sorted(p.name for p in project.raw.rglob("*"))
    result = run_cli(project, "fetch")
    assert result.returncode == 0 and result.stdout.strip().startswith(
        "offline: nothing fetched; 2 snapshots"
    )
    assert sorted(p.name for p in project.raw.rglob("*")) == before


def _serve_and_register(httpserver, project, tmp_path) -> dict[str, str]:
    """The GBK fixture page on loopback, registered as a source; returns the CLI environment
    (a fetch configuration without waits)."""
    httpserver.expect_request("/cdr.html").respond_with_data(GBK_PAGE, content_type="text/html")
    record = {
        "source_id": "cn-test-loopback-release",
        "title": "2022年1至6月主要办案数据（回环测试页）",
        "producer": "Supreme People's Procuratorate of the PRC (最高人民检察院)",
        "publisher": "test server on loopback",
        "kind": "case_data_release",
        "access": "primary",
        "country": "CN",
        "reports_on": None,
        "url": httpserver.url_for("/cdr.html"),
        "mirror_urls": [httpserver.url_for("/cdr.html")],
        "published_on": "2022-07-20",
        "accessed_on": None,
        "access_note": "Fetched from a test server on loopback by the tests.",
        "format": "html",
        "language": "zh-Hans",
        "license": "test page",
        "sha256": None,
    }
    (project.raw / "sources" / "loopback.yaml").write_text(
        yaml.safe_dump([record], allow_unicode=True)
    )
    config = yaml.safe_load((REPO / "pipelines" / "metadata" / "fetch.yaml").read_text())
    config.update(min_interval_seconds=0, backoff_seconds=0.05)
    (tmp_path / "fetch.yaml").write_text(yaml.safe_dump(config, allow_unicode=True))
    return cli_env(project) | {"PROCSTATS_FETCH_CONFIG": str(tmp_path / "fetch.yaml")}


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(PROCSTATS), *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def test_build_online_fetches_registered_documents(httpserver, project, tmp_path):
    """build --online runs the fetch asset with the network on (only the loopback source is
    registered here, so nothing else is contacted)."""
    env = _serve_and_register(httpserver, project, tmp_path)
    for other in project.raw.glob("sources/*.yaml"):
        if other.name != "loopback.yaml":
            other.unlink()
    selection = "key:source_registry or key:fetched_snapshots"
    offline = _run(env, "build", "--select", selection)
    assert offline.returncode == 0, offline.stderr
    assert offline.stdout.strip() == (
        "built source_registry, fetched_snapshots; the warehouse was not in the selection"
    )
    assert len(httpserver.log) == 0

    online = _run(env, "build", "--online", "--select", selection)
    assert online.returncode == 0, online.stderr
    assert len(httpserver.log) == 1
    stored = list((project.raw / "snapshots" / "cn-test-loopback-release").glob("*.html"))
    assert [p.read_bytes() for p in stored] == [GBK_PAGE]


def test_fetched_document_flows_into_the_warehouse(httpserver, project, tmp_path):
    """procstats fetch --online, then build: the new document is parsed into observations."""
    env = _serve_and_register(httpserver, project, tmp_path)
    fetched = _run(env, "fetch", "--online", "--source", "cn-test-loopback-release")
    assert fetched.returncode == 0, fetched.stderr
    assert fetched.stdout.strip() == "new 1"
    built = run_cli(project, "build")
    assert built.returncode == 0, built.stderr
    rows = run_cli(
        project,
        "query",
        "select metric, scope, value, period, year, is_derived from mart.observations "
        "where source_id = 'cn-test-loopback-release' order by metric, scope, year",
        "--format",
        "json",
    )
    records = json.loads(rows.stdout)
    derived = {
        (r["metric"], r["scope"], r["year"], round(r["value"], 2))
        for r in records
        if r.pop("is_derived")
    }
    assert len(records) == 13
    # rates from its counts (13.9万 / (22.2万 + 13.9万); 20.9万 / (68.1万 + 20.9万)) and the H1 2021
    # rates its printed changes imply (39.2% less 10.8 points, ...)
    assert derived == {
        ("non_arrest_rate", "all", 2022, 38.5),
        ("non_prosecution_rate", "all", 2022, 23.48),
        ("non_arrest_rate", "all", 2021, 28.4),
        ("non_arrest_rate", "minors", 2021, 45.7),
        ("non_prosecution_rate", "all", 2021, 14.4),
    }

    assert {
        "metric": "non_arrest_rate",
        "scope": "minors",
        "value": 63.6,
        "period": "H1",
        "year": 2022,
    } in records


def test_a_timeout_after_an_earlier_fetch_leaves_that_snapshot(httpserver, tmp_path):
    httpserver.expect_oneshot_request("/page").respond_with_data(
        "first copy", content_type="text/plain"
    )
    target = Target("cn-test-release", httpserver.url_for("/page"))
    first = fetch_targets(tmp_path, [target], _policy())

    def slow(_request):
        time.sleep(1.0)
        return Response("second copy")

    httpserver.expect_request("/page").respond_with_handler(slow)
    second = fetch_targets(tmp_path, [target], _policy(timeout_seconds=0.3, retries=1))
    assert second[["outcome", "detail"]].values.tolist() == [
        ["failed", "timeout: no answer within 0.3 s"]
    ]
    snapshots = sorted(source_dir(tmp_path, "cn-test-release").glob("*.txt"))
    assert [p.read_text() for p in snapshots] == ["first copy"]
    assert (tmp_path / first["snapshot"][0]).read_text() == "first copy"
