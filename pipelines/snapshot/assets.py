"""Stage 1, snapshot: the registry of source documents and the files stored for them in raw/.

Touches: reads raw/sources and raw/snapshots; with --online writes new snapshots. Imports: snapshot,
common."""

import dagster as dg
import pandas as pd

from pipelines.common.resources import ProjectResource
from pipelines.snapshot.fetch.policy import load_policy
from pipelines.snapshot.fetch.run import OUTCOME_COLUMNS, fetch_targets, targets
from pipelines.snapshot.inventory import inventory
from pipelines.snapshot.registry import load_registry


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


class FetchConfig(dg.Config):
    online: bool = False  # offline (the default) fetches nothing and uses what raw/ holds
    source: str | None = None  # only this registered source


@dg.asset(group_name="snapshot", kinds={"http"})
def fetched_snapshots(
    context: dg.AssetExecutionContext,
    config: FetchConfig,
    project: ProjectResource,
    source_registry: pd.DataFrame,
) -> pd.DataFrame:
    """Registered documents fetched into raw/snapshots (online only); one outcome per address."""
    chosen = targets(source_registry, config.source)
    if not config.online:
        context.log.info(f"offline: nothing fetched ({len(chosen)} addresses registered)")
        outcomes = pd.DataFrame(columns=OUTCOME_COLUMNS)
    else:
        outcomes = fetch_targets(
            project.paths().raw, chosen, load_policy(source_registry), say=context.log.info
        )
    counts = outcomes["outcome"].value_counts().to_dict()
    context.add_output_metadata(
        {
            "online": config.online,
            "addresses": len(chosen),
            **{k.replace(" ", "_"): v for k, v in counts.items()},
        }
    )
    return outcomes


@dg.asset(group_name="snapshot", kinds={"html", "pdf"}, deps=[fetched_snapshots])
def document_inventory(context: dg.AssetExecutionContext, project: ProjectResource) -> pd.DataFrame:
    """The documents in raw/ the extractor can read: fetched snapshots and the parser's fixtures."""
    frame = inventory(project.paths().raw)
    context.add_output_metadata(
        {"documents": len(frame), "fixtures": int(frame["is_fixture"].sum())}
    )
    return frame
