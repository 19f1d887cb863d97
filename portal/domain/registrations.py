"""Registrations for optional events: a place, a place on the waiting list, or
given up."""

from __future__ import annotations

from enum import StrEnum


class Place(StrEnum):
    REGISTERED = "registered"
    WAITING = "waiting"
    CANCELLED = "cancelled"
