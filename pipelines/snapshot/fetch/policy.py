"""The fetch policy: limits and manners, from metadata/fetch.yaml, plus the host allow-list.

Touches: reads metadata/fetch.yaml. Imports: common."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import yaml

from pipelines.common.paths import METADATA

CONFIG_PATH = METADATA / "fetch.yaml"


def config_path() -> Path:
    """metadata/fetch.yaml, or the file $PROCSTATS_FETCH_CONFIG names (another deployment, tests)."""
    override = os.environ.get("PROCSTATS_FETCH_CONFIG")
    return Path(override) if override else CONFIG_PATH


@dataclass(frozen=True)
class ListingPage:
    url: str
    kind: str


@dataclass(frozen=True)
class FetchPolicy:
    user_agent: str
    timeout_seconds: float
    retries: int
    backoff_seconds: float
    min_interval_seconds: float
    max_bytes: int
    max_redirects: int
    allowed_hosts: frozenset[str]
    listing_pages: tuple[ListingPage, ...] = ()
    link_text: str = ""
    link_url: str = ""
    extra: dict = field(default_factory=dict, compare=False)

    def allows(self, url: str) -> bool:
        parts = urlsplit(url)
        return (
            parts.scheme in ("http", "https")
            and (parts.hostname or "").lower() in self.allowed_hosts
        )

    def with_hosts(self, *hosts: str) -> FetchPolicy:
        return replace(self, allowed_hosts=self.allowed_hosts | {h.lower() for h in hosts})


def registry_hosts(sources: pd.DataFrame) -> set[str]:
    hosts = set()
    for url, mirrors in zip(sources["url"], sources["mirror_urls"], strict=True):
        for address in [url, *(mirrors if mirrors is not None else [])]:
            if isinstance(address, str) and address:
                hosts.add((urlsplit(address).hostname or "").lower())
    return hosts - {""}


def load_policy(sources: pd.DataFrame | None = None) -> FetchPolicy:
    config = yaml.safe_load(config_path().read_text(encoding="utf-8"))
    hosts = {h.lower() for h in config.get("extra_allowed_hosts", [])}
    if sources is not None:
        hosts |= registry_hosts(sources)
    pages = tuple(ListingPage(p["url"], p["kind"]) for p in config.get("listing_pages", []))
    hosts |= {(urlsplit(p.url).hostname or "").lower() for p in pages}
    return FetchPolicy(
        user_agent=config["user_agent"],
        timeout_seconds=float(config["timeout_seconds"]),
        retries=int(config["retries"]),
        backoff_seconds=float(config["backoff_seconds"]),
        min_interval_seconds=float(config["min_interval_seconds"]),
        max_bytes=int(config["max_bytes"]),
        max_redirects=int(config["max_redirects"]),
        allowed_hosts=frozenset(hosts),
        listing_pages=pages,
        link_text=config.get("link_text", ""),
        link_url=config.get("link_url", ""),
    )
