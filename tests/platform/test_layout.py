"""The import rule of DESIGN.md: the four code folders are namespace folders installed under
`sokoguru`, so the standard library's `platform` and graphql-core still resolve from the repo root,
and the built wheel carries every module."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AREAS = {
    "platform": "sokoguru.platform",
    "tenants": "sokoguru.tenants",
    "federation": "sokoguru.federation",
    "graphql": "sokoguru.graphql",
}


def _python_files(area: str) -> list[Path]:
    return sorted(p for p in (ROOT / area).rglob("*.py") if "__pycache__" not in p.parts)


def test_code_folders_are_namespace_folders():
    for area in AREAS:
        assert not (ROOT / area / "__init__.py").exists(), f"{area}/__init__.py must not exist"


def test_stdlib_platform_and_graphql_core_resolve_from_repo_root():
    # given: a fresh interpreter started in the repository root (its cwd is on sys.path)
    code = (
        "import platform, graphql, uuid, sokoguru.platform.settings as s;"
        "print(platform.__file__); print(graphql.__file__); print(platform.system())"
    )
    # when
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    # then
    assert out[0].startswith(sys.base_prefix)
    assert "site-packages" not in out[0]
    assert not out[0].startswith(str(ROOT / "platform"))
    assert "site-packages" in out[1] and out[1].endswith("graphql/__init__.py")
    assert out[2] == "Linux"


def test_every_package_folder_is_listed_in_pyproject():
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    expected = set()
    for area, package in AREAS.items():
        for path in _python_files(area):
            rel = path.parent.relative_to(ROOT / area)
            expected.add(".".join([package, *rel.parts]))
    assert expected - listed == set(), "add these to [tool.setuptools] packages"


def test_layers_import_one_way():
    """tenants never import federation/graphql; federation never imports graphql; platform names
    the outer layers only in its composition roots."""
    forbidden = {
        "tenants": ("sokoguru.federation", "sokoguru.graphql"),
        "federation": ("sokoguru.graphql",),
        "platform": ("sokoguru.tenants", "sokoguru.federation", "sokoguru.graphql"),
    }
    composition_roots = {"urls_tenant.py", "urls_public.py", "celery.py", "settings.py"}
    offences = []
    for area, prefixes in forbidden.items():
        for path in _python_files(area):
            if area == "platform" and path.name in composition_roots:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                for name in names:
                    if name.startswith(prefixes) or name.split(".")[0] in {"tenants", "federation"}:
                        offences.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offences == []


@pytest.mark.slow
def test_built_wheel_contains_every_module(tmp_path):
    # when
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    wheel = next(tmp_path.glob("sokoguru-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    # then
    missing = []
    for area, package in AREAS.items():
        for path in _python_files(area):
            member = "/".join([*package.split("."), *path.relative_to(ROOT / area).parts])
            if member not in names:
                missing.append(member)
    assert missing == []
    assert "sokoguru/graphql/cooperative.graphql" in names
    assert "sokoguru/platform/tenancy/fixtures/regions_demo.csv" in names
    assert "sokoguru/platform/locale/en/LC_MESSAGES/django.mo" in names
