"""Turn what the user named on the command line into documents, one at a time.

Everything here is input handling only: no extraction and no database. Each reader
streams, so a corpus of any size is never held in memory at once, and a bad file or
line becomes an `InputProblem` in the stream instead of an exception, so one broken
input never stops a run.
"""
from __future__ import annotations

import codecs
import email.utils
import errno
import itertools
import json
import logging
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO, Optional, Union

from claims.models import DocumentMeta

__all__ = [
    "InputProblem",
    "RawDocument",
    "expand_paths",
    "iter_documents",
    "missing_paths",
    "read_file",
]

# trafilatura and htmldate log every page they discard; without a handler Python would
# print those to stderr behind the CLI's back. The application may still configure them.
for _name in ("trafilatura", "htmldate"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

STDIN = "-"

TEXT_SUFFIXES = (".txt", ".text", ".md")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
WARC_SUFFIXES = (".warc", ".warc.gz")
KNOWN_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES + WARC_SUFFIXES

# Leading bytes of formats people drop into a corpus folder by mistake.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_HTML_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_CHARSET_PRESCAN_BYTES = 4096
_META_TAG = re.compile(rb"<meta\b[^>]*>", re.IGNORECASE)
_CHARSET_BYTES = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml\b[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_CHARSET_TEXT = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_NOT_BLANK = re.compile(r"[^\s\ufeff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_ISO_DATE = re.compile(r"\s*(\d{4})(-|/|\.|)(\d{1,2})\2(\d{1,2})(?![\d])")

# Meta names that declare when an article was first published (not modified).
_PUBLISHED_META = frozenset({
    "article:published_time", "article:published", "og:published_time",
    "og:article:published_time", "article.published", "article_date_original",
    "datepublished", "date", "pubdate", "publishdate", "publish-date", "publish_date",
    "published_time", "published-date", "publication_date", "dc.date", "dc.date.issued",
    "dc.date.created", "dcterms.date", "dcterms.issued", "dcterms.created", "sailthru.date",
    "parsely-pub-date", "citation_publication_date", "citation_date",
    "originalpublicationdate", "rnews:datepublished", "cxenseparse:recs:publishtime",
})
_OS_REASONS = {
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ELOOP: "symlink loop",
    errno.EISDIR: "is a directory",
    errno.ENOENT: "no such file or directory",
    errno.ENOTDIR: "not a directory",
}
_EXCESSIVE_DEPTH = "Excessive depth"  # libxml2's message when nesting passes 256 levels
_TOO_DEEP = "HTML nested too deeply (over 256 levels) and no article text found"
# Narrows htmldate's search, but it still guesses from the URL and loose text, so its
# answer is kept only when the page declares that date (see _declared_dates).
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


@dataclass(frozen=True)
class RawDocument:
    """One input document before extraction.

    `source` is how the user would find it again: the path as given (as `str(Path)`),
    `path:line` for JSON Lines, `path#n` for the n-th HTML response of a WARC file,
    `-` or `-:line` for standard input.
    """

    source: str
    text: str
    meta: DocumentMeta


@dataclass(frozen=True)
class InputProblem:
    """An input that could not become a document; `source` follows RawDocument's rules."""

    source: str
    reason: str


@dataclass(frozen=True)
class PendingPage:
    """An HTML page read but not yet turned into text: the costly step (trafilatura) is
    `convert()`, which a process pool can run beside extraction. Picklable."""

    data: bytes
    source: str
    content_type: Optional[str] = None
    url: Optional[str] = None
    fetched: Optional[str] = None
    fmt: str = "html"
    empty_reason: str = "empty file"

    def convert(self) -> Union[RawDocument, InputProblem]:
        try:
            _reject_empty_or_binary(self.data, self.empty_reason, nul_is_binary=False)
            page = _extract_html(_decode_html(self.data, self.content_type), self.url)
        except _Rejected as rejected:
            return InputProblem(self.source, rejected.reason)
        text, meta = page
        meta = meta.model_copy(update={"format": self.fmt, "fetched": self.fetched, "url": self.url or meta.url})
        return RawDocument(self.source, text, meta)


Item = Union[RawDocument, InputProblem, PendingPage]


class _Rejected(Exception):
    """Raised by the small helpers below so that only the readers build InputProblems."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# ---------------------------------------------------------------------------- paths


def missing_paths(paths: list[str]) -> list[str]:
    """The CLI refuses to start a run on a typo, so it asks this before writing anything.

    A broken symlink counts as missing; a path that exists but cannot be read does not:
    that is a per-file problem reported while reading.
    """
    missing = []
    for given in paths:
        if given == STDIN:
            continue
        try:
            os.stat(given)
        except (FileNotFoundError, NotADirectoryError, ValueError):
            missing.append(given)  # ValueError: a NUL byte, which no real path has
        except OSError:
            pass
    return missing


def expand_paths(paths: list[str]) -> Iterator[Union[Path, InputProblem]]:
    """Files to read, in a deterministic order, so that two runs over a folder agree.

    Explicit files are read whatever their suffix; inside folders only known suffixes
    are, hidden entries are skipped, and a directory is never entered twice, so a
    symlink loop ends. `-` (standard input) is not a path and is left to iter_documents.
    """
    for given in paths:
        if given == STDIN:
            continue
        if not given or "\x00" in given:
            yield InputProblem(given, "no such file or directory")
        elif os.path.isdir(given):
            yield from _walk_folder(Path(given))
        else:
            # Missing, looping or unreadable paths are reported by read_file.
            yield Path(given)


def _walk_folder(root: Path) -> Iterator[Union[Path, InputProblem]]:
    """Depth-first, entries sorted by name; iterative, so deep trees cannot overflow."""
    stack: list[tuple[str, Iterator[os.DirEntry]]] = []
    visited: set[str] = set()
    problem = _enter_folder(str(root), stack, visited)
    if problem:
        yield problem
    while stack:
        entry = next(stack[-1][1], None)
        if entry is None:
            stack.pop()
            continue
        yield from _walk_entry(entry, stack, visited)


def _walk_entry(entry: os.DirEntry, stack: list, visited: set[str]) -> Iterator[Union[Path, InputProblem]]:
    if entry.name.startswith("."):
        return
    try:
        if entry.is_dir():
            problem = _enter_folder(entry.path, stack, visited)
            if problem:
                yield problem
        elif entry.is_file():
            if _has_known_suffix(entry.name):
                yield Path(entry.path)
        elif entry.is_symlink() and _has_known_suffix(entry.name):
            os.stat(entry.path)  # a dangling or looping link: raises with the reason
    except FileNotFoundError:
        yield InputProblem(entry.path, "broken symlink")
    except OSError as err:
        yield InputProblem(entry.path, _os_reason(err))


def _enter_folder(path: str, stack: list, visited: set[str]) -> Optional[InputProblem]:
    """Push a folder's sorted listing, unless its real path was already walked."""
    real = os.path.realpath(path)
    if any(real == ancestor for ancestor, _ in stack):
        return InputProblem(path, "symlink loop")
    if real in visited:
        return None  # the same folder reached by another link: already read
    try:
        with os.scandir(path) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as err:
        return InputProblem(path, _os_reason(err))
    visited.add(real)
    stack.append((real, iter(entries)))
    return None


def _has_known_suffix(name: str) -> bool:
    return name.lower().endswith(KNOWN_SUFFIXES)


def _os_reason(err: OSError) -> str:
    """Short reasons a person recognises, rather than errno names."""
    return _OS_REASONS.get(err.errno) or f"cannot read: {err.strerror or err}"


# ---------------------------------------------------------------------------- streams


def iter_documents(
    paths: list[str], stdin: Optional[BinaryIO] = None, defer_html: bool = False
) -> Iterator[Union[RawDocument, InputProblem, PendingPage]]:
    """Every document named by `paths`, lazily, in order; problems are yielded in place.

    With `defer_html`, HTML pages (files, WARC responses, HTML on standard input) come as
    PendingPage for the caller to convert, say in a process pool; otherwise they are
    converted here."""
    for item in _items(paths, stdin):
        yield item if defer_html else _converted(item)


def _items(paths: list[str], stdin: Optional[BinaryIO]) -> Iterator[Item]:
    for given in paths:
        if given == STDIN:
            yield from _read_stdin(stdin)
            continue
        for item in expand_paths([given]):
            if isinstance(item, InputProblem):
                yield item
            else:
                yield from _read_path(item)


def _converted(item: Item) -> Union[RawDocument, InputProblem]:
    return item.convert() if isinstance(item, PendingPage) else item


def read_file(path: Path) -> Iterator[Union[RawDocument, InputProblem]]:
    """One file, dispatched on its suffix; unknown suffixes are read as plain text."""
    for item in _read_path(path):
        yield _converted(item)


def _read_path(path: Path) -> Iterator[Item]:
    source = str(path)
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        reader = _read_warc
    elif name.endswith(JSONL_SUFFIXES):
        reader = _read_jsonl_file
    elif name.endswith(HTML_SUFFIXES):
        reader = _read_html_file
    else:
        reader = _read_text_file
    try:
        yield from reader(path, source)
    except OSError as err:
        yield InputProblem(source, _os_reason(err))


def _read_stdin(stream: Optional[BinaryIO]) -> Iterator[Item]:
    """Sniff the first non-blank line, since standard input has no suffix to go by."""
    if stream is None:
        stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        yield InputProblem(STDIN, "no standard input")
        return
    try:
        head: list[bytes] = []
        for line in stream:
            head.append(line)
            if not line.isspace():
                break
        start = b"".join(head).lstrip().removeprefix(b"\xef\xbb\xbf")
        if start.startswith(b"{"):
            yield from _jsonl_records(itertools.chain(head, stream), STDIN)
            return
        data = b"".join(head) + stream.read()
    except (OSError, ValueError) as err:
        yield InputProblem(STDIN, f"cannot read standard input: {err}")
        return
    if start.startswith(b"<"):
        yield PendingPage(data, STDIN, empty_reason="empty input")
    else:
        yield _text_document(data, STDIN, empty_reason="empty input")


# ---------------------------------------------------------------------------- plain text


def _read_text_file(path: Path, source: str) -> Iterator[Union[RawDocument, InputProblem]]:
    yield _text_document(path.read_bytes(), source)


def _text_document(
    data: bytes, source: str, empty_reason: str = "empty file"
) -> Union[RawDocument, InputProblem]:
    try:
        _reject_empty_or_binary(data, empty_reason)
        text = _decode_text(data)
    except _Rejected as rejected:
        return InputProblem(source, rejected.reason)
    if not _NOT_BLANK.search(text):
        return InputProblem(source, empty_reason)
    return RawDocument(source, text, DocumentMeta(format="txt"))


def _reject_empty_or_binary(data: bytes, empty_reason: str, nul_is_binary: bool = True) -> None:
    """Catch files that were never text before decoding them into nonsense. A stray NUL
    in a scraped page is common and harmless, so HTML is judged by its magic only."""
    if not data or data.isspace():
        raise _Rejected(empty_reason)
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise _Rejected(f"binary file (looks like {kind})")
    if nul_is_binary and not data.startswith(_UTF16_BOMS) and b"\x00" in data:
        raise _Rejected("binary file (contains NUL bytes)")


def _decode_text(data: bytes) -> str:
    """Decode exactly as Path.read_text(encoding="utf-8") would, because claim offsets
    index this text and the external scorer opens files that way: a UTF-8 BOM is kept
    as U+FEFF and newlines are universal. UTF-16 is recognised only by its BOM."""
    if data.startswith(_UTF16_BOMS):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise _Rejected(f"not UTF-16 text ({err.reason} at offset {err.start})") from None
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as err:
            raise _Rejected(
                f"not UTF-8 text (invalid byte 0x{data[err.start]:02x} at offset {err.start})"
            ) from None
    return _universal_newlines(text)


def _universal_newlines(text: str) -> str:
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


# ---------------------------------------------------------------------------- JSON Lines


def _read_jsonl_file(path: Path, source: str) -> Iterator[Union[RawDocument, InputProblem]]:
    with path.open("rb") as handle:
        head = handle.peek(16)[:16]
        for magic, kind in _MAGIC:
            if head.startswith(magic):
                yield InputProblem(source, f"binary file (looks like {kind})")
                return
        yield from _jsonl_records(handle, source)


def _jsonl_records(lines: Iterable[bytes], prefix: str) -> Iterator[Union[RawDocument, InputProblem]]:
    """Line by line, so a huge file streams and one bad line costs only that line."""
    seen_record = False
    for line_no, raw in enumerate(lines, start=1):
        if not raw or raw.isspace():
            continue
        seen_record = True
        source = f"{prefix}:{line_no}"
        try:
            record = _parse_json_line(raw, first=line_no == 1)
            yield RawDocument(source, _record_text(record), _record_meta(record))
        except _Rejected as rejected:
            yield InputProblem(source, f"line {line_no}: {rejected.reason}")
    if not seen_record:
        yield InputProblem(prefix, "empty file" if prefix != STDIN else "empty input")


def _parse_json_line(raw: bytes, first: bool) -> dict:
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise _Rejected(f"not UTF-8 text (invalid byte 0x{raw[err.start]:02x} at column {err.start + 1})") from None
    if first:
        line = line.removeprefix("\ufeff")
    try:
        record = json.loads(line)
    except RecursionError:
        raise _Rejected("not valid JSON: nested too deeply") from None
    except json.JSONDecodeError as err:
        raise _Rejected(f"not valid JSON: {err.msg} (column {err.colno})") from None
    except ValueError as err:
        raise _Rejected(f"not valid JSON: {err}") from None
    if not isinstance(record, dict):
        raise _Rejected(f"record is a JSON {type(record).__name__}, not an object")
    return record


def _record_text(record: dict) -> str:
    """The text is used unchanged: offsets of claims must index what the user supplied."""
    if "text" not in record or record["text"] is None:
        raise _Rejected("record has no 'text'")
    text = record["text"]
    if not isinstance(text, str):
        raise _Rejected("record 'text' is not a string")
    if not _NOT_BLANK.search(text):
        raise _Rejected("record 'text' is empty")
    bad = _SURROGATE.search(text)
    if bad:
        # It could not be stored or exported as UTF-8 later on.
        raise _Rejected(f"record 'text' has an unpaired surrogate at character {bad.start()}")
    return text


def _record_meta(record: dict) -> DocumentMeta:
    published = record.get("date")
    if published is None:
        published = record.get("published")
    return DocumentMeta(
        title=_record_str(record.get("title")),
        url=_record_str(record.get("url")),
        outlet=_record_str(record.get("outlet")),
        published=_iso_date(published) if isinstance(published, str) else None,
        id=_record_id(record.get("id")),
        format="jsonl",
    )


def _record_str(value: object) -> Optional[str]:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _record_id(value: object) -> Optional[str]:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    return _record_str(value)


def _iso_date(value: Optional[str]) -> Optional[str]:
    """YYYY-MM-DD from an ISO date or datetime (or an RFC 2822 date), else None.

    The date as written is kept: a datetime is not shifted to another time zone, so a
    page dated 2024-03-05T23:30-05:00 stays on the 5th, as its readers saw it.
    """
    if not value:
        return None
    match = _ISO_DATE.match(value)
    if match:
        year, _, month, day = match.groups()
        try:
            return date(int(year), int(month), int(day)).isoformat()
        except ValueError:
            return None
    try:
        return email.utils.parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


# ---------------------------------------------------------------------------- HTML


def _read_html_file(path: Path, source: str) -> Iterator[Item]:
    yield PendingPage(path.read_bytes(), source)


def _decode_html(data: bytes, content_type: Optional[str] = None) -> str:
    """Decode as a browser would: BOM, then the HTTP charset, then the charset the page
    declares in its first 4 KB, then UTF-8, and windows-1252 as the last resort."""
    for bom, codec in _HTML_BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(codec, "replace")
    declared = _http_charset(content_type) or _declared_charset(data[:_CHARSET_PRESCAN_BYTES])
    if declared:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            return data.decode(declared, "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def _declared_charset(head: bytes) -> Optional[str]:
    xml = _XML_ENCODING.match(head)
    if xml:
        codec = _codec(xml.group(1).decode("ascii"))
        if codec:
            return codec
    for tag in _META_TAG.finditer(head):
        found = _CHARSET_BYTES.search(tag.group(0))
        if found:
            codec = _codec(found.group(1).decode("ascii"))
            if codec:
                return codec
    return None


def _http_charset(content_type: Optional[str]) -> Optional[str]:
    found = _CHARSET_TEXT.search(content_type or "")
    return _codec(found.group(1)) if found else None


def _codec(label: Optional[str]) -> Optional[str]:
    """Python's codec for a charset label, with the WHATWG substitutions browsers make:
    pages labelled Latin-1 or ASCII are really windows-1252, and a UTF-16 label found by
    a byte scan of ASCII text cannot be true."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip()).name
        b"a".decode(name, "replace")  # rejects bytes-to-bytes codecs such as base64
    except LookupError:
        return None
    if name in ("ascii", "iso8859-1", "latin-1"):
        return "cp1252"
    if name.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return name


def _extract_html(html: str, url: Optional[str]) -> tuple[str, DocumentMeta]:
    """Main text and metadata through trafilatura. Its parser and extractor are third-party
    code run on arbitrary pages, so any failure becomes a problem for this page only."""
    try:
        return _run_trafilatura(html, url)
    except _Rejected:
        raise
    except RecursionError:
        raise _Rejected("HTML nested too deeply to extract") from None
    except Exception as err:  # noqa: BLE001 - lxml and trafilatura raise many kinds
        raise _Rejected(f"HTML could not be parsed ({type(err).__name__}: {err})") from None


def _run_trafilatura(html: str, url: Optional[str]) -> tuple[str, DocumentMeta]:
    # Imported here: trafilatura takes about a second to import, which commands that
    # read no HTML (and the tests of other modules) should not pay.
    import trafilatura

    tree, too_deep = _parse_html(html)
    if tree is None:
        raise _Rejected("HTML has no article text")
    declared = _declared_dates(tree)
    doc = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        date_extraction_params=dict(_DATE_PARAMS),
    )
    doc = _as_dict(doc)
    text = _paragraph_text(doc)
    if not text:
        raise _Rejected(_TOO_DEEP if too_deep else "HTML has no article text")
    found = doc.get("date")
    published = found if found in declared else (declared[0] if declared else None)
    meta = DocumentMeta(
        title=_record_str(doc.get("title")),
        url=_record_str(doc.get("url")),
        outlet=_record_str(doc.get("sitename")),
        published=published,
        format="html",
    )
    return text, meta


def _parse_html(html: str):
    """trafilatura's own parse (it repairs what libxml2 chokes on), and whether libxml2
    cut the tree off at its depth limit, which silently drops the text below it."""
    from trafilatura.utils import HTML_PARSER, load_html

    tree = load_html(html)
    if tree is None:
        # trafilatura rejects a bare fragment ("<p>..</p>") that does not say "html".
        tree = load_html(f"<html><body>{html}</body></html>")
    too_deep = any(_EXCESSIVE_DEPTH in error.message for error in HTML_PARSER.error_log)
    return tree, too_deep


def _as_dict(doc: object) -> dict:
    """trafilatura 1.x returns a dict, 2.x a Document object."""
    if doc is None:
        return {}
    if isinstance(doc, dict):
        return doc
    fields = ("title", "url", "sitename", "date", "text", "body")
    return {name: getattr(doc, name, None) for name in fields}


def _paragraph_text(doc: dict) -> str:
    """Blocks joined by a blank line. trafilatura's own plain text puts a single newline
    between paragraphs (its sanitiser drops empty lines), which would make a paragraph
    break indistinguishable from a <br> inside one."""
    body = doc.get("body")
    if body is not None:
        from trafilatura.xml import xmltotxt

        blocks = list(body) if body.tag == "body" and len(body) else [body]
        parts = [xmltotxt(block, False).strip() for block in blocks]
        text = "\n\n".join(part for part in parts if part)
        if text:
            return text
    return (doc.get("text") or "").strip()


def _declared_dates(tree) -> list[str]:
    """Publication dates the page itself declares, most trustworthy first: meta tags,
    JSON-LD / microdata datePublished, then <time datetime> marked as the publication
    time, inside the article, or alone on the page. No guess from URL or prose."""
    found: list[str] = []
    for value in itertools.chain(_meta_dates(tree), _json_ld_dates(tree), _time_dates(tree)):
        day = _iso_date(value)
        if day and day not in found:
            found.append(day)
    return found


def _meta_dates(tree) -> Iterator[str]:
    for meta in tree.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or ""
        if key.strip().lower() in _PUBLISHED_META and meta.get("content"):
            yield meta.get("content")
    for element in tree.xpath('//*[@itemprop="datePublished"]'):
        yield element.get("content") or element.get("datetime") or element.text_content()


def _json_ld_dates(tree) -> Iterator[str]:
    for script in tree.iter("script"):
        if not (script.get("type") or "").lower().startswith("application/ld+json"):
            continue
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                if isinstance(item.get("datePublished"), str):
                    yield item["datePublished"]
                stack.extend(reversed(list(item.values())))
            elif isinstance(item, list):
                stack.extend(reversed(item))


def _time_dates(tree) -> Iterator[str]:
    for element in tree.xpath("//time[@datetime][@pubdate]"):
        yield element.get("datetime")
    for element in tree.xpath("//article//time[@datetime]")[:1]:
        yield element.get("datetime")
    every = tree.xpath("//time[@datetime]")
    if len(every) == 1:
        yield every[0].get("datetime")


# ---------------------------------------------------------------------------- WARC


def _read_warc(path: Path, source: str) -> Iterator[Item]:
    """HTML responses of a web archive. Documents read before a corruption are kept, and
    a truncated archive is reported: warcio itself ends quietly at a cut-off record."""
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as handle:
        if not handle.peek(1):
            yield InputProblem(source, "empty file")
            return
        archive = ArchiveIterator(handle)
        tally = _WarcTally()
        try:
            yield from _warc_records(archive, source, tally)
            problem = _unparsed_tail(handle, archive.offset)
        except _Corrupt as err:
            problem = str(err)
        except Exception as err:  # noqa: BLE001 - warcio raises many kinds on bad input
            problem = f"corrupt WARC archive ({_short(err)})"
    if problem:
        yield InputProblem(source, f"{problem}, after {tally.html} HTML responses")
    elif tally.records == 0:
        yield InputProblem(source, "not a WARC archive (no records found)")
    elif tally.html == 0:
        yield InputProblem(source, "WARC archive has no HTML responses")


@dataclass
class _WarcTally:
    records: int = 0
    html: int = 0


class _Corrupt(Exception):
    """A record that warcio could not parse or that runs past the end of the file."""


def _warc_records(archive, source: str, tally: _WarcTally) -> Iterator[Item]:
    for record in archive:
        if record.rec_type is None:
            raise _Corrupt(f"WARC archive is truncated or corrupt at byte {archive.offset}")
        if record.format == "warc":  # not ARC: warcio reads any text line as an ARC record
            tally.records += 1
        item = None
        if record.format == "warc" and _is_html_response(record):
            tally.html += 1
            item = _warc_document(record, f"{source}#{tally.html}")
        archive.read_to_end()
        if getattr(record.raw_stream, "limit", 0) > 0:
            raise _Corrupt(f"WARC archive is truncated inside record {tally.records}")
        if item:
            yield item


def _unparsed_tail(handle: BinaryIO, offset: int) -> Optional[str]:
    """Bytes after the last complete record mean a record was cut off in its headers."""
    handle.seek(offset)
    while chunk := handle.read(65536):
        if not chunk.isspace():
            return f"WARC archive is truncated or corrupt at byte {offset}"
    return None


def _short(err: Exception) -> str:
    """warcio quotes the offending line, which in a gzip file is binary noise."""
    lines = str(err).split(", first line:")[0].splitlines()
    text = "".join(char if char.isprintable() else "?" for char in (lines[0] if lines else "")[:120])
    return f"{type(err).__name__}: {text}" if text else type(err).__name__


def _is_html_response(record) -> bool:
    """Successful HTML responses only: a redirect or an error page is not an article."""
    if record.rec_type != "response" or record.http_headers is None:
        return False
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    status = record.http_headers.get_statuscode() or ""
    return "html" in content_type and status.startswith("2")


def _warc_document(record, source: str) -> Union[PendingPage, InputProblem]:
    try:
        data = record.content_stream().read()
    except Exception as err:  # noqa: BLE001 - bad chunking or content encoding
        return InputProblem(source, f"cannot read HTTP body: {err}")
    return PendingPage(
        data,
        source,
        content_type=record.http_headers.get_header("Content-Type"),
        url=_record_str(record.rec_headers.get_header("WARC-Target-URI")),
        fetched=_record_str(record.rec_headers.get_header("WARC-Date")),
        fmt="warc",
        empty_reason="empty HTML response",
    )
