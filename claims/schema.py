"""The published schemas: JSON Schema of the claim and export records, and the SQL schema.

`python -m claims.schema` rewrites schema/; a test fails when the files there are stale.
"""
from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
from pathlib import Path

from .models import Claim, ExportRecord
from .store import open_db


def json_schemas() -> dict[str, str]:
    return {
        "claim.schema.json": json.dumps(Claim.model_json_schema(), indent=2, sort_keys=True) + "\n",
        "export.schema.json": json.dumps(ExportRecord.model_json_schema(), indent=2, sort_keys=True) + "\n",
    }


def sql_schema() -> str:
    """The SQL of a freshly migrated database, in a stable order."""
    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "schema.db")
        rows = db.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL"
            " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts_%' ORDER BY type, name").fetchall()
        db.conn.close()
    return "".join(f"-- {kind} {name}\n{sql};\n\n" for kind, name, sql in rows)


def render() -> dict[str, str]:
    files = json_schemas()
    files["claims.sql"] = sql_schema()
    return files


def write(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in render().items():
        path = folder / name
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "schema"
    for path in write(target):
        print(path)
