"""Cohort announcements: staff post, participants read them on the course home."""

from flask import Blueprint

bp = Blueprint("announcements", __name__, url_prefix="/announcements")
