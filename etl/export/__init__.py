"""Export: stored documents as gold-shaped records (JSON Lines) and tables as CSV files.

Library functions only; `etl export` in the CLI chooses the format and prints.
"""

from __future__ import annotations

from etl.export.database import document_record, export_documents
from etl.export.files import export_csv, write_jsonl
from etl.export.shape import MEETING_SPEAKER, record_from_parsed

__all__ = [
    "MEETING_SPEAKER",
    "document_record",
    "export_csv",
    "export_documents",
    "record_from_parsed",
    "write_jsonl",
]
