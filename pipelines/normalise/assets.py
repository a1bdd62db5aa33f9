"""Stage 3, normalise: the metric catalogue and tidy observations, with structural checks that stop
the publish stage when they fail.

Touches: nothing but data frames from earlier stages. Imports: normalise, extract, common."""

import dagster as dg
import pandas as pd

from pipelines.common.checks import problems_result
from pipelines.extract.pipeline import parsed_figures
from pipelines.normalise.catalogue import load_catalogue
from pipelines.normalise.integrity import structural_problems
from pipelines.normalise.observations import normalise


@dg.asset(group_name="normalise", kinds={"yaml"})
def metric_catalogue(context: dg.AssetExecutionContext) -> pd.DataFrame:
    """Labels, units, formulas and comparability notes for every metric id."""
    frame = load_catalogue()
    context.add_output_metadata({"metrics": len(frame)})
    return frame


@dg.asset(group_name="normalise", kinds={"pandas"})
def observations(
    context: dg.AssetExecutionContext,
    transcribed_figures: pd.DataFrame,
    japan_cube_figures: pd.DataFrame,
    parsed_statements: pd.DataFrame,
    metric_catalogue: pd.DataFrame,
) -> pd.DataFrame:
    """One row per printed (or computed) figure with unit, interval and source. Parsed documents
    contribute where nobody transcribed them; fixtures never do."""
    parsed = parsed_figures(parsed_statements, set(transcribed_figures["source_id"]))
    frame = normalise([transcribed_figures, japan_cube_figures, parsed], metric_catalogue)
    context.add_output_metadata(
        {
            "observations": len(frame),
            "derived": int(frame["is_derived"].sum()),
            "by_country": dg.MetadataValue.json(frame["country"].value_counts().to_dict()),
        }
    )
    return frame


@dg.asset_check(
    asset=observations,
    blocking=True,
    additional_ins={"source_registry": dg.AssetIn("source_registry")},
)
def observations_are_sound(
    observations: pd.DataFrame, source_registry: pd.DataFrame
) -> dg.AssetCheckResult:
    """Every figure has a registered source it was read in; computed values are never presented as
    printed; intervals contain their values; no rate lies outside 0-100."""
    return problems_result(structural_problems(observations, source_registry))
