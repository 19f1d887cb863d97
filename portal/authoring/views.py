"""The authoring studio's pages. Changes go through the authoring services."""

from __future__ import annotations

from pathlib import Path

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from portal.authoring.forms import (
    LessonForm,
    ModuleForm,
    NewQuizForm,
    TitleForm,
    UploadImageForm,
    UploadPackageForm,
)
from portal.domain.diffing import line_diff
from portal.extensions import limiter
from portal.formtools import options
from portal.models import Role
from portal.rendering import render_markdown
from portal.services import lesson_authoring as service
from portal.services import media, quiz_authoring
from portal.services import module_authoring as modules
from portal.services.errors import FormInvalid
from portal.services.export import course_zip, import_zip
from portal.timeutil import utcnow
from portal.web import role_required, safe_back

bp = Blueprint("authoring", __name__, url_prefix="/authoring")
trainers = role_required(Role.TRAINER, Role.ADMIN)


@bp.route("/")
@trainers
def studio():
    modules = service.outline()
    return render_template(
        "authoring/studio.html",
        modules=modules,
        lessons={m.id: service.module_lessons(m.id) for m in modules},
        quizzes=quiz_authoring.quizzes(),
        module_form=TitleForm(prefix="new-module"),
        quiz_form=NewQuizForm(prefix="new-quiz"),
        package_form=UploadPackageForm(),
    )


@bp.route("/modules", methods=["POST"])
@trainers
def new_module():
    form = TitleForm(prefix="new-module")
    if form.validate_on_submit():
        module = modules.create_module(current_user, form.title.data, utcnow())
        return redirect(url_for("authoring.module", module_id=module.id))
    flash(_("Give the module a title."), "error")
    return redirect(url_for("authoring.studio"))


def _module_form(module) -> ModuleForm:
    latest = modules.latest_module_revision(module.id)
    data = latest.data if latest else service.module_data(module)
    form = ModuleForm(
        data={
            **data,
            "base": latest.number if latest else 0,
            "objectives": "\n".join(data.get("objectives") or []),
            "key_terms": "\n".join(f"{t}: {d}" for t, d in data.get("key_terms") or []),
        }
    )
    others = [m for m in service.outline() if m.id != module.id and not m.retired]
    form.prerequisites.choices = options((m.slug, m.title) for m in others)
    form.quiz.choices = options(
        [("", _("No quiz"))]
        + [(q.slug, q.title) for q in quiz_authoring.quizzes() if not q.final]
    )
    return form


def _module_data(form: ModuleForm) -> dict:
    terms = []
    for line in (form.key_terms.data or "").splitlines():
        term, _sep, definition = line.partition(":")
        if term.strip():
            terms.append([term.strip(), definition.strip()])
    return {
        "title": form.title.data.strip(),
        "summary": (form.summary.data or "").strip(),
        "minutes": form.minutes.data,
        "objectives": [
            o.strip() for o in (form.objectives.data or "").splitlines() if o.strip()
        ],
        "prerequisites": list(form.prerequisites.data or []),
        "key_terms": terms,
        "quiz": form.quiz.data or "",
        "intro": form.intro.data or "",
    }


@bp.route("/modules/<int:module_id>", methods=["GET", "POST"])
@trainers
def module(module_id: int):
    module = service.get_module(module_id)
    form = _module_form(module)
    if form.validate_on_submit():
        modules.save_module(
            current_user,
            module_id,
            _module_data(form),
            int(form.base.data or 0),
            form.note.data or "",
            utcnow(),
        )
        flash(_("Draft saved. Publish it to make it live."), "info")
        return redirect(url_for("authoring.module", module_id=module_id))
    return render_template(
        "authoring/module.html",
        module=module,
        form=form,
        lessons=service.module_lessons(module_id),
        lesson_form=TitleForm(prefix="new-lesson"),
        latest=modules.latest_module_revision(module_id),
    )


@bp.route("/modules/<int:module_id>/publish", methods=["POST"])
@trainers
def publish_module(module_id: int):
    try:
        modules.publish_module(current_user, module_id, utcnow())
    except FormInvalid as error:
        flash(_("Not published: %(m)s", m=error.message), "error")
    else:
        flash(_("The module is live."), "info")
    return redirect(url_for("authoring.module", module_id=module_id))


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


@bp.route("/<kind>/<int:item_id>/move", methods=["POST"])
@trainers
def move(kind: str, item_id: int):
    step = -1 if request.form.get("direction") == "up" else 1
    if kind == "lessons":
        modules.move_lesson(item_id, step, utcnow())
    else:
        modules.move_module(item_id, step, utcnow())
    return redirect(safe_back(url_for("authoring.studio")))


@bp.route("/<kind>/<int:item_id>/retire", methods=["POST"])
@trainers
def retire(kind: str, item_id: int):
    retired = request.form.get("retire") == "1"
    modules.set_retired(
        "lesson" if kind == "lessons" else "module", item_id, retired, utcnow()
    )
    flash(
        _("Retired: hidden from new study, history kept.")
        if retired
        else _("Restored."),
        "info",
    )
    return redirect(safe_back(url_for("authoring.studio")))


@bp.route("/lessons/<int:lesson_id>", methods=["GET", "POST"])
@trainers
def lesson(lesson_id: int):
    lesson = service.get_lesson(lesson_id)
    service.ensure_lesson_history(lesson, utcnow())
    latest = service.latest_lesson_revision(lesson_id)
    form = LessonForm(
        data={
            "base": latest.number,
            "title": latest.title,
            "minutes": latest.minutes,
            "body": latest.body,
        }
    )
    if form.validate_on_submit():
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
        flash(_("Draft saved. Publish it to make it live."), "info")
        return redirect(url_for("authoring.lesson", lesson_id=lesson_id))
    return render_template(
        "authoring/lesson.html",
        lesson=lesson,
        form=form,
        latest=latest,
        targets=service.link_targets(),
        image_form=UploadImageForm(),
    )


@bp.route("/lessons/<int:lesson_id>/publish", methods=["POST"])
@trainers
def publish_lesson(lesson_id: int):
    try:
        service.publish_lesson(current_user, lesson_id, utcnow())
    except FormInvalid as error:
        flash(_("Not published: %(m)s", m=error.message), "error")
    else:
        flash(_("The lesson is live."), "info")
    return redirect(url_for("authoring.lesson", lesson_id=lesson_id))


def render_history(item, kind: str, revisions: list, text_of):
    """The history page of a lesson, module or quiz, and the diff the query asks for."""
    old, new = request.args.get("a", type=int), request.args.get("b", type=int)
    texts = {r.number: text_of(r) for r in revisions}
    diff = line_diff(texts[old], texts[new]) if old in texts and new in texts else None
    return render_template(
        "authoring/history.html",
        item=item,
        kind=kind,
        revisions=revisions,
        diff=diff,
        a=old,
        b=new,
        authors=service.author_names(r.author_id for r in revisions),
    )


@bp.route("/lessons/<int:lesson_id>/history")
@trainers
def lesson_history(lesson_id: int):
    return render_history(
        service.get_lesson(lesson_id),
        "lessons",
        service.lesson_revisions(lesson_id),
        lambda r: f"# {r.title}\n\n{r.body}",
    )


@bp.route("/modules/<int:module_id>/history")
@trainers
def module_history(module_id: int):
    return render_history(
        service.get_module(module_id),
        "modules",
        modules.module_revisions(module_id),
        lambda r: modules.module_text(r.data),
    )


@bp.route("/lessons/<int:lesson_id>/restore/<int:number>", methods=["POST"])
@trainers
def restore_lesson(lesson_id: int, number: int):
    service.restore_lesson(current_user, lesson_id, number, utcnow())
    flash(_("Revision %(n)s is now the newest draft.", n=number), "info")
    return redirect(url_for("authoring.lesson", lesson_id=lesson_id))


@bp.route("/preview", methods=["POST"])
@trainers
@limiter.limit(lambda: current_app.config["PREVIEW_RATE_LIMIT"])
def preview():
    """Markdown rendered by the same pipeline as the participant's page."""
    text = request.form.get("body", "")[:200_000]
    return jsonify(html=render_markdown(text).html)


@bp.route("/media", methods=["POST"])
@trainers
def upload_media():
    form = UploadImageForm()
    upload = request.files.get("image")
    if form.validate_on_submit() and upload and upload.filename:
        try:
            stored = media.upload_image(
                current_user,
                media.ImageUpload(upload.filename, upload.read()),
                current_app.config["MEDIA_MAX_BYTES"],
                utcnow(),
            )
        except FormInvalid as error:
            flash(error.message, "error")
        else:
            flash(
                _(
                    "Uploaded. Insert it with: ![Describe the picture](media/%(f)s)",
                    f=stored.filename,
                ),
                "info",
            )
    return redirect(safe_back(url_for("authoring.studio")))


@bp.route("/package.zip")
@trainers
def download_package():
    return Response(
        course_zip(Path(current_app.config["MEDIA_DIR"])),
        mimetype="application/zip",
        headers={"Content-Disposition": 'attachment; filename="course.zip"'},
    )


@bp.route("/package", methods=["POST"])
@role_required(Role.ADMIN)
def upload_package():
    form = UploadPackageForm()
    upload = request.files.get("package")
    if not (form.validate_on_submit() and upload and upload.filename):
        flash(_("Choose a .zip file."), "error")
        return redirect(url_for("authoring.studio"))
    try:
        report, problems = import_zip(upload.read(), utcnow())
    except FormInvalid as error:
        flash(error.message, "error")
        return redirect(url_for("authoring.studio"))
    if problems:
        return render_template("authoring/problems.html", problems=problems), 422
    flash(_("Course imported: %(s)s", s=report.counts()), "info")
    return redirect(url_for("authoring.studio"))
