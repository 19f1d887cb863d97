"""The history page that lessons, modules and quizzes share."""

from __future__ import annotations

from flask import render_template, request

from portal.services.revisions import History


def compared() -> tuple[int | None, int | None]:
    """The two revision numbers the history page was asked to compare (?a=&b=)."""
    return request.args.get("a", type=int), request.args.get("b", type=int)


def render_history(item, kind: str, found: History):
    """Render one item's revisions; ``kind`` names its URLs (lessons, modules...)."""
    return render_template(
        "authoring/history.html",
        item=item,
        kind=kind,
        revisions=found.revisions,
        diff=found.diff,
        a=found.older,
        b=found.newer,
        authors=found.authors,
    )
