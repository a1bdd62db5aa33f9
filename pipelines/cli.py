"""The `procstats` command line: build, query, report.

Bad input ends with one line on stderr ("error: ...") and exit status 2; a failed build with status 1.

Touches: the command line; raw/ (read), the warehouse (read-only queries), reports/. Imports: every
stage and the runner (build)."""

from __future__ import annotations

import csv
import json
import math
import os
import shutil
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from pipelines.common.errors import ProcstatsError
from pipelines.common.paths import project_paths

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="procstats: published prosecution statistics.",
)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def _out() -> Console:
    return Console(
        width=shutil.get_terminal_size((200, 40)).columns, highlight=False, soft_wrap=False
    )


def _cell(value: object) -> object:
    """Plain values for printing: whole floats as integers, NaN as missing."""
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if value.is_integer() and abs(value) < 1e15:
            return int(value)
    return value


def print_rows(columns: list[str], rows: list[tuple], fmt: OutputFormat) -> None:
    rows = [tuple(_cell(v) for v in row) for row in rows]
    if fmt is OutputFormat.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(["" if v is None else v for v in row] for row in rows)
    elif fmt is OutputFormat.json:
        records = [dict(zip(columns, row, strict=True)) for row in rows]
        sys.stdout.write(json.dumps(records, ensure_ascii=False, default=str, indent=1) + "\n")
    else:
        table = Table(*columns, show_lines=False, header_style="bold")
        for row in rows:
            table.add_row(*("NULL" if v is None else str(v) for v in row))
        console = _out()
        console.print(table)
        console.print(f"{len(rows)} row{'s' if len(rows) != 1 else ''}")


@app.command()
def build(
    select: Annotated[
        str | None,
        typer.Option(
            help="Dagster asset selection, e.g. 'key:observations+'. Default: everything."
        ),
    ] = None,
    online: Annotated[
        bool, typer.Option(help="Fetch registered documents first (default: no network).")
    ] = False,
    force: Annotated[
        bool, typer.Option(help="Rebuild even when nothing in raw/ or the code has changed.")
    ] = False,
) -> None:
    """Build the warehouse and the report from raw/ (offline unless --online). With no change
    since the last build, there is nothing to do and it says so."""
    from pipelines.build import run_build
    from pipelines.common.fingerprint import build_fingerprint
    from pipelines.publish.release import current_build
    from pipelines.publish.summary import print_summary

    paths = project_paths()
    if not (select or online or force):
        fingerprint = build_fingerprint(paths)
        build_id = current_build(paths, fingerprint)
        if build_id:
            err.print(
                f"up to date: build {build_id} was made from these inputs "
                f"(sha256 {fingerprint[:12]}); nothing to do (--force rebuilds)",
                markup=False,
            )
            print_summary(paths, _out())
            return
    outcome = run_build(select, online=online, say=lambda line: err.print(line, markup=False))
    if not outcome.success:
        failed = outcome.failures
        first = (
            f"{failed[0].name}: {failed[0].detail}" if failed else "see the run in `dagster dev`"
        )
        err.print(f"error: build failed at {first}", markup=False)
        raise typer.Exit(1)
    if outcome.completed("warehouse"):
        print_summary(project_paths(), _out())
    else:
        _out().print(f"built {outcome.completed_steps()}; the warehouse was not in the selection")


@app.command()
def query(
    sql: Annotated[str, typer.Argument(help="SQL to run against the warehouse (read-only).")],
    fmt: Annotated[
        OutputFormat, typer.Option("--format", help="table, csv or json.")
    ] = OutputFormat.table,
) -> None:
    """Run a read-only SQL query on warehouse/procstats.duckdb."""
    import duckdb

    from pipelines.publish.warehouse import connect_readonly

    con = connect_readonly(project_paths().warehouse_db)
    try:
        cursor = con.execute(sql)
        if cursor.description is None:
            raise ProcstatsError("the statement returned no rows to show")
        columns = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
    except duckdb.Error as exc:
        raise ProcstatsError(str(exc).strip().splitlines()[0]) from exc
    finally:
        con.close()
    print_rows(columns, rows, fmt)


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="HTML, PDF or plain-text documents.")],
    fmt: Annotated[
        OutputFormat, typer.Option("--format", help="table, csv or json.")
    ] = OutputFormat.table,
) -> None:
    """Print every statistical statement found in the documents."""
    from pipelines.extract.documents import read_document
    from pipelines.extract.statements import STATEMENT_FIELDS, extract_statements

    columns = STATEMENT_FIELDS if fmt is not OutputFormat.table else STATEMENT_FIELDS[:15]
    rows = []
    for path in paths:
        for statement in extract_statements(read_document(path)):
            record = statement.record()
            rows.append(tuple(record[c] for c in columns))
    print_rows(columns, rows, fmt)


@app.command()
def fetch(
    source: Annotated[str | None, typer.Option(help="Only this registered source.")] = None,
    online: Annotated[bool, typer.Option(help="Use the network (default: offline).")] = False,
) -> None:
    """Fetch registered documents into raw/snapshots (content-addressed, never overwritten)."""
    from pipelines.snapshot.fetch.policy import load_policy
    from pipelines.snapshot.fetch.run import fetch_targets, targets
    from pipelines.snapshot.registry import load_registry

    paths = project_paths()
    sources = load_registry(paths.raw)
    if source and source not in set(sources["source_id"]):
        raise ProcstatsError(f"no registered source {source!r}")
    chosen = targets(sources, source)
    if not online:
        stored = len(list((paths.raw / "snapshots").glob("*/*.meta.json")))
        _out().print(
            f"offline: nothing fetched; {stored} snapshots already in raw/snapshots "
            f"(--online would try {len(chosen)} addresses)"
        )
        return
    outcomes = fetch_targets(
        paths.raw, chosen, load_policy(sources), say=lambda line: err.print(line, markup=False)
    )
    counts = outcomes["outcome"].value_counts().to_dict()
    _out().print(", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "nothing to fetch")
    if chosen and counts.get("failed", 0) == len(chosen):
        raise typer.Exit(1)


@app.command()
def report() -> None:
    """Rebuild reports/index.html from the warehouse."""
    from pipelines.publish.report.build import write_report

    paths = project_paths()
    summary = write_report(paths)
    _out().print(
        f"wrote {paths.report_html} ({summary.bytes:,} bytes, {summary.charts} charts; "
        f"{summary.images} PNG/SVG files in {paths.reports_dir / 'charts'})"
    )


def main() -> None:
    """Entry point: every error a user can cause becomes one line and a non-zero status."""
    try:
        status = app(standalone_mode=False)
    except ProcstatsError as exc:
        err.print(f"error: {exc}", markup=False)
        sys.exit(2)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err.print("error: aborted", markup=False)
        sys.exit(130)
    except typer.TyperException as exc:  # usage errors: unknown option, bad value, missing argument
        if type(exc).__name__ == "NoArgsIsHelpError":
            err.print(exc.format_message(), markup=False)
        else:
            err.print(f"error: {exc.format_message()}", markup=False)
        sys.exit(2)
    except OSError as exc:
        err.print(f"error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), markup=False)
        sys.exit(2)
    except Exception as exc:  # a bug, not bad input: still one line, the traceback on request
        if os.environ.get("PROCSTATS_DEBUG"):
            raise
        first = str(exc).splitlines()[0] if str(exc) else ""
        err.print(
            f"error: internal error {type(exc).__name__}: {first} "
            "(set PROCSTATS_DEBUG=1 for the traceback)",
            markup=False,
        )
        sys.exit(3)
    sys.exit(status if isinstance(status, int) else 0)


if __name__ == "__main__":
    main()
