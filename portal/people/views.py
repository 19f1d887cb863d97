"""Administration of people: accounts, roles, invitations, password links, and the
audit log of what administrators did. Also the public page a link opens."""

from __future__ import annotations

from flask import (
    Blueprint,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.downloads import downloadable
from portal.emails import write_email
from portal.formtools import apply_errors, options, page_number
from portal.links import token_link
from portal.models import Role
from portal.people.forms import (
    InviteForm,
    RoleForm,
    SetPasswordForm,
    role_choices,
)
from portal.reports import tables
from portal.services import audit, cohorts, erasure, mfa, people
from portal.services import name_changes as names
from portal.services.errors import FormInvalid, NotFound
from portal.services.link_tokens import LinkMaker
from portal.timeutil import utcnow
from portal.web import asks_first, role_required

bp = Blueprint("people", __name__)
admin_only = role_required(Role.ADMIN)


def password_link() -> LinkMaker:
    """Where a set-password mail points: invitations, administrators' resets and
    forgotten passwords all send this one kind of link."""
    return token_link("people.set_password", "PASSWORD_LINK_MAX_AGE")


@bp.route("/admin/users")
@admin_only
def users():
    q, role = request.args.get("q", "")[:100], request.args.get("role", "")
    if download := downloadable(
        "users", lambda: tables.user_table(people.all_users(q, role))
    ):
        return download
    listing = people.list_users(q, role, page_number(request.args))
    return render_template(
        "people/users.html", listing=listing, q=q, role=role, roles=role_choices()
    )


@bp.route("/admin/users/invite", methods=["GET", "POST"])
@admin_only
def invite():
    form = InviteForm()
    form.role.choices = role_choices()
    form.cohort_id.choices = options(
        [(0, _("None"))] + [(c.id, c.name) for c in cohorts.all_cohorts()]
    )
    if form.validate_on_submit():
        try:
            user = people.invite(
                form.email.data,
                form.full_name.data,
                form.role.data,
                form.cohort_id.data or None,
                current_user,
                utcnow(),
                password_link(),
                letters=write_email,
            )
        except FormInvalid as error:
            apply_errors(form, error)
        else:
            flash(_("Invitation sent to %(e)s.", e=user.email), "info")
            return redirect(url_for("people.user", user_id=user.id))
    return render_template("people/invite.html", form=form)


@bp.route("/admin/users/<int:user_id>")
@admin_only
def user(user_id: int):
    found = people.get_user(user_id)
    form = RoleForm(role=found.role)
    form.role.choices = role_choices()
    return render_template(
        "people/user.html",
        user=found,
        role_form=form,
        mfa_on=mfa.enabled(found.id),
    )


@bp.route("/admin/users/<int:user_id>/role", methods=["POST"])
@admin_only
def change_role(user_id: int):
    form = RoleForm()
    form.role.choices = role_choices()
    if form.validate_on_submit():
        people.change_role(user_id, form.role.data, current_user, utcnow())
        flash(_("Role saved."), "info")
    return redirect(url_for("people.user", user_id=user_id))


@bp.route("/admin/users/<int:user_id>/active", methods=["POST"])
@admin_only
def set_active(user_id: int):
    active = request.form.get("active") == "1"
    people.set_active(user_id, active, current_user, utcnow())
    flash(_("Account reactivated.") if active else _("Account deactivated."), "info")
    return redirect(url_for("people.user", user_id=user_id))


@bp.route("/admin/users/<int:user_id>/reset", methods=["POST"])
@admin_only
def send_reset(user_id: int):
    found = people.send_password_reset(
        user_id, current_user, utcnow(), password_link(), letters=write_email
    )
    flash(_("A password link has been emailed to %(e)s.", e=found.email), "info")
    return redirect(url_for("people.user", user_id=user_id))


def _user_page(user_id: int) -> str:
    return url_for("people.user", user_id=user_id)


@bp.route("/admin/users/<int:user_id>/erase", methods=["POST"])
@admin_only
@asks_first(
    _l("Erase this person's personal data?"),
    _l(
        "Erasing cannot be undone: the name, email address, applications, CVs, "
        "staff notes, progress, quiz answers, letters and certificate name go, "
        "and the audit log names them only as a pseudonym. A certificate code "
        "then verifies as erased."
    ),
    _l("Yes, erase this person"),
    _user_page,
)
def erase(user_id: int):
    erasure.erase_account(user_id, current_user, utcnow())
    flash(_("The person's personal data has been erased."), "info")
    return redirect(_user_page(user_id))


@bp.route("/admin/users/name-changes")
@admin_only
def name_changes():
    return render_template(
        "people/name_changes.html", changes=names.pending_name_changes()
    )


@bp.route("/admin/users/name-changes/<int:change_id>", methods=["POST"])
@admin_only
def decide_name_change(change_id: int):
    approve = request.form.get("decision") == "approve"
    change = names.decide_name_change(change_id, approve, current_user, utcnow())
    if approve:
        flash(
            _(
                "%(n)s is now named so, and any certificate re-issued.",
                n=change.full_name,
            ),
            "info",
        )
    else:
        flash(_("The request is refused."), "info")
    return redirect(url_for("people.name_changes"))


@bp.route("/admin/audit")
@admin_only
def audit_log():
    action = request.args.get("action", "")
    action = action if action in audit.ACTIONS else ""
    if download := downloadable(
        "audit-log", lambda: tables.audit_table(audit.all_events(action))
    ):
        return download
    return render_template(
        "people/audit.html",
        found=audit.audit_events(action, page_number(request.args)),
        action=action,
        actions=audit.ACTIONS,
        detail=tables.audit_detail,
    )


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
def set_password(token: str):
    try:
        account = people.account_for_link(token, utcnow())
    except NotFound as error:
        page = render_template("people/set_password.html", form=None, why=error.message)
        return page, 404
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            people.set_password_from_link(token, form.password.data, utcnow())
        except FormInvalid as error:
            apply_errors(form, error)
        else:
            flash(_("Your password is set. Sign in with it now."), "info")
            return redirect(url_for("auth.login"))
    return render_template("people/set_password.html", form=form, account=account)
