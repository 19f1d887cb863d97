"""The quiz editor: settings, the question bank, publishing and trying a draft."""

from __future__ import annotations

from flask import (
    Blueprint,
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
from itsdangerous import BadSignature, URLSafeSerializer

from portal.authoring.history import compared, render_history
from portal.authoring.questions import fields_from_question, question_from_fields
from portal.domain.questions import editor_fields
from portal.extensions import limiter
from portal.formtools import apply_errors
from portal.models import Role
from portal.quiz.presenting import present_attempt
from portal.quiz_authoring.forms import NewQuizForm, QuestionForm, QuizSettingsForm
from portal.reports.members import publishing_impact
from portal.services import quiz_authoring as service
from portal.services.errors import FormInvalid, Invalid
from portal.timeutil import utcnow
from portal.web import role_required

bp = Blueprint("quiz_authoring", __name__, url_prefix="/authoring/quizzes")
trainers = role_required(Role.TRAINER, Role.ADMIN)


@bp.route("/", methods=["POST"])
@trainers
def new():
    form = NewQuizForm(prefix="new-quiz")
    if form.validate_on_submit():
        try:
            quiz = service.create_quiz(
                current_user, form.slug.data, form.title.data, form.final.data, utcnow()
            )
        except FormInvalid as error:
            flash(error.message, "error")
        else:
            return redirect(url_for("quiz_authoring.edit", quiz_id=quiz.id))
    else:
        flash(
            _("A quiz needs a slug (lowercase words and hyphens) and a title."), "error"
        )
    return redirect(url_for("authoring.studio"))


def _settings(form: QuizSettingsForm, final: bool) -> dict:
    """The settings the form edits; whether a quiz is the final is set at creation."""
    edited = {f.name: f.data for f in form if f.name in service.SETTINGS}
    return {**edited, "final": final}


@bp.route("/<int:quiz_id>", methods=["GET", "POST"])
@trainers
def edit(quiz_id: int):
    quiz = service.get_quiz(quiz_id)
    data, base = service.working_copy(quiz, utcnow())
    form = QuizSettingsForm(data={**data, "base": base})
    if form.validate_on_submit():
        settings, base_seen = _settings(form, quiz.final), int(form.base.data or 0)
        try:
            service.save_settings(current_user, quiz_id, settings, base_seen, utcnow())
        except FormInvalid as error:
            apply_errors(form, error)
        else:
            flash(_("Settings saved as a draft."), "info")
            return redirect(url_for("quiz_authoring.edit", quiz_id=quiz_id))
    return render_template(
        "quiz_authoring/quiz.html",
        quiz=quiz,
        form=form,
        questions=data.get("questions") or [],
        base=base,
        latest=service.latest(quiz_id),
        impact=publishing_impact(),
    )


@bp.route("/<int:quiz_id>/questions/new", methods=["GET", "POST"])
@bp.route("/<int:quiz_id>/questions/<question_id>", methods=["GET", "POST"])
@trainers
def question(quiz_id: int, question_id: str | None = None):
    quiz = service.get_quiz(quiz_id)
    existing, base = service.question_draft(quiz, question_id, utcnow())
    fields = fields_from_question(existing) if existing else {"kind": "single"}
    form = QuestionForm(data={**fields, "base": base})
    if form.validate_on_submit():
        built, base_seen = question_from_fields(form.data), int(form.base.data or 0)
        try:
            service.save_question(
                current_user, quiz_id, built, question_id, base_seen, utcnow()
            )
        except FormInvalid as error:
            apply_errors(form, error)
        else:
            flash(_("Question saved in the draft."), "info")
            return redirect(url_for("quiz_authoring.edit", quiz_id=quiz_id))
    return render_template(
        "quiz_authoring/question.html",
        quiz=quiz,
        form=form,
        question_id=question_id,
        kind_fields=editor_fields(),  # each kind's fields, shown as the kind changes
    )


@bp.route("/<int:quiz_id>/questions/check", methods=["POST"])
@trainers
@limiter.limit(lambda: current_app.config["PREVIEW_RATE_LIMIT"])
def check_question(quiz_id: int):
    """Validation as the trainer types: the same rules that guard saving."""
    service.get_quiz(quiz_id)
    return jsonify(
        problems=service.question_problems(question_from_fields(request.form))
    )


@bp.route("/<int:quiz_id>/questions/<question_id>/delete", methods=["POST"])
@trainers
def delete_question(quiz_id: int, question_id: str):
    service.delete_question(
        current_user,
        quiz_id,
        question_id,
        request.form.get("base", type=int) or 0,
        utcnow(),
    )
    flash(_("Question removed from the draft."), "info")
    return redirect(url_for("quiz_authoring.edit", quiz_id=quiz_id))


@bp.route("/<int:quiz_id>/publish", methods=["POST"])
@trainers
def publish(quiz_id: int):
    try:
        service.publish_quiz(current_user, quiz_id, utcnow())
    except FormInvalid as error:
        flash(_("Not published: %(m)s", m=error.message), "error")
    else:
        flash(
            _(
                "The quiz is live. Past attempts keep the version they were graded "
                "against."
            ),
            "info",
        )
    return redirect(url_for("quiz_authoring.edit", quiz_id=quiz_id))


@bp.route("/<int:quiz_id>/history")
@trainers
def history(quiz_id: int):
    return render_history(
        service.get_quiz(quiz_id), "quizzes", service.quiz_history(quiz_id, *compared())
    )


@bp.route("/<int:quiz_id>/restore/<int:number>", methods=["POST"])
@trainers
def restore(quiz_id: int, number: int):
    service.restore_quiz(current_user, quiz_id, number, utcnow())
    flash(_("Revision %(n)s is now the newest draft.", n=number), "info")
    return redirect(url_for("quiz_authoring.edit", quiz_id=quiz_id))


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="try-quiz")


def _signed_layout() -> list:
    """The layout the try-out page was given; a changed one is refused."""
    try:
        return _signer().loads(request.form.get("layout", ""))
    except BadSignature as error:
        raise Invalid("The try-out form was changed.") from error


@bp.route("/<int:quiz_id>/try", methods=["GET", "POST"])
@trainers
def try_quiz(quiz_id: int):
    """Take the draft as a participant would; nothing is recorded."""
    quiz = service.get_quiz(quiz_id)
    if request.method == "POST":
        values = {
            k: request.form.getlist(k) for k in request.form if k.startswith("q-")
        }
        attempt = service.try_grade(quiz, _signed_layout(), values)
        return render_template(
            "quiz_authoring/try_result.html",
            quiz=quiz,
            attempt=attempt,
            questions=present_attempt(attempt),
        )
    attempt = service.try_attempt(quiz)
    return render_template(
        "quiz_authoring/try.html",
        quiz=quiz,
        questions=present_attempt(attempt),
        layout=_signer().dumps(attempt.layout),
        settings=attempt.revision.definition["settings"],
    )
