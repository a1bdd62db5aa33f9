"""Render reports/index.html from the warehouse: one self-contained page, Vega inlined once.

Touches: reads the warehouse; writes reports/index.html and reports/charts/. Imports: publish,
normalise, common."""

from __future__ import annotations

import json
from dataclasses import dataclass

import altair as alt
import jinja2
import pandas as pd
import vl_convert
from altair.utils._importers import vl_version_for_vl_convert

from pipelines.common.paths import ProjectPaths, write_atomically
from pipelines.normalise.catalogue import CONTRACT_METRICS
from pipelines.publish.report import charts
from pipelines.publish.report.content import (
    CHINA_GROUPS,
    comparison_tables,
    coverage_cells,
    gap_register,
    headlines,
    trend_layers,
)
from pipelines.publish.report.images import CJK_FAMILIES, write_images
from pipelines.publish.warehouse import connect_readonly

EMBED_OPTIONS = {"actions": False, "renderer": "svg"}


@dataclass(frozen=True)
class ReportSummary:
    bytes: int
    charts: int
    images: int


def _script_json(value: object) -> str:
    """JSON safe inside a <script> element: no '</' can close it early."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pipelines.publish.report", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
    )
    env.filters["script_json"] = _script_json
    env.filters["figure"] = _format_figure
    env.filters["web_address"] = _web_address
    return env


def _web_address(url: object) -> str | None:
    """Only http(s) addresses become links; anything else (javascript:, data:, file:) does not."""
    text = _text(url)
    return text if text and text.lower().startswith(("http://", "https://")) else None


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
            "AND year BETWEEN 2013 AND 2025"
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
        comparisons = query("SELECT * FROM mart.comparisons")
        coverage = query("SELECT * FROM mart.coverage ORDER BY metric, year")
        gaps = query("SELECT * FROM mart.gaps ORDER BY gap_id, metric, year")
        analysis = {
            name: query(f"SELECT * FROM analysis.{name}")
            for name in ("inputs", "models", "parameters", "forecasts", "diagnostics")
        }
    finally:
        con.close()
    labels = {m.metric: f"{m.label_en} {m.label_zh}" for m in metrics.itertuples()}
    definitions = {
        m.metric: f"{m.label_en}: {m.definition}" for m in metrics.itertuples() if m.definition
    }
    china = china.sort_values(["metric", "year", "is_derived", "source_id"], ignore_index=True)
    tables = {
        name: _year_table(china, group.metrics, 2013, 2025) for name, group in CHINA_GROUPS.items()
    }
    chart_specs = {
        name: charts.china_series(
            china[china["metric"].isin(group.metrics)],
            labels,
            [definitions[m] for m in group.metrics],
            group.title,
            *group.axis,
        )
        for name, group in CHINA_GROUPS.items()
    }
    chart_specs["china-coverage"] = charts.coverage(
        coverage_cells(china, sources, labels), [labels[m] for m in CONTRACT_METRICS]
    )
    chart_specs["comparison"] = charts.comparison(comparisons)
    chart_specs["trends"] = charts.trends(*trend_layers(analysis))
    chart_specs["claims"] = charts.claims_vs_recomputed(claims)
    sources["mirror_urls"] = sources["mirror_urls"].apply(
        lambda v: list(v) if v is not None else []
    )
    used = sources[sources["observations"] > 0]
    return {
        "build": {"id": build["build_id"], "at": str(build["built_at"])},
        "totals": totals.to_dict("records"),
        "n_sources": len(sources),
        "n_used_sources": len(used),
        "metric_docs": metrics[metrics["metric"].isin(CONTRACT_METRICS)].to_dict("records"),
        "labels": labels,
        "china_groups": CHINA_GROUPS,
        "china_tables": tables,
        "gap_register": gap_register(coverage, gaps, labels),
        "china_gaps": {
            name: {m: _gaps(tables[name], m) for m in group.metrics}
            for name, group in CHINA_GROUPS.items()
        },
        "charts": {name: _with_fonts(chart.to_dict()) for name, chart in chart_specs.items()},
        "headlines": headlines(comparisons, analysis, claims, conflicts, findings, checked),
        "concepts": comparison_tables(comparisons),
        "models": _records(analysis["models"]),
        "parameters": _records(analysis["parameters"]),
        "forecasts": _records(analysis["forecasts"]),
        "diagnostics": _records(analysis["diagnostics"]),
        "sources": _records(sources),
        "claims": _records(claims),
        "verdict_counts": claims["verdict"].value_counts().to_dict(),
        "conflicts": _records(conflicts),
        "inconsistencies": _records(findings),
        "checked": dict(zip(checked["check_name"], checked["n"], strict=True)),
        "corrections": _records(corrections),
    }


def _with_fonts(spec: dict) -> dict:
    """Chart text in a CJK-capable font, in the page and in the PNG/SVG exports."""
    config = spec.setdefault("config", {})
    config["font"] = CJK_FAMILIES
    return spec


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
    """Render reports/index.html and reports/charts/*.png|svg, each replaced atomically."""
    context = gather(paths)
    html = render(context)
    paths.reports_dir.mkdir(parents=True, exist_ok=True)
    images = write_images(context["charts"], paths.reports_dir / "charts")
    write_atomically(paths.report_html, html.encode("utf-8"))
    return ReportSummary(
        bytes=len(html.encode("utf-8")), charts=len(context["charts"]), images=len(images)
    )
