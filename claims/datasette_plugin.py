"""Datasette pages for checking and citing claims: thin hooks over plain functions.

Routes (all read-only, all under the database that holds the claims tables):

    /-/claim/<id>          the claim in its paragraph, who said it, through whom, when, citation
    /-/claim/<id>.json     the same as JSON
    /-/document/<id>       the document text with every claim and all page furniture marked
    /-/conflicts           groups of figures about the same thing, side by side
    /-/conflicts/<id>      one group

Every piece of HTML is built with markupsafe.Markup(...).format(...) or an autoescaping
Jinja template, so article text is always escaped; links out go only to http(s) URLs.
"""
from __future__ import annotations

import hashlib
import json
import re
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence
from urllib.parse import quote, urlsplit

import sqlite_utils
from datasette import hookimpl
from datasette.utils.asgi import NotFound, Response, asgi_static
from jinja2 import ChoiceLoader, FileSystemLoader
from markupsafe import Markup, escape

from .citation import claim_view

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
STATIC_MOUNT = "-/claims-static"

CLAIM_ID = re.compile(r"[0-9a-f]{20}")
DOCUMENT_ID = re.compile(r"[0-9a-f]{64}")
GROUP_ID = re.compile(r"g[0-9a-f]{12}")
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
MAX_PARAGRAPH = 2500  # longer "paragraphs" (text without blank lines) are cut to lines, then a window
KIND_CLASS = {"statistic": "claim-statistic", "statement": "claim-statement"}


# ---------------------------------------------------------------------------
# Plain functions: text, spans and URLs


def safe_url(url: Any) -> Optional[str]:
    """The URL if it is an absolute http(s) address, else None (no javascript:, data:, ...)."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    if not url or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph around text[start:end]: the text between the blank lines around it.

    Text without blank lines falls back to the line, then to a window cut at spaces, so
    a document extracted as one long block never makes the claim page the whole article.
    """
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    a = 0
    for m in _BLANK_LINE.finditer(text, 0, start):
        a = m.end()
    m = _BLANK_LINE.search(text, end)
    b = m.start() if m else len(text)
    if b - a > MAX_PARAGRAPH:
        a = max(a, text.rfind("\n", 0, start) + 1)
        nl = text.find("\n", end)
        b = min(b, nl if nl >= 0 else len(text))
    if b - a > MAX_PARAGRAPH:
        room = max(0, (MAX_PARAGRAPH - (end - start)) // 2)
        lo, hi = max(a, start - room), min(b, end + room)
        if lo > a:
            space = text.find(" ", lo, start)
            lo = space + 1 if space >= 0 else lo
        if hi < b:
            space = text.rfind(" ", end, hi)
            hi = space if space >= 0 else hi
        a, b = lo, hi
    while a < start and text[a].isspace():
        a += 1
    while b > end and text[b - 1].isspace():
        b -= 1
    return a, b


@dataclass(frozen=True)
class Mark:
    """A span of text to mark; `order` decides nesting inside one segment (lower = outer)."""

    start: int
    end: int
    kind: str  # "claim", "furniture", "sentence", "this"
    order: int = 0
    data: Any = field(default=None, compare=False)


def segments(length: int, marks: Sequence[Mark], lo: int = 0) -> Iterable[tuple[int, int, list[Mark]]]:
    """Cut [lo, length) at every mark boundary; yield (start, end, marks covering it).

    Each segment is emitted as its own elements, so marks that overlap or nest in any way
    can never produce crossed tags.
    """
    cuts = {lo, length}
    for m in marks:
        for x in (m.start, m.end):
            if lo < x < length:
                cuts.add(x)
    bounds = sorted(cuts)
    ordered = sorted(marks, key=lambda m: (m.start, -m.end))
    active: list[Mark] = []
    i = 0
    for a, b in zip(bounds, bounds[1:]):
        while i < len(ordered) and ordered[i].start <= a:
            active.append(ordered[i])
            i += 1
        active = [m for m in active if m.end > a]
        yield a, b, sorted((m for m in active if m.start <= a and m.end >= b), key=lambda m: m.order)


def _claim_title(c: dict) -> str:
    who = c.get("speaker_canonical") or c.get("speaker")
    parts = [c.get("kind") or "claim", "“" + str(c.get("text") or "") + "”"]
    if who:
        parts.append(str(who))
    return " · ".join(parts)


def document_markup(text: str, claims: Sequence[dict], furniture: Sequence[dict],
                    claim_href) -> Markup:
    """The whole text, each claim a link to its page, furniture greyed with its label.

    `claims`: dicts with id, kind, start, end (and text, speaker for the tooltip);
    `furniture`: dicts with start, end, label; `claim_href(id)` gives a claim's URL.
    """
    n = len(text)
    marks = []
    for c in claims:
        s, e = int(c["start"]), int(c["end"])
        if 0 <= s < e <= n:
            marks.append(Mark(s, e, "claim", 1, c))
    for f in furniture:
        try:
            s, e = int(f["start"]), int(f["end"])
        except (KeyError, TypeError, ValueError):
            continue
        if 0 <= s < e <= n:
            marks.append(Mark(s, e, "furniture", 0, f))
    out: list[Markup] = []
    anchored: set[str] = set()
    labelled: set[tuple[int, int]] = set()
    for a, b, active in segments(n, marks):
        claims_here = [m.data for m in active if m.kind == "claim"]
        furniture_here = [m for m in active if m.kind == "furniture"]
        for m in furniture_here:
            if (m.start, m.end) not in labelled:
                labelled.add((m.start, m.end))
                out.append(Markup('<span class="furniture-label">{}</span>').format(
                    (m.data or {}).get("label") or "furniture"))
        for c in claims_here:
            if c["id"] not in anchored:
                anchored.add(c["id"])
                out.append(Markup('<span class="claim-anchor" id="c-{}"></span>').format(c["id"]))
        piece: Markup = escape(text[a:b])
        if claims_here:
            inner = min(claims_here, key=lambda c: (int(c["end"]) - int(c["start"]), c["id"]))
            classes = " ".join(["claim"] + sorted({KIND_CLASS.get(c.get("kind"), "claim-other")
                                                   for c in claims_here}))
            title = "\n".join(_claim_title(c) for c in claims_here)
            piece = Markup('<a class="{}" href="{}" title="{}" data-claim="{}">{}</a>').format(
                classes, claim_href(inner["id"]), title, inner["id"], piece)
        if furniture_here:
            label = ", ".join(str((m.data or {}).get("label") or "furniture") for m in furniture_here)
            piece = Markup('<span class="furniture" title="{}">{}</span>').format(label, piece)
        out.append(piece)
    return Markup("").join(out)


def paragraph_markup(text: str, para: tuple[int, int], sentence: tuple[int, int],
                     span: tuple[int, int]) -> Markup:
    """text[para] with the claim's sentence shaded and the claim itself in <mark>."""
    a, b = para
    marks = [Mark(max(a, sentence[0]), min(b, sentence[1]), "sentence", 0),
             Mark(max(a, span[0]), min(b, span[1]), "this", 1)]
    marks = [m for m in marks if m.start < m.end]
    out: list[Markup] = []
    for s, e, active in segments(b, marks, lo=a):
        piece: Markup = escape(text[s:e])
        for m in reversed(active):
            if m.kind == "this":
                piece = Markup('<mark class="claim-this">{}</mark>').format(piece)
            else:
                piece = Markup('<span class="claim-sentence">{}</span>').format(piece)
        out.append(piece)
    return Markup("").join(out)


def sentence_markup(sentence: str, a: int, b: int) -> Optional[Markup]:
    """The sentence with text[a:b] in <mark>, or None when the offsets do not fit."""
    if not isinstance(sentence, str) or not (0 <= a < b <= len(sentence)):
        return None
    return Markup('{}<mark class="claim-span">{}</mark>{}').format(sentence[:a], sentence[a:b], sentence[b:])


def load_furniture(raw: Any) -> list[dict]:
    try:
        spans = json.loads(raw) if isinstance(raw, str) else (raw or [])
    except ValueError:
        return []
    return [s for s in spans if isinstance(s, dict)] if isinstance(spans, list) else []


def outlet_chain(c: dict) -> list[dict]:
    """Speaker → the outlet that carried the claim → the document that published it."""
    chain = []
    who = c.get("speaker_canonical") or c.get("speaker")
    if who:
        chain.append({"step": "said by", "name": who, "detail": c.get("role")})
    via = c.get("outlet_canonical") or c.get("outlet")
    if via:
        chain.append({"step": "through", "name": via,
                      "detail": c.get("outlet") if c.get("outlet") and c.get("outlet") != via else None})
    chain.append({"step": "published in", "name": c.get("doc_title") or c.get("doc_source"),
                  "detail": c.get("doc_outlet")})
    return chain


# ---------------------------------------------------------------------------
# Reading the database (run inside Datasette's read-only connection)


def _db(conn) -> sqlite_utils.Database:
    return sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)


def read_claim(conn, claim_id: str) -> Optional[dict]:
    view = claim_view(_db(conn), claim_id)
    if view is None:
        return None
    c = view["claim"]
    row = conn.execute("SELECT text FROM documents WHERE id = ?", [c["document_id"]]).fetchone()
    text = row[0] if row else c["sentence"]
    offset = 0 if row else c["sentence_start"]
    pa, pb = paragraph_bounds(text, c["sentence_start"] - offset, c["sentence_end"] - offset)
    view = dict(view)
    view["span_in_sentence"] = list(view["span_in_sentence"])
    view["paragraph"] = {"start": pa + offset, "end": pb + offset, "text": text[pa:pb]}
    view["_markup"] = paragraph_markup(text, (pa, pb), (c["sentence_start"] - offset, c["sentence_end"] - offset),
                                       (c["start"] - offset, c["end"] - offset))
    return view


def read_document(conn, doc_id: str) -> Optional[dict]:
    rows = list(_db(conn).query(
        "SELECT d.*, o.name AS outlet_name FROM documents d LEFT JOIN outlets o ON o.id = d.outlet_id"
        " WHERE d.id = ?", [doc_id]))
    if not rows:
        return None
    doc = rows[0]
    claims = list(_db(conn).query(
        'SELECT id, kind, start, "end", text, coalesce(speaker_canonical, speaker) AS speaker, speaker_canonical,'
        " cue, counted, qualifier, conflict_group FROM claims WHERE document_id = ? ORDER BY start, \"end\", id",
        [doc_id]))
    return {"document": doc, "claims": claims, "furniture": load_furniture(doc.get("furniture"))}


def read_groups(conn, subject: Optional[str], include_agreeing: bool,
                group_id: Optional[str] = None) -> list[dict]:
    from .conflicts import load_groups  # lazily: only these pages need it

    db = _db(conn)
    if group_id:
        row = conn.execute("SELECT subject FROM figure_groups WHERE id = ?", [group_id]).fetchone()
        if row is None:
            return []
        groups = [g for g in load_groups(db, subject=row[0], include_agreeing=True) if g["id"] == group_id]
    else:
        groups = load_groups(db, subject=subject, include_agreeing=include_agreeing)
    ids = [m["id"] for g in groups for m in g["members"]]
    docs = dict(conn.execute("SELECT id, document_id FROM claims WHERE id IN (SELECT value FROM json_each(?))",
                             [json.dumps(ids)]).fetchall())
    for g in groups:
        for m in g["members"]:
            m["document_id"] = docs.get(m["id"])
    return groups


# ---------------------------------------------------------------------------
# Datasette glue


def _plain_tracebacks() -> None:
    """Datasette 0.65's default error handler prints every error with rich (locals included)
    when rich is importable, and rich is a claims dependency. For a URL that matches no route
    there is no exception being handled, rich raises ValueError and the visitor gets a 500
    instead of a 404. Without rich, Datasette prints plain tracebacks for real 500s only."""
    try:
        from datasette import handle_exception
    except ImportError:  # pragma: no cover - another Datasette layout
        return
    if getattr(handle_exception, "rich", None) is not None:
        handle_exception.rich = None


_claims_databases: "weakref.WeakKeyDictionary[Any, dict[str, bool]]" = weakref.WeakKeyDictionary()


async def is_claims_database(datasette, name: Optional[str]) -> bool:
    if not name or name not in datasette.databases:
        return False
    known = _claims_databases.setdefault(datasette, {})
    if name not in known:
        db = datasette.get_database(name)
        try:
            ok = await db.table_exists("claims") and await db.table_exists("documents")
            ok = ok and "sentence_start" in await db.table_columns("claims")
        except Exception:
            ok = False
        known[name] = ok
    return known[name]


async def claims_database(datasette) -> str:
    """The database holding the claims: the one named "claims" first, else the first that has them."""
    names = [n for n in datasette.databases if n != "_internal"]
    names.sort(key=lambda n: n != "claims")
    for name in names:
        if await is_claims_database(datasette, name):
            return name
    raise NotFound("No claims database is being served")


def _path(datasette, *parts: str) -> str:
    return datasette.urls.path("/".join(["", *(quote(str(p), safe="") for p in parts)]))


def claim_url(datasette, claim_id: str) -> str:
    return _path(datasette, "-", "claim", claim_id)


def document_url(datasette, doc_id: str) -> str:
    return _path(datasette, "-", "document", doc_id)


def group_url(datasette, group_id: str) -> str:
    return _path(datasette, "-", "conflicts", group_id)


def _static_version() -> str:
    digest = hashlib.sha256()
    for p in sorted(STATIC.glob("*")):
        digest.update(p.name.encode())
        digest.update(p.read_bytes())
    return digest.hexdigest()[:8]


_STATIC_VERSION = _static_version() if STATIC.is_dir() else "0"


def static_url(datasette, name: str) -> str:
    return datasette.urls.path("/" + STATIC_MOUNT + "/" + quote(name)) + "?" + _STATIC_VERSION


async def _database_for(datasette, request) -> str:
    name = await claims_database(datasette)
    await datasette.ensure_permissions(request.actor, [
        ("view-table", (name, "claims")), ("view-table", (name, "documents")),
        ("view-database", name), "view-instance"])
    return name


async def _page(datasette, request, template: str, context: dict) -> Response:
    context = {"claims_js": static_url(datasette, "claims.js"), **context}
    html = await datasette.render_template(template, context, request=request)
    return Response.html(html)


def _claim_id(request) -> str:
    claim_id = request.url_vars["claim_id"]
    if not re.fullmatch(r"[0-9a-fA-F]{4,64}", claim_id):
        raise NotFound("No such claim")
    return claim_id.lower()


async def claim_page(datasette, request):
    name = await _database_for(datasette, request)
    claim_id = _claim_id(request)
    view = await datasette.get_database(name).execute_fn(lambda conn: read_claim(conn, claim_id))
    if view is None:
        raise NotFound("No such claim")
    c = view["claim"]
    if c["id"] != claim_id:
        return Response.redirect(claim_url(datasette, c["id"]))
    fields = []
    for label, value in view["fields"]:
        if value in (None, ""):
            continue
        href = None
        if label == "document":
            href = document_url(datasette, c["document_id"]) + "#c-" + c["id"]
        elif label == "url":
            href = safe_url(value)
        elif label == "conflict group":
            href = group_url(datasette, value)
        fields.append({"label": label, "value": value, "href": href})
    return await _page(datasette, request, "claims_claim.html", {
        "database": name, "claim": c, "view": view, "paragraph": view["_markup"], "fields": fields,
        "chain": outlet_chain(c), "original_url": safe_url(c.get("doc_url")),
        "document_url": document_url(datasette, c["document_id"]),
        "row_url": datasette.urls.row(name, "claims", quote(c["id"], safe="")),
        "json_url": claim_url(datasette, c["id"]) + ".json",
        "group_url": group_url(datasette, c["conflict_group"]) if c.get("conflict_group") else None,
    })


async def claim_json(datasette, request):
    name = await _database_for(datasette, request)
    claim_id = _claim_id(request)
    view = await datasette.get_database(name).execute_fn(lambda conn: read_claim(conn, claim_id))
    if view is None:
        return Response.json({"ok": False, "error": "No such claim"}, status=404)
    view.pop("_markup")
    c = view["claim"]
    view["urls"] = {
        "claim": datasette.absolute_url(request, claim_url(datasette, c["id"])),
        "document": datasette.absolute_url(request, document_url(datasette, c["document_id"])),
        "original": safe_url(c.get("doc_url")),
    }
    return Response.json(view, default=str)


async def document_page(datasette, request):
    name = await _database_for(datasette, request)
    doc_id = request.url_vars["doc_id"].lower()
    if not DOCUMENT_ID.fullmatch(doc_id):
        raise NotFound("No such document")
    data = await datasette.get_database(name).execute_fn(lambda conn: read_document(conn, doc_id))
    if data is None:
        raise NotFound("No such document")
    doc = data["document"]
    counts: dict[str, int] = {}
    for c in data["claims"]:
        counts[c["kind"]] = counts.get(c["kind"], 0) + 1
    body = document_markup(doc["text"], data["claims"], data["furniture"],
                           lambda cid: claim_url(datasette, cid))
    return await _page(datasette, request, "claims_document.html", {
        "database": name, "doc": doc, "body": body, "claims": data["claims"], "furniture": data["furniture"],
        "counts": sorted(counts.items()), "original_url": safe_url(doc.get("url")),
        "claim_url": lambda cid: claim_url(datasette, cid),
        "row_url": datasette.urls.row(name, "documents", quote(doc["id"], safe="")),
    })


async def conflicts_page(datasette, request):
    name = await _database_for(datasette, request)
    group_id = request.url_vars.get("group_id")
    if group_id is not None and not GROUP_ID.fullmatch(group_id):
        raise NotFound("No such group")
    subject = (request.args.get("subject") or "").strip() or None
    include_agreeing = request.args.get("all") in ("1", "on", "true")
    groups = await datasette.get_database(name).execute_fn(
        lambda conn: read_groups(conn, None if group_id else subject, include_agreeing, group_id))
    if group_id and not groups:
        raise NotFound("No such group")
    return await _page(datasette, request, "claims_conflicts.html", {
        "database": name, "groups": groups, "group_id": group_id, "subject": subject or "",
        "include_agreeing": include_agreeing, "conflicts_url": _path(datasette, "-", "conflicts"),
        "claim_url": lambda cid: claim_url(datasette, cid),
        "document_url": lambda did: document_url(datasette, did),
        "group_url": lambda gid: group_url(datasette, gid),
    })


@hookimpl
def register_routes(datasette):
    return [
        (r"^/-/claim/(?P<claim_id>[^/.]+)\.json$", claim_json),
        (r"^/-/claim/(?P<claim_id>[^/.]+)$", claim_page),
        (r"^/-/document/(?P<doc_id>[^/.]+)$", document_page),
        (r"^/-/conflicts$", conflicts_page),
        (r"^/-/conflicts/(?P<group_id>[^/.]+)$", conflicts_page),
        (r"^/" + STATIC_MOUNT + r"/(?P<path>.*)$", asgi_static(STATIC)),
    ]


def holds_claims(conn) -> bool:
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return {"claims", "documents", "schema_migrations"} <= names


@hookimpl
def prepare_connection(conn, database, datasette):
    # The site never writes: a claims database is query-only on every connection Datasette
    # opens, the write connection included.
    if holds_claims(conn):
        conn.execute("PRAGMA query_only = 1")


@hookimpl
def startup(datasette):
    # Not at import: this module may be imported while datasette.plugins is loading.
    _plain_tracebacks()


@hookimpl
def prepare_jinja2_environment(env):
    # Datasette finds a plugin's templates/ only for package plugins; this one is a module.
    if TEMPLATES.is_dir() and not getattr(env, "_claims_templates", False):
        env.loader = ChoiceLoader([env.loader, FileSystemLoader(str(TEMPLATES))])
        env._claims_templates = True


@hookimpl
def extra_css_urls(datasette):
    return [{"url": static_url(datasette, "claims.css")}]


def _keys(row) -> set:
    try:
        return set(row.keys())
    except AttributeError:
        return set()


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if value is None:
        return None

    async def inner():
        if not await is_claims_database(datasette, database):
            return None
        if isinstance(value, dict):
            # A foreign key Datasette expanded to {"value", "label"}: documents without a title
            # would show "None", so name them by source and link to the document page.
            doc_id = str(value.get("value"))
            if column != "document_id" or not DOCUMENT_ID.fullmatch(doc_id):
                return None
            label = value.get("label")
            if label in (None, "", doc_id):
                found = (await datasette.get_database(database).execute(
                    "SELECT coalesce(title, source) FROM documents WHERE id = ?", [doc_id])).first()
                label = found[0] if found else doc_id
            return Markup('<a class="document-link" href="{}" title="{}">{}</a>').format(
                document_url(datasette, doc_id), doc_id, label)
        keys = _keys(row)
        if column == "sentence" and {"start", "end", "sentence_start"} <= keys:
            try:
                a = int(row["start"]) - int(row["sentence_start"])
                b = int(row["end"]) - int(row["sentence_start"])
            except (TypeError, ValueError):
                return None
            return sentence_markup(value, a, b)
        if not isinstance(value, str):
            return None
        if table == "claims" and column in ("id", "text") and "id" in keys and CLAIM_ID.fullmatch(str(row["id"])):
            return Markup('<a class="claim-link" href="{}">{}</a>').format(claim_url(datasette, row["id"]), value)
        if table == "documents" and column in ("id", "title", "source") and "id" in keys \
                and DOCUMENT_ID.fullmatch(str(row["id"])):
            return Markup('<a class="document-link" href="{}">{}</a>').format(
                document_url(datasette, row["id"]), value)
        if table == "figure_groups" and column == "id" and GROUP_ID.fullmatch(value):
            return Markup('<a href="{}">{}</a>').format(group_url(datasette, value), value)
        if column == "claim_id" and CLAIM_ID.fullmatch(value):
            return Markup('<a class="claim-link" href="{}">{}</a>').format(claim_url(datasette, value), value)
        if column == "document_id" and DOCUMENT_ID.fullmatch(value):
            return Markup('<a class="document-link" href="{}">{}</a>').format(document_url(datasette, value), value)
        if column == "group_id" and GROUP_ID.fullmatch(value):
            return Markup('<a href="{}">{}</a>').format(group_url(datasette, value), value)
        return None

    return inner
