"""The core never imports the shell: cleaning, clustering and the nouns stay free of I/O layers."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import kabar

PACKAGE = Path(kabar.__file__).resolve().parent
CORE = ["clean", "cluster", "dedupe"]
CORE_MODULES = ["model.py", "errors.py"]
FORBIDDEN = (
    "kabar.ingest",
    "kabar.store",
    "kabar.cli",
    "kabar.engine",
    "kabar.report",
    "rich",
    "click",
)


def core_files() -> list[Path]:
    files = [PACKAGE / name for name in CORE_MODULES]
    for package in CORE:
        files.extend(sorted((PACKAGE / package).rglob("*.py")))
    return files


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported(path: Path, as_module: str | None = None) -> list[tuple[int, str]]:
    """(line, absolute module) for every import in a file, wherever it is (TYPE_CHECKING too).

    Relative imports are resolved against the file's module name (`as_module` when given).
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = (as_module or module_name(path)).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            # `from kabar import store` imports the submodule kabar.store.
            found.extend((node.lineno, f"{module}.{alias.name}") for alias in node.names)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.lineno, node.args[0].value))
    return found


def is_forbidden(module: str) -> bool:
    return any(module == name or module.startswith(name + ".") for name in FORBIDDEN)


def test_core_files_are_found() -> None:
    files = core_files()
    names = {module_name(path) for path in files}
    assert {"kabar.model", "kabar.errors", "kabar.clean.article", "kabar.cluster.tfidf"} <= names
    assert all(path.is_file() for path in files)


@pytest.mark.parametrize("path", core_files(), ids=module_name)
def test_core_module_imports_no_shell(path: Path) -> None:
    bad = [f"line {line}: {module}" for line, module in imported(path) if is_forbidden(module)]
    assert not bad, f"{module_name(path)} imports the shell: {bad}"


@pytest.mark.parametrize(
    "source",
    [
        "import click",
        "import rich.console",
        "from kabar.store.sqlite import SqliteStore",
        "from kabar import engine",
        "from ..ingest import readers",
        "from .. import cli",
        "import importlib\nimportlib.import_module('kabar.report.html')",
        "if TYPE_CHECKING:\n    from kabar.engine import ingest",
    ],
)
def test_the_check_catches_shell_imports(source: str, tmp_path: Path) -> None:
    probe = tmp_path / "_probe.py"
    probe.write_text(source, encoding="utf-8")
    modules = [module for _, module in imported(probe, as_module="kabar.clean._probe")]
    assert any(is_forbidden(module) for module in modules), modules


@pytest.mark.parametrize(
    "source",
    ["import regex", "from kabar.model import Article", "from ..errors import InputRejected"],
)
def test_the_check_allows_core_imports(source: str, tmp_path: Path) -> None:
    probe = tmp_path / "_probe.py"
    probe.write_text(source, encoding="utf-8")
    modules = [module for _, module in imported(probe, as_module="kabar.clean._probe")]
    assert not any(is_forbidden(module) for module in modules), modules
