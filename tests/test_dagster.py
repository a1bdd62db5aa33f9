"""The Dagster code location: the asset graph in stages, and blocking checks that stop publication."""

import dagster as dg

from pipelines.definitions import defs
from tests.conftest import run_cli


def test_assets_are_grouped_by_stage():
    definitions = defs()
    graph = definitions.resolve_asset_graph()
    groups = {key.to_user_string(): graph.get(key).group_name for key in graph.get_all_asset_keys()}
    assert groups == {
        "source_registry": "snapshot",
        "document_inventory": "snapshot",
        "fetched_snapshots": "snapshot",
        "parsed_statements": "extract",
        "transcribed_figures": "extract",
        "japan_cube_figures": "extract",
        "metric_catalogue": "normalise",
        "observations": "normalise",
        "corrections": "reconcile",
        "resolved_observations": "reconcile",
        "conflicts": "reconcile",
        "derived_observations": "reconcile",
        "consistency_findings": "reconcile",
        "claims": "reconcile",
        "comparisons": "analyse",
        "analysis": "analyse",
        "coverage": "analyse",
        "gaps": "analyse",
        "warehouse": "publish",
        "report": "publish",
    }
    assert graph.get(dg.AssetKey("report")).parent_keys == {dg.AssetKey("warehouse")}
    dg.Definitions.validate_loadable(definitions)


def test_structural_check_blocks_and_the_cross_check_does_not():
    graph = defs().resolve_asset_graph()
    checks = {
        (c.asset_key.to_user_string(), c.name): graph.get_check_spec(c).blocking
        for c in graph.asset_check_keys
    }
    assert checks == {
        ("observations", "observations_are_sound"): True,
        ("derived_observations", "derived_observations_are_sound"): True,
        ("claims", "claims_are_judged"): True,
        ("comparisons", "comparisons_are_sound"): True,
        ("analysis", "analysis_is_sound"): True,
        ("parsed_statements", "parsed_agrees_with_transcribed"): False,
        ("corrections", "corrections_apply"): False,
        ("consistency_findings", "printed_figures_agree"): False,
        ("claims", "claims_match_sources"): False,
        ("coverage", "gap_register_matches_grid"): False,
    }


def test_an_impossible_rate_stops_the_warehouse(project):
    path = project.raw / "transcriptions" / "china.csv"
    text = path.read_text(encoding="utf-8")
    assert ",22.4%,22.4," in text
    path.write_text(text.replace(",22.4%,22.4,", ",224%,224,", 1), encoding="utf-8")
    result = run_cli(project, "build")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert "✗ check observations_are_sound check failed: problems 2" in lines
    assert lines[-1] == "error: build failed at check observations_are_sound: problems 2"
    blocked = [line.split(" not run")[0] for line in lines if "not run" in line]
    assert blocked == [
        f"– {step}"
        for step in (
            "analysis",
            "claims",
            "comparisons",
            "consistency_findings",
            "corrections",
            "derived_observations",
            "gap_register",
            "report",
            "resolution",
            "warehouse",
        )
    ]

    assert not project.warehouse_db.exists() and not project.report_html.exists()
