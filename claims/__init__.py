"""claims: turn news articles into a citable database of figures and attributed statements.

    from claims import extract
    result = extract(text, source="article.txt")
"""
from .extract import extract
from .models import Claim, Document, DocumentMeta, Extraction, Speaker
from .rules.base import RULES_VERSION

__all__ = ["extract", "Claim", "Document", "DocumentMeta", "Extraction", "Speaker", "RULES_VERSION"]
__version__ = "0.1.0"
