"""Drafts, publishing, restoring and history of lessons, modules and quizzes.

Every save is a new revision. Publishing copies a revision into the live row that
participants read. A save based on an out-of-date revision is refused as a conflict,
and its text is kept as a revision of its own: nothing is ever lost. The rule is
written once here; each kind of item only says how its rows look (:class:`Kind`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from portal.domain.diffing import DiffLine, line_diff
from portal.extensions import db
from portal.models import CourseImport, User
from portal.services.errors import NotFound, PortalError

Data = dict[str, Any]


class Conflict(PortalError):
    """Someone else saved first; the refused text is kept as a revision."""

    status = 409

    def __init__(self, message: str, kept: int):
        super().__init__(message)
        self.kept = kept


@dataclass(frozen=True)
class Kind:
    """What the revision rules need to know about one kind of authored item."""

    model: type  # its revision model
    owner: str  # the revision column that names the item, e.g. "lesson_id"
    load: Callable[[int], Any]  # the live row; raises NotFound
    live_data: Callable[[Any], Data | None]  # editable data as live now, if any
    columns: Callable[[Any, Data], Data]  # a revision's own columns for that data
    data_of: Callable[[Any], Data]  # a revision back to editable data
    text_of: Callable[[Any], str]  # a revision as text, for the history's diff
    apply: Callable[[Any, Any], str]  # copy a revision live; returns the summary
    is_live: Callable[[Any], bool]


@dataclass(frozen=True)
class History:
    """The revisions of one item, newest first, and the diff that was asked for."""

    revisions: list
    diff: list[DiffLine] | None
    authors: dict[int, str]
    older: int | None
    newer: int | None


def content_digest(*parts: str) -> str:
    """The content hash the package import compares to see what changed."""
    sha = hashlib.sha256()
    for part in parts:
        sha.update(part.encode("utf-8"))
        sha.update(b"\0")
    return sha.hexdigest()


def record_course_change(summary: str, now: datetime) -> None:
    """A new course revision: every worker reloads its cached outline."""
    db.session.add(CourseImport(checksum="browser", summary=summary, created_at=now))


def author_names(ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    return dict(
        db.session.execute(
            select(User.id, User.full_name).where(User.id.in_(wanted))
        ).all()
    )


# -- reading -------------------------------------------------------------------


def _owned(kind: Kind, item_id: int):
    return getattr(kind.model, kind.owner) == item_id


def revisions(kind: Kind, item_id: int) -> list:
    """Every revision of one item, newest first, refused saves included."""
    return list(
        db.session.scalars(
            select(kind.model)
            .where(_owned(kind, item_id))
            .order_by(kind.model.number.desc())
        )
    )


def newest(kind: Kind, item_id: int):
    """The newest revision that was accepted (conflicting saves are only kept)."""
    return db.session.scalar(
        select(kind.model)
        .where(_owned(kind, item_id), kind.model.conflict.is_(False))
        .order_by(kind.model.number.desc())
        .limit(1)
    )


def _next_number(kind: Kind, item_id: int) -> int:
    return (
        db.session.scalar(
            select(func.max(kind.model.number)).where(_owned(kind, item_id))
        )
        or 0
    ) + 1


def _revision(
    kind: Kind,
    item,
    data: Data,
    number: int,
    note: str,
    now: datetime,
    author_id: int | None = None,
    **state: Any,
):
    """One revision row: the columns every kind shares plus the kind's own."""
    return kind.model(
        **{kind.owner: item.id},
        number=number,
        note=note.strip(),
        author_id=author_id,
        created_at=now,
        **state,
        **kind.columns(item, data),
    )


def _snapshot(kind: Kind, item, now: datetime):
    """Revision 1 of an item imported from the course package: what is live now.

    Not added to the session; None when there is nothing live to start from.
    """
    data = kind.live_data(item)
    if data is None:
        return None
    published = now if kind.is_live(item) else None
    return _revision(kind, item, data, 1, "imported", now, published_at=published)


def working_revision(kind: Kind, item, now: datetime):
    """The revision the editor opens: the newest accepted one, or for an item with
    no history yet the snapshot its history will start with (not stored)."""
    return newest(kind, item.id) or _snapshot(kind, item, now)


def _start_history(kind: Kind, item, now: datetime) -> None:
    """Imported items start their history with what is live when first saved."""
    if _next_number(kind, item.id) == 1:
        first = _snapshot(kind, item, now)
        if first is not None:
            db.session.add(first)
            db.session.flush()


# -- writing -------------------------------------------------------------------


def create(kind: Kind, item, data: Data, actor: User, now: datetime):
    """Store a new item with its first revision (``created``)."""
    db.session.add(item)
    db.session.flush()
    db.session.add(_revision(kind, item, data, 1, "created", now, actor.id))
    db.session.commit()
    return item


def save_draft(
    kind: Kind,
    item_id: int,
    data: Data,
    base: int,
    note: str,
    actor: User,
    now: datetime,
):
    """Save a draft revision; refuse it as a conflict if ``base`` is not the newest.

    :param base: the number of the revision the editor was opened on.
    :return: the new revision.
    :raise NotFound: no such item.
    :raise Conflict: another save came first (this one is kept, marked a conflict).
    """
    item = kind.load(item_id)
    _start_history(kind, item, now)
    latest = newest(kind, item_id)
    number = _next_number(kind, item_id)
    stale = latest is not None and latest.number != base
    revision = _revision(kind, item, data, number, note, now, actor.id, conflict=stale)
    db.session.add(revision)
    db.session.commit()
    if stale:
        raise Conflict(
            _(
                "Someone else saved revision %(theirs)d after you opened this page. "
                "Your version is kept as revision %(yours)d: compare the two in the "
                "history and save again from the newest.",
                theirs=latest.number,
                yours=number,
            ),
            number,
        )
    return revision


def publish(kind: Kind, item_id: int, now: datetime):
    """Make the newest accepted revision live.

    :raise NotFound: no such item, or it has no revision.
    :raise FormInvalid: the revision breaks a rule of its kind.
    """
    item = kind.load(item_id)
    revision = newest(kind, item_id)
    if revision is None:
        raise NotFound(_("Nothing to publish."))
    summary = kind.apply(item, revision)
    revision.published_at = now
    record_course_change(summary, now)
    db.session.commit()
    return item


def restore(kind: Kind, item_id: int, number: int, actor: User, now: datetime):
    """An old revision becomes the newest draft (history is never rewritten).

    :raise NotFound: no such item or revision.
    """
    kind.load(item_id)
    old = db.session.scalar(
        select(kind.model).where(_owned(kind, item_id), kind.model.number == number)
    )
    if old is None:
        raise NotFound(_("No such revision."))
    latest = newest(kind, item_id)
    return save_draft(
        kind,
        item_id,
        kind.data_of(old),
        latest.number if latest else 0,
        f"restored revision {number}",
        actor,
        now,
    )


def history(kind: Kind, item_id: int, older: int | None, newer: int | None) -> History:
    """The history page's content: revisions, authors, and the diff of two of them."""
    rows = revisions(kind, item_id)
    texts = {r.number: kind.text_of(r) for r in rows}
    diff = (
        line_diff(texts[older], texts[newer])
        if older in texts and newer in texts
        else None
    )
    return History(rows, diff, author_names(r.author_id for r in rows), older, newer)
