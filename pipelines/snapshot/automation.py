"""Running procstats unattended: a schedule for the SPP's annual publishing cycle and a sensor that
discovers new documents on the SPP's listing pages. Both start stopped and need the daemon
(`dagster dev`, or `dagster-daemon run` beside `dagster-webserver`); see the README.

Touches: reads the SPP listing pages (online only) and registers new documents in
raw/sources/discovered.yaml. Imports: snapshot, common."""

from datetime import UTC, datetime

import dagster as dg

from pipelines.common.resources import ProjectResource
from pipelines.snapshot.fetch.client import FetchError, PoliteClient
from pipelines.snapshot.fetch.discovery import discover_links, register, registered_urls
from pipelines.snapshot.fetch.policy import load_policy
from pipelines.snapshot.registry import load_registry

# Online: fetch every registered document (conditional requests, so unchanged pages cost a 304),
# then everything downstream. Unchanged documents are not parsed again (content-hash cache).
refresh = dg.define_asset_job(
    "refresh",
    selection=dg.AssetSelection.all(),
    config={"ops": {"fetched_snapshots": {"config": {"online": True}}}},
    description="Fetch registered documents, then rebuild the warehouse and the report.",
)

# The work report is delivered at the NPC session in early March; the annual case-data release and
# the white papers follow between March and June. Weekly then, monthly for the rest of the year.
annual_cycle = dg.ScheduleDefinition(
    name="annual_cycle",
    job=refresh,
    cron_schedule=["0 6 * 3-6 1", "0 6 1 1,2,7-12 *"],
    execution_timezone="Asia/Shanghai",
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Mondays 06:00 Beijing time in March-June, the 1st of the month otherwise.",
)


@dg.sensor(
    minimum_interval_seconds=6 * 3600,
    default_status=dg.DefaultSensorStatus.STOPPED,
    asset_selection=dg.AssetSelection.all(),
)
def spp_listing_sensor(context: dg.SensorEvaluationContext, project: ProjectResource):
    """Reads the SPP listing pages; new documents are registered and a run fetches and parses them."""
    raw = project.paths().raw
    sources = load_registry(raw)
    policy = load_policy(sources)
    known = registered_urls(sources)
    found = []
    with PoliteClient(policy) as client:
        for page in policy.listing_pages:
            try:
                fetched = client.get(page.url)
            except FetchError as exc:
                context.log.warning(f"listing page {page.url}: {exc.reason}")
                continue
            found += [
                d
                for d in discover_links(fetched.content, fetched.content_type, page, policy)
                if d.url not in known
            ]
    if not found:
        return dg.SkipReason(f"no new documents on {len(policy.listing_pages)} listing pages")
    added = register(raw, found, datetime.now(UTC).date())
    return dg.RunRequest(
        run_key="discovered:" + ",".join(sorted(added)),
        run_config={"ops": {"fetched_snapshots": {"config": {"online": True}}}},
        tags={"procstats/discovered": str(len(added))},
    )
