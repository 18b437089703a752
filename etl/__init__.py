"""etl: raw Chinese epidemic-control meeting reports → a documented SQLite database.

Stages: read (bytes → text) → normalise (repair, de-pinyin, Simplified, punctuation,
sections, offsets kept) → parse (meetings, people, directives, places, credits) →
db (one transaction per document). Only `etl.cli` prints or exits.
"""

__version__ = "0.2.0"

# Bump whenever read/normalise/parse output can change for the same input bytes:
# documents loaded by an older parser version are re-parsed on the next load.
PARSER_VERSION = 2
