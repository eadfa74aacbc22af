"""The throw-away database of a benchmark or soak run: a dedicated PostgreSQL database or a new SQLite file.

Shared by bench/run.py and bench/soak.py. A PostgreSQL database is dropped and created anew, so its name must
say what it is for (it must contain `purpose`, must not be `khuyencong` nor start with `test_`): the
development and test databases are never touched.
"""

import os
from pathlib import Path
from urllib.parse import urlparse, urlunparse


def throwaway_database(purpose, stamp, folder):
    """(DATABASE_URL, kind, cleanup function) for a run named `purpose` ("bench", "soak")."""
    given = os.environ.get("DATABASE_URL", "")
    if given.startswith(("postgres://", "postgresql://")):
        url = urlparse(given)
        name = url.path.lstrip("/") or f"{purpose}_khuyencong"
        if name == "khuyencong" or name.startswith("test_") or purpose not in name:
            raise SystemExit(
                f"refusing to use database '{name}' for the {purpose} run: name a dedicated database "
                f"whose name contains '{purpose}' (e.g. postgres://postgres@127.0.0.1:5432/{purpose}_khuyencong)"
            )
        given = urlunparse(url._replace(path=f"/{name}"))
        admin = urlunparse(url._replace(path="/postgres"))
        import psycopg

        def drop():
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        drop()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return given, "postgresql", drop
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{purpose}-{stamp}.sqlite3"

    def remove():
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)

    return f"sqlite:///{path}", "sqlite", remove
