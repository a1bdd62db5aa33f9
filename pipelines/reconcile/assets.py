"""Stage 4, derive and reconcile: which printed value stands where sources disagree, what the
pipeline computes from printed counts, whether the printed record agrees with itself, and how the
literature's claims fare against all of it.

Blocking checks stop publication on structural errors (a derived value without its formula, a rate
above 100, a verdict without an explanation); non-blocking checks report every disagreement with its
numbers, because disagreement between sources is a finding, not a failure of the build.

Touches: reads raw/corrections.yaml and raw/claims through their modules. Imports: reconcile,
normalise, common."""

import dagster as dg
import pandas as pd

from pipelines.common.checks import problems_result, table_md
from pipelines.common.resources import ProjectResource
from pipelines.normalise.integrity import structural_problems
from pipelines.reconcile.claims import VERDICTS, Evidence, claim_problems, judge_claims, load_claims
from pipelines.reconcile.consistency import check_consistency
from pipelines.reconcile.corrections import (
    corrections_frame,
    corrections_from_frame,
    excluded_ids,
    load_corrections,
)
from pipelines.reconcile.derive import derive
from pipelines.reconcile.resolve import checkable, resolve


@dg.asset(group_name="reconcile", kinds={"yaml"})
def corrections(
    context: dg.AssetExecutionContext, project: ProjectResource, observations: pd.DataFrame
) -> pd.DataFrame:
    """raw/corrections.yaml: figures excluded, preferred or explained, each with its reason and
    the observations it applies to."""
    frame = corrections_frame(load_corrections(project.paths().raw), observations)
    context.add_output_metadata(
        {
            "corrections": len(frame),
            "by_action": dg.MetadataValue.json(frame["action"].value_counts().to_dict()),
        }
    )
    return frame


@dg.asset_check(asset=corrections, blocking=False)
def corrections_apply(corrections: pd.DataFrame) -> dg.AssetCheckResult:
    """A correction that matches no observation is stale (the figure or its source id changed)."""
    stale = corrections[corrections["obs_ids"].apply(len) == 0]
    return dg.AssetCheckResult(
        passed=stale.empty,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "stale": len(stale),
            "stale_corrections": table_md(stale, ["correction_id", "match"]),
        },
    )


@dg.multi_asset(
    group_name="reconcile",
    outs={
        "resolved_observations": dg.AssetOut(kinds={"pandas"}),
        "conflicts": dg.AssetOut(kinds={"pandas"}),
    },
)
def resolution(
    context: dg.AssetExecutionContext,
    observations: pd.DataFrame,
    source_registry: pd.DataFrame,
    corrections: pd.DataFrame,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One printed value per metric, year, period and scope (source priority, then corrections),
    and every slot where sources disagree beyond rounding, with how it was resolved."""
    resolved, conflicts = resolve(
        observations, source_registry, corrections_from_frame(corrections)
    )
    unresolved = int(conflicts["chosen_obs_id"].isna().sum())
    context.add_output_metadata({"resolved": len(resolved)}, output_name="resolved_observations")
    context.add_output_metadata(
        {
            "conflicts": len(conflicts),
            "unresolved": unresolved,
            "conflict_list": table_md(conflicts, ["country", "year", "period", "metric", "values"]),
        },
        output_name="conflicts",
    )
    return resolved, conflicts


@dg.asset(group_name="reconcile", kinds={"pandas"})
def derived_observations(
    context: dg.AssetExecutionContext, resolved_observations: pd.DataFrame
) -> pd.DataFrame:
    """Rates computed from printed counts (and last year's rates implied by printed changes), with
    the interval the inputs' printing allows and a method naming the formula and input ids."""
    frame = derive(resolved_observations)
    context.add_output_metadata(
        {
            "derived": len(frame),
            "by_metric": dg.MetadataValue.json(frame["metric"].value_counts().to_dict()),
        }
    )
    return frame


@dg.asset_check(
    asset=derived_observations,
    blocking=True,
    additional_ins={
        "observations": dg.AssetIn("observations"),
        "source_registry": dg.AssetIn("source_registry"),
    },
)
def derived_observations_are_sound(
    derived_observations: pd.DataFrame, observations: pd.DataFrame, source_registry: pd.DataFrame
) -> dg.AssetCheckResult:
    """Derived rows are marked derived, carry a method, lie inside their interval and within 0-100,
    and never reuse the id of a printed observation."""
    problems = structural_problems(derived_observations, source_registry)
    problems += [
        f"{row.obs_id}: marked as printed but computed by procstats"
        for row in derived_observations.itertuples()
        if not row.is_derived
    ]
    clashes = set(derived_observations["obs_id"]) & set(observations["obs_id"])
    problems += [f"{o}: id of a printed observation" for o in sorted(clashes)]
    return problems_result(problems)


@dg.asset(group_name="reconcile", kinds={"pandas"})
def consistency_findings(
    context: dg.AssetExecutionContext,
    observations: pd.DataFrame,
    resolved_observations: pd.DataFrame,
    derived_observations: pd.DataFrame,
    corrections: pd.DataFrame,
) -> pd.DataFrame:
    """Printed rates against their counts, changes against last year, parts against totals and
    partial periods against the full year, each with its numbers."""
    printed = checkable(observations, resolved_observations, corrections_from_frame(corrections))
    frame = check_consistency(printed, derived_observations)
    context.add_output_metadata(
        {"findings": len(frame), "inconsistent": int((frame["verdict"] == "inconsistent").sum())}
    )
    return frame


@dg.asset_check(asset=consistency_findings, blocking=False)
def printed_figures_agree(consistency_findings: pd.DataFrame) -> dg.AssetCheckResult:
    """Every inconsistency in the printed record, with the printed and the expected values."""
    bad = consistency_findings[consistency_findings["verdict"] == "inconsistent"]
    return dg.AssetCheckResult(
        passed=bad.empty,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "checked": len(consistency_findings),
            "inconsistent": len(bad),
            "by_check": dg.MetadataValue.json(bad["check_name"].value_counts().to_dict()),
            "inconsistencies": table_md(
                bad.sort_values(["country", "metric", "year"]),
                ["check_name", "country", "metric", "year", "period", "printed", "expected"],
            ),
        },
    )


@dg.asset(group_name="reconcile", kinds={"csv"})
def claims(
    context: dg.AssetExecutionContext,
    project: ProjectResource,
    source_registry: pd.DataFrame,
    observations: pd.DataFrame,
    resolved_observations: pd.DataFrame,
    derived_observations: pd.DataFrame,
    corrections: pd.DataFrame,
) -> pd.DataFrame:
    """Every claim in raw/claims/*.csv with a verdict, the recomputed value and interval, and an
    explanation a reader can check."""
    excluded = excluded_ids(observations, corrections_from_frame(corrections))
    evidence = Evidence(
        resolved=resolved_observations,
        derived=derived_observations,
        excluded=observations[observations["obs_id"].isin(excluded)],
        sources=source_registry,
    )
    frame = judge_claims(load_claims(project.paths().raw), evidence)
    counts = frame["verdict"].value_counts()
    context.add_output_metadata(
        {"claims": len(frame), **{v: int(counts.get(v, 0)) for v in VERDICTS}}
    )
    return frame


@dg.asset_check(asset=claims, blocking=True)
def claims_are_judged(claims: pd.DataFrame) -> dg.AssetCheckResult:
    """Every claim has a known verdict, an explanation and a well-formed recomputed interval."""
    return problems_result(claim_problems(claims))


@dg.asset_check(asset=claims, blocking=False)
def claims_match_sources(claims: pd.DataFrame) -> dg.AssetCheckResult:
    """Each claim the sources do not bear out, with its verdict and the recomputed interval."""
    bad = claims[claims["verdict"] != "consistent"]
    return dg.AssetCheckResult(
        passed=bad.empty,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "claims": len(claims),
            "not_consistent": len(bad),
            "by_verdict": dg.MetadataValue.json(claims["verdict"].value_counts().to_dict()),
            "claims_not_borne_out": table_md(
                bad, ["claim_id", "verdict", "claimed_value", "recomputed_low", "recomputed_high"]
            ),
        },
    )
