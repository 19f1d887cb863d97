"""The programme's pages: importing this module attaches every view module's
routes to :data:`portal.programme.blueprint.bp`."""

from portal.programme import (
    display,  # noqa: F401  (template filters)
    registration_views,  # noqa: F401
)
from portal.programme.blueprint import bp

__all__ = ["bp"]
