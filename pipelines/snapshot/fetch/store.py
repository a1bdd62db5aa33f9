"""Snapshots: raw/snapshots/<source_id>/<sha256>.<ext>, each with a <sha256>.meta.json sidecar.

A snapshot is named by its content, never by its URL, and is never rewritten: new content is a new
file beside the old ones. What conditional requests need (ETag, Last-Modified, when last checked) is
kept apart in fetch-state.json, so rechecking a page changes no snapshot.

Touches: writes new files under raw/snapshots (never rewrites one) and fetch-state.json. Imports:
snapshot, common."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pipelines.common.errors import ProcstatsError
from pipelines.common.paths import write_atomically
from pipelines.snapshot.fetch.client import Fetched

SOURCE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{2,79}$")
EXTENSIONS = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
    "text/plain": "txt",
    "application/json": "json",
    "text/csv": "csv",
}


@dataclass(frozen=True)
class Stored:
    path: Path
    sha256: str
    new: bool  # False when the same content was already stored


def source_dir(raw: Path, source_id: str) -> Path:
    """The directory of one source's snapshots; refuses ids that could leave raw/snapshots."""
    if not SOURCE_ID.match(source_id):
        raise ProcstatsError(f"source id {source_id!r} is not a safe directory name")
    base = (raw / "snapshots").resolve()
    directory = (base / source_id).resolve()
    if directory.parent != base:
        raise ProcstatsError(f"source id {source_id!r} leaves raw/snapshots")
    return directory


def extension_for(fetched: Fetched) -> str:
    content = fetched.content or b""
    if content.startswith(b"%PDF-"):
        return "pdf"
    kind = (fetched.content_type or "").split(";")[0].strip().lower()
    return EXTENSIONS.get(kind, "bin")


def store(raw: Path, source_id: str, fetched: Fetched, now: datetime | None = None) -> Stored:
    """Keep a fetched document; the same content twice is stored once."""
    if fetched.content is None:
        raise ProcstatsError(f"{fetched.url}: nothing to store (status {fetched.status})")
    directory = source_dir(raw, source_id)
    directory.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(fetched.content).hexdigest()
    extension = extension_for(fetched)
    path = directory / f"{digest}.{extension}"
    if path.exists():
        return Stored(path, digest, False)
    when = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    write_atomically(path, fetched.content)
    sidecar = {
        "source_id": source_id,
        "url": fetched.url,
        "final_url": fetched.final_url,
        "fetched_at": when,
        "status": fetched.status,
        "content_type": fetched.content_type,
        "sha256": digest,
        "bytes": len(fetched.content),
        "extension": extension,
        "etag": fetched.etag,
        "last_modified": fetched.last_modified,
        "obtained": "fetched",
    }
    write_atomically(
        directory / f"{digest}.meta.json",
        (json.dumps(sidecar, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
    )
    return Stored(path, digest, True)


def fetch_state(raw: Path, source_id: str) -> dict:
    path = source_dir(raw, source_id) / "fetch-state.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def remember(
    raw: Path, source_id: str, fetched: Fetched, sha256: str | None, now: datetime | None = None
) -> None:
    """Record what a later conditional request needs for this URL."""
    directory = source_dir(raw, source_id)
    directory.mkdir(parents=True, exist_ok=True)
    state = fetch_state(raw, source_id)
    entry = state.get(fetched.url, {})
    entry.update(
        {
            "checked_at": (now or datetime.now(UTC)).isoformat(timespec="seconds"),
            "etag": fetched.etag or entry.get("etag"),
            "last_modified": fetched.last_modified or entry.get("last_modified"),
        }
    )
    if sha256:
        entry["sha256"] = sha256
    state[fetched.url] = entry
    write_atomically(
        directory / "fetch-state.json",
        (json.dumps(state, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode(),
    )
