"""A claim as a reader checks and cites it: in its sentence, with who, through whom, when, where."""
from __future__ import annotations

from typing import Any, Optional

import sqlite_utils


def find_claim(db: sqlite_utils.Database, claim_id: str) -> Optional[dict]:
    rows = list(db.query(
        "SELECT c.*, d.source AS doc_source, d.title AS doc_title, d.url AS doc_url, d.published AS doc_date,"
        " d.outlet AS doc_outlet, o.name AS outlet_canonical, s.kind AS speaker_kind"
        " FROM claims c JOIN documents d ON d.id = c.document_id"
        " LEFT JOIN outlets o ON o.id = c.outlet_id LEFT JOIN speakers s ON s.id = c.speaker_id"
        " WHERE c.id = ? OR c.id LIKE ? ORDER BY c.id = ? DESC LIMIT 2",
        [claim_id, claim_id.replace("%", "").replace("_", "") + "%", claim_id]))
    if not rows or (len(rows) > 1 and rows[0]["id"] != claim_id):
        return None
    return rows[0]


def figure_text(c: dict) -> str:
    """'more than 1,600 (value 1600, more_than)' as a reader would say it."""
    if c["kind"] != "statistic":
        return ""
    if c.get("low") is not None:
        value = f"{_n(c['low'])}–{_n(c['high'])}"
    elif c.get("value") is not None:
        value = _n(c["value"])
    else:
        value = "no exact value"
    parts = [value]
    if c.get("qualifier") and c["qualifier"] != "exact":
        parts.append(c["qualifier"].replace("_", " "))
    if c.get("unit"):
        parts.append(c["unit"])
    return ", ".join(parts)


def _n(x: float) -> str:
    return f"{int(x):,}" if float(x).is_integer() else f"{x:,}"


def citation(c: dict) -> str:
    """One line a fact-checker can paste: who said what, through whom, where and when."""
    who = c.get("speaker_canonical") or c.get("speaker")
    via = c.get("outlet_canonical") or c.get("outlet")
    doc = c.get("doc_title") or c.get("doc_source")
    pieces = [f"“{c['text']}”"]
    if c["kind"] == "statistic" and c.get("counted"):
        pieces[0] += f" ({c['counted']})"
    if who:
        pieces.append(f"{who}" + (f", {c['role']}" if c.get("role") else ""))
    if via:
        pieces.append(f"via {via}")
    published = c.get("doc_outlet")
    pieces.append(f"in {doc}" + (f" ({published})" if published else ""))
    if c.get("doc_date"):
        pieces.append(c["doc_date"])
    if str(c.get("doc_url") or "").startswith(("http://", "https://")):
        pieces.append(c["doc_url"])
    pieces.append(f"chars {c['start']}–{c['end']}, claim {c['id']}")
    return ". ".join(pieces) + "."


def citation_markdown(c: dict) -> str:
    who = c.get("speaker_canonical") or c.get("speaker")
    doc = c.get("doc_title") or c.get("doc_source")
    url = c.get("doc_url") if str(c.get("doc_url") or "").startswith(("http://", "https://")) else None
    link = f"[{_md(doc)}]({url})" if url else f"*{_md(doc)}*"
    text = f"> {_md(c['text'])}\n\n"
    text += "— " + ", ".join(p for p in (
        _md(who) if who else None,
        f"via {_md(c.get('outlet_canonical') or c.get('outlet'))}" if c.get("outlet") else None,
        link, c.get("doc_date"), f"chars {c['start']}–{c['end']}") if p)
    return text


def _md(s: Any) -> str:
    return str(s).replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]").replace("*", "\\*")


def claim_view(db: sqlite_utils.Database, claim_id: str) -> Optional[dict]:
    c = find_claim(db, claim_id)
    if c is None:
        return None
    sentence = c["sentence"]
    a = c["start"] - c["sentence_start"]
    b = c["end"] - c["sentence_start"]
    fields = [
        ("kind", c["kind"]), ("figure", figure_text(c)), ("counts", c.get("counted")),
        ("place", c.get("scope_place")), ("time scope", c.get("scope_time")),
        ("speaker", c.get("speaker")), ("resolved to", c.get("speaker_canonical")), ("role", c.get("role")),
        ("cue", c.get("cue")), ("quote", c.get("quote_kind")),
        ("outlet", c.get("outlet_canonical") or c.get("outlet")),
        ("claim date", " ".join(x for x in (c.get("claim_date_text"), f"→ {c['claim_date']}"
                                            if c.get("claim_date") else None) if x) or None),
        ("document", c["doc_source"]), ("title", c.get("doc_title")), ("published", c.get("doc_date")),
        ("publisher", c.get("doc_outlet")), ("url", c.get("doc_url")),
        ("offsets", f"{c['start']}–{c['end']}"), ("rule", f"{c['rule']} (rules {c['rules_version']})"),
        ("conflict group", c.get("conflict_group")), ("id", c["id"]),
    ]
    return {"claim": c, "sentence": sentence, "span_in_sentence": (a, b), "fields": fields,
            "citation": citation(c), "citation_markdown": citation_markdown(c)}
