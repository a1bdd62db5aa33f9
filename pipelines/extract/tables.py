"""The table the extract stage produces besides figures: mart.quarantine (unreadable documents).

Touches: nothing (describes mart.quarantine). Imports: common."""

from __future__ import annotations

from pipelines.common.schema import View, column

QUARANTINE = View(
    "quarantine",
    "Documents in raw/ that could not be read (malformed, encrypted, empty, too large, no character "
    "map, unknown format), each with the reason. The build goes on without them; nothing of theirs "
    "is in the other views.",
    (
        column("doc", "VARCHAR", "Path of the document under raw/."),
        column("source_ids", "VARCHAR[]", "Registry ids the document belongs to."),
        column("sha256", "VARCHAR", "SHA-256 of the document's bytes."),
        column("reason", "VARCHAR", "Why it could not be read, in one line."),
    ),
)
