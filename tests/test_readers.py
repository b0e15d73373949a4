"""Input handling: every input is built here, inside tmp_path."""
from __future__ import annotations

import errno
import gzip
import io
import itertools
import os
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.readers import (
    InputProblem,
    RawDocument,
    expand_paths,
    iter_documents,
    missing_paths,
    read_file,
)


def only(items):
    items = list(items)
    assert len(items) == 1, items
    return items[0]


def read_one(path: Path):
    return only(read_file(path))


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_bytes(data.encode("utf-8"))
    else:
        path.write_bytes(data)
    return path


# ---------------------------------------------------------------------------- text


def test_utf8_text_is_exactly_what_read_text_gives(tmp_path):
    raw = "\ufeffFirst line\r\nSecond – line\rThird line\n\r\nLast".encode("utf-8")
    path = write(tmp_path / "a.txt", raw)
    doc = read_one(path)
    assert isinstance(doc, RawDocument)
    assert doc.text == path.read_text(encoding="utf-8")
    assert doc.text == "\ufeffFirst line\nSecond – line\nThird line\n\nLast"
    assert doc.source == str(path)
    assert doc.meta.format == "txt"
    assert doc.meta.title is None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")))
def test_any_utf8_text_matches_read_text(tmp_path, text):
    path = write(tmp_path / "prop.txt", text.encode("utf-8"))
    expected = path.read_text(encoding="utf-8")
    item = read_one(path)
    if expected.replace("\ufeff", "").strip():
        assert isinstance(item, RawDocument)
        assert item.text == expected
    else:
        assert item == InputProblem(str(path), "empty file")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_decoded(tmp_path, codec):
    bom = b"\xff\xfe" if codec.endswith("le") else b"\xfe\xff"
    path = write(tmp_path / "u16.txt", bom + "Zürich said 5 %\r\nnext\rline\n".encode(codec))
    doc = read_one(path)
    assert isinstance(doc, RawDocument)
    assert doc.text == "Zürich said 5 %\nnext\nline\n"


def test_invalid_utf8_names_the_offset(tmp_path):
    path = write(tmp_path / "bad.txt", b"Hello, w\xc3\xb6rld \xff and more")
    problem = read_one(path)
    assert isinstance(problem, InputProblem)
    assert problem.source == str(path)
    assert "not UTF-8" in problem.reason
    assert "0xff" in problem.reason
    assert "offset 14" in problem.reason


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n ", "\ufeff \n".encode("utf-8")])
def test_empty_file_is_a_problem(tmp_path, data):
    path = write(tmp_path / "empty.txt", data)
    assert read_one(path) == InputProblem(str(path), "empty file")


def test_png_is_binary(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
    path = write(tmp_path / "image.txt", png)
    problem = read_one(path)
    assert isinstance(problem, InputProblem)
    assert problem.reason.startswith("binary file")
    assert "PNG" in problem.reason


def test_nul_bytes_mean_binary(tmp_path):
    path = write(tmp_path / "blob.txt", b"looks like text\x00\x01\x02 but is not")
    problem = read_one(path)
    assert isinstance(problem, InputProblem)
    assert problem.reason.startswith("binary file")


def test_explicit_file_with_unknown_suffix_is_read_as_text(tmp_path):
    path = write(tmp_path / "notes.article", "The mayor said 40 people came.")
    doc = read_one(path)
    assert isinstance(doc, RawDocument)
    assert doc.text == "The mayor said 40 people came."


def test_directory_given_to_read_file_is_a_problem(tmp_path):
    folder = tmp_path / "dir.txt"
    folder.mkdir()
    problem = read_one(folder)
    assert problem == InputProblem(str(folder), "is a directory")


def test_large_single_line_file_is_linear(tmp_path):
    line = ("The council spent £1,234,567 on roads in 2023, officials said. " * 330_000)[:20_000_000]
    text_path = write(tmp_path / "big.txt", line + "\r\n")
    jsonl_path = write(tmp_path / "big.jsonl", '{"text": "' + line + '"}\n')
    started = time.perf_counter()
    doc = read_one(text_path)
    record = read_one(jsonl_path)
    elapsed = time.perf_counter() - started
    assert doc.text == line + "\n"
    assert record.text == line
    assert elapsed < 20, f"reading 40 MB took {elapsed:.1f}s"


# ---------------------------------------------------------------------------- HTML

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Council approves 1,200 homes | The Daily Planet</title>
<meta property="og:title" content="Council approves 1,200 homes">
<meta property="og:site_name" content="The Daily Planet">
<meta property="article:published_time" content="2024-03-05T10:00:00+01:00">
<link rel="canonical" href="https://dailyplanet.example/news/council-homes">
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article>
<h1>Council approves 1,200 homes</h1>
<p>The council said on Tuesday that 1,200 homes would be built by 2026, a figure disputed by residents.</p>
<p>“We have heard this before,” said Jane Doe, chair of the residents’ association.<br>She added that the 2019 plan had promised 900 homes.</p>
</article>
<footer>Copyright 2024 The Daily Planet</footer>
</body></html>
"""


def test_html_article_text_and_metadata(tmp_path):
    path = write(tmp_path / "article.html", ARTICLE_HTML)
    doc = read_one(path)
    assert isinstance(doc, RawDocument)
    assert doc.meta.title == "Council approves 1,200 homes"
    assert doc.meta.outlet == "The Daily Planet"
    assert doc.meta.published == "2024-03-05"
    assert doc.meta.url == "https://dailyplanet.example/news/council-homes"
    assert doc.meta.format == "html"
    paragraphs = doc.text.split("\n\n")
    assert "The council said on Tuesday that 1,200 homes would be built by 2026, a figure disputed by residents." in paragraphs
    assert any(p.startswith("“We have heard this before,”") and "\nShe added" in p for p in paragraphs)
    assert "Copyright" not in doc.text
    assert "World" not in doc.text


def test_html_date_is_not_guessed_from_url_or_text(tmp_path):
    html = (
        '<html><head><title>Roads</title><link rel="canonical" href="https://news.example/2020/05/06/roads">'
        "</head><body><article><p>On 2023-01-02 the council said 300 roads needed repair, up from 250.</p>"
        "</article></body></html>"
    )
    doc = read_one(write(tmp_path / "roads.html", html))
    assert isinstance(doc, RawDocument)
    assert "300 roads" in doc.text
    assert doc.meta.published is None


def test_html_date_from_json_ld(tmp_path):
    html = (
        '<html><head><title>Rates</title><script type="application/ld+json">'
        '{"@context": "https://schema.org", "@graph": [{"@type": "NewsArticle",'
        ' "datePublished": "2023-11-30T08:15:00Z", "dateModified": "2023-12-01"}]}</script>'
        "</head><body><article><p>The bank raised rates to 5.25% on Thursday, the fourteenth rise in a row.</p>"
        "</article></body></html>"
    )
    doc = read_one(write(tmp_path / "rates.htm", html))
    assert doc.meta.published == "2023-11-30"


@pytest.mark.parametrize("declaration", [
    '<meta charset="windows-1252">',
    '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">',
    '<meta http-equiv="content-type" content="text/html; charset=ISO-8859-1">',
])
def test_html_declared_windows_1252(tmp_path, declaration):
    body = "<p>The minister said \x93we will build 300 homes\x94 at the caf\xe9 on Monday, a 5% rise.</p>"
    html = f"<html><head>{declaration}<title>Homes</title></head><body><article>{body}</article></body></html>"
    path = write(tmp_path / "legacy.html", html.encode("latin-1"))
    doc = read_one(path)
    assert isinstance(doc, RawDocument)
    assert "“we will build 300 homes”" in doc.text
    assert "café" in doc.text


def test_undeclared_legacy_html_falls_back_to_cp1252(tmp_path):
    html = b"<html><body><article><p>Prices rose \x9660%\x96 in a year, said the caf\xe9 owner.</p></article></body></html>"
    doc = read_one(write(tmp_path / "undeclared.html", html))
    assert "–60%–" in doc.text
    assert "café" in doc.text


def test_html_with_only_script_is_a_problem(tmp_path):
    path = write(tmp_path / "script.html", "<html><head><script>var a = 1;</script></head>"
                 "<body><script>document.write('hi')</script></body></html>")
    assert read_one(path) == InputProblem(str(path), "HTML has no article text")


def test_deeply_nested_html_does_not_crash(tmp_path):
    depth = 50_000
    html = "<html><body>" + "<div>" * depth + "<p>Deep text with 5 figures.</p>" + "</div>" * depth + "</body></html>"
    path = write(tmp_path / "deep.html", html)
    item = read_one(path)
    assert isinstance(item, (RawDocument, InputProblem))
    if isinstance(item, InputProblem):
        assert "deep" in item.reason


def test_html_fragment_is_read(tmp_path):
    path = write(tmp_path / "fragment.html", "<p>Only a fragment: 12 councillors voted against the plan on Monday.</p>")
    doc = read_one(path)
    assert doc.text == "Only a fragment: 12 councillors voted against the plan on Monday."


# ---------------------------------------------------------------------------- JSON Lines


def test_jsonl_good_broken_and_textless_lines(tmp_path):
    lines = [
        '{"text": "First\\r\\nrecord with 3 figures.", "title": "One", "url": "https://a.example/1",'
        ' "outlet": "A News", "date": "2024-02-29T23:30:00-05:00", "id": 17}',
        '{"text": "broken", ',
        '{"title": "no text here"}',
        "",
        '["not", "an", "object"]',
        '{"text": "Fifth record.", "date": "yesterday"}',
    ]
    path = write(tmp_path / "records.jsonl", "\n".join(lines) + "\n")
    items = list(read_file(path))
    assert [item.source for item in items] == [f"{path}:{n}" for n in (1, 2, 3, 5, 6)]
    first, broken, textless, not_object, fifth = items
    assert isinstance(first, RawDocument)
    assert first.text == "First\r\nrecord with 3 figures."
    assert first.meta.title == "One"
    assert first.meta.url == "https://a.example/1"
    assert first.meta.outlet == "A News"
    assert first.meta.published == "2024-02-29"
    assert first.meta.id == "17"
    assert first.meta.format == "jsonl"
    assert isinstance(broken, InputProblem) and broken.reason.startswith("line 2: not valid JSON")
    assert textless == InputProblem(f"{path}:3", "line 3: record has no 'text'")
    assert isinstance(not_object, InputProblem) and not_object.reason.startswith("line 5:")
    assert isinstance(fifth, RawDocument)
    assert fifth.meta.published is None


def test_jsonl_non_string_and_empty_text(tmp_path):
    path = write(tmp_path / "odd.ndjson", '{"text": 42}\n{"text": "   "}\n')
    first, second = read_file(path)
    assert first == InputProblem(f"{path}:1", "line 1: record 'text' is not a string")
    assert second == InputProblem(f"{path}:2", "line 2: record 'text' is empty")


def test_jsonl_with_bom_and_empty_jsonl(tmp_path):
    path = write(tmp_path / "bom.jsonl", '\ufeff{"text": "With a BOM."}\n'.encode("utf-8"))
    assert read_one(path).text == "With a BOM."
    empty = write(tmp_path / "empty.jsonl", "\n\n")
    assert read_one(empty) == InputProblem(str(empty), "empty file")


# ---------------------------------------------------------------------------- paths


def test_folder_recursion_sorted_skips_hidden_and_survives_symlink_loop(tmp_path):
    corpus = tmp_path / "corpus"
    write(corpus / "b.txt", "B text.")
    write(corpus / "a.md", "A text.")
    write(corpus / "sub" / "c.html", ARTICLE_HTML)
    write(corpus / "sub" / "d.JSONL", '{"text": "D"}\n')
    write(corpus / "sub" / "image.png", b"\x89PNG\r\n\x1a\n")
    write(corpus / "notes.docx", b"PK\x03\x04")
    write(corpus / ".hidden.txt", "secret")
    write(corpus / ".git" / "e.txt", "git stuff")
    os.symlink(corpus, corpus / "sub" / "loop")
    items = list(itertools.islice(expand_paths([str(corpus)]), 100))
    assert len(items) < 100, "the symlink loop was followed"
    paths = [str(item) for item in items if isinstance(item, Path)]
    assert paths == [
        str(corpus / "a.md"),
        str(corpus / "b.txt"),
        str(corpus / "sub" / "c.html"),
        str(corpus / "sub" / "d.JSONL"),
    ]
    problems = [item for item in items if isinstance(item, InputProblem)]
    assert problems == [InputProblem(str(corpus / "sub" / "loop"), "symlink loop")]


def test_folder_order_is_deterministic(tmp_path):
    for name in ["z.txt", "m.txt", "a.txt", "B.txt"]:
        write(tmp_path / "f" / name, name)
    first = list(expand_paths([str(tmp_path / "f")]))
    assert [p.name for p in first] == ["B.txt", "a.txt", "m.txt", "z.txt"]
    assert list(expand_paths([str(tmp_path / "f")])) == first


def test_broken_symlink_in_folder_is_reported(tmp_path):
    folder = tmp_path / "f"
    folder.mkdir()
    os.symlink(tmp_path / "nowhere.txt", folder / "dangling.txt")
    assert list(expand_paths([str(folder)])) == [InputProblem(str(folder / "dangling.txt"), "broken symlink")]


def test_unreadable_file_is_a_problem_and_iteration_continues(tmp_path):
    secret = write(tmp_path / "secret.txt", "hidden")
    fine = write(tmp_path / "fine.txt", "Fine text.")
    secret.chmod(0)
    try:
        if os.access(secret, os.R_OK):
            pytest.skip("running as a user (root) who can read a chmod 000 file")
        items = list(iter_documents([str(secret), str(fine)]))
    finally:
        secret.chmod(0o644)
    assert items[0] == InputProblem(str(secret), "permission denied")
    assert items[1].text == "Fine text."


def test_permission_error_is_a_problem_even_as_root(tmp_path, monkeypatch):
    secret = write(tmp_path / "secret.txt", "hidden")
    fine = write(tmp_path / "fine.txt", "Fine text.")
    real_read_bytes = Path.read_bytes

    def read_bytes(self):
        if self.name == "secret.txt":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    items = list(iter_documents([str(secret), str(fine)]))
    assert items[0] == InputProblem(str(secret), "permission denied")
    assert isinstance(items[1], RawDocument)


def test_missing_paths(tmp_path):
    present = write(tmp_path / "here.txt", "x")
    os.symlink(tmp_path / "gone.txt", tmp_path / "dangling.txt")
    paths = [str(present), str(tmp_path), "-", str(tmp_path / "absent.txt"), str(tmp_path / "dangling.txt"),
             str(present / "child.txt")]
    assert missing_paths(paths) == [str(tmp_path / "absent.txt"), str(tmp_path / "dangling.txt"),
                                    str(present / "child.txt")]


def test_iter_documents_mixes_files_folders_and_problems(tmp_path):
    write(tmp_path / "dir" / "one.txt", "One.")
    write(tmp_path / "dir" / "two.jsonl", '{"text": "Two."}\n{"text": \n')
    bad = write(tmp_path / "bad.txt", b"bad \xfd byte")
    items = list(iter_documents([str(bad), str(tmp_path / "dir"), str(tmp_path / "missing.txt")]))
    assert [type(item).__name__ for item in items] == [
        "InputProblem", "RawDocument", "RawDocument", "InputProblem", "InputProblem"]
    assert items[1].text == "One."
    assert items[2].source == f"{tmp_path / 'dir' / 'two.jsonl'}:1"
    assert items[3].source == f"{tmp_path / 'dir' / 'two.jsonl'}:2"
    assert items[4] == InputProblem(str(tmp_path / "missing.txt"), "no such file or directory")


# ---------------------------------------------------------------------------- stdin


def test_stdin_jsonl():
    stdin = io.BytesIO(b'\n  {"text": "From stdin.", "title": "S"}\n{"oops": 1}\n{"text": "Again."}\n')
    items = list(iter_documents(["-"], stdin=stdin))
    assert [item.source for item in items] == ["-:2", "-:3", "-:4"]
    assert items[0].text == "From stdin." and items[0].meta.title == "S"
    assert items[1] == InputProblem("-:3", "line 3: record has no 'text'")
    assert items[2].text == "Again."


def test_stdin_text_and_html():
    text = only(iter_documents(["-"], stdin=io.BytesIO(b"Plain text\r\nwith 2 lines.")))
    assert text.source == "-"
    assert text.text == "Plain text\nwith 2 lines."
    assert text.meta.format == "txt"
    html = only(iter_documents(["-"], stdin=io.BytesIO(ARTICLE_HTML.encode("utf-8"))))
    assert html.meta.format == "html"
    assert html.meta.outlet == "The Daily Planet"
    empty = only(iter_documents(["-"], stdin=io.BytesIO(b"  \n")))
    assert empty == InputProblem("-", "empty input")


# ---------------------------------------------------------------------------- WARC

WARC_HTML = (
    b'<html><head><title>Stadium</title></head><body><article><p>The club said \x93about 40,000\x94 fans'
    b" attended on Saturday, up from 35,000 last season.</p></article></body></html>"
)


def build_warc(path: Path, gzip_records: bool) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzip_records)
        html_headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=windows-1252")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "https://club.example/stadium", "response", payload=io.BytesIO(WARC_HTML),
            http_headers=html_headers, warc_headers_dict={"WARC-Date": "2024-03-09T18:30:00Z"}))
        image_headers = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "https://club.example/logo.png", "response", payload=io.BytesIO(b"\x89PNG\r\n\x1a\n"),
            http_headers=image_headers))
    return path


@pytest.mark.parametrize("name,gzip_records", [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_warc_html_response_becomes_a_document(tmp_path, name, gzip_records):
    path = build_warc(tmp_path / name, gzip_records)
    if gzip_records:
        assert path.read_bytes()[:2] == b"\x1f\x8b"
    doc = read_one(path)
    assert isinstance(doc, RawDocument)
    assert doc.source == f"{path}#1"
    assert doc.meta.url == "https://club.example/stadium"
    assert doc.meta.fetched == "2024-03-09T18:30:00Z"
    assert doc.meta.format == "warc"
    assert doc.meta.title == "Stadium"
    assert "“about 40,000”" in doc.text


@pytest.mark.parametrize("cut_before", [b"WARC-Date", b"35,000"], ids=["in-headers", "in-payload"])
def test_truncated_warc_keeps_earlier_documents(tmp_path, cut_before):
    data = build_warc(tmp_path / "crawl.warc", False).read_bytes()
    cut = write(tmp_path / "cut.warc", data + data[: data.index(cut_before)])
    items = list(read_file(cut))
    assert len(items) == 2, items
    assert isinstance(items[0], RawDocument) and items[0].source == f"{cut}#1"
    assert isinstance(items[1], InputProblem) and items[1].source == str(cut)
    assert "truncated" in items[1].reason


def test_warc_http_charset_wins_over_meta(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    page = ('<html><head><meta charset="utf-8"><title>Мэр</title></head><body><article>'
            "<p>Мэр сказал, что на митинг пришли 300 человек, а не 3000.</p></article></body></html>")
    path = tmp_path / "cyrillic.warc"
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=False)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=windows-1251")],
                                   protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "https://city.example/rally", "response", payload=io.BytesIO(page.encode("cp1251")),
            http_headers=headers))
    doc = read_one(path)
    assert "Мэр сказал, что на митинг пришли 300 человек" in doc.text


def test_not_a_warc(tmp_path):
    path = write(tmp_path / "fake.warc", "just some text\n")
    problem = read_one(path)
    assert isinstance(problem, InputProblem)
    assert "WARC" in problem.reason


def test_gzip_that_is_not_warc_gz_is_binary(tmp_path):
    path = write(tmp_path / "notes.txt.gz", gzip.compress(b"hello"))
    problem = read_one(path)
    assert isinstance(problem, InputProblem)
    assert "gzip" in problem.reason
