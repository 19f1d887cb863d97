"""Public pages: home, the programme's own pages, the glossary, media files."""

from flask import Blueprint, abort, current_app, render_template, send_from_directory
from flask_login import current_user

from portal.pages import load_page, page_index
from portal.services import learning

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
        "public/page.html", page=found, pages=page_index(_content_dir())
    )


@bp.route("/glossary")
def glossary():
    return render_template("public/glossary.html", terms=learning.glossary())


@bp.route("/media/<path:filename>")
def media(filename: str):
    return send_from_directory(current_app.config["MEDIA_DIR"], filename, max_age=3600)


@bp.route("/healthz")
def healthz():
    """A bare route: liveness checks and the benchmark's baseline."""
    return "ok"
