"""What an import changed: created, updated and retired modules, lessons, quizzes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.retired)

    def summary(self) -> str:
        """Every changed item, for the revision log."""
        parts = [
            f"{label}: {', '.join(items)}"
            for label, items in (
                ("created", self.created),
                ("updated", self.updated),
                ("retired", self.retired),
            )
            if items
        ]
        return "; ".join(parts) or "no changes"

    def tally(self) -> dict[str, dict[str, int]]:
        """How many modules, lessons and quizzes were created, updated and retired."""
        return {
            label: dict(Counter(item.split(" ", 1)[0] for item in items))
            for label, items in (
                ("created", self.created),
                ("updated", self.updated),
                ("retired", self.retired),
            )
        }

    def counts(self) -> str:
        """One line for the terminal, e.g. ``created 10 modules, 52 lessons``."""
        plural = {"module": "modules", "lesson": "lessons", "quiz": "quizzes"}
        parts = [
            f"{label} "
            + ", ".join(f"{n} {plural[k] if n > 1 else k}" for k, n in kinds.items())
            for label, kinds in self.tally().items()
            if kinds
        ]
        return "; ".join(parts) or "no changes"
