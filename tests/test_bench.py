"""The benchmark's synthetic documents: every figure the generator writes is found by the extractor
in each style, and the benchmark's extraction worker reports it. Timings are never asserted."""

from __future__ import annotations

import json

from bench.run import exponent, main
from bench.synthetic import MARK, STYLES, documents
from pipelines.extract.documents import document_from_bytes
from pipelines.extract.statements import extract_statements


def test_every_generated_figure_is_extracted_in_every_style():
    docs = documents(60, seed=7)
    assert {d.name.rsplit(".", 1)[1] for d in docs} == {"txt", "html"}
    for doc in docs:
        found = {
            (s.metric, s.value, s.year, s.period)
            for s in extract_statements(document_from_bytes(doc.data, doc.name))
        }
        assert found == doc.expected, doc.name
        assert len(doc.expected) == 6
    traditional = docs[STYLES.index("text-hant")].data.decode()
    assert "檢察機關" in traditional and MARK.split("】")[0] in docs[0].data.decode()


def test_documents_are_reproducible_from_the_seed():
    assert [d.data for d in documents(5)] == [d.data for d in documents(5)]
    assert documents(5)[0].data != documents(5, seed=1)[0].data


def test_growth_exponent():
    assert round(exponent([100, 1000, 10000], [1.0, 10.0, 100.0]), 6) == 1.0
    assert round(exponent([100, 1000, 10000], [1.0, 100.0, 10000.0]), 6) == 2.0


def test_extraction_only_run_writes_results(tmp_path):
    out = tmp_path / "results.json"
    main(["--sizes", "30,60", "--no-build", "--out", str(out)])
    results = json.loads(out.read_text(encoding="utf-8"))
    assert [e["documents"] for e in results["extraction"]] == [30, 60]
    assert all(
        e["mismatched_documents"] == 0 and e["statements"] == 6 * e["documents"]
        for e in results["extraction"]
    )
    assert all(e["ratio_to_floor"] > 0 and e["floor_matches"] > 0 for e in results["extraction"])
    assert results["goals"]["all_generated_figures_found"] is True
    assert (
        results["builds"] == [] and results["goals"]["noop_rebuild_within_3x_dagster_floor"] is None
    )
