"""Stage 1, snapshot: the registry of source documents and the files stored for them in raw/."""

import dagster as dg
import pandas as pd

from pipelines.inventory import inventory
from pipelines.registry import load_registry

from .resources import ProjectResource


@dg.asset(group_name="snapshot", kinds={"yaml"})
def source_registry(context: dg.AssetExecutionContext, project: ProjectResource) -> pd.DataFrame:
    """Every document behind a figure (raw/sources/*.yaml), schema-checked, with each stored file's
    sha256 verified against its record."""
    frame = load_registry(project.paths().raw)
    stored = int(frame["stored_file"].notna().sum())
    context.add_output_metadata(
        {
            "sources": len(frame),
            "stored_files_verified": stored,
            "by_kind": dg.MetadataValue.md(frame["kind"].value_counts().to_frame().to_markdown()),
        }
    )
    return frame


@dg.asset(group_name="snapshot", kinds={"html", "pdf"})
def document_inventory(context: dg.AssetExecutionContext, project: ProjectResource) -> pd.DataFrame:
    """The documents in raw/ the extractor can read: fetched snapshots and the parser's fixtures."""
    frame = inventory(project.paths().raw)
    context.add_output_metadata(
        {"documents": len(frame), "fixtures": int(frame["is_fixture"].sum())}
    )
    return frame
