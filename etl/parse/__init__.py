"""Parse stage: NormalisedDocument → ParsedDocument (meetings, people, roles, directives,
places, credits).

Order of work: lines and their kinds (layout) → leaders only mentioned (mentions) →
credits and outlet (credits) → meeting mentions (meetings) → the meetings reported and
the stretch of text each covers (stretches) → for each meeting, cue events, people,
directives, places and attributes (assemble; where it was held and the places it names: venues).

The work is done in etl.parse.document, imported on the first call: importing this package
(as the database modules do for etl.parse.records) does not load the parser, so a load
that finds every file unchanged starts quickly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from etl.normalise import NormalisedDocument
    from etl.parse.records import ParsedDocument

__all__ = ["parse"]


def parse(doc: NormalisedDocument) -> ParsedDocument:
    """Meetings, people, roles, directives, places and credits of one normalised document."""
    from etl.parse.document import parse as parse_document

    return parse_document(doc)
