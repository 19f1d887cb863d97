"""Translatable labels for codes stored in the database (statuses, fields, criteria)."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

STATUS = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "on_hold": _l("On hold"),
    "shortlisted": _l("Short-listed for interview"),
    "rejected": _l("Not selected"),
    "waitlisted": _l("On the waiting list"),
    "admitted": _l("Admitted"),
    "declined": _l("Offer declined"),
    "withdrawn": _l("Withdrawn"),
}
FIELDS = {
    "law": _l("Law"),
    "political_science": _l("Political science"),
    "international_relations": _l("International relations"),
    "regional_studies": _l("Regional studies"),
    "oriental_studies": _l("Oriental studies"),
    "public_administration": _l("Public administration"),
    "sociology": _l("Sociology"),
    "other": _l("Other"),
}
DEGREES = {
    "bachelor": _l("Bachelor's"),
    "master": _l("Master's"),
    "phd": _l("Doctorate"),
}
STUDY_STATUS = {"studying": _l("Studying"), "graduated": _l("Graduated")}
CRITERIA = {
    "worldview": _l("Worldview"),
    "logical_thinking": _l("Logical thinking"),
    "foreign_languages": _l("Foreign languages"),
}

KINDS = {
    "training": _l("Training"),
    "lecture": _l("Lecture"),
    "workshop": _l("Workshop"),
    "study_visit": _l("Study visit"),
    "partner_event": _l("Partner event"),
    "exam": _l("Exam"),
}
#: Attendance marks (portal.domain.attendance.Mark) and who wrote them.
MARKS = {
    "present": _l("Present"),
    "late": _l("Late"),
    "excused": _l("Excused"),
    "absent": _l("Absent"),
}
MARK_SOURCES = {"register": _l("Register"), "check_in": _l("Checked in")}


def import_counts(tally: dict[str, dict[str, int]]) -> str:
    """An import's tally (``ImportReport.tally``) in the reader's language, e.g.
    "created: 10 modules, 52 lessons"."""
    things = {
        "module": lambda n: ngettext("%(num)s module", "%(num)s modules", n),
        "lesson": lambda n: ngettext("%(num)s lesson", "%(num)s lessons", n),
        "quiz": lambda n: ngettext("%(num)s quiz", "%(num)s quizzes", n),
    }
    actions = {
        "created": _("created"),
        "updated": _("updated"),
        "retired": _("retired"),
    }
    parts = [
        f"{actions[action]}: " + ", ".join(things[k](n) for k, n in kinds.items())
        for action, kinds in tally.items()
        if kinds
    ]
    return "; ".join(parts) or _("no changes")
