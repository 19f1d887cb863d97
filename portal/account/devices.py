"""Naming the browser and device of a session from its User-Agent, for the list of
active sessions."""

from __future__ import annotations

from functools import lru_cache

from flask_babel import gettext as _
from ua_parser import parse


@lru_cache(maxsize=256)
def _parts(user_agent: str) -> tuple[str | None, str | None, str | None]:
    found = parse(user_agent)
    device = found.device.family if found.device else None
    return (
        found.user_agent.family if found.user_agent else None,
        found.os.family if found.os else None,
        None if device in (None, "Other") else device,
    )


def describe_device(user_agent: str) -> str:
    """ "Firefox on Linux", "Mobile Safari on iOS (iPhone)", or "Unknown browser"."""
    browser, system, device = _parts(user_agent[:300])
    if browser is None or browser == "Other":
        return _("Unknown browser")
    text = (
        _("%(browser)s on %(system)s", browser=browser, system=system)
        if (system and system != "Other")
        else browser
    )
    return f"{text} ({device})" if device else text
