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

from portal.authoring.forms import NewQuizForm, QuestionForm, QuizSettingsForm
from portal.authoring.questions import fields_from_question, question_from_fields
from portal.authoring.views import render_history
from portal.domain.questions import validate_question
from portal.extensions import limiter
from portal.models import QuizAttempt, Role
from portal.quiz.presenting import present_attempt
from portal.services import quiz_authoring as service
from portal.services.errors import FormInvalid, Invalid, NotFound
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


@bp.route("/<int:quiz_id>", methods=["GET", "POST"])
@trainers
def edit(quiz_id: int):
    quiz = service.get_quiz(quiz_id)
    data, base = service.working_copy(quiz)
    form = QuizSettingsForm(data={**data, "base": base})
    if form.validate_on_submit():
        settings = {
            k: form[k].data
            for k in (
                "title",
                "pass_mark",
                "attempts",
                "time_limit",
                "draw",
                "shuffle",
                "intro",
            )
        }
        settings["final"] = quiz.final
        try:
            service.save_settings(
                current_user, quiz_id, settings, int(form.base.data or 0), utcnow()
            )
        except FormInvalid as error:
            form.form_errors.append(error.message)
        else:
            flash(_("Settings saved as a draft."), "info")
            return redirect(url_for("quiz_authoring.edit", quiz_id=quiz_id))
    return render_template(
        "authoring/quiz.html",
        quiz=quiz,
        form=form,
        questions=data.get("questions") or [],
        base=base,
        latest=service.latest(quiz_id),
    )


@bp.route("/<int:quiz_id>/questions/new", methods=["GET", "POST"])
@bp.route("/<int:quiz_id>/questions/<question_id>", methods=["GET", "POST"])
@trainers
def question(quiz_id: int, question_id: str | None = None):
    quiz = service.get_quiz(quiz_id)
    data, base = service.working_copy(quiz)
    existing = next(
        (q for q in data.get("questions") or [] if q.get("id") == question_id), None
    )
    if question_id and existing is None:
        raise NotFound("No such question.")
    fields = fields_from_question(existing) if existing else {"kind": "single"}
    form = QuestionForm(data={**fields, "base": base})
    if form.validate_on_submit():
        built = question_from_fields(form.data)
        try:
            service.save_question(
                current_user,
                quiz_id,
                built,
                question_id,
                int(form.base.data or 0),
                utcnow(),
            )
        except FormInvalid as error:
            form.form_errors.append(error.message)
        else:
            flash(_("Question saved in the draft."), "info")
            return redirect(url_for("quiz_authoring.edit", quiz_id=quiz_id))
    return render_template(
        "authoring/question.html", quiz=quiz, form=form, question_id=question_id
    )


@bp.route("/<int:quiz_id>/questions/check", methods=["POST"])
@trainers
@limiter.limit(lambda: current_app.config["PREVIEW_RATE_LIMIT"])
def check_question(quiz_id: int):
    """Validation as the trainer types: the same rules that guard saving."""
    service.get_quiz(quiz_id)
    return jsonify(problems=validate_question(question_from_fields(request.form)))


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
        service.get_quiz(quiz_id),
        "quizzes",
        service.revisions(quiz_id),
        lambda r: r.source,
    )


@bp.route("/<int:quiz_id>/restore/<int:number>", methods=["POST"])
@trainers
def restore(quiz_id: int, number: int):
    service.restore_quiz(current_user, quiz_id, number, utcnow())
    flash(_("Revision %(n)s is now the newest draft.", n=number), "info")
    return redirect(url_for("quiz_authoring.edit", quiz_id=quiz_id))


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="try-quiz")


@bp.route("/<int:quiz_id>/try", methods=["GET", "POST"])
@trainers
def try_quiz(quiz_id: int):
    """Take the draft as a participant would; nothing is recorded."""
    quiz = service.get_quiz(quiz_id)
    if request.method == "POST":
        try:
            layout = _signer().loads(request.form.get("layout", ""))
        except BadSignature as error:
            raise Invalid("The try-out form was changed.") from error
        values = {
            k: request.form.getlist(k) for k in request.form if k.startswith("q-")
        }
        revision, answers, result = service.try_grade(quiz, layout, values)
        attempt = QuizAttempt(
            layout=layout,
            answers=answers,
            status="submitted",
            results=[
                {"id": r.id, "points": r.points, "earned": r.earned}
                for r in result.questions
            ],
            percent=result.percent,
            passed=result.passed,
            score=result.score,
            max_score=result.max_score,
            pass_mark=revision.definition["settings"]["pass_mark"],
        )
        attempt.revision = revision
        return render_template(
            "authoring/try_result.html",
            quiz=quiz,
            attempt=attempt,
            questions=present_attempt(attempt),
        )
    layout = service.try_layout(quiz)
    revision = service.latest(quiz_id)
    attempt = QuizAttempt(layout=layout, status="open")
    attempt.revision = revision
    return render_template(
        "authoring/try.html",
        quiz=quiz,
        questions=present_attempt(attempt),
        layout=_signer().dumps(layout),
        settings=revision.definition["settings"],
    )
