"""The package shows the stages: every module imports only from its own stage, earlier stages and
the common helpers, and says in its docstring what it may touch."""

import ast
import re
from pathlib import Path

import pipelines

PACKAGE = Path(pipelines.__file__).parent
STAGES = ("common", "snapshot", "extract", "normalise", "reconcile", "analyse", "publish")
# The application: the CLI, the in-process runner and the Dagster code location use every stage.
APPLICATION = {"cli", "build", "definitions", "__init__"}


def _modules() -> dict[str, Path]:
    return {
        ".".join(p.relative_to(PACKAGE).with_suffix("").parts): p for p in PACKAGE.rglob("*.py")
    }


def _imported(path: Path, module: str) -> set[str]:
    """Every pipelines module `path` imports, relative imports resolved."""
    found = set()
    package = module.split(".")[:-1] if path.name != "__init__.py" else module.split(".")
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = ["pipelines", *package][: len(package) + 2 - node.level]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {t for t in found if t == "pipelines" or t.startswith("pipelines.")}


def test_every_module_belongs_to_a_stage_or_the_application():
    strays = [m for m in _modules() if m.split(".")[0] not in (*STAGES, *APPLICATION)]
    assert strays == [], f"modules outside the stage packages: {strays}"


def test_modules_import_only_their_own_and_earlier_stages():
    upward = []
    for module, path in _modules().items():
        stage = module.split(".")[0]
        if stage in APPLICATION:
            continue
        allowed = {"common", *STAGES[1 : STAGES.index(stage) + 1]}
        for target in _imported(path, module):
            parts = target.split(".")
            if len(parts) < 2 or parts[1] not in allowed:
                upward.append(f"{module} imports {target}")
    assert upward == []


def test_every_stage_says_what_it_may_import():
    for stage in STAGES[1:]:
        doc = ast.get_docstring(ast.parse((PACKAGE / stage / "__init__.py").read_text("utf-8")))
        assert doc and "May import:" in doc, stage


def test_every_module_says_what_it_touches_and_imports_truly():
    """Each docstring ends "Touches: … Imports: …", and names every part it really imports."""
    untrue = []
    for module, path in _modules().items():
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        if module.endswith("__init__") and "May import:" in doc:
            declared = doc.split("May import:", 1)[1]
        elif "Touches:" in doc and "Imports:" in doc:
            declared = " ".join(doc.split("Imports:", 1)[1].split())
        else:
            untrue.append(f"{module}: no Touches/Imports paragraph")
            continue
        for target in _imported(path, module):
            part = target.split(".")[1] if "." in target else target
            if part in STAGES and "every stage" in declared:
                continue
            if not re.search(rf"\b{part}\b", declared):
                untrue.append(f"{module} imports {target} but its docstring does not say so")
    assert untrue == []


def test_the_layering_test_catches_an_upward_import(tmp_path):
    bad = tmp_path / "derive.py"
    bad.write_text('"""x"""\nfrom pipelines.publish.warehouse import publish\n', encoding="utf-8")
    assert _imported(bad, "reconcile.derive") == {"pipelines.publish.warehouse"}
    relative = tmp_path / "rel.py"
    relative.write_text('"""x"""\nfrom ..publish import schema\nfrom . import lexicon\n')
    assert _imported(relative, "extract.rel") == {"pipelines.publish", "pipelines.extract"}
