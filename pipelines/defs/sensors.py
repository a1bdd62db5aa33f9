"""Discovery of new SPP documents (a sensor; like every sensor it starts stopped and needs the
daemon: `dagster dev`, or `dagster-daemon run` beside the webserver)."""

from datetime import UTC, datetime

import dagster as dg

from pipelines.fetch.client import FetchError, PoliteClient
from pipelines.fetch.discovery import discover_links, register, registered_urls
from pipelines.fetch.policy import load_policy
from pipelines.registry import load_registry

from .resources import ProjectResource


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
