"""A fetch run: every registered address, politely, into the snapshot store.

One address failing (a timeout, a 404, a page too large) is recorded and the run goes on; snapshots
from earlier runs are never touched. Offline, nothing is fetched.

Touches: the network through the client; raw/snapshots through the store. Imports: snapshot."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipelines.snapshot.fetch.client import FetchError, PoliteClient
from pipelines.snapshot.fetch.policy import FetchPolicy
from pipelines.snapshot.fetch.store import fetch_state, remember, store

OUTCOME_COLUMNS = ["source_id", "url", "outcome", "detail", "snapshot"]


@dataclass(frozen=True)
class Target:
    source_id: str
    url: str


def targets(sources: pd.DataFrame, only: str | None = None) -> list[Target]:
    """Every address of every registered document (or of one), the canonical one first."""
    out = []
    for row in sources.itertuples():
        if only and row.source_id != only:
            continue
        addresses = [row.url] if isinstance(row.url, str) else []
        mirrors = row.mirror_urls if row.mirror_urls is not None else []
        addresses += [m for m in mirrors if m not in addresses]
        out += [Target(row.source_id, address) for address in addresses]
    return out


def fetch_targets(
    raw: Path,
    chosen: list[Target],
    policy: FetchPolicy,
    say: Callable[[str], None] = lambda _: None,
    client: PoliteClient | None = None,
) -> pd.DataFrame:
    """Fetch each target; one outcome row per target: new, unchanged, not modified or failed."""
    if client is None:
        with PoliteClient(policy) as own:
            return fetch_targets(raw, chosen, policy, say, own)
    rows = []
    for number, target in enumerate(chosen, start=1):
        row = _fetch_one(raw, target, client)
        rows.append(row)
        detail = f" ({row['detail']})" if row["detail"] else ""
        say(f"[{number}/{len(chosen)}] {row['outcome']:12} {target.source_id} {target.url}{detail}")
    return pd.DataFrame(rows, columns=OUTCOME_COLUMNS)


def _fetch_one(raw: Path, target: Target, client: PoliteClient) -> dict:
    known = fetch_state(raw, target.source_id).get(target.url, {})
    try:
        fetched = client.get(target.url, known.get("etag"), known.get("last_modified"))
    except FetchError as exc:
        return {
            "source_id": target.source_id,
            "url": target.url,
            "outcome": "failed",
            "detail": f"{exc.reason}: {exc.detail}" if exc.detail else exc.reason,
            "snapshot": None,
        }
    if fetched.not_modified:
        remember(raw, target.source_id, fetched, None)
        return {
            "source_id": target.source_id,
            "url": target.url,
            "outcome": "not modified",
            "detail": "",
            "snapshot": known.get("sha256"),
        }
    stored = store(raw, target.source_id, fetched)
    remember(raw, target.source_id, fetched, stored.sha256)
    return {
        "source_id": target.source_id,
        "url": target.url,
        "outcome": "new" if stored.new else "unchanged",
        "detail": "",
        "snapshot": str(stored.path.relative_to(raw)),
    }
