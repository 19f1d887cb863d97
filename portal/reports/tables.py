"""Every staff table as (headers, rows), for the CSV and Excel downloads."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from portal.domain.lesson_report import LessonRow
from portal.downloads import Table
from portal.models import AuditEvent, Certificate, User
from portal.reports.attendance import AttendanceMatrix, ParticipantAttendance
from portal.reports.dashboard import Dashboard
from portal.reports.quiz_quality import QuizReport, QuizRow

if TYPE_CHECKING:
    from portal.services.attendance import Register


def _round(value: float | None, places: int = 1) -> object:
    return "" if value is None else round(value, places)


def _whole(value: float | None) -> object:
    return "" if value is None else round(value)


def dashboard_table(board: Dashboard) -> Table:
    headers = ["name", "email", "active", "overall_percent", "attendance_percent"]
    headers += ["last_activity", "flags"]
    for module in board.outline:
        headers += [f"{module.slug}_status", f"{module.slug}_best_percent"]
    if board.final_quiz:
        headers.append(f"{board.final_quiz}_best_percent")

    def rows():
        for row in board.rows:
            cells: list[object] = [
                row.full_name,
                row.email,
                "yes" if row.active else "no",
                row.matrix.percent,
                _whole(row.attendance),
                row.last_activity.isoformat(" ", "minutes")
                if row.last_activity
                else "",
                " ".join(row.flags),
            ]
            for module, status in zip(board.outline, row.matrix.statuses, strict=True):
                best = row.best.get(module.quiz or "")
                cells += [str(status), _round(best.percent) if best else ""]
            if board.final_quiz:
                best = row.best.get(board.final_quiz)
                cells.append(_round(best.percent) if best else "")
            yield cells

    return headers, rows()


def quiz_overview_table(rows: list[QuizRow]) -> Table:
    headers = [
        "quiz",
        "title",
        "attempts",
        "pass_rate_percent",
        "median_percent",
        "median_minutes",
    ]
    return headers, (
        [
            r.slug,
            r.title,
            r.summary.attempts,
            _round(r.summary.pass_rate),
            _round(r.summary.median_percent),
            _round(
                r.summary.median_seconds / 60
                if r.summary.median_seconds is not None
                else None
            ),
        ]
        for r in rows
    )


def lesson_table(rows: list[LessonRow]) -> Table:
    headers = ["module", "lesson", "title", "completed", "share_percent", "change"]
    return headers, (
        [
            r.module_title,
            r.slug,
            r.title,
            r.completed,
            _round(r.share),
            "" if r.change is None else r.change,
        ]
        for r in rows
    )


def item_table(report: QuizReport) -> Table:
    headers = [
        "question",
        "kind",
        "attempts",
        "facility_index",
        "discrimination_index",
        "flags",
        "option_shares",
    ]
    return headers, (
        [
            q.stats.question_id,
            q.question.get("kind", "") if q.question else "",
            q.stats.attempts,
            _round(q.stats.facility),
            _round(q.stats.discrimination),
            " ".join(q.stats.flags),
            "; ".join(
                f"{label}{'*' if correct else ''}={round(100 * share)}%"
                for label, _text, correct, share in q.options
            ),
        ]
        for q in report.questions
    )


def certificate_table(found: list[Certificate]) -> Table:
    headers = [
        "code",
        "name",
        "email",
        "programme",
        "cohort",
        "issued_at",
        "revoked_at",
        "revoke_reason",
    ]
    return headers, (
        [
            c.code,
            c.full_name,
            c.user.email,
            c.programme,
            c.cohort_label,
            c.issued_at.isoformat(" ", "minutes"),
            c.revoked_at.isoformat(" ", "minutes") if c.revoked_at else "",
            c.revoke_reason,
        ]
        for c in found
    )


def user_table(users: Iterable[User]) -> Table:
    headers = ["name", "email", "role", "active", "cohort", "created_at"]
    return headers, (
        [
            u.full_name,
            u.email,
            u.role,
            "yes" if u.active else "no",
            u.cohort.name if u.cohort else "",
            u.created_at.isoformat(" ", "minutes"),
        ]
        for u in users
    )


def audit_detail(detail: dict | None) -> str:
    """An event's details on one line, as the page and the download show them."""
    return "; ".join(f"{key}: {value}" for key, value in (detail or {}).items())


def audit_table(events: Iterable[AuditEvent]) -> Table:
    headers = ["at", "actor", "action", "target", "detail", "origin"]
    return headers, (
        [
            e.at.isoformat(" ", "seconds"),
            e.actor.email if e.actor else "",
            e.action,
            e.target,
            audit_detail(e.detail),
            e.origin,
        ]
        for e in events
    )


def session_attendance_table(register: Register) -> Table:
    """Who came to one session (a :class:`portal.services.attendance.Register`):
    every participant of the cohort, marked or not."""
    headers = ["name", "email", "mark", "note", "source", "marked_at", "marked_by"]
    return headers, (
        [
            row.user.full_name,
            row.user.email,
            row.mark.status if row.mark else "",
            row.mark.note if row.mark else "",
            row.mark.source if row.mark else "",
            row.mark.marked_at.isoformat(" ", "minutes") if row.mark else "",
            row.marked_by or "",
        ]
        for row in register.rows
    )


def attendance_matrix_table(matrix: AttendanceMatrix) -> Table:
    """One row per participant, one column per required session held (its start
    in UTC and title); an empty mark counts as absent."""
    headers = ["name", "email", "share_percent", "attended", "counted"]
    headers += [
        f"{s.starts_at.isoformat(' ', 'minutes')} {s.title}" for s in matrix.sessions
    ]
    return headers, (
        [
            line.full_name,
            line.email,
            _whole(line.share),
            line.attended,
            line.counted,
            *(str(mark) if mark else "" for mark in line.marks),
        ]
        for line in matrix.lines
    )


def participant_attendance_table(report: ParticipantAttendance) -> Table:
    """Every required session held, with the mark, the note and how it counts."""
    headers = ["starts_at_utc", "session", "mark", "note", "counts_as"]
    counts_as = {True: "attended", False: "missed", None: "left_out"}
    return headers, (
        [
            row.session.starts_at.isoformat(" ", "minutes"),
            row.session.title,
            str(row.mark) if row.mark else "",
            row.note,
            counts_as[row.attended],
        ]
        for row in report.standing.sessions
    )
