"""Studying: the course home, module pages and lesson pages."""

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from portal.services import learning, quiz_overrides
from portal.services.outline import course_snapshot
from portal.timeutil import utcnow
from portal.web import study_required

bp = Blueprint("learn", __name__)


@bp.route("/course")
@study_required
def course():
    snapshot = course_snapshot()
    progress = learning.participant_progress(current_user.id, utcnow().date(), snapshot)
    return render_template(
        "learn/course.html",
        progress=progress,
        modules=snapshot.modules,
        used_up=quiz_overrides.used_up_quizzes(current_user.id),
    )


@bp.route("/modules/<slug>")
@study_required
def module(slug: str):
    module, progress = learning.open_module(current_user.id, slug, utcnow().date())
    return render_template(
        "learn/module.html",
        module=module,
        progress=progress,
        state=progress.module(slug),
    )


@bp.route("/modules/<slug>/<lesson_slug>")
@study_required
def lesson(slug: str, lesson_slug: str):
    module, lesson, progress = learning.open_lesson(
        current_user.id, slug, lesson_slug, utcnow().date()
    )
    return render_template(
        "learn/lesson.html",
        module=module,
        lesson=lesson,
        progress=progress,
        state=progress.module(slug),
        neighbours=module.neighbours(lesson_slug),
    )


@bp.route("/modules/<slug>/<lesson_slug>/complete", methods=["POST"])
@study_required
def complete(slug: str, lesson_slug: str):
    learning.complete_lesson(current_user.id, slug, lesson_slug, utcnow())
    following = learning.next_lesson(slug, lesson_slug)
    if following is not None:
        return redirect(url_for("learn.lesson", slug=slug, lesson_slug=following.slug))
    return redirect(url_for("learn.module", slug=slug) + "#next-step")
