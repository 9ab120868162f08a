"""What setuptools packages (pyproject.toml) is the whole code: every package directory and every template."""

from __future__ import annotations

import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# The import packages the project ships and the directory each lives in.
ROOTS = {"curator": REPO / "src" / "curator", "schemas": REPO / "schemas", "flows": REPO / "flows"}


def packaged(pyproject: Path) -> tuple[dict[str, Path], dict[str, list[str]]]:
    """The packages setuptools builds from `pyproject` (dotted name -> its directory) and its package-data globs,
    as setuptools itself reads the file (no build)."""
    from setuptools.config.pyprojecttoml import apply_configuration
    from setuptools.dist import Distribution

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # setuptools calls [tool.setuptools] "beta"
        dist = apply_configuration(Distribution(), pyproject)
    package_dir: dict[str, str] = dist.package_dir or {}

    def directory(name: str) -> Path:
        top, _, rest = name.partition(".")
        base = pyproject.parent / package_dir.get(top, top)
        return base.joinpath(*rest.split(".")) if rest else base

    return {name: directory(name) for name in dist.packages or []}, dict(dist.package_data or {})


def package_directories() -> dict[str, Path]:
    """Every directory with an __init__.py under src/curator, schemas and flows, by its dotted name."""
    found: dict[str, Path] = {}
    for top, root in ROOTS.items():
        for init in root.rglob("__init__.py"):
            parts = init.parent.relative_to(root).parts
            if "__pycache__" not in parts:
                found[".".join((top, *parts))] = init.parent.resolve()
    return found


def test_every_package_directory_is_packaged_from_its_own_directory() -> None:
    """Each package directory (one with an __init__.py) is in setuptools' packages, mapped to that directory, and
    nothing else is."""
    packages, _ = packaged(REPO / "pyproject.toml")
    assert {name: path.resolve() for name, path in packages.items()} == package_directories()


def test_every_template_and_marker_file_is_package_data() -> None:
    """Every file in the package directories that is not Python (templates, stylesheets, py.typed) is matched by a
    package-data glob of the package whose directory holds it (a glob does not reach into subdirectories)."""
    packages, package_data = packaged(REPO / "pyproject.toml")
    included = {
        path.resolve()
        for name, directory in packages.items()
        for glob in package_data.get(name, [])
        for path in directory.glob(glob)
    }
    data_files = {
        path.resolve()
        for directory in package_directories().values()
        for path in directory.rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts
    }
    assert any(path.suffix == ".j2" for path in data_files)  # the walk sees the report's templates
    assert sorted(map(str, data_files - included)) == []
