"""Use cases: load rows, apply domain rules, write, commit. No ``current_user`` here."""
