"""The Dagster code location: the assets, checks and automations of every stage, and the resources.

Each stage keeps its Dagster definitions in its own `assets.py` beside its logic (snapshot also has
`automation.py`: the schedule, job and discovery sensor).

Touches: nothing; it lists every stage's assets, checks, job, schedule and sensor. Imports: every
stage."""

import dagster as dg

from pipelines.analyse import assets as analyse_assets
from pipelines.common.resources import ProjectResource
from pipelines.extract import assets as extract_assets
from pipelines.normalise import assets as normalise_assets
from pipelines.publish import assets as publish_assets
from pipelines.reconcile import assets as reconcile_assets
from pipelines.snapshot import assets as snapshot_assets
from pipelines.snapshot import automation

STAGE_ASSETS = (
    snapshot_assets,
    extract_assets,
    normalise_assets,
    reconcile_assets,
    analyse_assets,
    publish_assets,
)


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(
        assets=dg.load_assets_from_modules(STAGE_ASSETS),
        asset_checks=dg.load_asset_checks_from_modules(STAGE_ASSETS),
        jobs=[automation.refresh],
        schedules=[automation.annual_cycle],
        sensors=[automation.spp_listing_sensor],
        resources={"project": ProjectResource()},
    )
