"""The committed SDL of both APIs (graphql/cooperative.graphql, graphql/federation.graphql)."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent

SCHEMAS = {
    "cooperative": ("sokoguru.graphql.cooperative_api", HERE / "cooperative.graphql"),
    "federation": ("sokoguru.graphql.federation_api", HERE / "federation.graphql"),
}


def render(name: str) -> str:
    from importlib import import_module

    from graphql import print_schema

    module, _ = SCHEMAS[name]
    return print_schema(import_module(module).schema.graphql_schema).rstrip() + "\n"


def drift() -> dict[str, bool]:
    """Which committed SDL files differ from the live schemas."""
    return {
        name: path.read_text() != render(name) if path.exists() else True
        for name, (_, path) in SCHEMAS.items()
    }


def write() -> list[Path]:
    written = []
    for name, (_, path) in SCHEMAS.items():
        path.write_text(render(name))
        written.append(path)
    return written
