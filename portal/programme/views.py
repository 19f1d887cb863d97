"""The programme's pages: importing this module attaches every view module's
routes to :data:`portal.programme.blueprint.bp`."""

from portal.programme import (
    calendar_views,  # noqa: F401
    display,  # noqa: F401  (template filters)
    feed_views,  # noqa: F401
    import_views,  # noqa: F401
    registration_views,  # noqa: F401
    session_views,  # noqa: F401
    speaker_views,  # noqa: F401
)
from portal.programme.blueprint import bp

__all__ = ["bp"]
