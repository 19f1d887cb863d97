"""Taking quizzes and reviewing attempts."""

from flask import (
    Blueprint,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from portal.quiz.presenting import present_attempt
from portal.services import quizzes, saved_answers
from portal.services.errors import AttemptClosed
from portal.services.quiz_review import attempt_review_options
from portal.timeutil import utcnow
from portal.web import CONFIRMED, grace, study_required

bp = Blueprint("quiz", __name__)


@bp.route("/quizzes/<slug>")
@study_required
def overview(slug: str):
    view = quizzes.quiz_view(current_user.id, slug, utcnow(), grace())
    return render_template(
        "quiz/overview.html", view=view, settings=view.quiz.current.settings
    )


@bp.route("/quizzes/<slug>/start", methods=["POST"])
@study_required
def start(slug: str):
    attempt = quizzes.start_attempt(current_user.id, slug, utcnow(), grace())
    return redirect(url_for("quiz.attempt", attempt_id=attempt.id))


@bp.route("/attempts/<int:attempt_id>")
@study_required
def attempt(attempt_id: int):
    attempt = quizzes.get_attempt(current_user.id, attempt_id)
    if attempt.is_open:
        quizzes.close_expired(current_user.id, utcnow(), grace())
    template = "quiz/take.html" if attempt.is_open else "quiz/review.html"
    options = (
        None
        if attempt.is_open
        else attempt_review_options(current_user.id, attempt, utcnow())
    )
    return render_template(
        template,
        attempt=attempt,
        questions=present_attempt(attempt, options),
        settings=attempt.revision.settings,
        now=utcnow(),
    )


def _sent_answers() -> dict[str, list[str]] | None:
    """The answers a form carries: the question sheet always does (its ``sheet``
    field), the confirmation step never does, so it submits what was saved."""
    values = {key: request.form.getlist(key) for key in request.form}
    values.pop("csrf_token", None)
    if "sheet" in values or any(key.startswith("q-") for key in values):
        return values
    return None


def _saved_message(saved: saved_answers.SavedAnswers) -> str:
    return _("Saved at %(t)s UTC.", t=saved.saved_at.strftime("%H:%M"))


@bp.route("/attempts/<int:attempt_id>/save", methods=["POST"])
@study_required
def save(attempt_id: int):
    """Autosave (JSON for the page's script) and the "Save answers" button."""
    wants_json = request.accept_mimetypes.best == "application/json"
    try:
        saved = saved_answers.save_answers(
            current_user.id, attempt_id, _sent_answers() or {}, utcnow(), grace()
        )
    except AttemptClosed as error:
        if wants_json:
            return jsonify(message=error.message, closed=True), error.status
        flash(error.message, "error")
    else:
        if wants_json:
            return jsonify(message=_saved_message(saved), closed=False)
        flash(_saved_message(saved), "success")
    return redirect(url_for("quiz.attempt", attempt_id=attempt_id))


@bp.route("/attempts/<int:attempt_id>", methods=["POST"])
@study_required
def submit(attempt_id: int):
    """Grades only when confirmed; a bare "Submit" saves and shows the summary."""
    values = _sent_answers()
    try:
        if request.form.get(CONFIRMED) != "yes":
            saved = saved_answers.review_submission(
                current_user.id, attempt_id, values, utcnow(), grace()
            )
            return render_template("quiz/confirm.html", saved=saved)
        quizzes.submit_attempt(current_user.id, attempt_id, values, utcnow(), grace())
    except AttemptClosed:
        pass  # submitted already, or the time ran out: the attempt page shows which
    return redirect(url_for("quiz.attempt", attempt_id=attempt_id))
