"""Administration: cohorts, the outbox."""
