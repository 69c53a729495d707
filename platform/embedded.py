"""Embedded PostgreSQL for machines with no ``DATABASE_URL``.

The server comes from the ``pgserver`` wheel (a PostgreSQL build shipped on PyPI), keeps its data
under ``.sokoguru/pgdata`` in the working directory (or ``SOKOGURU_HOME``) and listens on a Unix
socket inside that folder. It is left running between processes, so every command after the first
connects to the same server at no start-up cost.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from urllib.parse import parse_qs, urlparse


def home() -> Path:
    return Path(os.environ.get("SOKOGURU_HOME", Path.cwd() / ".sokoguru")).resolve()


def data_dir() -> Path:
    return home() / "pgdata"


def ensure_server() -> dict:
    """Start (or reuse) the embedded server; return Django connection settings for it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

    path = data_dir()
    path.parent.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(str(path), cleanup_mode=None)
    uri = urlparse(server.get_uri())
    host = parse_qs(uri.query)["host"][0]
    return {
        "NAME": os.environ.get("SOKOGURU_DB_NAME", "sokoguru"),
        "USER": uri.username or "postgres",
        "PASSWORD": "",
        "HOST": host,
        "PORT": "",
        "_server": server,
    }


def ensure_database(settings: dict) -> None:
    """Create the platform database on the embedded server when it does not exist yet."""
    import psycopg2

    conn = psycopg2.connect(dbname="postgres", user=settings["USER"], host=settings["HOST"])
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [settings["NAME"]])
            if cur.fetchone() is None:
                cur.execute(f'CREATE DATABASE "{settings["NAME"]}"')
    finally:
        conn.close()


def client_tool(name: str) -> str:
    """The PostgreSQL client program ``name`` (``pg_dump``, ``pg_restore``, ``createdb`` …) that
    matches the server in use: the embedded server's own build when no ``DATABASE_URL`` is set
    (a system ``pg_dump`` of another major version refuses to dump it), else the one on PATH."""
    if os.environ.get("DATABASE_URL"):
        return name
    import pgserver

    tool = Path(pgserver.__file__).resolve().parent / "pginstall" / "bin" / name
    return str(tool) if tool.exists() else name
