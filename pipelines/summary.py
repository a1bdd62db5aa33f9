"""The short summary a build ends with: what is in the warehouse and where the outputs are."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from .paths import ProjectPaths
from .warehouse import connect_readonly
from .warehouse_schema import MART_VIEWS


def print_summary(paths: ProjectPaths, console: Console) -> None:
    con = connect_readonly(paths.warehouse_db)
    try:
        (build_id,) = con.execute("SELECT build_id FROM meta.build").fetchone()
        sources = con.execute(
            "SELECT count(*), count(*) FILTER (access <> 'not_seen') FROM mart.sources"
        ).fetchone()
        by_country = con.execute(
            "SELECT country, count(*), count(*) FILTER (is_derived), min(year), max(year) "
            "FROM mart.observations GROUP BY country ORDER BY count(*) DESC"
        ).fetchall()
        verdicts = con.execute(
            "SELECT verdict, count(*) FROM mart.claims GROUP BY verdict ORDER BY verdict"
        ).fetchall()
    finally:
        con.close()

    table = Table(
        "country",
        "observations",
        "computed",
        "years",
        title=f"build {build_id}",
        title_justify="left",
    )
    for country, n, derived, first, last in by_country:
        table.add_row(country, str(n), str(derived), f"{first}-{last}")
    table.add_row(
        "all",
        str(sum(r[1] for r in by_country)),
        str(sum(r[2] for r in by_country)),
        "",
        style="bold",
    )
    console.print(table)
    console.print(f"sources: {sources[0]} registered, {sources[1]} read")
    if verdicts:
        console.print("claims by verdict: " + ", ".join(f"{v} {n}" for v, n in verdicts))
    else:
        console.print("claims by verdict: no claims (raw/claims holds no claims file)")

    exports = ", ".join(f"{v.name}.parquet" for v in MART_VIEWS)
    console.print(f"warehouse: {paths.warehouse_db}")
    console.print(f"parquet:   {paths.warehouse_dir}/{{{exports}}}")
    console.print(f"report:    {paths.report_html}")
