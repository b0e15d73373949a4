"""The published site: Datasette with the project's metadata and the claims plugin.

Everything runs against a real database made by the real `claims extract` on small
articles written here, through Datasette's own test client (no network, no server),
except one test that starts `claims serve --public` as users do.
"""
from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claims import datasette_plugin as plugin
from claims.citation import claim_view
from claims.cli import app
from claims.site import PUBLIC_SETTINGS, metadata_path, prepared_metadata, serve_args, site_metadata
from claims.store import open_db

ROOT = Path(__file__).resolve().parent.parent
METADATA = ROOT / "datasette-metadata.json"

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"onmouseover="alert(2)"'

ARTICLE_TXT = """Flood death toll rises in Riverton

By Jane Smith, Staff Reporter

Health minister Maria Lopez told Reuters on Monday that 1,600 migrant workers had died in the floods since March 1.

"We have never seen anything like this," Lopez said.

According to the Red Cross, 300 migrant workers were injured.

Related: How the river burst its banks
"""

RECORDS = [
    {"id": "r1", "title": "Riverton floods: officials give lower toll " + SCRIPT, "url": "javascript:alert(1)",
     "outlet": "Daily Planet", "published": "2024-03-05",
     "text": ("The interior ministry said on Tuesday that 900 migrant workers had died in the floods, calling "
              "reports of " + SCRIPT + " deaths " + ATTRIBUTE + " 'exaggerated'.\n\n"
              "The mayor said \"the " + SCRIPT + " report is a hoax\".\n\n"
              "Aid groups said 40,000 people were displaced.")},
    {"id": "r2", "title": "Aid update", "url": "https://example.org/aid?x=1&y=2", "outlet": "The Herald",
     "published": "2024-03-07",
     "text": ("Governor Ann Lee told the Associated Press that 2,000 people had been rescued by the army.\n\n"
              "\"The water is falling,\" Lee said.")},
]


# ---------------------------------------------------------------------------
# Fixtures and helpers


def write_corpus(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    txt = folder / "riverton.txt"
    txt.write_text(ARTICLE_TXT, encoding="utf-8")
    jsonl = folder / "wire.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    return [txt, jsonl]


def build_database(folder: Path, name: str = "claims.db") -> Path:
    """Run the real `claims extract` on the corpus; returns the database path.

    Run from `folder` with relative paths, as a user would, so sources read "articles/...".
    """
    inputs = write_corpus(folder / "articles")
    db = folder / name
    with contextlib.chdir(folder):
        result = CliRunner().invoke(app, ["extract", "--db", name, "--quiet",
                                          *(str(p.relative_to(folder)) for p in inputs)])
    assert result.exit_code == 0, result.output
    # Everything in the main file, as an immutable reader needs it.
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return db


def ensure_plugin() -> None:
    from datasette.plugins import pm

    if not pm.is_registered(plugin):
        pm.register(plugin, name="claims")


def _setting(value: str):
    if value in ("on", "off"):
        return value == "on"
    return int(value) if value.isdigit() else value


def datasette_from_args(args: list[str]):
    """A Datasette configured exactly as `datasette <serve_args>` would be."""
    from datasette.app import Datasette

    ensure_plugin()
    files, settings, metadata = [], {}, None
    i = 1  # args[0] is "serve"
    while i < len(args):
        if not args[i].startswith("-"):
            files.append(args[i])
            i += 1
        elif args[i] == "--metadata":
            metadata = json.loads(Path(args[i + 1]).read_text(encoding="utf-8"))
            i += 2
        elif args[i] == "--setting":
            settings[args[i + 1]] = _setting(args[i + 2])
            i += 3
        else:
            i += 2  # --port, --host
    return Datasette(files=files, metadata=metadata, settings=settings)


def fetch(ds, path: str, method: str = "GET", **kwargs):
    async def go():
        return await getattr(ds.client, method.lower())(path, **kwargs)

    return asyncio.run(go())


def rows(ds, path: str) -> list[dict]:
    response = fetch(ds, path)
    assert response.status_code == 200, response.text[:500]
    return response.json()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def query(db: Path, sql: str, params=()) -> list[tuple]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def claim_id_of(db: Path, text: str) -> str:
    found = query(db, "SELECT id FROM claims WHERE text = ?", [text])
    assert found, f"claims extract no longer finds {text!r}; the site tests rely on it"
    return found[0][0]


class TagBalance(HTMLParser):
    """Fails on crossed or unclosed tags (void elements aside)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def balanced(fragment: str) -> TagBalance:
    parser = TagBalance()
    parser.feed(fragment)
    parser.close()
    assert not parser.errors, parser.errors
    assert not parser.stack, f"unclosed: {parser.stack}"
    return parser


@pytest.fixture(scope="module")
def site_db(tmp_path_factory) -> Path:
    return build_database(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="module")
def ds(site_db):
    return datasette_from_args(serve_args(site_db))


@pytest.fixture(scope="module")
def public_ds(site_db):
    return datasette_from_args(serve_args(site_db, public=True))


# ---------------------------------------------------------------------------
# Plain functions


def test_safe_url_only_allows_http_and_https():
    assert plugin.safe_url("https://example.org/a?b=1&c=2") == "https://example.org/a?b=1&c=2"
    assert plugin.safe_url(" http://example.org/ ") == "http://example.org/"
    for bad in ("javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "data:text/html,x",
                "vbscript:x", "//example.org/", "/relative", "http://", "https://exa mple.org/",
                "java\nscript:alert(1)", "http:\x00//x", "", None, 42):
        assert plugin.safe_url(bad) is None, bad


def test_paragraph_is_the_text_between_blank_lines():
    text = "Title\n\nFirst para. Second sentence here.\nSame para.\n\n  \nLast."
    s = text.index("Second")
    a, b = plugin.paragraph_bounds(text, s, s + 6)
    assert text[a:b] == "First para. Second sentence here.\nSame para."
    a, b = plugin.paragraph_bounds(text, text.index("Last"), len(text))
    assert text[a:b] == "Last."
    long = ("word " * 2000) + "TARGET " + ("word " * 2000)
    s = long.index("TARGET")
    a, b = plugin.paragraph_bounds(long, s, s + 6)
    assert a <= s and s + 6 <= b and b - a <= plugin.MAX_PARAGRAPH


def test_overlapping_spans_never_cross_tags():
    text = "A said that 1,600 <b>people</b> & \"others\" died, B said."
    claims = [
        {"id": "a" * 20, "kind": "statement", "start": 0, "end": 40, "text": text[0:40]},
        {"id": "b" * 20, "kind": "statistic", "start": 12, "end": 17, "text": text[12:17]},
        {"id": "c" * 20, "kind": "statistic", "start": 15, "end": 30, "text": text[15:30]},  # crosses both
        {"id": "d" * 20, "kind": "statement", "start": 30, "end": 999, "text": "out of range"},  # ignored
    ]
    furniture = [{"start": 10, "end": 20, "label": "caption <i>"}, {"start": 5, "end": 5, "label": "empty"}]
    html = str(plugin.document_markup(text, claims, furniture, lambda cid: "/-/claim/" + cid))
    parser = balanced(html)
    assert "".join(parser.text) == text[:10] + "caption <i>" + text[10:]  # every character once, and the label
    assert "<b>" not in html and "&lt;b&gt;people&lt;/b&gt;" in html and "&amp; &#34;other" in html
    for cid in ("a", "b", "c"):
        assert f'href="/-/claim/{cid * 20}"' in html
        assert f'id="c-{cid * 20}"' in html
    assert "d" * 20 not in html
    assert 'class="claim claim-statement claim-statistic"' in html


def test_paragraph_markup_marks_sentence_and_claim():
    text = "Intro.\n\nHe said <x> 5 died. Then more.\n\nEnd."
    s0 = text.index("He")
    s1 = text.index(" Then")
    c = text.index("5")
    html = str(plugin.paragraph_markup(text, plugin.paragraph_bounds(text, s0, s1), (s0, s1 + 1), (c, c + 1)))
    balanced(html)
    assert '<mark class="claim-this">5</mark>' in html
    assert "&lt;x&gt;" in html and "Intro" not in html and "End." not in html


def test_sentence_markup_checks_offsets():
    assert str(plugin.sentence_markup("a <b> c", 2, 5)) == 'a <mark class="claim-span">&lt;b&gt;</mark> c'
    assert plugin.sentence_markup("short", 3, 30) is None
    assert plugin.sentence_markup("short", 3, 3) is None


# ---------------------------------------------------------------------------
# serve_args and the metadata


def test_metadata_is_one_file_shipped_with_the_package():
    packaged = ROOT / "claims" / "datasette-metadata.json"
    assert packaged.is_symlink() and packaged.resolve() == METADATA.resolve()
    assert metadata_path().resolve() == METADATA.resolve()


def test_metadata_describes_every_table_and_column(site_db):
    meta = json.loads(METADATA.read_text(encoding="utf-8"))
    tables = meta["databases"]["claims"]["tables"]
    for table in ("claims", "documents", "speakers", "outlets", "runs", "figure_groups",
                  "figure_group_members", "figure_subjects", "conflicts", "document_sources"):
        columns = {r[1] for r in query(site_db, f"PRAGMA table_info([{table}])")}
        assert columns, table
        assert set(tables[table]["columns"]) == columns, table
        assert tables[table]["description"]
    assert tables["claims"]["facets"] == ["kind", "speaker_canonical", "outlet", "qualifier", "rule"]
    assert tables["documents"]["facets"] == ["published", "outlet"]
    assert tables["claims"]["fts_table"] == "claims_fts"
    assert "allow_sql" not in json.dumps(meta)  # would override --public's default_allow_sql off


def test_serve_args_read_only_and_public(site_db):
    args = serve_args(site_db, port=9999, host="127.0.0.1")
    assert args[:2] == ["serve", str(site_db)] and "-i" not in args
    assert "--setting" in args and "sql_time_limit_ms" in args
    assert not any(name in args for name, _ in PUBLIC_SETTINGS)
    public = serve_args(site_db, public=True)
    for name, value in PUBLIC_SETTINGS:
        i = public.index(name)
        assert public[i - 1] == "--setting" and public[i + 1] == value
    assert {"default_allow_sql", "allow_download", "allow_csv_stream"} == {n for n, _ in PUBLIC_SETTINGS}


def test_settings_exist_in_this_datasette():
    from datasette.app import SETTINGS

    names = {s.name for s in SETTINGS}
    assert {"default_allow_sql", "allow_download", "allow_csv_stream", "sql_time_limit_ms"} <= names


def test_metadata_follows_a_database_with_another_name(tmp_path):
    db = build_database(tmp_path, name="riverton-2024.db")
    args = serve_args(db)
    meta = json.loads(Path(args[args.index("--metadata") + 1]).read_text(encoding="utf-8"))
    assert set(meta["databases"]) == {"riverton-2024"}
    site = datasette_from_args(args)
    assert rows(site, "/riverton-2024/claims_by_speaker.json?_shape=array&speaker=Lopez")
    cid = claim_id_of(db, "1,600")
    page = fetch(site, f"/-/claim/{cid}")
    assert page.status_code == 200 and "Maria Lopez" in page.text
    assert 'href="/riverton-2024/claims"' in page.text
    # the project's file is untouched and reused for a database named claims
    assert prepared_metadata(METADATA, "claims") == METADATA


def test_public_metadata_drops_allow_sql_and_write_queries():
    meta = {"allow_sql": True, "databases": {"claims": {"allow_sql": True, "queries": {
        "ok": {"sql": "select 1"}, "bad": {"sql": "delete from claims", "write": True}}}}}
    out = site_metadata(meta, "news", public=True)
    assert "allow_sql" not in out and "allow_sql" not in out["databases"]["news"]
    assert set(out["databases"]["news"]["queries"]) == {"ok"}
    assert meta["databases"]["claims"]["allow_sql"] is True  # the input is not changed


# ---------------------------------------------------------------------------
# Pages


def test_pages_return_200(ds, site_db):
    cid = claim_id_of(site_db, "1,600")
    doc = query(site_db, "SELECT document_id FROM claims WHERE id = ?", [cid])[0][0]
    group = query(site_db, "SELECT id FROM figure_groups WHERE conflict = 1")[0][0]
    for path in ("/", "/claims", "/claims/claims", "/claims/documents", "/claims/speakers", "/claims/outlets",
                 "/claims/runs", "/claims/figure_groups", "/claims/figure_group_members", "/claims/conflicts",
                 "/claims/document_sources", f"/claims/claims/{cid}", f"/-/claim/{cid}", f"/-/claim/{cid}.json",
                 f"/-/document/{doc}", "/-/conflicts", "/-/conflicts?all=1", f"/-/conflicts/{group}",
                 "/-/claims-static/claims.css", "/-/claims-static/claims.js"):
        response = fetch(ds, path)
        assert response.status_code == 200, (path, response.status_code, response.text[:300])
    assert "claims.css" in fetch(ds, "/claims/claims").text


def test_missing_and_malformed_ids_are_404(ds):
    for path in ("/-/claim/0123456789abcdef0123", "/-/claim/not-an-id", "/-/claim/%3Cscript%3E",
                 "/-/document/" + "0" * 64, "/-/document/abc", "/-/conflicts/gzzz", "/-/conflicts/g000000000000",
                 "/-/claims-static/../site.py", "/-/claims-static/nothing.css", "/no/such/page/at/all"):
        assert fetch(ds, path, follow_redirects=True).status_code == 404, path
    assert fetch(ds, "/-/claim/0123456789abcdef0123.json").status_code == 404


def test_claim_prefix_redirects_to_the_claim(ds, site_db):
    cid = claim_id_of(site_db, "1,600")
    response = fetch(ds, f"/-/claim/{cid[:10]}")
    assert response.status_code == 302 and response.headers["location"].endswith(f"/-/claim/{cid}")


def test_claim_page_shows_paragraph_people_dates_and_citation(ds, site_db):
    cid = claim_id_of(site_db, "1,600")
    doc = query(site_db, "SELECT document_id FROM claims WHERE id = ?", [cid])[0][0]
    html = fetch(ds, f"/-/claim/{cid}").text
    balanced(html[html.index("<article"):html.index("</article>") + len("</article>")])
    assert '<mark class="claim-this">1,600</mark>' in html
    assert "Health minister Maria Lopez told Reuters on Monday" in html
    assert "By Jane Smith" not in html  # only the claim's paragraph
    for expected in ("Maria Lopez", "Health minister", "Reuters", "told", "figure.count", "migrant workers",
                     "on Monday", "not resolved to a date", "unknown", f'href="/-/document/{doc}#c-{cid}"', f'href="/claims/claims/{cid}"',
                     'id="copy-citation"', 'data-copy="citation-plain"', "/-/claims-static/claims.js"):
        assert expected in html, expected
    view = claim_view(open_db(site_db, create=False), cid)
    from markupsafe import escape

    assert f'<p class="citation-text" id="citation-plain">{escape(view["citation"])}</p>' in html
    assert str(escape(view["citation_markdown"])) in html
    assert "/-/conflicts/" in html  # the 1,600 disagrees with the 900


def test_claim_json(ds, site_db):
    cid = claim_id_of(site_db, "900")
    data = rows(ds, f"/-/claim/{cid}.json")
    assert data["claim"]["id"] == cid and data["claim"]["text"] == "900"
    assert data["sentence"][slice(*data["span_in_sentence"])] == "900"
    assert SCRIPT in data["paragraph"]["text"]  # JSON carries the text as it is
    assert data["citation"].startswith("“900”")
    assert data["urls"]["original"] is None  # javascript: is not an address
    assert data["urls"]["document"].endswith("/-/document/" + data["claim"]["document_id"])
    text = query(site_db, "SELECT text FROM documents WHERE id = ?", [data["claim"]["document_id"]])[0][0]
    assert text[data["paragraph"]["start"]:data["paragraph"]["end"]] == data["paragraph"]["text"]


def test_document_page_marks_every_claim_and_furniture(ds, site_db):
    doc = query(site_db, "SELECT document_id FROM claims WHERE text = '1,600'")[0][0]
    html = fetch(ds, f"/-/document/{doc}").text
    body = html[html.index('<div class="doc-text">'):]
    body = body[:body.index("</div>") + len("</div>")]
    parser = balanced(body)
    furniture = json.loads(query(site_db, "SELECT furniture FROM documents WHERE id = ?", [doc])[0][0])
    text = query(site_db, "SELECT text FROM documents WHERE id = ?", [doc])[0][0]
    labels = "".join(f["label"] for f in furniture if f["end"] > f["start"])
    assert len("".join(parser.text)) == len(text) + len(labels)
    for (cid,) in query(site_db, "SELECT id FROM claims WHERE document_id = ?", [doc]):
        assert f'href="/-/claim/{cid}"' in body
    assert "claim-statistic" in body and "claim-statement" in body
    assert furniture and 'class="furniture"' in body and 'class="furniture-label">byline<' in body


def test_conflicts_pages_show_figures_side_by_side(ds, site_db):
    group = query(site_db, "SELECT id FROM figure_groups WHERE conflict = 1")[0][0]
    members = query(site_db, "SELECT c.id, c.text FROM figure_group_members m JOIN claims c ON c.id = m.claim_id"
                             " WHERE m.group_id = ?", [group])
    for path in ("/-/conflicts", f"/-/conflicts/{group}", "/-/conflicts?subject=migrant"):
        html = fetch(ds, path).text
        for cid, text in members:
            assert f'href="/-/claim/{cid}">{text}</a>' in html, path
        for column in ("figure", "qualifier", "speaker", "outlet", "date", "document"):
            assert f"<th>{column}</th>" in html
        assert "Maria Lopez" in html and "interior ministry" in html and "Reuters" in html
    assert "No figures that disagree" in fetch(ds, "/-/conflicts?subject=zebras").text


def test_claims_table_highlights_and_links(ds, site_db):
    cid = claim_id_of(site_db, "1,600")
    html = fetch(ds, "/claims/claims").text
    assert '<mark class="claim-span">1,600</mark>' in html
    assert f'<a class="claim-link" href="/-/claim/{cid}">1,600</a>' in html
    assert ">None<" not in html  # an untitled document is named by its source
    assert "articles/riverton.txt" in html
    row = fetch(ds, f"/claims/claims/{cid}").text
    assert f'href="/-/claim/{cid}"' in row


def test_foreign_keys_show_names(ds):
    data = rows(ds, "/claims/claims.json?_labels=on&_shape=array&kind=statistic")
    speakers = {r["speaker_id"]["label"] for r in data if r["speaker_id"]}
    assert "Maria Lopez" in speakers
    outlets = {r["outlet_id"]["label"] for r in data if r["outlet_id"]}
    assert "Reuters" in outlets
    docs = rows(ds, "/claims/documents.json?_labels=on&_shape=array")
    assert [d["published"] for d in docs][:2] == ["2024-03-07", "2024-03-05"]  # newest first


def test_facets_are_on(ds):
    data = rows(ds, "/claims/claims.json")
    facets = data["facet_results"]
    facets = facets.get("results", facets)
    assert {"kind", "speaker_canonical", "outlet", "qualifier", "rule"} <= set(facets)
    data = rows(ds, "/claims/documents.json")
    facets = data["facet_results"]
    facets = facets.get("results", facets)
    assert {"published", "outlet"} <= set(facets)


def test_full_text_search(ds, site_db):
    found = {r["id"] for r in rows(ds, "/claims/claims.json?_search=migrant&_shape=array")}
    expected = {r[0] for r in query(site_db, "SELECT c.id FROM claims c JOIN claims_fts f ON f.rowid = c.rowid"
                                             " WHERE claims_fts MATCH 'migrant'")}
    assert found == expected and len(found) >= 3
    assert 'name="_search"' in fetch(ds, "/claims/claims").text


# ---------------------------------------------------------------------------
# Canned queries


def test_figures_for_topic(ds, site_db):
    got = rows(ds, "/claims/figures_for_topic.json?_shape=array&topic=migrant")
    expected = {r[0] for r in query(site_db, "SELECT id FROM claims WHERE kind = 'statistic'"
                                             " AND (sentence LIKE '%migrant%' OR counted LIKE '%migrant%')")}
    assert {r["claim_id"] for r in got} == expected and len(expected) == 3
    assert {r["figure"] for r in got} == {"1,600", "300", "900"}
    assert rows(ds, "/claims/figures_for_topic.json?_shape=array&topic=migra")  # prefix
    for odd in ("%22", "-", "", "%22%29%20OR%201%3D1", "*"):
        assert rows(ds, f"/claims/figures_for_topic.json?_shape=array&topic={odd}") == [], odd


def test_claims_by_speaker(ds, site_db):
    got = rows(ds, "/claims/claims_by_speaker.json?_shape=array&speaker=Lopez")
    expected = {r[0] for r in query(site_db, "SELECT id FROM claims WHERE speaker_canonical LIKE '%Lopez%'"
                                             " OR speaker LIKE '%Lopez%'")}
    assert {r["claim_id"] for r in got} == expected and len(expected) == 2
    assert rows(ds, "/claims/claims_by_speaker.json?_shape=array&speaker=") == []


def test_claims_through_outlet(ds, site_db):
    got = rows(ds, "/claims/claims_through_outlet.json?_shape=array&outlet=Reuters")
    assert [r["claim"] for r in got] == ["1,600"] and got[0]["via"] == "Reuters"
    herald = rows(ds, "/claims/claims_through_outlet.json?_shape=array&outlet=Herald")
    expected = {r[0] for r in query(site_db, "SELECT c.id FROM claims c JOIN documents d ON d.id = c.document_id"
                                             " WHERE d.outlet = 'The Herald'")}
    assert {r["claim_id"] for r in herald} == expected and expected


def test_conflicting_figures(ds):
    got = rows(ds, "/claims/conflicting_figures.json?_shape=array&subject=")
    assert {r["figure"] for r in got} == {"1,600", "900"}
    assert len({r["group_id"] for r in got}) == 1
    assert rows(ds, "/claims/conflicting_figures.json?_shape=array&subject=migrant") == got
    assert rows(ds, "/claims/conflicting_figures.json?_shape=array&subject=zebra") == []


def test_claims_in_date_range(ds, site_db):
    got = rows(ds, "/claims/claims_in_date_range.json?_shape=array&from=2024-03-06&to=2024-03-31")
    expected = {r[0] for r in query(site_db, "SELECT c.id FROM claims c JOIN documents d ON d.id = c.document_id"
                                             " WHERE coalesce(c.claim_date, d.published) BETWEEN"
                                             " '2024-03-06' AND '2024-03-31'")}
    assert {r["claim_id"] for r in got} == expected and expected
    march = rows(ds, "/claims/claims_in_date_range.json?_shape=array&from=2024-03-01&to=2024-03")
    dated = query(site_db, "SELECT count(*) FROM claims c JOIN documents d ON d.id = c.document_id"
                           " WHERE coalesce(c.claim_date, d.published) IS NOT NULL")[0][0]
    assert len(march) == dated and len(march) > len(got)
    assert rows(ds, "/claims/claims_in_date_range.json?_shape=array&from=2030-01-01&to=") == []


def test_canned_queries_link_to_claim_pages(ds):
    html = fetch(ds, "/claims/claims_by_speaker?speaker=Lopez").text
    assert 'class="claim-link" href="/-/claim/' in html


# ---------------------------------------------------------------------------
# Escaping and links out


def test_article_text_is_escaped_everywhere(ds, site_db):
    cid = claim_id_of(site_db, "900")
    doc = query(site_db, "SELECT document_id FROM claims WHERE id = ?", [cid])[0][0]
    statement = query(site_db, "SELECT id FROM claims WHERE document_id = ? AND kind = 'statement'", [doc])
    pages = [f"/-/claim/{cid}", f"/-/document/{doc}", "/claims/claims", "/claims/documents", "/-/conflicts",
             f"/claims/claims/{cid}", "/claims/claims_by_speaker?speaker=mayor",
             "/claims/figures_for_topic?topic=migrant"]
    pages += [f"/-/claim/{sid}" for (sid,) in statement]
    for path in pages:
        html = fetch(ds, path).text
        assert "<script>alert" not in html, path
        assert ATTRIBUTE not in html, path
    for path in (f"/-/claim/{cid}", f"/-/document/{doc}"):
        html = fetch(ds, path).text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, path
        assert "&#34;onmouseover=&#34;alert(2)&#34;" in html, path
        assert "&#39;exaggerated&#39;" in html, path


def test_only_http_urls_become_links(ds, site_db):
    bad = query(site_db, "SELECT id FROM documents WHERE url = 'javascript:alert(1)'")[0][0]
    good = query(site_db, "SELECT id FROM documents WHERE url LIKE 'https://%'")[0][0]
    bad_claim = query(site_db, "SELECT id FROM claims WHERE document_id = ?", [bad])[0][0]
    good_claim = query(site_db, "SELECT id FROM claims WHERE document_id = ?", [good])[0][0]
    for path in (f"/-/document/{bad}", f"/-/claim/{bad_claim}", "/claims/documents", f"/claims/documents/{bad}"):
        html = fetch(ds, path).text
        assert 'href="javascript:' not in html.lower(), path
        assert "javascript:alert(1)" in html, path  # shown as text
    for path in (f"/-/document/{good}", f"/-/claim/{good_claim}"):
        assert 'href="https://example.org/aid?x=1&amp;y=2"' in fetch(ds, path).text, path


# ---------------------------------------------------------------------------
# Read-only


def test_the_database_is_opened_read_only(ds):
    # Not immutable: `claims extract` may write while the site reads (see the guarantees).
    assert ds.databases["claims"].is_mutable is True

    async def attempt():
        return await ds.databases["claims"].execute_write("delete from claims")

    import asyncio

    with pytest.raises(Exception, match="readonly|read-only|query_only|attempt to write"):
        asyncio.run(attempt())


def test_writes_are_refused(site_db):
    before = sha256(site_db)
    meta = json.loads(METADATA.read_text(encoding="utf-8"))
    meta["databases"]["claims"]["queries"]["sneaky_write"] = {
        "sql": "insert into runs (id, started, rules_version, schema_version, inputs)"
               " values (:id, 'now', 'x', 1, '[]')", "write": True}
    from datasette.app import Datasette

    ensure_plugin()
    site = Datasette(files=[str(site_db)], metadata=meta)
    # A write canned query, posted like its form would, with a valid CSRF token
    form = fetch(site, "/claims/sneaky_write")
    token = form.cookies.get("ds_csrftoken")
    assert token
    response = fetch(site, "/claims/sneaky_write", method="POST", data={"id": "x", "csrftoken": token},
                     cookies={"ds_csrftoken": token})
    assert sha256(site_db) == before  # PRAGMA query_only: the write went nowhere
    # serve_args never passes a write query on to Datasette at all
    meta_file = site_db.parent / "sneaky-metadata.json"
    meta_file.write_text(json.dumps(meta), encoding="utf-8")
    served = datasette_from_args(serve_args(site_db, metadata=meta_file))
    assert fetch(served, "/claims/sneaky_write").status_code == 404
    # Arbitrary SQL is SELECT only, even where SQL is allowed
    for sql in ("insert into runs (id, started, rules_version, schema_version, inputs)"
                " values ('x', 'now', 'x', 1, '[]')", "delete from claims", "drop table claims",
                "update claims set text = 'x'", "PRAGMA journal_mode = WAL"):
        response = fetch(site, "/claims.json", params={"sql": sql})
        assert response.status_code in (400, 403), (sql, response.status_code)
    # No write API in this Datasette
    for path in ("/claims/-/create", "/claims/claims/-/insert", "/claims/-/query", "/claims/claims/-/drop"):
        response = fetch(site, path, method="POST", json={"table": "x", "rows": [{"a": 1}]})
        assert response.status_code in (400, 403, 404, 405), (path, response.status_code)
    assert sha256(site_db) == before
    assert query(site_db, "SELECT count(*) FROM runs WHERE id = 'x'")[0][0] == 0


def test_public_mode_turns_off_sql_and_downloads(public_ds, ds):
    assert fetch(ds, "/claims.json", params={"sql": "select 1"}).status_code == 200
    assert fetch(public_ds, "/claims.json", params={"sql": "select 1"}).status_code == 403
    assert fetch(public_ds, "/claims.db").status_code in (403, 404)
    # Datasette offers a file for download only when it is immutable; a live claims database
    # (read while `claims extract` may write) is never handed out whole.
    assert fetch(ds, "/claims.db").status_code in (403, 404)
    assert fetch(public_ds, "/claims/claims.csv?_stream=1").status_code == 400
    assert "View and edit SQL" not in fetch(public_ds, "/claims/claims").text
    # curated canned queries, search, facets and the claim pages stay on
    assert rows(public_ds, "/claims/figures_for_topic.json?_shape=array&topic=migrant")
    assert rows(public_ds, "/claims/claims.json?_search=migrant&_shape=array")
    assert fetch(public_ds, "/-/conflicts").status_code == 200


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _http(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def start_server(db: Path, port: int, *extra: str) -> subprocess.Popen:
    """`claims serve` as a user runs it, in its own process group; waits until it answers.

    `claims serve` runs Datasette as a child process, so stopping it means stopping the group.
    """
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-m", "claims.cli", "serve", "--db", str(db), "--port", str(port),
                             "--host", "127.0.0.1", *extra], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            env=env, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError("claims serve exited: " + proc.stdout.read().decode("utf-8", "replace"))
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError:
            time.sleep(0.2)
    stop_server(proc)
    raise AssertionError("claims serve did not start within 30 s")


def stop_server(proc: subprocess.Popen) -> None:
    """Stop `claims serve` and the Datasette it started: the process group this test created."""
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            continue
        # the leader is gone; give the rest of the group a moment, then make sure
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.killpg(proc.pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.1)
        else:
            continue
        break
    if proc.stdout:
        proc.stdout.close()


def test_claims_serve_public_end_to_end(site_db):
    before = sha256(site_db)
    port = _free_port()
    proc = start_server(site_db, port, "--public")
    try:
        base = f"http://127.0.0.1:{port}"
        cid = claim_id_of(site_db, "1,600")
        status, html = _http(f"{base}/-/claim/{cid}")
        assert status == 200 and '<mark class="claim-this">1,600</mark>' in html
        assert _http(f"{base}/claims.json?sql=select+1")[0] == 403
        assert _http(f"{base}/claims.db")[0] in (403, 404)
        status, body = _http(f"{base}/claims/claims_by_speaker.json?_shape=array&speaker=Lopez")
        assert status == 200 and len(json.loads(body)) == 2
        status, body = _http(f"{base}/-/settings.json")
        settings = json.loads(body)
        assert settings["default_allow_sql"] is False and settings["allow_download"] is False
        assert settings["allow_csv_stream"] is False and settings["sql_time_limit_ms"] == 3000
    finally:
        stop_server(proc)
    assert sha256(site_db) == before
