"""How `claims serve` runs Datasette: read-only, time-limited, with the project's metadata.

The database is opened read-only, not immutable: `claims extract` may be writing to it
while the site is up, and an immutable reader would see stale or torn pages. Writes are
refused three ways: Datasette's own connections are `mode=ro`, the plugin sets
`PRAGMA query_only` on every connection to a claims database, and write queries are
dropped from the metadata. With `public=True` arbitrary SQL, whole-database downloads and
streamed full CSV exports are off; the canned queries in the metadata stay on.

Datasette keys per-database metadata by the file's stem. The project's metadata is keyed
"claims"; when the database has another name (or when a public variant is needed) the
metadata is rewritten into a small temporary file, named by its content so repeated
calls reuse it.
"""
from __future__ import annotations

import copy
import hashlib
import json
import os
import tempfile
from importlib import resources
from pathlib import Path
from typing import Optional

# The metadata ships inside the package so an installed claims finds it; the top-level
# datasette-metadata.json is the same file, kept for users who run datasette directly.
PACKAGED_METADATA = "datasette-metadata.json"
METADATA_DATABASE = "claims"  # the key the project's metadata uses for the database
QUERY_TIME_LIMIT_MS = 3000
PUBLIC_SETTINGS = (
    ("default_allow_sql", "off"),  # no arbitrary SQL: only tables, facets, search and canned queries
    ("allow_download", "off"),  # no download of the whole .db file
    ("allow_csv_stream", "off"),  # no ?_stream=1 export of every row
)


def metadata_path() -> Path:
    packaged = Path(str(resources.files("claims").joinpath(PACKAGED_METADATA)))
    if packaged.exists():
        return packaged
    source_tree = Path(__file__).resolve().parent.parent / PACKAGED_METADATA
    return source_tree if source_tree.exists() else packaged


def database_name(db: Path) -> str:
    """The name Datasette gives a database file: its stem."""
    return Path(db).stem


def site_metadata(metadata: dict, name: str, public: bool = False) -> dict:
    """The metadata for a database served as `name`: the "claims" block under that name;
    in public mode without any `allow_sql` (which would override default_allow_sql) and
    without write queries."""
    out = copy.deepcopy(metadata)
    databases = out.get("databases") or {}
    if name not in databases and METADATA_DATABASE in databases:
        databases[name] = databases.pop(METADATA_DATABASE)
    for block in databases.values():
        if isinstance(block, dict):
            if public:
                block.pop("allow_sql", None)
            queries = block.get("queries") or {}
            for qname in [q for q, v in queries.items() if isinstance(v, dict) and v.get("write")]:
                del queries[qname]  # the site never writes
    if public:
        out.pop("allow_sql", None)
    return out


def prepared_metadata(source: Path, name: str, public: bool = False) -> Path:
    """`source` itself when it already fits, else a rewritten copy in the temp folder."""
    metadata = json.loads(Path(source).read_text(encoding="utf-8"))
    adapted = site_metadata(metadata, name, public)
    if adapted == metadata:
        return Path(source)
    body = json.dumps(adapted, indent=2, ensure_ascii=False, sort_keys=True)
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]
    folder = Path(tempfile.gettempdir()) / "claims-datasette"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"metadata-{digest}.json"
    if not target.exists():
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(body)
        os.replace(tmp, target)
    return target


def serve_args(db: Path, port: int = 8001, host: str = "127.0.0.1", public: bool = False,
               metadata: Optional[Path] = None) -> list[str]:
    """Arguments for `datasette serve`: the database read-only, the metadata without writes."""
    meta = prepared_metadata(Path(metadata) if metadata else metadata_path(), database_name(db), public)
    args = ["serve", str(db), "--port", str(port), "--host", host,
            "--metadata", str(meta),
            "--setting", "sql_time_limit_ms", str(QUERY_TIME_LIMIT_MS),
            "--setting", "max_returned_rows", "1000"]
    if public:
        for name, value in PUBLIC_SETTINGS:
            args += ["--setting", name, value]
    return args
