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


# The tenant apps in dependency order, written once: an app may import only the apps before
# it. ``workflows`` (steps that span apps) may import every business app; ``workspace`` (the
# web pages) sits on top of all of them. Adding an app is one line in its place.
TENANT_APP_ORDER = [
    "profile",
    "bylaws",
    "ledger",
    "members",
    "savings",
    "loans",
    "shu",
    "intercoop",
    "production",
    "wastebank",
    "meetings",
    "health",
    "workflows",
    "workspace",
]


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.extend(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_tenant_apps_import_only_the_apps_before_them():
    apps = sorted(p.name for p in (ROOT / "tenants").iterdir() if (p / "apps.py").exists())
    assert set(apps) - set(TENANT_APP_ORDER) == set(), "add the new app to TENANT_APP_ORDER"
    offences = []
    for app in apps:
        allowed = set(TENANT_APP_ORDER[: TENANT_APP_ORDER.index(app) + 1])
        for path in _python_files(f"tenants/{app}"):
            for name in _imports(path):
                parts = name.split(".")
                if parts[:2] == ["sokoguru", "tenants"] and len(parts) > 2:
                    if parts[2] not in allowed:
                        offences.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offences == []


# Where naming code by string and switching the connection's schema legitimately live.
IMPORT_STRING_HOMES = {
    "platform/tenancy/services.py",  # provisioning hooks (settings.TENANT_PROVISION_HOOKS)
    "platform/core/demo.py",  # demo steps (settings.DEMO_STEPS)
    "platform/bench/__init__.py",  # benchmarks (settings.BENCHMARKS)
    "tenants/loans/notifiers.py",  # notification channels and providers from settings
}
SCHEMA_SWITCH_HOMES = {
    "platform/tenancy/context.py",  # cooperative_schema(), switch_to_cooperative()
    "tenants/loans/services/notifications.py",  # notification delivery after commit (_deliver)
}


@pytest.mark.parametrize(
    ("needle", "homes"),
    [
        ("import_string", IMPORT_STRING_HOMES),
        ("set_tenant(", SCHEMA_SWITCH_HOMES),
        ("schema_context(", SCHEMA_SWITCH_HOMES),
        ("tenant_context(", SCHEMA_SWITCH_HOMES),
    ],
)
def test_dynamic_imports_and_schema_switches_live_in_their_homes(needle, homes):
    found = {
        str(path.relative_to(ROOT))
        for area in AREAS
        for path in _python_files(area)
        if needle in path.read_text()
    }
    assert found - homes == set(), f"use the home of {needle!r} instead"


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
