"""Use cases: load rows, apply domain rules, write, commit. Never read ``current_user``."""
