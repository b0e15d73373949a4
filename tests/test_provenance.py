"""Provenance never drifts: text[start:end] is the claim's text, on every real article we have."""
from __future__ import annotations

import json
import pickle

import pytest

from claims import extract
from claims.models import DocumentMeta
from support import CORPUS, SEEDS, needs_corpus, needs_seeds


def _check(result):
    text = result.document.text
    for c in result.claims:
        assert text[c.start:c.end] == c.text, (c.id, c.rule)
        assert c.sentence_start <= c.start < c.end <= c.sentence_end <= len(text)


@needs_seeds
@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else [], ids=lambda p: p.name)
def test_span_invariant_on_every_seed(path):
    text = path.read_text(encoding="utf-8")
    result = extract(text, source=str(path))
    assert result.claims
    _check(result)


@needs_corpus
def test_span_invariant_on_every_dev_corpus_article():
    checked = 0
    with CORPUS.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            meta = DocumentMeta(title=record.get("title"), url=record.get("url"), outlet=record.get("outlet"),
                                published=record.get("date"), format="jsonl")
            _check(extract(record["text"], source=record["url"], meta=meta))
            checked += 1
    assert checked >= 100


def test_extract_is_pure_and_its_result_pickles():
    text = "Officials said 40 people were hurt. “We are still counting,” the mayor said."
    first = extract(text, source="a.txt")
    second = extract(text, source="a.txt")
    assert first == second
    again = pickle.loads(pickle.dumps(first))
    assert again == first
    assert pickle.loads(pickle.dumps((text, "a.txt", DocumentMeta()))) == (text, "a.txt", DocumentMeta())


def test_document_id_is_the_text_hash_and_claim_ids_are_deterministic():
    import hashlib

    text = "The agency said 12 schools were closed."
    result = extract(text, source="x.txt")
    assert result.document.id == hashlib.sha256(text.encode()).hexdigest()
    assert [c.id for c in result.claims] == [c.id for c in extract(text, source="elsewhere.txt").claims]


def test_validator_rejects_a_claim_whose_text_drifted():
    from pydantic import ValidationError

    from claims.models import Extraction

    result = extract("Police said 12 people were injured.", source="x.txt")
    bad = result.claims[0].model_copy(update={"start": result.claims[0].start + 1, "end": result.claims[0].end + 1})
    with pytest.raises(ValidationError):
        Extraction(document=result.document, claims=[bad], rules_version=result.rules_version)
