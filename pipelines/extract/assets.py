"""Stage 2, extract: figures as read from each document, with where they were read.

Touches: reads raw/ (documents, transcriptions, cubes) and the parse cache in .cache/. Imports:
extract, snapshot, common."""

import dagster as dg
import pandas as pd

from pipelines.common.checks import table_md
from pipelines.common.resources import ProjectResource
from pipelines.extract.cache import ExtractCache
from pipelines.extract.crosscheck import AGREE, DISAGREE, PARSED_ONLY, TRANSCRIBED_ONLY, crosscheck
from pipelines.extract.japan_cube import read_cubes
from pipelines.extract.pipeline import parse_documents
from pipelines.extract.transcriptions import load_transcriptions


@dg.asset(group_name="extract", kinds={"csv"})
def transcribed_figures(
    context: dg.AssetExecutionContext, project: ProjectResource, source_registry: pd.DataFrame
) -> pd.DataFrame:
    """Figures typed in by hand from documents (raw/transcriptions), each checked against its
    printed form."""
    frame = load_transcriptions(project.paths().raw, source_registry)
    context.add_output_metadata(
        {
            "figures": len(frame),
            "computed_by_hand": int(frame["is_derived"].sum()),
            "by_country": dg.MetadataValue.json(frame["country"].value_counts().to_dict()),
        }
    )
    return frame


@dg.asset(group_name="extract", kinds={"json"})
def japan_cube_figures(
    context: dg.AssetExecutionContext, project: ProjectResource, source_registry: pd.DataFrame
) -> pd.DataFrame:
    """Japan's Ministry of Justice statistics, read cell by cell from the stored cube files."""
    frame = read_cubes(project.paths().raw, source_registry)
    context.add_output_metadata(
        {"figures": len(frame), "years": f"{frame['year'].min()}-{frame['year'].max()}"}
    )
    return frame


@dg.asset(group_name="extract", kinds={"python"})
def parsed_statements(
    context: dg.AssetExecutionContext, project: ProjectResource, document_inventory: pd.DataFrame
) -> pd.DataFrame:
    """Every statement the extractor finds in the parseable documents (snapshots and fixtures),
    with its span and sentence. Unreadable documents are listed with their problem (and end up in
    mart.quarantine). A document whose bytes and the extractor are unchanged is not parsed again."""
    paths = project.paths()
    cache = ExtractCache(paths.cache_dir / "extract")
    frame = parse_documents(paths.raw, document_inventory, cache)
    problems = frame[frame["problem"].notna()]
    for row in problems.itertuples():
        context.log.warning(f"{row.doc}: {row.problem}")
    context.add_output_metadata(
        {
            "documents": int(frame["doc"].nunique()),
            "statements": int(frame["metric"].notna().sum()),
            "unreadable_documents": len(problems),
            "parsed": cache.misses,
            "unchanged_from_cache": cache.hits,
        }
    )
    return frame


@dg.asset_check(
    asset=parsed_statements,
    blocking=False,
    additional_ins={"transcribed_figures": dg.AssetIn("transcribed_figures")},
)
def parsed_agrees_with_transcribed(
    parsed_statements: pd.DataFrame, transcribed_figures: pd.DataFrame
) -> dg.AssetCheckResult:
    """Where a document was both parsed and transcribed by hand, every figure on which they disagree.
    Figures only one side has are listed, not failed: documents rarely repeat every figure."""
    findings = crosscheck(parsed_statements, transcribed_figures)
    counts = findings["finding"].value_counts().to_dict()
    disagreements = findings[findings["finding"] == DISAGREE]
    shown = findings[findings["finding"] != AGREE].sort_values(["finding", "doc"]).head(60)
    return dg.AssetCheckResult(
        passed=disagreements.empty,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "agreements": counts.get(AGREE, 0),
            "disagreements": len(disagreements),
            "parsed_only": counts.get(PARSED_ONLY, 0),
            "transcribed_only": counts.get(TRANSCRIBED_ONLY, 0),
            "documents_compared": int(findings["doc"].nunique()),
            "findings": table_md(shown, list(shown.columns)),
        },
    )
