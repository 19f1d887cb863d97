"""The attendance blueprint: the register, self check-in and the reports attach
their routes to this one ``bp``."""

from flask import Blueprint

bp = Blueprint("attendance", __name__, url_prefix="/attendance")
