"""What an `etl load` run reports: an outcome per file and the counts (standard library
only, so that the CLI can report an unchanged reload without importing the loader)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

Status = Literal["loaded", "unchanged", "failed"]

@dataclass(frozen=True, slots=True)
class FileOutcome:
    path: str
    status: Status
    reason: str | None = None  # why it failed, or what made it unchanged
    rows_added: dict[str, int] = field(default_factory=dict)
    kind: str | None = None  # of a failure: its problems.kind (not_found, too_large, no_meeting, ...)


@dataclass(slots=True)
class LoadReport:
    run_id: int | None  # None when the run changed nothing and was not kept
    outcomes: list[FileOutcome] = field(default_factory=list)
    rows_added: Counter[str] = field(default_factory=Counter)
    interrupted_runs: tuple[int, ...] = ()  # earlier runs found dead at the start and marked
    unrecorded: str | None = None  # why the end of the run could not be recorded (a lock)

    def count(self, status: Status) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def seen(self) -> int:
        return len(self.outcomes)

    @property
    def loaded(self) -> int:
        return self.count("loaded")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def failed(self) -> int:
        return self.count("failed")
