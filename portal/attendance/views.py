"""Attendance: the register, self check-in and the attendance reports."""

from flask import Blueprint

bp = Blueprint("attendance", __name__, url_prefix="/attendance")
