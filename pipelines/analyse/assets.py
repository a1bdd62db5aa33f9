"""Stage 5, compare and analyse: the harmonised cross-country series (mart.comparisons), the
statsmodels trend analysis (schema analysis), both from the resolved and derived figures, and the
coverage grid with its gap register (mart.coverage, mart.gaps).

Touches: reads raw/gaps.yaml through coverage.py. Imports: analyse, reconcile, normalise, common."""

import dagster as dg
import numpy as np
import pandas as pd

from pipelines.analyse.compare import build_comparisons
from pipelines.analyse.coverage import (
    GAP,
    coverage_frame,
    coverage_problems,
    gaps_frame,
    load_register,
    reference_problems,
)
from pipelines.analyse.models import FITTED, analyse
from pipelines.analyse.series import COUNTRIES, DERIVED, PUBLISHED, load_series_spec
from pipelines.common.checks import problems_result
from pipelines.common.errors import ProcstatsError, summarise
from pipelines.common.resources import ProjectResource
from pipelines.normalise.integrity import value_problems
from pipelines.normalise.observations import with_derived
from pipelines.reconcile.corrections import corrections_from_frame, excluded_ids


@dg.asset(group_name="analyse", kinds={"pandas"})
def comparisons(
    context: dg.AssetExecutionContext,
    resolved_observations: pd.DataFrame,
    derived_observations: pd.DataFrame,
    conflicts: pd.DataFrame,
) -> pd.DataFrame:
    """Per country and shared concept the closest published series, with its definition; gaps,
    unresolved conflicts and countries without a series as rows of their own."""
    frame = build_comparisons(
        load_series_spec(), resolved_observations, derived_observations, conflicts
    )
    context.add_output_metadata(
        {
            "rows": len(frame),
            "by_status": dg.MetadataValue.json(frame["status"].value_counts().to_dict()),
            "series": int(frame["series_id"].nunique()),
        }
    )
    return frame


@dg.asset_check(asset=comparisons, blocking=True)
def comparisons_are_sound(comparisons: pd.DataFrame) -> dg.AssetCheckResult:
    """Every country has rows for every concept, every value names its definition, source and
    observation, and no value or interval is impossible (integrity.value_problems)."""
    problems = [
        f"{country}: no rows for {concept}"
        for concept in comparisons["metric"].unique()
        for country in COUNTRIES
        if not ((comparisons["metric"] == concept) & (comparisons["country"] == country)).any()
    ]
    valued = comparisons[comparisons["status"].isin([PUBLISHED, DERIVED])]
    for column in ("definition", "comparability", "source_id", "obs_id", "value"):
        problems += [
            f"{r.series_id} {r.year}: no {column}"
            for r in valued[valued[column].isna()].itertuples()
        ]
    problems += [
        f"{row['series_id']} {row['year']}: {p}"
        for _, row in valued.iterrows()
        for p in value_problems(row)
    ]
    problems += [
        f"{r.series_id} {r.year}: derived value marked {r.status}"
        for r in valued[
            valued["is_derived"].astype(bool) != (valued["status"] == DERIVED)
        ].itertuples()
    ]
    return problems_result(problems)


@dg.asset(group_name="analyse", kinds={"statsmodels"})
def analysis(
    context: dg.AssetExecutionContext,
    resolved_observations: pd.DataFrame,
    derived_observations: pd.DataFrame,
    conflicts: pd.DataFrame,
) -> dict[str, pd.DataFrame]:
    """Linear trends, segmented regressions around China's 2018 and 2021 policy breaks, forecasts
    with prediction intervals and residual diagnostics, or a plain "too short" where a series is."""
    tables = analyse(load_series_spec(), resolved_observations, derived_observations, conflicts)
    models = tables["models"]
    context.add_output_metadata(
        {
            "models": len(models),
            "fitted": int((models["status"] == FITTED).sum()),
            "too_short": int((models["status"] != FITTED).sum()),
            "forecast_series": int(tables["forecasts"]["series_id"].nunique()),
        }
    )
    return tables


@dg.asset_check(asset=analysis, blocking=True)
def analysis_is_sound(analysis: dict[str, pd.DataFrame]) -> dg.AssetCheckResult:
    """A fitted model has finite parameters and intervals around them; a model too short to fit
    says why and has no parameters; prediction intervals contain their confidence intervals."""
    models, parameters = analysis["models"], analysis["parameters"]
    fitted = set(
        zip(
            *[models.loc[models["status"] == FITTED, c] for c in ("series_id", "model")],
            strict=True,
        )
    )
    have = set(zip(parameters["series_id"], parameters["model"], strict=True))
    problems = [f"{s} {m}: fitted without parameters" for s, m in sorted(fitted - have)]
    problems += [f"{s} {m}: parameters of a model not fitted" for s, m in sorted(have - fitted)]
    problems += [
        f"{r.series_id} {r.model}: too short without a reason"
        for r in models[(models["status"] != FITTED) & models["note"].isna()].itertuples()
    ]
    numbers = parameters[["estimate", "std_error", "ci_low", "ci_high"]].astype(float).to_numpy()
    problems += [
        f"parameter row {i}: not finite" for i in np.flatnonzero(~np.isfinite(numbers).all(axis=1))
    ]
    problems += [
        f"{r.series_id} {r.term}: estimate outside its interval"
        for r in parameters[
            (parameters["estimate"] < parameters["ci_low"])
            | (parameters["estimate"] > parameters["ci_high"])
        ].itertuples()
    ]
    f = analysis["forecasts"]
    problems += [
        f"{r.series_id} {r.year}: prediction interval narrower than the confidence interval"
        for r in f[
            (f["pi_low"] > f["mean_ci_low"]) | (f["pi_high"] < f["mean_ci_high"])
        ].itertuples()
    ]
    return problems_result(problems)


@dg.multi_asset(
    group_name="analyse",
    outs={"coverage": dg.AssetOut(kinds={"pandas"}), "gaps": dg.AssetOut(kinds={"yaml"})},
)
def gap_register(
    context: dg.AssetExecutionContext,
    project: ProjectResource,
    observations: pd.DataFrame,
    derived_observations: pd.DataFrame,
    corrections: pd.DataFrame,
    metric_catalogue: pd.DataFrame,
    source_registry: pd.DataFrame,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """raw/gaps.yaml against the warehouse: what stands in every cell of the coverage grid, and for
    every empty cell why, with the searches made for it."""
    register = load_register(project.paths().raw)
    if register is not None:
        problems = reference_problems(
            register, set(metric_catalogue["metric"]), set(source_registry["source_id"])
        )
        if problems:
            raise ProcstatsError(summarise(problems, "gaps.yaml"))
    excluded = excluded_ids(observations, corrections_from_frame(corrections))
    coverage = coverage_frame(register, with_derived(observations, derived_observations), excluded)
    gaps = gaps_frame(register, coverage)
    context.add_output_metadata(
        {
            "cells": len(coverage),
            "by_status": dg.MetadataValue.json(coverage["status"].value_counts().to_dict()),
        },
        output_name="coverage",
    )
    context.add_output_metadata(
        {
            "gap_cells": len(gaps),
            "entries": int(gaps["gap_id"].nunique()),
            "by_status": dg.MetadataValue.json(gaps["status"].value_counts().to_dict()),
        },
        output_name="gaps",
    )
    return coverage, gaps


@dg.asset_check(asset=dg.AssetKey("coverage"), blocking=False)
def gap_register_matches_grid(coverage: pd.DataFrame) -> dg.AssetCheckResult:
    """Every empty cell of the grid has a gap-register entry and no entry covers a filled cell."""
    return problems_result(
        coverage_problems(coverage),
        dg.AssetCheckSeverity.WARN,
        gap_cells=int((coverage["status"] == GAP).sum()),
    )
