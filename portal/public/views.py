"""Public pages: home, the programme's own pages, the glossary, media files."""

from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_from_directory,
    session,
    url_for,
)
from flask_login import current_user

from portal.pages import contact_details, load_page, page_index
from portal.services import learning
from portal.services.media import stored_media
from portal.web import safe_next

bp = Blueprint("public", __name__)


def _content_dir() -> str:
    return current_app.config["CONTENT_DIR"]


@bp.route("/")
def home():
    return render_template(
        "public/home.html",
        pages=page_index(_content_dir()),
        signed_in=current_user.is_authenticated,
    )


@bp.route("/pages/<slug>")
def page(slug: str):
    found = load_page(_content_dir(), slug)
    if found is None:
        abort(404)
    return render_template(
        "public/page.html",
        page=found,
        pages=page_index(_content_dir()),
        contact=contact_details(current_app.config),
    )


@bp.route("/glossary")
def glossary():
    return render_template("public/glossary.html", terms=learning.glossary())


@bp.route("/media/<path:filename>")
def media(filename: str):
    folder = Path(current_app.config["MEDIA_DIR"])
    if (folder / filename).is_file():
        return send_from_directory(folder, filename, max_age=3600)
    stored = stored_media(filename)  # uploaded in the authoring studio
    if stored is None:
        abort(404)
    return Response(
        stored.data,
        mimetype=stored.content_type,
        headers={"Cache-Control": "public, max-age=3600"},
    )


@bp.post("/language")
def language():
    """Remember the interface language the visitor picked, then go back."""
    chosen = request.form.get("lang", "")
    if chosen in current_app.config["LANGUAGES"]:
        session["lang"] = chosen
    return redirect(safe_next(request.form.get("next")) or url_for("public.home"))


@bp.route("/healthz")
def healthz():
    """A bare route: liveness checks and the benchmark's baseline."""
    return "ok"
