"""Administration: cohorts (dates, staff, module releases), the outbox, erasure."""
