"""Discovery: new SPP documents on listing pages, found by link text and address pattern, and
registered in raw/sources/discovered.yaml so the fetchers pick them up.

Touches: reads listing pages it is given; writes raw/sources/discovered.yaml. Imports: snapshot,
common."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pandas as pd
import yaml
from bs4 import BeautifulSoup

from pipelines.common.textnorm import matching_view
from pipelines.snapshot.charset import charset_from_content_type, decode
from pipelines.snapshot.fetch.policy import FetchPolicy, ListingPage

DISCOVERED_FILE = "discovered.yaml"
SPP = "Supreme People's Procuratorate of the PRC (最高人民检察院)"
_KIND_BY_TEXT = (
    ("主要办案数据", "case_data_release"),
    ("办案数据", "case_data_release"),
    ("白皮书", "white_paper"),
    ("工作报告", "work_report"),
)


@dataclass(frozen=True)
class Discovered:
    url: str
    title: str
    kind: str
    published_on: str | None
    listing: str


def discover_links(
    page: bytes, content_type: str | None, listing: ListingPage, policy: FetchPolicy
) -> list[Discovered]:
    """Links on a listing page whose text and address look like a statistical document."""
    html = decode(page, charset_from_content_type(content_type)).text
    text_pattern, url_pattern = re.compile(policy.link_text), re.compile(policy.link_url)
    found: dict[str, Discovered] = {}
    for anchor in BeautifulSoup(html, "lxml").find_all("a", href=True):
        title = anchor.get_text(" ", strip=True)
        url = urljoin(listing.url, anchor["href"].strip()).split("#")[0]
        if not text_pattern.search(matching_view(title)) or not url_pattern.search(
            urlsplit(url).path
        ):
            continue
        if not policy.allows(url) or url in found:
            continue
        stamp = re.search(r"t(\d{4})(\d{2})(\d{2})_", url)
        published = f"{stamp.group(1)}-{stamp.group(2)}-{stamp.group(3)}" if stamp else None
        kind = next((k for word, k in _KIND_BY_TEXT if word in matching_view(title)), listing.kind)
        found[url] = Discovered(url, title, kind, published, listing.url)
    return list(found.values())


def registered_urls(sources: pd.DataFrame) -> set[str]:
    urls = {u for u in sources["url"] if isinstance(u, str)}
    for mirrors in sources["mirror_urls"]:
        urls |= set(mirrors if mirrors is not None else [])
    return urls


def source_id_for(item: Discovered) -> str:
    day = (item.published_on or "").replace("-", "") or "undated"
    return f"cn-spp-discovered-{day}-{hashlib.sha1(item.url.encode()).hexdigest()[:8]}"


def register(raw: Path, items: list[Discovered], today: date) -> list[str]:
    """Append registry records for new documents to raw/sources/discovered.yaml; returns their ids."""
    path = raw / "sources" / DISCOVERED_FILE
    existing = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
    records = existing or []
    known = {r["source_id"] for r in records}
    added = []
    for item in items:
        source_id = source_id_for(item)
        if source_id in known:
            continue
        records.append(
            {
                "source_id": source_id,
                "title": item.title,
                "producer": SPP,
                "publisher": SPP,
                "kind": item.kind,
                "access": "primary",
                "country": "CN",
                "reports_on": None,
                "url": item.url,
                "mirror_urls": [item.url],
                "published_on": item.published_on,
                "accessed_on": None,
                "access_note": f"Discovered on {item.listing} on {today.isoformat()}; fetched into "
                f"raw/snapshots/{source_id} by the run the discovery sensor requested.",
                "format": "html",
                "language": "zh-Hans",
                "license": "Official document of a state organ (PRC Copyright Law art. 5).",
                "sha256": None,
            }
        )
        known.add(source_id)
        added.append(source_id)
    if added:
        header = "# Documents found by the discovery sensor on SPP listing pages (written by procstats).\n"
        path.write_text(
            header + yaml.safe_dump(records, allow_unicode=True, sort_keys=False, width=110),
            encoding="utf-8",
        )
    return added
