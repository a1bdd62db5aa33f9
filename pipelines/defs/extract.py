"""Stage 2, extract: figures as read from each document, with where they were read."""

import dagster as dg
import pandas as pd

from pipelines.japan_cube import read_cubes
from pipelines.transcriptions import load_transcriptions

from .resources import ProjectResource


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
