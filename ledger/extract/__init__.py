"""Reading commentary: propose the forecastable statements in an article for review.

The pipeline is pure (no network, no database): ``text`` turns bytes into paragraphs,
``sentences`` splits them, ``classify`` decides what is a forecast, ``timeframe`` reads the
time words, ``candidates`` ties them together, ``review`` writes the import-format file and
``evaluate`` scores the whole thing against hand labels.
"""

from __future__ import annotations

from ledger.extract.candidates import Candidate, extract
from ledger.extract.text import Document, load_document

__all__ = ["Candidate", "Document", "extract", "load_document"]
