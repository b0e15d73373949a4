"""The `claims` command: each subcommand parses options, calls one library function, prints."""
from __future__ import annotations

import csv
import json
import os
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from . import __version__
from .extract import DEFAULT_BUDGET
from .models import ExportRecord
from .readers import missing_paths
from .store import StoreError, export_records, open_db

# Exit statuses, documented in README: scripts can tell a partial run from a failed one.
EXIT_OK = 0
EXIT_SKIPPED = 1
EXIT_FATAL = 2

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Turn news articles into a citable database of figures and attributed statements.")
err = Console(stderr=True)
out = Console()


def _fatal(message: str) -> None:
    err.print(f"[bold red]error:[/] {escape(message)}", soft_wrap=True)
    raise typer.Exit(EXIT_FATAL)


def _db(path: Path, create: bool = True):
    try:
        return open_db(path, create=create)
    except StoreError as exc:
        _fatal(str(exc))


@app.callback(invoke_without_command=True)
def main(version: bool = typer.Option(False, "--version", help="Print the version and exit.")) -> None:
    if version:
        out.print(__version__)
        raise typer.Exit()


@app.command()
def extract(
    paths: list[str] = typer.Argument(..., help="Files or folders (.txt, .html, .jsonl, .warc[.gz]); '-' reads stdin."),
    db: Path = typer.Option(Path("claims.db"), "--db", help="SQLite database to write (created if missing)."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Worker processes for extraction."),
    budget: float = typer.Option(DEFAULT_BUDGET, "--budget", min=0.1,
                                 help="Seconds one document may take before it is skipped."),
    force: bool = typer.Option(False, "--force", help="Re-extract documents already stored under these rules."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only problems and the summary."),
    dask: Optional[str] = typer.Option(None, "--dask", metavar="ADDRESS",
                                       help="Extract on a Dask cluster: a scheduler address, or local / local:N "
                                            "for N local workers (needs the dask extra)."),
    aliases: Optional[Path] = typer.Option(None, "--aliases", exists=False,
                                           help="JSON file pinning or splitting who is who "
                                                "({\"same\": [[names]], \"different\": [[names]]}); kept for later runs."),
) -> None:
    """Extract figures and attributed statements from articles into a database.

    Exit status: 0 every input was read; 1 some inputs were skipped (each is named on
    stderr with the reason, and the rest are stored); 2 a fatal error (a missing path, an
    unusable database), reported on stderr.
    """
    import sqlite3

    from .distributed import DistributedError, extract_distributed  # dask itself is imported only with --dask
    from .identity import AliasError, Aliases
    from .pipeline import refresh_derived, run_extract

    missing = missing_paths(paths)
    if missing:
        _fatal("no such file or folder: " + ", ".join(missing))
    try:
        pinned = Aliases.load(aliases) if aliases else None
    except AliasError as exc:
        _fatal(str(exc))
    if dask and jobs > 1:
        _fatal("--jobs and --dask do not go together: the cluster's workers are the jobs")
    database = _db(db)
    show_bar = err.is_terminal and not quiet

    def note(source: str, found: int) -> None:
        if found < 0:
            return
        if show_bar:
            status.update(f"[dim]{escape(source)}[/] {found} claims")

    def extract_all(**progress):
        if dask:
            return extract_distributed(paths, database, dask, budget=budget, force=force, rebuild=False, **progress)
        return run_extract(database, paths, jobs=jobs, budget=budget, force=force, **progress)

    try:
        if show_bar:
            with err.status("extracting…") as status:
                run = extract_all(progress=note)
        else:
            run = extract_all()
        groups, _ = refresh_derived(database, pinned)
    except (StoreError, DistributedError) as exc:
        _fatal(str(exc))
    except sqlite3.Error as exc:
        _fatal(f"{db}: cannot write to the database ({type(exc).__name__}: {exc})")
    for skip in run.skipped:  # one line each, never wrapped, so scripts can grep a file's name
        err.print(f"[yellow]skipped[/] {escape(skip.source)}: {escape(skip.reason)}", soft_wrap=True)
    unchanged = run.documents_read - run.documents_new
    err.print(f"{run.documents_read} documents read ({run.documents_new} extracted, {unchanged} unchanged), "
              f"{run.documents_skipped} skipped, {run.claims_found} claims found, "
              f"{groups} conflicting groups → {db}", soft_wrap=True)
    raise typer.Exit(EXIT_SKIPPED if run.documents_skipped else EXIT_OK)


@app.command()
def export(
    db: Path = typer.Option(Path("claims.db"), "--db", help="Database to read."),
    fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl or csv."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="File to write (default: stdout)."),
) -> None:
    """Export every claim, one record per claim, with its provenance."""
    if fmt not in ("jsonl", "csv"):
        _fatal(f"unknown format {fmt!r}: use jsonl or csv")
    database = _db(db, create=False)
    handle = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        if fmt == "jsonl":
            for record in export_records(database):
                handle.write(record.model_dump_json() + "\n")
        else:
            writer = csv.DictWriter(handle, fieldnames=list(ExportRecord.model_fields))
            writer.writeheader()
            for record in export_records(database):
                writer.writerow(record.model_dump(mode="json"))
    finally:
        if output:
            handle.close()


@app.command()
def show(
    claim_id: str = typer.Argument(..., help="The claim's id (a unique prefix will do)."),
    db: Path = typer.Option(Path("claims.db"), "--db", help="Database to read."),
    as_json: bool = typer.Option(False, "--json", help="Print the claim as JSON."),
) -> None:
    """Show one claim in its sentence, with speaker, outlet, dates, document and rule."""
    from .citation import claim_view

    database = _db(db, create=False)
    view = claim_view(database, claim_id)
    if view is None:
        _fatal(f"no claim with id {claim_id!r} in {db}")
    if as_json:
        out.print_json(json.dumps(view, ensure_ascii=False, default=str))
        return
    c = view["claim"]
    sentence, a, b = view["sentence"], view["span_in_sentence"][0], view["span_in_sentence"][1]
    out.print(escape(sentence[:a]) + "[bold reverse]" + escape(sentence[a:b]) + "[/]" + escape(sentence[b:]))
    table = Table(show_header=False, box=None)
    for label, value in view["fields"]:
        if value not in (None, ""):
            table.add_row(f"[dim]{escape(label)}[/]", escape(str(value)))
    out.print(table)
    out.print(f"[dim]cite:[/] {escape(view['citation'])}")


@app.command()
def conflicts(
    db: Path = typer.Option(Path("claims.db"), "--db", help="Database to read."),
    subject: Optional[str] = typer.Option(None, "--subject", help="Only groups whose subject contains this text."),
    as_json: bool = typer.Option(False, "--json", help="Print the groups as JSON."),
    all_groups: bool = typer.Option(False, "--all", help="Also show groups whose figures agree."),
) -> None:
    """Figures about the same thing side by side: who said each, through whom, and when."""
    from .conflicts import load_groups

    database = _db(db, create=False)
    groups = load_groups(database, subject=subject, include_agreeing=all_groups)
    if as_json:
        out.print_json(json.dumps(groups, ensure_ascii=False, default=str))
        return
    if not groups:
        err.print(escape("no groups of figures found" + (f" for subject {subject!r}" if subject else "")))
        return
    for g in groups:
        title = f"{g['subject']} — {'CONFLICT' if g['conflict'] else 'agree'} (spread {g['spread']})"
        table = Table(title=escape(title), title_justify="left")
        for col in ("figure", "qualifier", "speaker", "outlet", "claim date", "document", "claim id"):
            table.add_column(col)
        for m in g["members"]:
            table.add_row(*(escape(str(m.get(k) or "")) for k in
                            ("text", "qualifier", "speaker", "outlet", "when", "document", "id")))
        out.print(table)


@app.command()
def identities(
    db: Path = typer.Option(Path("claims.db"), "--db", help="Database to read."),
    as_json: bool = typer.Option(False, "--json", help="Print the identities as JSON."),
) -> None:
    """Who is who across documents: each person or body, its names, and why they were joined."""
    database = _db(db, create=False)
    rows = list(database.query(
        "SELECT i.id, i.name, i.reasons, json_group_array(s.canonical) AS names FROM identities i"
        " JOIN speakers s ON s.identity_id = i.id GROUP BY i.id HAVING count(*) > 1 ORDER BY i.name"))
    found = [{"id": r["id"], "name": r["name"], "names": sorted(json.loads(r["names"])),
              "reasons": json.loads(r["reasons"])} for r in rows]
    if as_json:
        out.print_json(json.dumps(found, ensure_ascii=False))
        return
    if not found:
        err.print("no one goes by more than one name in this database")
    for ident in found:
        out.print(f"[bold]{escape(ident['name'])}[/]: " + escape(", ".join(ident["names"])))
        for reason in ident["reasons"]:
            out.print(f"  [dim]{escape(reason)}[/]")


@app.command()
def serve(
    db: Path = typer.Option(Path("claims.db"), "--db", help="Database to publish."),
    port: int = typer.Option(8001, "--port", "-p"),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind; 0.0.0.0 exposes it to the network."),
    public: bool = typer.Option(False, "--public", help="Published-site settings: no arbitrary SQL, no full downloads."),
    metadata: Optional[Path] = typer.Option(None, "--metadata", help="Datasette metadata (default: the project's)."),
) -> None:
    """Browse and cite the claims in Datasette (read-only)."""
    from .site import serve_args

    if not db.exists():
        _fatal(f"{db}: no such database (run `claims extract` first)")
    _db(db, create=True).conn.close()  # migrate before publishing read-only
    args = serve_args(db, port=port, host=host, public=public, metadata=metadata)
    err.print(f"serving {db} at http://{host}:{port}/ (read-only); Ctrl-C to stop")
    # Replace this process, so signals (Ctrl-C, SIGTERM from a supervisor) reach Datasette itself.
    os.execv(sys.executable, [sys.executable, "-m", "datasette", *args])


if __name__ == "__main__":
    app()
