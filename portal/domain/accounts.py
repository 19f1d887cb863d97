"""Rules for self-service account changes."""

from __future__ import annotations


def name_change_problem(current: str, requested: str) -> str | None:
    """Why a requested certificate name cannot be asked for, as a short code, or
    None when it can: ``empty``, ``same`` or ``long``."""
    name = " ".join(requested.split())
    if not name:
        return "empty"
    if len(name) > 200:
        return "long"
    if name == " ".join(current.split()):
        return "same"
    return None
