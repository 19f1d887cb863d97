"""Cohort announcements: staff who teach a cohort (and administrators) post, edit and
delete them; the cohort's participants read them, optionally by email too."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, select

from portal.domain.access import Duty
from portal.extensions import db
from portal.models import Announcement, Cohort, User
from portal.rendering import render_markdown
from portal.reports.members import reachable_members
from portal.services import audit
from portal.services.access import visible_cohort
from portal.services.errors import FormInvalid, NotFound
from portal.services.outbox import Letters, queue_email
from portal.services.paging import paginate

#: Announcements a page of a listing shows, and how many the course home shows.
PAGE_SIZE = 20
LATEST = 3
TITLE_LENGTH = 200


def _newest_first(cohort_id: int) -> Select:
    return (
        select(Announcement)
        .where(Announcement.cohort_id == cohort_id)
        .order_by(Announcement.created_at.desc(), Announcement.id.desc())
    )


def _checked(title: str, body: str) -> tuple[str, str]:
    """The title and body as stored, trimmed.

    :raise FormInvalid: no title, a title too long, or no text.
    """
    title, body = title.strip(), body.strip()
    errors = {}
    if not title:
        errors["title"] = _("Give the announcement a title.")
    elif len(title) > TITLE_LENGTH:
        errors["title"] = _("Keep the title under 200 characters.")
    if not body:
        errors["body"] = _("Write the announcement.")
    if errors:
        raise FormInvalid(errors)
    return title, body


def _own(actor: User, announcement_id: int) -> Announcement:
    """An announcement in a cohort ``actor`` teaches or administers.

    :raise NotFound: no such announcement, or not in such a cohort.
    """
    announcement = db.session.get(Announcement, announcement_id)
    if announcement is None:
        raise NotFound(_("No such announcement."))
    visible_cohort(actor, announcement.cohort_id, Duty.TEACHER)
    return announcement


def _send(
    announcement: Announcement, cohort: Cohort, letters: Letters, link: str
) -> int:
    """One letter per participant, so nobody sees the others' addresses.

    :return: how many letters were queued.
    """
    subject = _("%(cohort)s: %(title)s", cohort=cohort.name, title=announcement.title)
    people = reachable_members(cohort.id)
    for person in people:
        queue_email(
            letters,
            person.email,
            subject,
            "announcement",
            user=person,
            announcement=announcement,
            cohort=cohort,
            link=link,
        )
    return len(people)


def post_announcement(
    cohort_id: int,
    title: str,
    body: str,
    email: bool,
    actor: User,
    now: datetime,
    *,
    letters: Letters,
    link: str = "",
) -> Announcement:
    """Post a message to a cohort, its Markdown rendered once, here; with ``email``
    each of the cohort's active participants gets it by email too.

    :param link: where the letter sends readers (the announcements page).
    :raise NotFound: no such cohort, or ``actor`` does not teach it.
    :raise FormInvalid: no title or no text.
    """
    cohort = visible_cohort(actor, cohort_id, Duty.TEACHER)
    title, body = _checked(title, body)
    announcement = Announcement(
        cohort_id=cohort.id,
        author_id=actor.id,
        title=title,
        body=body,
        body_html=render_markdown(body).html,
        created_at=now,
    )
    db.session.add(announcement)
    db.session.flush()
    if email and _send(announcement, cohort, letters, link):
        announcement.emailed_at = now  # only when someone was actually written to
    audit.record(
        actor.id,
        "announcement.posted",
        f"announcement {announcement.id}",
        now,
        cohort_id=cohort.id,
        emailed=email,
    )
    db.session.commit()
    return announcement


def edit_announcement(
    announcement_id: int, title: str, body: str, actor: User, now: datetime
) -> Announcement:
    """Correct an announcement: rendered again, marked as edited, never mailed again
    (a correction is not news).

    :raise NotFound: as :func:`announcement_to_edit`.
    :raise FormInvalid: no title or no text.
    """
    announcement = _own(actor, announcement_id)
    title, body = _checked(title, body)
    if (title, body) != (announcement.title, announcement.body):
        announcement.title, announcement.body = title, body
        announcement.body_html = render_markdown(body).html
        announcement.edited_at = now
        audit.record(
            actor.id,
            "announcement.edited",
            f"announcement {announcement.id}",
            now,
            cohort_id=announcement.cohort_id,
        )
        db.session.commit()
    return announcement


def delete_announcement(announcement_id: int, actor: User, now: datetime) -> int:
    """Take an announcement down for good; the audit log keeps its title.

    :return: the cohort it was posted to.
    :raise NotFound: as :func:`announcement_to_edit`.
    """
    announcement = _own(actor, announcement_id)
    cohort_id = announcement.cohort_id
    audit.record(
        actor.id,
        "announcement.deleted",
        f"announcement {announcement.id}",
        now,
        cohort_id=cohort_id,
        title=announcement.title,
    )
    db.session.delete(announcement)
    db.session.commit()
    return cohort_id


def announcement_to_edit(announcement_id: int, actor: User) -> Announcement:
    """:raise NotFound: no such announcement, or ``actor`` does not teach (or
    administer) its cohort."""
    return _own(actor, announcement_id)


def cohort_announcements(
    cohort_id: int, actor: User, page: int = 1
) -> tuple[Cohort, Pagination]:
    """The staff page's listing: one page of a cohort's announcements, newest first.

    :raise NotFound: no such cohort, or ``actor`` does not teach it.
    """
    cohort = visible_cohort(actor, cohort_id, Duty.TEACHER)
    return cohort, paginate(_newest_first(cohort.id), page, PAGE_SIZE)


def reader_announcements(reader: User, page: int = 1) -> Pagination | None:
    """One page of the reader's own cohort's announcements, newest first; a
    reader only ever sees their own cohort's.

    :return: None for someone in no cohort.
    """
    if reader.cohort_id is None:
        return None
    return paginate(_newest_first(reader.cohort_id), page, PAGE_SIZE)


def latest_announcements(reader: User) -> list[Announcement]:
    """The few newest of the reader's own cohort, for the course home."""
    if reader.cohort_id is None:
        return []
    query = _newest_first(reader.cohort_id).limit(LATEST)
    return list(db.session.scalars(query))
