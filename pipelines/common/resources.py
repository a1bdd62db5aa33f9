"""Resources shared by the assets.

Touches: nothing (says which project tree a run uses). Imports: common."""

from pathlib import Path

import dagster as dg

from pipelines.common.paths import ProjectPaths, project_paths


class ProjectResource(dg.ConfigurableResource):
    """The project tree a run reads and writes; empty root = this checkout (or $PROCSTATS_ROOT)."""

    root: str = ""

    def paths(self) -> ProjectPaths:
        return ProjectPaths(Path(self.root).resolve()) if self.root else project_paths()
