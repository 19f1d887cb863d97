"""Taking quizzes and reviewing attempts."""

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user

from portal.quiz.presenting import present_attempt
from portal.services import quizzes
from portal.services.errors import AttemptClosed
from portal.timeutil import utcnow
from portal.web import grace, study_required

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
    return render_template(
        template,
        attempt=attempt,
        questions=present_attempt(attempt),
        settings=attempt.revision.settings,
        now=utcnow(),
    )


@bp.route("/attempts/<int:attempt_id>", methods=["POST"])
@study_required
def submit(attempt_id: int):
    values = {
        key: request.form.getlist(key) for key in request.form if key != "csrf_token"
    }
    try:
        quizzes.submit_attempt(current_user.id, attempt_id, values, utcnow(), grace())
    except AttemptClosed:
        pass  # a second click of "Submit": show the result of the first
    return redirect(url_for("quiz.attempt", attempt_id=attempt_id))
