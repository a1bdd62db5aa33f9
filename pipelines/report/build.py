"""Render reports/index.html from the warehouse: one self-contained page, Vega inlined once."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass

import altair as alt
import jinja2
import pandas as pd
import vl_convert
from altair.utils._importers import vl_version_for_vl_convert

from pipelines.paths import ProjectPaths
from pipelines.warehouse import connect_readonly

from . import charts

RATE_METRICS = ("non_prosecution_rate", "non_arrest_rate")
COUNT_METRICS = ("prosecuted", "not_prosecuted")
EMBED_OPTIONS = {"actions": False, "renderer": "svg"}


@dataclass(frozen=True)
class ReportSummary:
    bytes: int
    charts: int


def _script_json(value: object) -> str:
    """JSON safe inside a <script> element: no '</' can close it early."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pipelines.report", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
    )
    env.filters["script_json"] = _script_json
    env.filters["figure"] = _format_figure
    return env


def _format_figure(value: float | None, unit: str) -> str:
    if value is None or pd.isna(value):
        return "—"
    if unit == "pct":
        return f"{value:.4g}%"
    return f"{value:,.0f}"


def _year_table(frame: pd.DataFrame, metrics: tuple[str, ...], first: int, last: int) -> list[dict]:
    """Per year and metric, every full-year value with its source; empty lists are gaps."""
    rows = []
    for year in range(first, last + 1):
        cells = {}
        for metric in metrics:
            hits = frame[
                (frame["year"] == year) & (frame["metric"] == metric) & frame["value"].notna()
            ]
            cells[metric] = [
                {
                    "value": r.value,
                    "unit": r.unit,
                    "printed": _text(r.printed),
                    "derived": bool(r.is_derived),
                    "method": _text(r.method),
                    "source_id": r.source_id,
                }
                for r in hits.sort_values(["is_derived", "source_id"]).itertuples()
            ]
        rows.append({"year": year, "cells": cells})
    return rows


def _text(value: object) -> str | None:
    return None if value is None or pd.isna(value) else str(value)


def _gaps(table: list[dict], metric: str) -> list[int]:
    return [row["year"] for row in table if not row["cells"][metric]]


def gather(paths: ProjectPaths) -> dict:
    """Everything the page shows, read from the warehouse in one read-only session."""
    con = connect_readonly(paths.warehouse_db)
    try:

        def query(sql: str) -> pd.DataFrame:
            return con.execute(sql).df()

        build = query("SELECT build_id, built_at FROM meta.build").iloc[0]
        metrics = query("SELECT * FROM mart.metrics")
        china = query(
            "SELECT * FROM mart.observations WHERE country = 'CN' AND scope = 'all' AND period = 'FY' "
            f"AND metric IN {RATE_METRICS + COUNT_METRICS} AND year BETWEEN 2013 AND 2025"
        )
        sources = query(
            "SELECT s.*, count(o.obs_id) AS observations FROM mart.sources s "
            "LEFT JOIN mart.observations o USING (source_id) GROUP BY ALL ORDER BY s.source_id"
        )
        totals = query(
            "SELECT country, count(*) AS n, count(*) FILTER (is_derived) AS derived "
            "FROM mart.observations GROUP BY country ORDER BY n DESC"
        )
        claims = query("SELECT * FROM mart.claims ORDER BY claim_id")
        conflicts = query("SELECT * FROM mart.conflicts ORDER BY country, metric, year, period")
        findings = query(
            "SELECT * FROM mart.consistency WHERE verdict = 'inconsistent' "
            "ORDER BY country, metric, scope, year, period, check_name"
        )
        checked = query(
            "SELECT check_name, count(*) AS n FROM mart.consistency GROUP BY check_name"
        )
        corrections = query("SELECT * FROM mart.corrections ORDER BY correction_id")
    finally:
        con.close()
    labels = {m.metric: f"{m.label_en} {m.label_zh}" for m in metrics.itertuples()}
    rate_table = _year_table(china, RATE_METRICS, 2013, 2025)
    count_table = _year_table(china, COUNT_METRICS, 2013, 2025)
    rates = china[china["metric"].isin(RATE_METRICS)]
    counts = china[china["metric"].isin(COUNT_METRICS)]
    chart_specs = {
        "china-rates": charts.china_rates(rates, labels).to_dict(),
        "china-counts": charts.china_counts(counts, labels).to_dict(),
        "claims": charts.claims_vs_recomputed(claims).to_dict(),
    }
    sources["mirror_urls"] = sources["mirror_urls"].apply(
        lambda v: list(v) if v is not None else []
    )
    used = sources[sources["observations"] > 0]
    return {
        "build": {"id": build["build_id"], "at": str(build["built_at"])},
        "totals": totals.to_dict("records"),
        "n_sources": len(sources),
        "n_used_sources": len(used),
        "metric_docs": metrics[metrics["metric"].isin(RATE_METRICS + COUNT_METRICS)].to_dict(
            "records"
        ),
        "labels": labels,
        "rate_table": rate_table,
        "count_table": count_table,
        "rate_gaps": {m: _gaps(rate_table, m) for m in RATE_METRICS},
        "count_gaps": {m: _gaps(count_table, m) for m in COUNT_METRICS},
        "charts": chart_specs,
        "sources": sources.to_dict("records"),
        "claims": _records(claims),
        "verdict_counts": claims["verdict"].value_counts().to_dict(),
        "conflicts": _records(conflicts),
        "inconsistencies": _records(findings),
        "checked": dict(zip(checked["check_name"], checked["n"], strict=True)),
        "corrections": _records(corrections),
    }


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows for the template, with missing values as None (jinja cannot test NaN)."""
    return [
        {k: (None if pd.api.types.is_scalar(v) and pd.isna(v) else v) for k, v in r.items()}
        for r in frame.astype(object).to_dict("records")
    ]


def render(context: dict) -> str:
    template = _environment().get_template("index.html.j2")
    return template.render(
        **context,
        vega_bundle=vl_convert.javascript_bundle(vl_version=vl_version_for_vl_convert()),
        embed_options=EMBED_OPTIONS,
        vega_lite_version=alt.SCHEMA_VERSION,
    )


def write_report(paths: ProjectPaths) -> ReportSummary:
    """Render and replace reports/index.html atomically."""
    context = gather(paths)
    html = render(context)
    paths.reports_dir.mkdir(parents=True, exist_ok=True)
    tmp = paths.reports_dir / f".index.html.{os.getpid()}.tmp"
    tmp.write_text(html, encoding="utf-8")
    os.replace(tmp, paths.report_html)
    return ReportSummary(bytes=len(html.encode("utf-8")), charts=len(context["charts"]))
