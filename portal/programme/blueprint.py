"""The programme blueprint: its view modules (calendar, sessions, speakers,
registrations, calendar files) all attach their routes to this one ``bp``."""

from flask import Blueprint

bp = Blueprint("programme", __name__, url_prefix="/programme")
