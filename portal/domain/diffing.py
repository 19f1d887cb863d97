"""A readable line diff between two revisions of a text."""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "same" | "added" | "removed" | "gap"
    old_number: int | None
    new_number: int | None
    text: str


def line_diff(old: str, new: str, context: int = 3) -> list[DiffLine]:
    """Lines that changed, with ``context`` unchanged lines around each change.

    :return: an empty list when the texts are equal.
    """
    old_lines, new_lines = old.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    lines: list[DiffLine] = []
    for group in matcher.get_grouped_opcodes(context):
        if lines:
            lines.append(DiffLine("gap", None, None, "…"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines += [
                    DiffLine("same", i1 + k + 1, j1 + k + 1, old_lines[i1 + k])
                    for k in range(i2 - i1)
                ]
                continue
            lines += [
                DiffLine("removed", i + 1, None, old_lines[i]) for i in range(i1, i2)
            ]
            lines += [
                DiffLine("added", None, j + 1, new_lines[j]) for j in range(j1, j2)
            ]
    return lines
