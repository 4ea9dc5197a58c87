"""The integration's layout: no import circles, a config flow without entity code, and one
table that names the translation keys of client errors.
"""

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

from custom_components.octoeverywhere.errors import ERRORS

PACKAGE = Path(__file__).parent.parent / "custom_components" / "octoeverywhere"
ENTITY_MODULES = {
    "entity",
    "binary_sensor",
    "button",
    "camera",
    "event",
    "light",
    "number",
    "sensor",
}


def _module(path: Path) -> str:
    """``api.client`` for api/client.py, ``api`` for api/__init__.py, ``__init__`` for ours."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts)


def _exists(module: str) -> bool:
    path = PACKAGE / module.replace(".", "/")
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def _imports() -> dict[str, set[str]]:
    """Each module of the integration and the integration modules it imports.

    ``TYPE_CHECKING`` imports count: a circle hidden from the interpreter is still one.
    """
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        package = list(path.relative_to(PACKAGE).parent.parts)
        imported: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.ImportFrom) or not node.level:
                continue
            base = package[: len(package) - (node.level - 1)]
            if node.module is not None:
                imported.add(".".join([*base, node.module]) or "__init__")
            # "from . import x" imports module x, or a name of the package itself.
            for alias in node.names:
                candidate = ".".join([*base, *filter(None, [node.module]), alias.name])
                if _exists(candidate):
                    imported.add(candidate)
        graph[_module(path)] = {module for module in imported if _exists(module)}
    return graph


def _closure(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        module = todo.pop()
        for imported in graph.get(module, set()):
            if imported not in seen:
                seen.add(imported)
                todo.append(imported)
    return seen


def test_the_graph_is_read() -> None:
    """The parser finds what the modules really import (or the tests below prove nothing)."""
    graph = _imports()
    assert {"coordinator", "entity", "material", "const"} <= graph["sensor"]
    assert "api" in graph["coordinator"]
    assert {"api.exceptions", "api.transport", "api.models"} <= graph["api.client"]
    assert "api.parse" in graph["api.app"]  # from . import parse


def test_no_import_circle() -> None:
    """No module imports, directly or not, a module that imports it."""
    graph = _imports()
    try:
        tuple(TopologicalSorter(graph).static_order())
    except CycleError as err:
        raise AssertionError(f"import circle: {err.args[1]}") from err


def test_config_flow_imports_no_entity_code() -> None:
    """Opening the config or options flow loads no platform or entity module."""
    reached = _closure(_imports(), "config_flow")
    assert not reached & ENTITY_MODULES
    assert "connection" in reached  # the closure is followed at all


def test_api_knows_nothing_of_home_assistant() -> None:
    """The client could move to PyPI unchanged."""
    for path in (PACKAGE / "api").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and not node.level
                else []
            )
            assert not [n for n in names if n.startswith("homeassistant")], path


def test_only_errors_names_client_error_keys() -> None:
    """Translation keys of client errors are named in errors.py only.

    Elsewhere they would be a second mapping to keep in step: a ``translation_key=`` or a
    form error (``errors[...] = "..."``) with one of them.
    """
    keys = {
        key
        for row in ERRORS
        for key in (row.key, row.poll, row.app_api, row.form)
        if key is not None
    }
    found = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "errors.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            values: list[ast.expr] = []
            if isinstance(node, ast.keyword) and node.arg == "translation_key":
                values.append(node.value)
            if isinstance(node, ast.Assign) and any(
                isinstance(target, ast.Subscript)
                and isinstance(target.value, ast.Name)
                and target.value.id == "errors"
                for target in node.targets
            ):
                values.append(node.value)
            found += [
                (path.name, value.value)
                for value in values
                if isinstance(value, ast.Constant) and value.value in keys
            ]
    assert found == []
