"""Selecting participants: screening, interviews, scoring, ranking, decisions."""
