"""The short summary a build ends with: what is in the warehouse and where the outputs are.

Touches: reads the warehouse it is given. Imports: publish, common."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from pipelines.common.paths import ProjectPaths
from pipelines.publish.exports import EXPORTS
from pipelines.publish.warehouse import connect_readonly


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
        compared = con.execute(
            "SELECT count(DISTINCT country), count(DISTINCT series_id), count(DISTINCT metric) "
            "FROM mart.comparisons"
        ).fetchone()
        statuses = con.execute(
            "SELECT status, count(*) FROM mart.comparisons GROUP BY status ORDER BY status"
        ).fetchall()
        quarantined = con.execute("SELECT count(*) FROM mart.quarantine").fetchone()[0]
        models = con.execute(
            "SELECT count(*), count(*) FILTER (status = 'fitted'), "
            "(SELECT count(DISTINCT series_id) FROM analysis.forecasts) FROM analysis.models"
        ).fetchone()
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

    console.print(
        f"comparisons: {compared[0]} countries, {compared[1]} series, {compared[2]} concepts; "
        + ", ".join(f"{status} {n}" for status, n in statuses)
    )
    console.print(
        f"analysis: {models[0]} models, {models[1]} fitted, {models[0] - models[1]} too short; "
        f"forecasts for {models[2]} series"
    )
    if quarantined:
        console.print(
            f"quarantined: {quarantined} document(s) could not be read (see mart.quarantine)"
        )
    console.print(f"warehouse: {paths.warehouse_db}")
    console.print(
        f"exports:   {paths.warehouse_dir}/{{name}}.parquet and .csv for {len(EXPORTS)} views "
        "and tables, described in datapackage.json"
    )
    console.print(f"report:    {paths.report_html}")
