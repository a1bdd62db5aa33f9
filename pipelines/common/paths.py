"""Where procstats reads and writes. PROCSTATS_ROOT points a run (or a test) at another tree.

Touches: writes only through write_atomically (a temporary file renamed over the target). Imports:
nothing."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parents[1]
METADATA = PACKAGE_ROOT / "metadata"


@dataclass(frozen=True)
class ProjectPaths:
    root: Path

    @property
    def raw(self) -> Path:
        return self.root / "raw"

    @property
    def warehouse_dir(self) -> Path:
        return self.root / "warehouse"

    @property
    def warehouse_db(self) -> Path:
        return self.warehouse_dir / "procstats.duckdb"

    @property
    def reports_dir(self) -> Path:
        return self.root / "reports"

    @property
    def report_html(self) -> Path:
        return self.reports_dir / "index.html"

    @property
    def cache_dir(self) -> Path:
        """Results kept between builds (parsed documents by content); safe to delete."""
        return self.root / ".cache"

    @property
    def dagster_home(self) -> Path:
        return self.root / ".dagster"


def sidecar_path(document: Path) -> Path:
    """The .meta.json beside a document in raw/: report.html → report.meta.json."""
    return document.with_name(document.name.rsplit(".", 1)[0] + ".meta.json")


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one rename: a reader sees the old file or the new, never half."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def project_paths() -> ProjectPaths:
    root = os.environ.get("PROCSTATS_ROOT")
    return ProjectPaths(Path(root).resolve() if root else PACKAGE_ROOT.parent)
