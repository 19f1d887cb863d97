"""The authoring studio: the outline, ordering, retiring, media and packages.

Lesson and module pages live in ``lesson_views`` and ``module_views`` (same
blueprint); quizzes have their own blueprint in :mod:`portal.quiz_authoring`."""

from __future__ import annotations

from pathlib import Path

from flask import (
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
from flask_babel import lazy_gettext as _l
from flask_login import current_user

# The lesson and module pages register their routes on ``bp`` when imported.
from portal import labels
from portal.authoring import lesson_views, module_views  # noqa: F401
from portal.authoring.blueprint import bp, trainers
from portal.authoring.forms import TitleForm, UploadImageForm, UploadPackageForm
from portal.domain.images import image_markdown
from portal.extensions import limiter
from portal.models import MediaFile, Role
from portal.package.archive import ZipLimits
from portal.quiz_authoring.forms import NewQuizForm
from portal.rendering import render_markdown
from portal.services import course_upload, media, quiz_authoring
from portal.services import lesson_authoring as service
from portal.services import module_authoring as modules
from portal.services.errors import FormInvalid
from portal.services.export import course_zip
from portal.services.wording import translated
from portal.timeutil import utcnow
from portal.web import asks_first, role_required, safe_back


@bp.route("/")
@trainers
def studio():
    outline = service.outline()
    return render_template(
        "authoring/studio.html",
        modules=outline,
        lessons={m.id: service.module_lessons(m.id) for m in outline},
        quizzes=quiz_authoring.quizzes(),
        module_form=TitleForm(prefix="new-module"),
        quiz_form=NewQuizForm(prefix="new-quiz"),
        package_form=UploadPackageForm(),
    )


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
@asks_first(
    _l("Retire this from the course?"),
    _l(
        "Participants stop seeing it at once and progress on it stops counting. "
        "Its history is kept, and Restore brings it back."
    ),
    _l("Yes, retire it"),
    lambda kind, item_id: safe_back(url_for("authoring.studio")),
    when=lambda: request.form.get("retire") == "1",
)
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


@bp.route("/preview", methods=["POST"])
@trainers
@limiter.limit(lambda: current_app.config["PREVIEW_RATE_LIMIT"])
def preview():
    """Markdown rendered by the same pipeline as the participant's page."""
    text = request.form.get("body", "")[:200_000]
    return jsonify(html=render_markdown(text).html)


def _store_image(form: UploadImageForm) -> tuple[MediaFile | None, str]:
    """The uploaded image, stored; or ``None`` and why not."""
    upload = request.files.get("image")
    if not (form.validate_on_submit() and upload and upload.filename):
        return None, _("Choose an image file to upload.")
    try:
        stored = media.upload_image(
            current_user,
            media.ImageUpload(upload.filename, upload.read()),
            current_app.config["MEDIA_MAX_BYTES"],
            Path(current_app.config["MEDIA_DIR"]),
            utcnow(),
        )
    except FormInvalid as error:
        return None, error.message
    return stored, ""


@bp.route("/media", methods=["POST"])
@trainers
def upload_media():
    """Store an image. The editor's script asks for JSON and inserts the Markdown at
    the cursor, keeping unsaved text; without it the form reloads the page."""
    form = UploadImageForm()
    stored, problem = _store_image(form)
    alt = (form.alt.data or "").strip() or _("Describe the picture")
    markdown = image_markdown(alt, stored.filename) if stored else ""
    if request.accept_mimetypes.best == "application/json":
        if stored is None:
            return jsonify(error=problem), 422
        return jsonify(filename=stored.filename, markdown=markdown)
    if stored is None:
        flash(problem, "error")
    else:
        flash(_("Uploaded. Insert it with: %(markdown)s", markdown=markdown), "info")
    return redirect(safe_back(url_for("authoring.studio")))


@bp.route("/package.zip")
@trainers
def download_package():
    return Response(
        course_zip(Path(current_app.config["MEDIA_DIR"])),
        mimetype="application/zip",
        headers={"Content-Disposition": 'attachment; filename="course.zip"'},
    )


def _not_imported(form: UploadPackageForm, outcome: course_upload.UploadOutcome):
    """The problems to fix, or what the upload would retire, to confirm."""
    if outcome.problems:
        problems = [(p.path, p.line, translated(p.message)) for p in outcome.problems]
        return render_template("authoring/problems.html", problems=problems), 422
    form.confirmation.data = outcome.confirmation
    return render_template(
        "authoring/confirm_upload.html", form=form, retiring=outcome.retiring
    ), 409


@bp.route("/package", methods=["POST"])
@role_required(Role.ADMIN)
def upload_package():
    form = UploadPackageForm()
    upload = request.files.get("package")
    if not (form.validate_on_submit() and upload and upload.filename):
        flash(_("Choose a .zip file."), "error")
        return redirect(url_for("authoring.studio"))
    try:
        outcome = course_upload.upload_course_zip(
            upload.read(),
            current_user.id,
            ZipLimits.from_config(current_app.config),
            form.confirmation.data or "",
            utcnow(),
        )
    except FormInvalid as error:
        return render_template("authoring/problems.html", refusal=error.message), 422
    if outcome.report is None:
        return _not_imported(form, outcome)
    counts = labels.import_counts(outcome.report.tally())
    flash(_("Course imported: %(s)s", s=counts), "info")
    return redirect(url_for("authoring.studio"))
