"""The tables the reconcile stage produces: mart.claims, mart.conflicts, mart.consistency and
mart.corrections.

Touches: nothing (describes mart.claims, conflicts, consistency, corrections). Imports: common."""

from __future__ import annotations

from pipelines.common.schema import View, column

CLAIMS = View(
    "claims",
    "Figures claimed in the literature (raw/claims/*.csv), each with a verdict against what the "
    "sources print and what procstats recomputes from them, and an explanation with the numbers.",
    (
        column(
            "claim_id",
            "VARCHAR",
            "Id of the claim (literature_claims.csv or an analyst's claims file).",
        ),
        column("paper", "VARCHAR", "The paper making the claim."),
        column("country", "VARCHAR", "ISO 3166 alpha-2 country the claim is about."),
        column("metric", "VARCHAR", "Metric id the claim is about."),
        column("year", "INTEGER", "Data year claimed."),
        column("claimed_value", "DOUBLE", "The value claimed."),
        column("unit", "VARCHAR", "Unit of claimed_value."),
        column("cited_source", "VARCHAR", "What the paper cites for it."),
        column(
            "verdict",
            "VARCHAR",
            "consistent, inconsistent, definition_mismatch, misattributed or unverifiable.",
        ),
        column("recomputed_value", "DOUBLE", "Value procstats recomputes from the sources."),
        column("recomputed_low", "DOUBLE", "Lower edge of the recomputed interval."),
        column("recomputed_high", "DOUBLE", "Upper edge of the recomputed interval."),
        column("explanation", "VARCHAR", "Why the verdict, with the numbers a reader can check."),
        column(
            "cited_source_id",
            "VARCHAR",
            "Registry id of the cited document (mart.sources), if any.",
        ),
        column("claimed_as", "VARCHAR", "The claim as stated: value, year and the work's wording."),
        column(
            "evidence_obs_ids",
            "VARCHAR[]",
            "obs_id of every observation (printed or derived) the verdict rests on.",
        ),
    ),
)

CONFLICTS = View(
    "conflicts",
    "The same metric, year, period and scope with different values in different sources (beyond the "
    "rounding of their printing), or a figure a correction excludes, and how procstats resolves it: "
    "source priority (primary release > work report > white paper > press conference > news copy > "
    "academic), then raw/corrections.yaml.",
    (
        column("country", "VARCHAR", "ISO 3166 alpha-2."),
        column("year", "INTEGER", "Data year."),
        column("period", "VARCHAR", "Period, as in observations."),
        column("metric", "VARCHAR", "Metric id."),
        column("values", "VARCHAR", "The differing values, as printed, with their sources."),
        column("source_ids", "VARCHAR[]", "The sources involved."),
        column(
            "resolution",
            "VARCHAR",
            "Which value procstats prefers and why (source priority or a correction); "
            "'unresolved' when sources of equal standing disagree and nothing decides.",
        ),
        column("jurisdiction", "VARCHAR", "Jurisdiction, as in observations."),
        column("scope", "VARCHAR", "Scope, as in observations."),
        column(
            "chosen_obs_id",
            "VARCHAR",
            "obs_id of the value used for derivation and claims; NULL when unresolved.",
        ),
    ),
)

CONSISTENCY = View(
    "consistency",
    "Checks of the printed record against itself: a printed rate against the rate its printed counts "
    "give, a printed change against last year's figure, parts against totals, a sub-population "
    "against everyone, partial periods against later ones. Two figures agree when the intervals "
    "their printing allows overlap.",
    (
        column(
            "check_name",
            "VARCHAR",
            "printed rate vs its counts, change vs last year, parts vs total, "
            "sub-population vs everyone or cumulative periods.",
        ),
        column("country", "VARCHAR", "ISO 3166 alpha-2."),
        column("jurisdiction", "VARCHAR", "Jurisdiction, as in observations."),
        column("metric", "VARCHAR", "Metric id of the figure checked."),
        column("scope", "VARCHAR", "Scope of the figure checked."),
        column(
            "year", "INTEGER", "Data year of the figure checked (for changes: the earlier year)."
        ),
        column("period", "VARCHAR", "Period, as in observations."),
        column("verdict", "VARCHAR", "consistent or inconsistent."),
        column("printed", "VARCHAR", "The printed figure checked, with its source."),
        column(
            "expected", "VARCHAR", "What the other figures imply for it (an interval or a bound)."
        ),
        column("explanation", "VARCHAR", "The arithmetic, with every figure and source used."),
        column("obs_ids", "VARCHAR[]", "obs_id of every observation the check used."),
    ),
)

CORRECTIONS = View(
    "corrections",
    "raw/corrections.yaml: figures procstats excludes, prefers or explains when it resolves "
    "conflicts, derives values and judges claims. Printed observations themselves are never changed.",
    (
        column("correction_id", "VARCHAR", "Id of the correction."),
        column(
            "action",
            "VARCHAR",
            "exclude (not used), prefer (used where sources disagree) or note (explained only).",
        ),
        column("match", "VARCHAR", "JSON object of observation fields the correction applies to."),
        column("reason", "VARCHAR", "Why, with the figures that show it."),
        column(
            "status",
            "VARCHAR",
            "open (not yet checked against the original), reported or resolved.",
        ),
        column("obs_ids", "VARCHAR[]", "obs_id of every observation the correction applies to."),
    ),
)
