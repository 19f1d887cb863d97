"""The applicant's pages: calls for applications, registration, the form, status."""

from dataclasses import fields

from flask import (
    Blueprint,
    current_app,
    flash,
    json,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from portal.admissions.forms import ApplicationForm, RegisterForm
from portal.auth import throttle
from portal.downloads import file_response
from portal.emails import write_email
from portal.extensions import limiter
from portal.formtools import apply_errors
from portal.links import token_link
from portal.services import applications as service
from portal.services import interviews, personal_data, selection
from portal.services.errors import FormInvalid
from portal.services.link_tokens import LinkMaker
from portal.services.users import (
    address_to_verify,
    register_applicant,
    verify_email,
)
from portal.timeutil import utcnow
from portal.web import asks_first

bp = Blueprint("admissions", __name__)


def limits() -> service.Limits:
    config = current_app.config
    return service.Limits(
        config["CV_MAX_BYTES"],
        config["MOTIVATION_MIN_WORDS"],
        config["MOTIVATION_MAX_WORDS"],
    )


@bp.route("/apply")
def calls():
    return render_template(
        "admissions/calls.html", cohorts=service.open_cohorts(utcnow())
    )


@bp.route("/apply/<int:cohort_id>")
def call(cohort_id: int):
    cohort = service.get_cohort(cohort_id)
    return render_template(
        "admissions/call.html",
        cohort=cohort,
        open=cohort.accepting_applications(utcnow()),
    )


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(throttle.mail_limit, methods=["POST"])
@limiter.limit(throttle.mail_per_email, key_func=throttle.typed_email, methods=["POST"])
def register():
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            register_applicant(
                form.email.data,
                form.full_name.data,
                form.password.data,
                utcnow(),
                verify_link(),
                letters=write_email,
            )
        except FormInvalid as error:
            apply_errors(form, error)
        else:
            # The same page whether or not the address had an account already.
            return _registered(form.email.data, request.args.get("cohort", type=int))
    return render_template("admissions/register.html", form=form)


def _registered(email: str, cohort_id: int | None):
    """Tell the applicant to confirm their email and sign in; then on to the
    cohort they came to apply for, if any."""
    after = url_for("admissions.call", cohort_id=cohort_id) if cohort_id else None
    return render_template("admissions/registered.html", email=email, next=after)


def verify_link() -> LinkMaker:
    """Where a mail asking to confirm an address points."""
    return token_link("admissions.verify", "EMAIL_TOKEN_MAX_AGE")


@bp.route("/verify-email/<token>", methods=["GET", "POST"])
def verify(token: str):
    """Opening the link only asks (a mail scanner's GET uses nothing up); the
    button's POST confirms the address."""
    email = address_to_verify(token, utcnow())
    if request.method == "GET":
        return render_template(
            "account/use_link.html",
            title=_("Confirm your email address"),
            lead=_("Confirm that %(e)s is your email address.", e=email),
            button=_("Confirm my address"),
        )
    verify_email(token, utcnow())
    flash(_("Thank you: your email address is confirmed."), "info")
    return redirect(url_for("admissions.mine"))


@bp.get("/apply/<int:cohort_id>/start")
def start_page(cohort_id: int):
    """A GET changes nothing: an old link lands on the call, whose button starts."""
    return redirect(url_for("admissions.call", cohort_id=cohort_id))


@bp.post("/apply/<int:cohort_id>/start")
@login_required
def start(cohort_id: int):
    application = service.draft_for(current_user, cohort_id, utcnow())
    return redirect(url_for("admissions.edit", application_id=application.id))


@bp.route("/applications/<int:application_id>", methods=["GET", "POST"])
@login_required
def edit(application_id: int):
    application = service.own_application(current_user.id, application_id)
    form = ApplicationForm(obj=application)
    if request.method == "GET":
        form.show_languages(application.languages)
    if form.validate_on_submit():
        try:
            service.save_application(
                current_user,
                application_id,
                _form_data(form),
                _cv_upload(form),
                bool(form.submit.data),
                utcnow(),
                limits(),
                letters=write_email,
            )
        except FormInvalid as error:
            apply_errors(form, error)
        else:
            flash(_saved(bool(form.submit.data)), "info")
            return redirect(url_for("admissions.edit", application_id=application_id))
    return _show_form(form, application)


def _form_data(form: ApplicationForm) -> service.ApplicationData:
    """The service's copy of what was typed: every field it keeps, by name."""
    names = [f.name for f in fields(service.ApplicationData) if f.name != "languages"]
    return service.ApplicationData(
        **{name: form[name].data for name in names}, languages=form.language_rows()
    )


def _cv_upload(form: ApplicationForm) -> service.Upload | None:
    upload = request.files.get(form.cv.name)
    if not (upload and upload.filename):
        return None
    return service.Upload(upload.filename, upload.read())


def _saved(submitted: bool) -> str:
    if submitted:
        return _("Your application has been submitted.")
    return _("Your draft is saved.")


def _show_form(form: ApplicationForm, application):
    """The form with any errors beside their fields, and the interview booking."""
    return render_template(
        "admissions/form.html",
        form=form,
        application=application,
        editable=service.editable(application, utcnow()),
        limits=limits(),
        booking=interviews.booking(application.id),
        free_slots=service.free_slots(application),
    )


@bp.route("/applications/<int:application_id>/slot", methods=["POST"])
@login_required
def choose_slot(application_id: int):
    interviews.book_slot(
        current_user, application_id, request.form.get("slot", type=int) or 0, utcnow()
    )
    flash(_("Your interview time is booked."), "info")
    return redirect(url_for("admissions.edit", application_id=application_id))


def _back_to_application(application_id: int) -> str:
    return url_for("admissions.edit", application_id=application_id)


@bp.route("/applications/<int:application_id>/withdraw", methods=["POST"])
@login_required
@asks_first(
    _l("Withdraw your application?"),
    _l(
        "Withdrawing cannot be undone: the panel will no longer consider this "
        "application. To take part later you would apply again."
    ),
    _l("Yes, withdraw my application"),
    _back_to_application,
)
def withdraw(application_id: int):
    service.withdraw(current_user, application_id, utcnow(), letters=write_email)
    flash(_("Your application is withdrawn."), "info")
    return redirect(url_for("admissions.mine"))


@bp.route("/applications/<int:application_id>/delete", methods=["POST"])
@login_required
@asks_first(
    _l("Delete your draft?"),
    _l("Deleting cannot be undone: everything typed in this draft and its CV go."),
    _l("Yes, delete my draft"),
    _back_to_application,
)
def delete_draft(application_id: int):
    service.delete_draft(current_user, application_id)
    flash(_("Your draft is deleted."), "info")
    return redirect(url_for("admissions.mine"))


@bp.route("/applications/<int:application_id>/decline", methods=["POST"])
@login_required
@asks_first(
    _l("Decline your place?"),
    _l(
        "Declining cannot be undone: your place goes to the next person on the "
        "waiting list."
    ),
    _l("Yes, decline my place"),
    _back_to_application,
)
def decline(application_id: int):
    service.decline_offer(current_user, application_id, utcnow(), letters=write_email)
    flash(_("You have declined your place. Thank you for letting us know."), "info")
    return redirect(url_for("admissions.mine"))


@bp.route("/applications/<int:application_id>/cv")
@login_required
def cv(application_id: int):
    stored = selection.cv_file(current_user, application_id)
    return file_response(
        stored.data,
        f"cv-{application_id}.pdf",
        "application/pdf",
        f"application {application_id}",
        "cv.downloaded",
    )


@bp.route("/my-applications")
@login_required
def mine():
    applications = service.my_applications(current_user.id)
    applied = {a.cohort_id for a in applications}
    return render_template(
        "admissions/mine.html",
        applications=applications,
        cohorts=[c for c in service.open_cohorts(utcnow()) if c.id not in applied],
    )


@bp.route("/my-applications/data.json")
@login_required
def my_data():
    body = json.dumps(
        personal_data.applicant_data(current_user), ensure_ascii=False, indent=2
    )
    return file_response(
        body,
        "my-application-data.json",
        "application/json",
        "own application data",
        "export.downloaded",
    )
