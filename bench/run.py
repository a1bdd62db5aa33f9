"""`make bench`: measure procstats on synthetic documents at several sizes and write
bench/results.json.

Per size (default 100, 1 000 and 10 000 documents):
- extraction, in a child process (for its own peak memory): documents/s and MB/s of
  `document_from_bytes` + `extract_statements` over in-memory bytes, against a floor measured in the
  same process — one pass of a compiled regex over the same bytes — with the ratio; and whether every
  generated figure was found (mismatched_documents must be 0);
- end to end, in a temporary copy of the project with the documents added as fixtures:
  `procstats build` (wall time, peak memory), a rebuild after one document changed, and a no-op
  rebuild against Dagster's floor (a child process materialising one no-op asset on the same
  instance), with the ratio.
Timings are printed and stored, never asserted; the goals are reported as met or not.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path
from statistics import median

from rich.console import Console
from rich.table import Table

from bench.synthetic import documents, write

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
RESULTS = REPO / "bench" / "results.json"
SIZES = (100, 1_000, 10_000)
FLOOR_PATTERN = re.compile(rb"\d+(?:\.\d+)?")
GOALS = {"extraction_ratio": 10.0, "noop_ratio": 3.0}
REPEATS = 3  # no-op rebuild and Dagster floor: median of this many runs

DAGSTER_FLOOR = """
import dagster as dg

@dg.asset
def noop() -> None:
    return None

with dg.DagsterInstance.get() as instance:
    assert dg.materialize([noop], instance=instance).success
"""


# ------------------------------------------------------------------ extraction (child process)


def extraction_worker(n: int) -> dict:
    """Runs in its own process: parse n synthetic documents, time it and the regex floor."""
    from pipelines.extract.documents import document_from_bytes
    from pipelines.extract.statements import extract_statements

    docs = documents(n)
    total = sum(len(d.data) for d in docs)
    start = time.perf_counter()
    found = [
        frozenset(
            (s.metric, s.value, s.year, s.period)
            for s in extract_statements(document_from_bytes(d.data, d.name))
        )
        for d in docs
    ]
    seconds = time.perf_counter() - start
    start = time.perf_counter()
    matches = sum(len(FLOOR_PATTERN.findall(d.data)) for d in docs)
    floor = time.perf_counter() - start
    return {
        "documents": n,
        "bytes": total,
        "seconds": seconds,
        "docs_per_s": n / seconds,
        "mb_per_s": total / seconds / 1e6,
        "floor_seconds": floor,
        "floor_mb_per_s": total / floor / 1e6,
        "floor_matches": matches,
        "ratio_to_floor": seconds / floor,
        "statements": sum(len(f) for f in found),
        "mismatched_documents": sum(f != d.expected for f, d in zip(found, docs, strict=True)),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _child(
    args: list[str], env: dict | None = None, cwd: Path | None = None
) -> tuple[float, float, str]:
    """Run a command to its end: (wall seconds, its peak RSS in MB, its stdout and stderr).
    The output goes to a file so that the process can be reaped with wait4, which reports the
    child's own peak memory (RUSAGE_CHILDREN would give the largest child so far)."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        start = time.perf_counter()
        process = subprocess.Popen(args, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        log.seek(0)
        out = log.read()
    if process.returncode != 0:
        raise SystemExit(
            f"bench: {' '.join(map(str, args))} failed: {out.strip().splitlines()[-1:]}"
        )
    return seconds, usage.ru_maxrss / 1024, out


def measure_extraction(n: int) -> dict:
    _, _, out = _child([sys.executable, "-m", "bench.run", "--extraction-worker", str(n)], cwd=REPO)
    return json.loads(out.strip().splitlines()[-1])


# ------------------------------------------------------------------ end to end


def _project(root: Path, n: int) -> dict[str, str]:
    """A copy of the project's raw/ with n synthetic fixtures; the environment to build it."""
    shutil.copytree(REPO / "raw", root / "raw")
    shutil.copy(REPO / "dagster.yaml", root / "dagster.yaml")
    write(documents(n), root / "raw" / "fixtures", as_fixtures=True)
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    env |= {"PROCSTATS_ROOT": str(root), "DAGSTER_HOME": str(root / ".dagster")}
    (root / ".dagster").mkdir()
    (root / ".dagster" / "dagster.yaml").symlink_to(root / "dagster.yaml")
    return env


def measure_build(n: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="procstats-bench-") as tmp:
        root = Path(tmp)
        env = _project(root, n)
        procstats = str(BIN / "procstats")
        build_s, peak, _ = _child([procstats, "build"], env)
        changed = root / "raw" / "fixtures" / "synthetic-00000.txt"
        changed.write_bytes(changed.read_bytes() + "检察机关持续推进工作。\n".encode())
        entries = len(list((root / ".cache" / "extract").glob("*.json")))
        one_s, _, _ = _child([procstats, "build"], env)
        parsed_again = len(list((root / ".cache" / "extract").glob("*.json"))) - entries
        noop = [_child([procstats, "build"], env) for _ in range(REPEATS)]
        assert all("up to date" in out for _, _, out in noop), "the no-op rebuild rebuilt"
        floor = [_child([sys.executable, "-c", DAGSTER_FLOOR], env)[0] for _ in range(REPEATS)]
    noop_s, floor_s = median(s for s, _, _ in noop), median(floor)
    return {
        "documents": n,
        "build_seconds": build_s,
        "build_peak_rss_mb": peak,
        "one_changed_document_seconds": one_s,
        "documents_parsed_again": parsed_again,
        "noop_rebuild_seconds": noop_s,
        "dagster_floor_seconds": floor_s,
        "noop_ratio_to_floor": noop_s / floor_s,
    }


# ------------------------------------------------------------------ growth and report


def exponent(sizes: list[int], seconds: list[float]) -> float:
    """Slope of log(seconds) on log(size): 1 is linear growth."""
    xs, ys = [math.log(s) for s in sizes], [math.log(t) for t in seconds]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )


def run(sizes: tuple[int, ...], end_to_end: bool, out: Path, console: Console) -> dict:
    extraction, builds = [], []
    for n in sizes:
        console.print(f"[bold]{n:,} documents[/]: extraction …")
        extraction.append(measure_extraction(n))
        if end_to_end:
            console.print(f"[bold]{n:,} documents[/]: build, one changed document, no-op rebuild …")
            builds.append(measure_build(n))
    ns = list(sizes)
    growth = {"extraction_exponent": exponent(ns, [e["seconds"] for e in extraction])}
    if builds:
        marginal = [
            (b["build_seconds"] - a["build_seconds"]) / (b["documents"] - a["documents"]) * 1000
            for a, b in pairwise(builds)
        ]
        growth |= {
            "build_exponent": exponent(ns, [b["build_seconds"] for b in builds]),
            "build_marginal_seconds_per_1000_documents": marginal,
        }
    worst_extraction = max(e["ratio_to_floor"] for e in extraction)
    results = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "floor": "one pass of re.compile(rb'\\d+(?:\\.\\d+)?').findall over the same bytes",
        "extraction": extraction,
        "builds": builds,
        "growth": growth,
        "goals": {
            "extraction_within_10x_floor": worst_extraction <= GOALS["extraction_ratio"],
            "noop_rebuild_within_3x_dagster_floor": all(
                b["noop_ratio_to_floor"] <= GOALS["noop_ratio"] for b in builds
            )
            if builds
            else None,
            "all_generated_figures_found": all(e["mismatched_documents"] == 0 for e in extraction),
        },
    }
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    _print(results, console)
    return results


EXTRACTION_COLUMNS = (
    ("documents", lambda e: f"{e['documents']:,}"),
    ("MB", lambda e: f"{e['bytes'] / 1e6:.2f}"),
    ("docs/s", lambda e: f"{e['docs_per_s']:,.0f}"),
    ("MB/s", lambda e: f"{e['mb_per_s']:.2f}"),
    ("regex floor MB/s", lambda e: f"{e['floor_mb_per_s']:.0f}"),
    ("ratio", lambda e: f"{e['ratio_to_floor']:.0f}×"),
    ("mismatched", lambda e: str(e["mismatched_documents"])),
    ("peak MB", lambda e: f"{e['peak_rss_mb']:.0f}"),
)
BUILD_COLUMNS = (
    ("documents", lambda b: f"{b['documents']:,}"),
    ("build s", lambda b: f"{b['build_seconds']:.1f}"),
    ("peak MB", lambda b: f"{b['build_peak_rss_mb']:.0f}"),
    ("1 changed s", lambda b: f"{b['one_changed_document_seconds']:.1f}"),
    ("parsed again", lambda b: str(b["documents_parsed_again"])),
    ("no-op s", lambda b: f"{b['noop_rebuild_seconds']:.2f}"),
    ("Dagster floor s", lambda b: f"{b['dagster_floor_seconds']:.2f}"),
    ("ratio", lambda b: f"{b['noop_ratio_to_floor']:.2f}×"),
)


def _table(title: str, rows: list[dict], columns: tuple) -> Table:
    table = Table(*(name for name, _ in columns), title=title)
    for row in rows:
        table.add_row(*(show(row) for _, show in columns))
    return table


def _print(results: dict, console: Console) -> None:
    console.print(_table("extraction", results["extraction"], EXTRACTION_COLUMNS))
    if results["builds"]:
        console.print(_table("end to end", results["builds"], BUILD_COLUMNS))
    console.print("growth: " + json.dumps(results["growth"]))
    console.print("goals:  " + json.dumps(results["goals"]))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--sizes", default=",".join(map(str, SIZES)), help="comma-separated document counts"
    )
    parser.add_argument(
        "--no-build", action="store_true", help="extraction only (no end-to-end builds)"
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--extraction-worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.extraction_worker:
        print(json.dumps(extraction_worker(args.extraction_worker)))
        return
    sizes = tuple(int(s) for s in args.sizes.split(","))
    run(sizes, not args.no_build, args.out, Console(stderr=True))


if __name__ == "__main__":
    main()
