"""Running procstats unattended: no-op rebuilds, identical rows on a forced rebuild, parse results
kept by content, builds killed midway, and documents that cannot be read."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import time

import dagster as dg
import duckdb

from pipelines.common.paths import ProjectPaths
from pipelines.definitions import defs
from pipelines.extract.cache import ExtractCache
from pipelines.extract.documents import MAX_DOCUMENT_BYTES
from pipelines.extract.pipeline import parse_documents
from pipelines.publish.schema import MART_VIEWS
from pipelines.snapshot.inventory import inventory
from tests.conftest import PROCSTATS, cli_env, run_cli
from tests.pdfs import write_pdf


def mart_digests(paths: ProjectPaths) -> dict[str, str]:
    """sha256 of every mart view's rows, in stored order."""
    con = duckdb.connect(str(paths.warehouse_db), read_only=True)
    try:
        return {
            v.name: hashlib.sha256(
                repr(con.execute(f"SELECT * FROM mart.{v.name}").fetchall()).encode()
            ).hexdigest()
            for v in MART_VIEWS
        }
    finally:
        con.close()


def build_id(paths: ProjectPaths) -> str:
    con = duckdb.connect(str(paths.warehouse_db), read_only=True)
    try:
        return con.execute("SELECT build_id FROM meta.build").fetchone()[0]
    finally:
        con.close()


def test_no_change_means_nothing_to_do_and_a_forced_rebuild_gives_identical_rows(project):
    assert run_cli(project, "build").returncode == 0
    first, rows = build_id(project), mart_digests(project)
    db_bytes = project.warehouse_db.read_bytes()

    again = run_cli(project, "build")
    assert again.returncode == 0
    assert f"up to date: build {first} was made from these inputs" in again.stderr
    assert "✓" not in again.stderr  # no step ran
    assert project.warehouse_db.read_bytes() == db_bytes

    forced = run_cli(project, "build", "--force")
    assert forced.returncode == 0 and "✓ warehouse ok" in forced.stderr
    assert build_id(project) != first
    assert mart_digests(project) == rows  # byte-identical rows from the same inputs

    # any change in raw/ is a new build
    (project.raw / "claims" / "README.md").write_text("changed\n", encoding="utf-8")
    changed = run_cli(project, "build")
    assert "up to date" not in changed.stderr and "✓ warehouse ok" in changed.stderr


def test_unchanged_documents_are_not_parsed_again(tmp_path):
    from tests.conftest import REPO

    raw = REPO / "raw"
    documents = inventory(raw)
    cache = ExtractCache(tmp_path / "extract")
    first = parse_documents(raw, documents, cache)
    assert (cache.hits, cache.misses) == (0, len(documents)) and len(documents) >= 15

    cache = ExtractCache(tmp_path / "extract")
    second = parse_documents(raw, documents, cache)
    assert (cache.hits, cache.misses) == (len(documents), 0)
    assert second.astype(str).equals(first.astype(str))

    # a damaged entry is parsed again, not trusted
    entry = next((tmp_path / "extract").glob("*.json"))
    entry.write_text("{not json", encoding="utf-8")
    cache = ExtractCache(tmp_path / "extract")
    parse_documents(raw, documents, cache)
    assert (cache.hits, cache.misses) == (len(documents) - 1, 1)
    assert json.loads(entry.read_text(encoding="utf-8"))["statements"] is not None


def test_a_build_killed_midway_leaves_the_last_good_outputs(project):
    assert run_cli(project, "build").returncode == 0
    good_db = project.warehouse_db.read_bytes()
    good_report = project.report_html.read_bytes()
    good_csv = (project.warehouse_dir / "observations.csv").read_bytes()

    build = subprocess.Popen(
        [str(PROCSTATS), "build", "--force"],
        env=cli_env(project),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while not list(project.warehouse_dir.glob(".build-*")):  # the new warehouse is being written
        assert build.poll() is None and time.monotonic() < deadline, (
            "the build never started writing"
        )
        time.sleep(0.005)
    os.killpg(build.pid, signal.SIGKILL)
    build.wait(timeout=30)

    assert project.warehouse_db.read_bytes() == good_db
    assert project.report_html.read_bytes() == good_report
    assert (project.warehouse_dir / "observations.csv").read_bytes() == good_csv
    result = run_cli(project, "build", "--force")  # the next build clears the dead one's files
    assert result.returncode == 0, result.stderr
    assert list(project.warehouse_dir.glob(".build-*")) == []


def _fixture(project: ProjectPaths, name: str, data: bytes | None = None) -> None:
    path = project.raw / "fixtures" / name
    if data is not None:
        path.write_bytes(data)
    meta = {"fixture": True, "written_by": "procstats tests", "fixture_of": []}
    sidecar = path.with_name(name.rsplit(".", 1)[0] + ".meta.json")
    sidecar.write_text(json.dumps(meta), encoding="utf-8")


def test_unreadable_documents_are_quarantined_and_the_run_goes_on(project):
    write_pdf(project.raw / "fixtures" / "locked.pdf", "批准逮捕72.6万人。", encrypt_with="secret")
    _fixture(project, "locked.pdf")
    _fixture(project, "broken.pdf", b"%PDF-1.7\n garbage that is no PDF")
    _fixture(project, "empty.txt", b"")
    huge = project.raw / "fixtures" / "huge.txt"
    with huge.open("wb") as handle:  # sparse: large on paper, cheap to make
        handle.truncate(MAX_DOCUMENT_BYTES + 1)
    _fixture(project, "huge.txt")

    result = run_cli(project, "build")
    assert result.returncode == 0, result.stderr
    assert "quarantined: 4 document(s) could not be read (see mart.quarantine)" in result.stdout
    con = duckdb.connect(str(project.warehouse_db), read_only=True)

    quarantine = dict(
        con.execute("SELECT doc, reason FROM mart.quarantine ORDER BY doc").fetchall()
    )
    observations = con.execute("SELECT count(*) FROM mart.observations").fetchone()[0]
    con.close()
    assert quarantine == {
        "fixtures/broken.pdf": "fixtures/broken.pdf: not a readable PDF (PdfminerException)",
        "fixtures/empty.txt": "fixtures/empty.txt: the document is empty",
        "fixtures/huge.txt": f"fixtures/huge.txt: {MAX_DOCUMENT_BYTES + 1:,} bytes, more than the "
        f"{MAX_DOCUMENT_BYTES:,} allowed",
        "fixtures/locked.pdf": "fixtures/locked.pdf: the PDF is encrypted",
    }
    assert observations == 1854  # everything else went through


def test_the_annual_schedule_and_the_discovery_sensor_start_stopped():
    definitions = defs()
    schedule = definitions.resolve_schedule_def("annual_cycle")
    assert schedule.default_status == dg.DefaultScheduleStatus.STOPPED
    assert schedule.cron_schedule == ["0 6 * 3-6 1", "0 6 1 1,2,7-12 *"]
    assert schedule.execution_timezone == "Asia/Shanghai"
    sensor = definitions.resolve_sensor_def("spp_listing_sensor")
    assert sensor.default_status == dg.DefaultSensorStatus.STOPPED
