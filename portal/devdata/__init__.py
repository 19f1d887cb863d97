"""Development data: a generated cohort for benchmarks and demos, and the
``flask analytics`` commands (generate it; recompute progress summaries)."""
