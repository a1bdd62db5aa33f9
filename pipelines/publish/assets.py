"""Stage 6, publish: the warehouse (swapped in atomically, with Parquet exports) and the report.

Touches: writes warehouse/ and reports/ through their modules. Imports: publish, normalise, extract,
common."""

from datetime import UTC, datetime

import dagster as dg
import pandas as pd

from pipelines.common.fingerprint import build_fingerprint
from pipelines.common.resources import ProjectResource
from pipelines.extract.pipeline import quarantined
from pipelines.normalise.observations import with_derived
from pipelines.publish.report.build import write_report
from pipelines.publish.warehouse import BuildInfo, publish


@dg.asset(group_name="publish", kinds={"duckdb", "parquet"})
def warehouse(
    context: dg.AssetExecutionContext,
    project: ProjectResource,
    source_registry: pd.DataFrame,
    metric_catalogue: pd.DataFrame,
    observations: pd.DataFrame,
    derived_observations: pd.DataFrame,
    conflicts: pd.DataFrame,
    claims: pd.DataFrame,
    consistency_findings: pd.DataFrame,
    corrections: pd.DataFrame,
    comparisons: pd.DataFrame,
    coverage: pd.DataFrame,
    gaps: pd.DataFrame,
    analysis: dict[str, pd.DataFrame],
    parsed_statements: pd.DataFrame,
) -> dg.MaterializeResult:
    """warehouse/procstats.duckdb (mart views, analysis tables) and its Parquet and CSV exports with
    datapackage.json, built aside and swapped in. mart.observations holds the printed figures and,
    marked is_derived, the computed ones."""
    paths = project.paths()
    digest = build_fingerprint(paths)
    now = datetime.now(UTC)
    info = BuildInfo(
        build_id=f"{now:%Y%m%dT%H%M%SZ}-{digest[:8]}",
        built_at=now.isoformat(),
        inputs_sha256=digest,
    )
    counts = publish(
        paths,
        {
            "sources": source_registry,
            "metrics": metric_catalogue,
            "observations": with_derived(observations, derived_observations),
            "claims": claims,
            "conflicts": conflicts,
            "consistency": consistency_findings,
            "corrections": corrections,
            "comparisons": comparisons,
            "coverage": coverage,
            "gaps": gaps,
            "quarantine": quarantined(parsed_statements),
        },
        info,
        analysis,
    )
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(paths.warehouse_db)),
            "build_id": info.build_id,
            **{f"rows_{name.replace('.', '_')}": n for name, n in counts.items()},
        }
    )


@dg.asset(group_name="publish", deps=[warehouse], kinds={"html"})
def report(context: dg.AssetExecutionContext, project: ProjectResource) -> dg.MaterializeResult:
    """reports/index.html, one self-contained page rebuilt from the warehouse."""
    paths = project.paths()
    summary = write_report(paths)
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(paths.report_html)),
            "bytes": summary.bytes,
            "charts": summary.charts,
        }
    )
