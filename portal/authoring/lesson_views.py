"""Studio pages for one lesson: the editor, publishing, history and restoring."""

from __future__ import annotations

from pathlib import Path

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.authoring.blueprint import bp, trainers
from portal.authoring.forms import LessonForm, TitleForm, UploadImageForm
from portal.authoring.history import compared, render_history
from portal.reports.members import publishing_impact
from portal.services import lesson_authoring as service
from portal.services.errors import FormInvalid
from portal.timeutil import utcnow


@bp.route("/modules/<int:module_id>/lessons", methods=["POST"])
@trainers
def new_lesson(module_id: int):
    form = TitleForm(prefix="new-lesson")
    if form.validate_on_submit():
        lesson = service.create_lesson(
            current_user, module_id, form.title.data, utcnow()
        )
        return redirect(url_for("authoring.lesson", lesson_id=lesson.id))
    return redirect(url_for("authoring.module", module_id=module_id))


def _save(lesson_id: int, form: LessonForm) -> None:
    service.save_lesson(
        current_user,
        lesson_id,
        form.title.data,
        form.minutes.data,
        form.body.data or "",
        int(form.base.data or 0),
        form.note.data or "",
        utcnow(),
    )


@bp.route("/lessons/<int:lesson_id>", methods=["GET", "POST"])
@trainers
def lesson(lesson_id: int):
    lesson = service.get_lesson(lesson_id)
    draft = service.lesson_draft(lesson, utcnow())
    form = LessonForm(data={"base": draft.number, **service.LESSONS.data_of(draft)})
    if form.validate_on_submit():
        _save(lesson_id, form)
        flash(_("Draft saved. Publish it to make it live."), "info")
        return redirect(url_for("authoring.lesson", lesson_id=lesson_id))
    return render_template(
        "authoring/lesson.html",
        lesson=lesson,
        form=form,
        latest=draft,
        targets=service.link_targets(),
        image_form=UploadImageForm(),
        impact=publishing_impact(),
    )


@bp.route("/lessons/<int:lesson_id>/publish", methods=["POST"])
@trainers
def publish_lesson(lesson_id: int):
    try:
        service.publish_lesson(
            current_user, lesson_id, Path(current_app.config["MEDIA_DIR"]), utcnow()
        )
    except FormInvalid as error:
        flash(_("Not published: %(m)s", m=error.message), "error")
    else:
        flash(_("The lesson is live."), "info")
    return redirect(url_for("authoring.lesson", lesson_id=lesson_id))


@bp.route("/lessons/<int:lesson_id>/history")
@trainers
def lesson_history(lesson_id: int):
    return render_history(
        service.get_lesson(lesson_id),
        "lessons",
        service.lesson_history(lesson_id, *compared()),
    )


@bp.route("/lessons/<int:lesson_id>/restore/<int:number>", methods=["POST"])
@trainers
def restore_lesson(lesson_id: int, number: int):
    service.restore_lesson(current_user, lesson_id, number, utcnow())
    flash(_("Revision %(n)s is now the newest draft.", n=number), "info")
    return redirect(url_for("authoring.lesson", lesson_id=lesson_id))
