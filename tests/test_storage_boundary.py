"""Only `curator.storage` touches the filesystem in the core: no other module of src/curator reads, writes, lists
or examines a path itself (it asks storage), so every write is atomic and every OS error becomes a StorageError."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[1] / "src" / "curator"
STORAGE = CORE / "storage"

# What a pathlib.Path, `os`, polars or a filesystem module does on the disk (pure path arithmetic is allowed).
PATH_METHODS = frozenset(
    {
        "read_text", "read_bytes", "write_text", "write_bytes", "open", "mkdir", "rmdir", "unlink", "iterdir",
        "glob", "rglob", "exists", "is_file", "is_dir", "is_symlink", "stat", "lstat", "touch", "symlink_to",
        "hardlink_to", "readlink", "resolve", "chmod", "samefile", "walk",
    }
)  # fmt: skip
OS_FUNCTIONS = frozenset(
    {
        "replace", "rename", "remove", "unlink", "mkdir", "makedirs", "link", "symlink", "listdir", "scandir",
        "walk", "stat", "lstat", "readlink", "rmdir", "chmod", "open", "fsync", "access", "removedirs", "truncate",
        "utime",
    }
)  # fmt: skip
FRAME_WRITES = frozenset({"write_parquet", "write_csv", "write_json", "write_ndjson", "write_ipc", "sink_parquet"})
FILESYSTEM_MODULES = frozenset({"shutil", "tempfile", "fcntl", "glob", "pyarrow.parquet"})

# Known exceptions, each a (module, function, operation) with why it stays: the Data Docs' vendor assets are found
# in the installed node_modules, located from the module's own file (read-only, outside the output root; storage
# reads them). The Data Docs' own pages are written by Great Expectations into the folder storage names.
ALLOWED = frozenset(
    {
        ("report/gx_assets.py", "<module>", ".resolve()"),  # the repository's node_modules, found from this file
    }
)


def filesystem_calls(path: Path) -> list[tuple[str, int, str]]:
    """(enclosing function or `<module>`, line, operation) of every filesystem operation in one module."""
    found: list[tuple[str, int, str]] = []

    def visit(node: ast.AST, function: str) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            function = node.name
        operation = _operation(node)
        if operation:
            found.append((function, getattr(node, "lineno", 0), operation))
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(ast.parse(path.read_text(encoding="utf-8")), "<module>")
    return found


def _operation(node: ast.AST) -> str | None:
    """What `node` does on the filesystem, or None."""
    if isinstance(node, ast.Import | ast.ImportFrom):
        names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module or ""]
        return next((f"import {name}" for name in names if name in FILESYSTEM_MODULES), None)
    if not isinstance(node, ast.Call):
        return None
    function = node.func
    if isinstance(function, ast.Name):
        return "open()" if function.id == "open" else None
    if not isinstance(function, ast.Attribute):
        return None
    owner = function.value.id if isinstance(function.value, ast.Name) else None
    if owner == "os":
        return f"os.{function.attr}" if function.attr in OS_FUNCTIONS else None
    if owner == "pl":
        return f"pl.{function.attr}" if function.attr.startswith(("read_", "scan_")) else None
    if function.attr in PATH_METHODS or function.attr in FRAME_WRITES:
        return f".{function.attr}()"
    if function.attr in ("rename", "replace"):
        # Path.rename/replace take one path; polars' rename takes a mapping, and `str.replace` two strings.
        one_path = len(node.args) == 1 and not node.keywords and not isinstance(node.args[0], ast.Dict)
        return f".{function.attr}()" if one_path else None
    return None


def core_modules() -> list[Path]:
    """Every module of the core outside the storage package."""
    return sorted(path for path in CORE.rglob("*.py") if STORAGE not in path.parents)


def test_no_core_module_outside_storage_touches_the_filesystem() -> None:
    """Reading, writing, listing or examining a path happens only in curator.storage (and the listed exceptions)."""
    modules = core_modules()
    assert len(modules) > 20, "the core's modules were not found"
    hits = [
        f"{path.relative_to(CORE)}:{line} in {function}: {operation}"
        for path in modules
        for function, line, operation in filesystem_calls(path)
        if (path.relative_to(CORE).as_posix(), function, operation) not in ALLOWED
    ]
    assert hits == []


@pytest.mark.parametrize(
    ("source", "operation"),
    [
        ("Path('x').write_text('y')", ".write_text()"),  # a path written directly
        ("os.replace(a, b)", "os.replace"),  # a rename
        ("import shutil", "import shutil"),  # a filesystem module
        ("frame.write_parquet(path)", ".write_parquet()"),  # a frame written directly
        ("pl.read_parquet(path)", "pl.read_parquet"),  # a frame read directly
        ("path.rename(other)", ".rename()"),  # a path renamed
    ],
)
def test_the_boundary_check_finds_each_kind_of_filesystem_call(source: str, operation: str, tmp_path: Path) -> None:
    """Each kind of filesystem operation is found by the check (so the check above can fail)."""
    module = tmp_path / "module.py"
    module.write_text(f"def f():\n    {source}\n", encoding="utf-8")
    assert [found[2] for found in filesystem_calls(module)] == [operation]


@pytest.mark.parametrize(
    "source",
    [
        "frame.rename({'a': 'b'})",  # polars renames columns by a mapping
        "text.replace('a', 'b')",  # str.replace takes two strings
        "Path('a') / 'b'",  # path arithmetic reads nothing
    ],
)
def test_the_boundary_check_ignores_what_reads_no_file(source: str, tmp_path: Path) -> None:
    """Column renames, string replacement and path arithmetic are not filesystem operations."""
    module = tmp_path / "module.py"
    module.write_text(f"def f():\n    {source}\n", encoding="utf-8")
    assert filesystem_calls(module) == []
