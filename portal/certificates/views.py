"""The participant's certificate and the public verification page."""

from flask import (
    Blueprint,
    Response,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from portal.certificate_pdf import render_certificate_pdf
from portal.links import absolute_url
from portal.services import certificates, quiz_overrides
from portal.timeutil import utcnow
from portal.web import study_required

bp = Blueprint("certificates", __name__)


def verify_url(code: str) -> str:
    return absolute_url("certificates.verify_code", code=code)


@bp.route("/certificate")
@study_required
def status():
    certificate, eligibility = certificates.certificate_status(
        current_user.id, utcnow()
    )
    return render_template(
        "certificates/status.html",
        certificate=certificate,
        eligibility=eligibility,
        used_up=quiz_overrides.used_up_quizzes(current_user.id),
    )


@bp.route("/certificate/claim", methods=["POST"])
@study_required
def claim():
    certificates.claim_certificate(
        current_user.id, current_app.config["PROGRAMME_NAME"], utcnow()
    )
    return redirect(url_for("certificates.status"))


@bp.route("/certificate.pdf")
@study_required
def pdf():
    certificate = certificates.own_certificate(current_user.id)
    body = render_certificate_pdf(
        full_name=certificate.full_name,
        programme=certificate.programme,
        issuer=current_app.config["ISSUER_NAME"],
        cohort_label=certificate.cohort_label,
        issued_at=certificate.issued_at,
        code=certificate.code,
        verify_url=verify_url(certificate.code),
    )
    return Response(
        body,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": "attachment; "
            f'filename="certificate-{certificate.code}.pdf"'
        },
    )


@bp.route("/verify")
def verify():
    code = request.args.get("code", "").strip()
    if code:
        found = certificates.find_certificate(code)
        return redirect(
            url_for("certificates.verify_code", code=found.code if found else code)
        )
    return render_template("certificates/verify.html", certificate=None, code="")


@bp.route("/verify/<code>")
def verify_code(code: str):
    certificate = certificates.find_certificate(code)
    status = 404 if certificate is None else 200
    return render_template(
        "certificates/verify.html", certificate=certificate, code=code
    ), status
