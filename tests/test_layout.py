"""The layout's rules, checked on the tree itself (README, "Map of the code"): small modules
and functions, a pure evidence engine, and an API that never reaches into the HTML views."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("accounts", "config", "profiles")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def _modules(*roots: str) -> list[Path]:
    found = []
    for root in roots:
        found += [p for p in (ROOT / root).rglob("*.py") if "migrations" not in p.parts]
    return sorted(found)


def _imports(path: Path, *, top_level_only: bool = False) -> list[str]:
    tree = ast.parse(path.read_text())
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    names = []
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.module:
            names += [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names += [a.name for a in node.names]
    return names


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_no_module_in_profiles_is_over_400_lines():
    long = {
        _rel(p): n
        for p in _modules("profiles")
        if (n := len(p.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_no_function_is_over_60_lines():
    long = {}
    for path in _modules(*PACKAGES):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long[f"{_rel(path)}:{node.lineno} {node.name}"] = lines
    assert long == {}


@pytest.mark.parametrize("path", _modules("profiles/evidence"), ids=_rel)
def test_the_evidence_engine_imports_no_models(path):
    """Not at module level, and not inside functions either: its reads are selectors."""
    bad = [
        name
        for name in _imports(path)
        if name.startswith(("profiles.models", "accounts.models", "allauth", "profiles.selectors"))
        or name.startswith("profiles.services")
    ]
    assert bad == []


@pytest.mark.parametrize("path", _modules("profiles/api"), ids=_rel)
def test_no_api_module_imports_a_view_module(path):
    assert [n for n in _imports(path) if n.startswith("profiles.views")] == []


def test_the_layer_packages_hold_the_same_concept_names():
    """`*/claims.py` answers "where is the claims code?" in every layer that has claims."""
    for layer in ("views", "forms", "api", "admin", "models"):
        names = {p.stem for p in (ROOT / "profiles" / layer).iterdir()}
        assert {"records", "claims", "collaboration"} <= names, layer
    assert (ROOT / "profiles" / "services" / "claims").is_dir()
    assert (ROOT / "profiles" / "selectors" / "records.py").is_file()
