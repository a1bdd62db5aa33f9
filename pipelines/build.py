"""Run the Dagster asset graph in this process, with one progress line per step, and summarise.

Runs are recorded in the Dagster instance at $DAGSTER_HOME (default: .dagster/ in the project, which
links to the project's dagster.yaml), so `dagster dev` shows the history of CLI builds too.

Touches: the Dagster instance in $DAGSTER_HOME; runs the asset graph in this process. Imports:
common and the code location (definitions)."""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import dagster as dg

from pipelines.common.errors import ProcstatsError
from pipelines.common.paths import ProjectPaths, project_paths


@dataclass
class StepOutcome:
    name: str
    status: str  # ok, failed, skipped, not run, passed, check failed (blocking), warning
    seconds: float | None = None
    detail: str = ""


@dataclass
class BuildOutcome:
    success: bool
    steps: list[StepOutcome] = field(default_factory=list)

    @property
    def failures(self) -> list[StepOutcome]:
        return [s for s in self.steps if s.status in ("failed", "check failed")]

    def completed(self, step: str) -> bool:
        return any(s.name == step and s.status == "ok" for s in self.steps)

    def completed_steps(self) -> str:
        return ", ".join(s.name for s in self.steps if s.status == "ok")


def ensure_dagster_home(paths: ProjectPaths) -> None:
    """Point DAGSTER_HOME at .dagster/ (with the project's dagster.yaml) unless the user set it."""
    if os.environ.get("DAGSTER_HOME"):
        return
    home = paths.dagster_home
    home.mkdir(parents=True, exist_ok=True)
    config, link = paths.root / "dagster.yaml", home / "dagster.yaml"
    if config.is_file() and not link.exists():
        link.symlink_to(os.path.relpath(config, home))
    os.environ["DAGSTER_HOME"] = str(home)


def _root_message(error: object) -> str:
    """The user's own error message, not Dagster's wrapping of it."""
    while getattr(error, "cause", None) is not None:
        error = error.cause
    message = getattr(error, "message", str(error)).strip()
    first = message.splitlines()[0] if message else "unknown error"
    # "pipelines.errors.TranscriptionError: transcriptions: ..." → "transcriptions: ..."
    return re.sub(r"^[\w.]*(Error|Exception): ", "", first)


class _ProgressHandler(logging.Handler):
    """Turns Dagster events into one line per finished step."""

    def __init__(self, outcome: BuildOutcome, say: Callable[[str], None]) -> None:
        super().__init__()
        self.outcome, self.say, self.started = outcome, say, {}
        self.check_steps: set[str] = set()  # reported by their check result, not again as a step

    def emit(self, record: logging.LogRecord) -> None:
        event = (getattr(record, "dagster_meta", None) or {}).get("dagster_event")
        if event is None:
            return
        kind, step = event.event_type_value, event.step_key
        if kind == "STEP_START":
            self.started[step] = time.monotonic()
        elif kind in ("STEP_SUCCESS", "STEP_FAILURE") and step in self.check_steps:
            return
        elif kind in ("STEP_SUCCESS", "STEP_FAILURE", "STEP_SKIPPED"):
            seconds = time.monotonic() - self.started.get(step, time.monotonic())
            status = {"STEP_SUCCESS": "ok", "STEP_FAILURE": "failed", "STEP_SKIPPED": "skipped"}[
                kind
            ]
            detail = (
                _root_message(event.event_specific_data.error) if kind == "STEP_FAILURE" else ""
            )
            self.record(StepOutcome(step, status, seconds, detail))
        elif kind == "ASSET_CHECK_EVALUATION":
            data = event.event_specific_data
            self.check_steps.add(step)
            counts = [
                f"{k.replace('_', ' ')} {v.value}"
                for k, v in data.metadata.items()
                if isinstance(getattr(v, "value", None), int)
            ]
            detail = ", ".join(counts)
            self.record(
                StepOutcome(
                    f"check {data.check_name}",
                    "passed" if data.passed else ("check failed" if data.blocking else "warning"),
                    None,
                    detail,
                )
            )

    def record(self, step: StepOutcome) -> None:
        self.outcome.steps.append(step)
        mark = {"ok": "✓", "passed": "✓", "skipped": "–", "not run": "–", "warning": "!"}.get(
            step.status, "✗"
        )
        timing = f" ({step.seconds:.1f}s)" if step.seconds is not None else ""
        detail = f": {step.detail}" if step.detail else ""
        self.say(f"{mark} {step.name} {step.status}{timing}{detail}")


def _selected(select: str, definitions: dg.Definitions) -> list[dg.AssetKey]:
    graph = definitions.resolve_asset_graph()
    names = ", ".join(sorted(k.to_user_string() for k in graph.get_all_asset_keys()))
    try:
        keys = dg.AssetSelection.from_string(select).resolve(graph)
    except Exception as exc:  # Dagster raises several types for a bad selection string
        raise ProcstatsError(
            f"--select {select!r} is not a valid asset selection ({names})"
        ) from exc
    if not keys:
        raise ProcstatsError(f"--select {select!r} matches no asset; assets are: {names}")
    return sorted(keys)


def _run_config(online: bool, keys: list[dg.AssetKey] | None) -> dict:
    config: dict = {"loggers": {"progress": {}}}
    if keys is None or dg.AssetKey("fetched_snapshots") in keys:
        config["ops"] = {"fetched_snapshots": {"config": {"online": online}}}
    return config


def run_build(
    select: str | None = None, online: bool = False, say: Callable[[str], None] = print
) -> BuildOutcome:
    """Materialise the asset graph (or the selection, Dagster selection syntax) and its checks;
    `online` lets the fetch asset use the network."""
    paths = project_paths()
    ensure_dagster_home(paths)
    from pipelines.definitions import defs  # after DAGSTER_HOME is set

    outcome = BuildOutcome(success=False)
    handler = _ProgressHandler(outcome, say)

    @dg.logger
    def progress(_context: dg.InitLoggerContext) -> logging.Logger:
        log = logging.Logger("procstats.progress", level=logging.DEBUG)
        log.addHandler(handler)
        return log

    definitions = dg.Definitions.merge(defs(), dg.Definitions(loggers={"progress": progress}))
    job = definitions.resolve_implicit_global_asset_job_def()
    keys = _selected(select, definitions) if select else None
    with dg.DagsterInstance.get() as instance:
        result = job.execute_in_process(
            instance=instance,
            raise_on_error=False,
            asset_selection=keys,
            run_config=_run_config(online, keys),
        )
    ran = {step.name for step in outcome.steps}
    steps = {  # one step per op; a multi-asset op materialises several assets
        definitions.resolve_assets_def(key).node_def.name
        for key in keys or definitions.resolve_asset_graph().get_all_asset_keys()
    }
    for step in sorted(steps - ran):  # blocked by a failure upstream
        handler.record(StepOutcome(step, "not run", None, "an upstream step failed"))

    outcome.success = result.success and not outcome.failures
    return outcome
