"""Attendance's pages: importing this module attaches every view module's routes
to :data:`portal.attendance.blueprint.bp`."""

from portal.attendance import (
    checkin_views,  # noqa: F401
    register_views,  # noqa: F401
    report_views,  # noqa: F401
)
from portal.attendance.blueprint import bp

__all__ = ["bp"]
