"""The programme's pages: importing this module attaches every view module's
routes to :data:`portal.programme.blueprint.bp`."""

from portal.programme import (
    calendar_views,  # noqa: F401
    display,  # noqa: F401  (template filters)
)
from portal.programme.blueprint import bp

__all__ = ["bp"]
