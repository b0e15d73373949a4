"""claims: turn news articles into a citable database of figures and attributed statements.

    from claims import extract
    result = extract(text, source="article.txt")
"""
from ._build import check_compiled_sources

check_compiled_sources()  # before any compiled module is imported: a stale one must not run

from .extract import extract  # noqa: E402
from .models import Claim, Document, DocumentMeta, Extraction, Speaker  # noqa: E402
from .rules.base import RULES_VERSION  # noqa: E402

__all__ = ["extract", "Claim", "Document", "DocumentMeta", "Extraction", "Speaker", "RULES_VERSION"]
__version__ = "0.1.0"
