"""The records claims works with: documents, claims, speakers and runs.

Every other module builds on these; they import nothing from the rest of the package.
"""
from __future__ import annotations

import hashlib
from enum import Enum
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Qualifier(str, Enum):
    exact = "exact"
    approx = "approx"
    at_least = "at_least"
    more_than = "more_than"
    at_most = "at_most"
    less_than = "less_than"


class ClaimKind(str, Enum):
    statistic = "statistic"
    statement = "statement"


class QuoteKind(str, Enum):
    direct = "direct"
    indirect = "indirect"


class Precision(str, Enum):
    day = "day"
    month = "month"
    year = "year"


def document_id(text: str) -> str:
    """A document is identified by the sha256 of its stored text."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def claim_id(doc_id: str, start: int, end: int, rule: str) -> str:
    """Deterministic: the same document, span and rule always give the same id."""
    raw = f"{doc_id}:{start}:{end}:{rule}".encode()
    return hashlib.sha256(raw).hexdigest()[:20]


class Span(BaseModel):
    model_config = ConfigDict(frozen=True)
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    label: str = ""


class DocumentMeta(BaseModel):
    """What an input format knows about a document besides its text."""

    title: Optional[str] = None
    url: Optional[str] = None
    outlet: Optional[str] = None
    published: Optional[str] = None  # ISO date, YYYY-MM-DD
    id: Optional[str] = None  # the record's own id, when the input gives one
    format: str = "txt"
    fetched: Optional[str] = None  # ISO datetime a WARC record was fetched


class Document(BaseModel):
    id: str
    source: str
    title: Optional[str] = None
    url: Optional[str] = None
    outlet: Optional[str] = None
    outlet_source: Optional[str] = None  # where the outlet came from: record, html, text
    published: Optional[str] = None
    published_source: Optional[str] = None  # record, html, text
    record_id: Optional[str] = None
    format: str = "txt"
    fetched: Optional[str] = None  # when a web archive fetched the page
    text: str
    furniture: list[Span] = Field(default_factory=list)

    @model_validator(mode="after")
    def _id_is_text_hash(self) -> "Document":
        if self.id != document_id(self.text):
            raise ValueError("document id must be the sha256 of its text")
        for span in self.furniture:
            if not (0 <= span.start <= span.end <= len(self.text)):
                raise ValueError(f"furniture span {span.start}-{span.end} outside the text")
        return self


class Claim(BaseModel):
    id: str
    document_id: str
    kind: ClaimKind
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    sentence_start: int = Field(ge=0)
    sentence_end: int = Field(ge=0)
    # figures
    value: Optional[float] = None
    low: Optional[float] = None
    high: Optional[float] = None
    qualifier: Optional[Qualifier] = None
    counted: Optional[str] = None
    unit: Optional[str] = None
    scope_place: Optional[str] = None
    scope_time: Optional[str] = None
    # attribution
    speaker: Optional[str] = None
    speaker_canonical: Optional[str] = None
    role: Optional[str] = None
    cue: Optional[str] = None
    quote_kind: Optional[QuoteKind] = None
    outlet: Optional[str] = None  # the channel as written: "told Reuters", "seen by AFP"
    outlet_canonical: Optional[str] = None
    # when
    claim_date_text: Optional[str] = None
    claim_date: Optional[str] = None
    claim_date_precision: Optional[Precision] = None
    # provenance
    rule: str
    rules_version: str

    @model_validator(mode="after")
    def _span_is_ordered(self) -> "Claim":
        if self.end <= self.start:
            raise ValueError(f"empty or reversed span {self.start}-{self.end}")
        if len(self.text) != self.end - self.start:
            raise ValueError("claim text length differs from its span")
        if not (self.sentence_start <= self.start and self.end <= self.sentence_end):
            raise ValueError("claim span lies outside its sentence span")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError("range low is above high")
        return self


class Speaker(BaseModel):
    """One person or body, with every surface form seen for it in a document."""

    id: str
    canonical: str
    kind: str = "person"  # person, organisation, anonymous, document, outlet
    role: Optional[str] = None
    forms: list[str] = Field(default_factory=list)


class Extraction(BaseModel):
    """The result of extracting one document: picklable, and checked on creation."""

    document: Document
    claims: list[Claim] = Field(default_factory=list)
    speakers: list[Speaker] = Field(default_factory=list)
    # Short names the text defines: ("BCIJ", "Central Bureau of Judicial Investigation").
    acronyms: list[tuple[str, str]] = Field(default_factory=list)
    rules_version: str

    @model_validator(mode="after")
    def _provenance_holds(self) -> "Extraction":
        text = self.document.text
        for claim in self.claims:
            if claim.document_id != self.document.id:
                raise ValueError(f"claim {claim.id} belongs to another document")
            if text[claim.start:claim.end] != claim.text:
                raise ValueError(f"claim {claim.id}: text[{claim.start}:{claim.end}] is not the claim text")
            if claim.sentence_end > len(text):
                raise ValueError(f"claim {claim.id}: sentence runs past the end of the text")
        return self


class Skipped(BaseModel):
    source: str
    reason: str


class Run(BaseModel):
    id: str
    started: str
    finished: Optional[str] = None
    rules_version: str
    schema_version: int
    inputs: list[str]
    documents_read: int = 0
    documents_new: int = 0
    documents_skipped: int = 0
    claims_found: int = 0
    skipped: list[Skipped] = Field(default_factory=list)


class ExportRecord(BaseModel):
    """One line of `claims export`: what the scorer and a reader need about a claim."""

    id: str
    doc: str
    document_id: str
    start: int
    end: int
    text: str
    sentence: str
    kind: ClaimKind
    value: Optional[float] = None
    low: Optional[float] = None
    high: Optional[float] = None
    qualifier: Optional[Qualifier] = None
    counted: Optional[str] = None
    unit: Optional[str] = None
    scope_place: Optional[str] = None
    scope_time: Optional[str] = None
    speaker: Optional[str] = None
    speaker_canonical: Optional[str] = None
    speaker_identity: Optional[str] = None  # the same person or body across documents
    role: Optional[str] = None
    cue: Optional[str] = None
    quote_kind: Optional[QuoteKind] = None
    outlet: Optional[str] = None
    outlet_canonical: Optional[str] = None
    claim_date_text: Optional[str] = None
    claim_date: Optional[str] = None
    claim_date_precision: Optional[Precision] = None
    doc_date: Optional[str] = None
    doc_outlet: Optional[str] = None
    doc_title: Optional[str] = None
    doc_url: Optional[str] = None
    conflict_group: Optional[str] = None
    rule: str
    rules_version: str
